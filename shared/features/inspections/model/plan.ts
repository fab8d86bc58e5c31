/**
 * A unit's yearly random-inspection plan (抽查工作计划) and its tasks, as published in tables headed 计划名称 /
 * 任务名称, 抽查事项, 抽查对象范围, 抽查比例(及频次), 实施时间, 发起部门, 配合部门. Each row is one task; rows sharing a
 * 计划名称 form one plan, and a table without that column is one plan named by its title (or its file's name).
 * The table is a record kind (`planTableKind`), so headers and rows go through the lists' own intake; this module
 * turns its validated rows into plans.
 */
import { z } from 'zod';
import { ADDITIONAL_FIELD, mapHeaders, SECTION_FIELD } from '../../../core/headers.js';
import type { RecordKind } from '../../../core/kinds/index.js';
import { optionalText, requiredText } from '../../../core/fields.js';
import { validateRecords, type AdditionalAttribute, type RowIssue } from '../../../core/records.js';
import type { Plan, Task } from './plan-schema.js';
import { parsePeriod, parseSamplingRule, yearIn } from './plan-text.js';

const splitList = (s: string | undefined, separators = /[、，,；;\n]/) =>
  (s ?? '')
    .split(separators)
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** An item code (SJ-001, 330100-001), not a sentence: codes may be listed with 、 and commas. */
const ITEM_CODE = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;

/**
 * The items a task names: one per line or per ；. Within a line, 、 and commas separate items only when every part is
 * an item code, because an item named in words uses them inside its name (对物流、寄递企业运输烟草制品情况的检查).
 */
function itemsOf(text: string): string[] {
  return splitList(text, /[；;\n]/).flatMap((line) => {
    const parts = splitList(line);
    return parts.every((p) => ITEM_CODE.test(p)) ? parts : [line];
  });
}

/** 每户检查人员 as a whole number of at least 2 (the rule the draw enforces), empty for the default 2. */
const inspectorsPerTarget = z.preprocess(
  (v) => (v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).replace(/\D+$/, '').trim()),
  z
    .string()
    .regex(/^\d{1,2}$/, '应为整数（如 2）')
    .refine((s) => Number(s) >= 2, '每个检查对象至少随机选派2名执法检查人员')
    .optional(),
);

/** The year a row's period without one takes: its 年度, else its plan's name, else the file's (`contextYear`). */
const rowYear = (values: Record<string, unknown>, contextYear: number | undefined) => {
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  return yearIn(text(values.year)) ?? yearIn(text(values.planName)) ?? contextYear;
};

/**
 * One row of the plan table. A 实施时间 that cannot be read as dates is an error, because a draw needs the period (no
 * target is drawn twice within overlapping periods; results are due after it ends). A 抽查比例 that states neither a
 * share nor a number is kept as text (the draw then needs its count given); one over 100% is an error.
 */
const rowSchema = (contextYear: number | undefined) =>
  z
    .object({
      planName: optionalText(200),
      taskName: requiredText(200),
      items: requiredText(2000),
      scope: optionalText(1000),
      sampling: requiredText(200),
      period: requiredText(100),
      initiator: requiredText(200),
      cooperating: optionalText(1000),
      inspectorsPerTarget,
      year: optionalText(10),
    })
    .superRefine(
      (r, ctx) => {
        const rule = typeof r.sampling === 'string' ? parseSamplingRule(r.sampling) : undefined;
        if (rule?.ratio !== undefined && (rule.ratio <= 0 || rule.ratio > 1))
          ctx.addIssue({
            code: 'custom',
            path: ['sampling'],
            message: '抽查比例应大于0%且不超过100%',
            params: { code: 'RATIO_OUT_OF_RANGE' },
          });
        if (rule?.count === 0)
          ctx.addIssue({
            code: 'custom',
            path: ['sampling'],
            message: '抽取数量应至少为1',
            params: { code: 'COUNT_ZERO' },
          });
        if (typeof r.year === 'string' && !/^\d{4}(年度?)?$/.test(r.year))
          ctx.addIssue({
            code: 'custom',
            path: ['year'],
            message: '年度应为四位年份（如 2024）',
            params: { code: 'YEAR_INVALID' },
          });
        const year = rowYear(r, contextYear);
        if (typeof r.period === 'string' && !parsePeriod(r.period, year))
          ctx.addIssue({
            code: 'custom',
            path: ['period'],
            message: year
              ? '实施时间无法识别，应如 2024年4月至6月、2024-04-01至2024-06-30、第二季度 或 全年'
              : '实施时间未写年份，且“年度”列、计划名称、标题和文件名中都没有年份',
            params: { code: 'PERIOD_UNREADABLE' },
          });
        // Run on rows with other faults too, so that each row's errors come at once.
      },
      { when: () => true },
    ) as unknown as z.ZodType<Record<string, unknown>>;

const rule = (field: string, pattern: RegExp, why: string) => ({ field, pattern, why });

/** The plan table's columns, as a record kind: header recognition and row validation are the lists' own. */
const basePlanTableKind: Omit<RecordKind, 'schema'> = {
  id: 'inspection-plan',
  label: '抽查工作计划',
  shortLabel: '抽查计划',
  english: 'Random-inspection plan',
  group: 'directory',
  summaryWord: 'tasks',
  sheetAliases: ['双随机抽查工作计划', '年度抽查工作计划', '随机抽查计划', '抽查计划'],
  nameWords: ['抽查工作计划', '抽查计划'],
  columns: [
    { key: 'planName', column: '计划名称', aliases: ['抽查计划名称'], help: '可选：缺省时为表格标题或文件名' },
    {
      key: 'taskName',
      column: '任务名称',
      aliases: ['抽查任务名称', '抽查任务', '任务'],
      help: '必填',
    },
    {
      key: 'items',
      column: '抽查事项',
      aliases: ['随机抽查事项', '抽查事项名称', '检查事项'],
      help: '必填：事项编码或名称，多项用顿号分隔',
    },
    {
      key: 'scope',
      column: '抽查对象范围',
      aliases: ['抽查对象', '检查对象范围', '检查对象', '抽查范围'],
      help: '可选：抽取时以名录库筛选条件为准',
    },
    {
      key: 'sampling',
      column: '抽查比例(及频次)',
      aliases: ['抽查比例（及频次）', '抽查比例及频次', '抽查比例和频次', '抽查比例', '抽查比例（频次）'],
      help: '必填：如 3%、不低于5%、5%，每年1次 或 抽取10户',
    },
    {
      key: 'period',
      column: '实施时间',
      aliases: ['抽查时间', '实施期限', '计划实施时间', '完成时限'],
      help: '必填：如 2024年4月至6月、第二季度、全年',
    },
    { key: 'initiator', column: '发起部门', aliases: ['牵头部门', '发起单位', '发起机关'], help: '必填' },
    {
      key: 'cooperating',
      column: '配合部门',
      aliases: ['配合单位', '联合部门', '参与部门'],
      help: '部门联合抽查时填写，多个用顿号分隔',
    },
    {
      key: 'inspectorsPerTarget',
      column: '每户检查人员数',
      aliases: ['检查人员数', '执法人员数'],
      help: '可选：每个检查对象随机选派的执法检查人员，至少2名（缺省为2）',
    },
    { key: 'year', column: '年度', aliases: ['计划年度'], help: '可选：缺省时取计划名称、标题或文件名中的年份' },
  ],
  headingRules: [
    // 年度计划名称 heads the tasks of a table that is one plan (each row is named as a plan): the task's name.
    rule('taskName', /任务|计划名称/, '列名含“任务”或“计划名称”（每行一项任务）'),
    rule('items', /事项|抽查内容|检查内容/, '列名含“事项”“抽查内容”或“检查内容”'),
    rule('scope', /对象|范围/, '列名含“对象”或“范围”'),
    rule('sampling', /比例|频次|数量/, '列名含“比例”“频次”或“数量”'),
    rule('period', /时间|时限|期限|日期|进度/, '列名含“时间”“时限”或“期限”'),
    rule(
      'initiator',
      /发起|牵头|主办|实施部门|实施机关|实施单位|实施主体|检查主体|责任部门|责任单位|责任科室/,
      '列名含“发起”“牵头”“实施部门”“检查主体”或“责任部门”',
    ),
    rule('cooperating', /配合|协同|参与|协办|联合/, '列名含“配合”“协同”或“联合”'),
    rule('inspectorsPerTarget', /人员数|人数/, '列名含“人员数”'),
    rule('year', /年度/, '列名含“年度”'),
  ],
  identityFields: ['planName', 'taskName', 'items', 'scope'],
  searchFields: {},
};

const kindsByYear = new Map<number | undefined, RecordKind>();

/**
 * The plan table as a record kind whose periods without a year take `contextYear` (the year its title or file name
 * gives) when neither the row's 年度 nor its plan's name has one. One object per year, so header lookups are cached.
 */
export function planTableKind(contextYear?: number): RecordKind {
  let kind = kindsByYear.get(contextYear);
  if (!kind) {
    kind = { ...basePlanTableKind, schema: rowSchema(contextYear) };
    kindsByYear.set(contextYear, kind);
  }
  return kind;
}

/** A plan table given as JSON: the heading row and the data rows (numbered as a spreadsheet shows them). */
export interface PlanTable {
  header: string[];
  /** Data rows; `row` is the spreadsheet row number (header is 1). */
  rows: Array<{ row: number; cells: string[] }>;
}

export type PlanIssue = RowIssue;

/** What names the plan when the table has no 计划名称 column: its title rows, else its file's name. */
export interface PlanContext {
  /** The plan's name for rows without a 计划名称. */
  name?: string;
  /** The year for periods without one when neither 年度 nor the plan's name gives it (the kind's context year). */
  year?: number;
  /** Title, preface and foot rows of the table, kept with the (first) plan. */
  notes?: Plan['notes'];
}

/** A validated row of the plan table, with the row it came from. */
export interface PlanRow {
  row: number;
  values: Record<string, unknown>;
}

const DEFAULT_PLAN_NAME = '抽查工作计划';

/**
 * Plans from the plan table's validated rows (planTableKind(context year)). Task ids are `T01`, `T02` … in row order
 * within each plan; plan ids are `<year>-<n>` in table order.
 */
export function plansFromRows(unit: string, rows: readonly PlanRow[], context: PlanContext = {}): Plan[] {
  const byName = new Map<string, Plan>();
  const fallbackName = context.name?.trim() || DEFAULT_PLAN_NAME;
  for (const { values } of rows) {
    const r = values as Record<string, string | undefined>;
    const name = r.planName ?? fallbackName;
    const year = rowYear(values, context.year);
    const period = parsePeriod(r.period!, year);
    if (!period) continue;
    let plan = byName.get(name);
    if (!plan) {
      plan = {
        planId: `${year ?? Number(period.from.slice(0, 4))}-${byName.size + 1}`,
        unit,
        name,
        year: year ?? Number(period.from.slice(0, 4)),
        tasks: [],
        ...(byName.size === 0 && context.notes ? { notes: context.notes } : {}),
      };
      byName.set(name, plan);
    }
    plan.tasks.push(taskOf(r, values, period, plan.tasks.length + 1));
  }
  return [...byName.values()];
}

function taskOf(
  r: Record<string, string | undefined>,
  values: Record<string, unknown>,
  period: { from: string; to: string },
  n: number,
): Task {
  const cooperating = splitList(r.cooperating);
  const additional = values[ADDITIONAL_FIELD] as AdditionalAttribute[] | undefined;
  const section = values[SECTION_FIELD] as string | undefined;
  return {
    taskId: `T${String(n).padStart(2, '0')}`,
    name: r.taskName!,
    items: itemsOf(r.items!),
    ...(r.scope !== undefined ? { scope: r.scope } : {}),
    sampling: parseSamplingRule(r.sampling!) ?? { text: r.sampling! },
    period: { ...period, text: r.period! },
    initiator: r.initiator!,
    cooperating,
    joint: cooperating.length > 0,
    inspectorsPerTarget: r.inspectorsPerTarget ? Number(r.inspectorsPerTarget) : 2,
    ...(section ? { section } : {}),
    ...(additional?.length ? { additional } : {}),
  };
}

/** The rows whose 抽查比例 is kept as text only, for a warning: a draw of such a task must be given its count. */
export function samplingTextOnly(rows: readonly PlanRow[]): PlanRow[] {
  return rows.filter((r) => typeof r.values.sampling === 'string' && !parseSamplingRule(r.values.sampling));
}

/** Plans from a plan table given as JSON rows: the same headings, rules and row checks as a file's. */
export function plansFromTable(unit: string, table: PlanTable): { plans: Plan[]; errors: PlanIssue[] } {
  const kind = planTableKind();
  const mapping = mapHeaders(kind, table.header);
  const errors: PlanIssue[] = mapping.missing.map((m) => ({
    row: 1,
    column: m.column,
    field: m.field,
    code: 'MISSING_COLUMN',
    message: `缺少必填列：${m.column}`,
  }));
  if (errors.length) return { plans: [], errors };
  const records = table.rows.map(({ row, cells }) => {
    const values: Record<string, unknown> = {};
    const additional: AdditionalAttribute[] = [];
    mapping.fields.forEach((f, i) => {
      if (f) values[f] = cells[i];
      else if (table.header[i]?.trim() && cells[i]?.trim())
        additional.push({ heading: table.header[i]!, text: cells[i]! });
    });
    if (additional.length) values[ADDITIONAL_FIELD] = additional;
    return { row, values };
  });
  const validated = validateRecords(kind, records);
  if (validated.errors.length) return { plans: [], errors: validated.errors };
  const rows = validated.items.map((values, i) => ({ row: validated.itemRows[i]!, values }));
  return { plans: plansFromRows(unit, rows), errors: [] };
}
