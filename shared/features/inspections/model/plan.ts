/**
 * A unit's yearly random-inspection plan (抽查工作计划) and its tasks, as published in
 * tables headed 计划名称 / 任务名称, 抽查事项, 抽查对象范围, 抽查比例(及频次), 实施时间,
 * 发起部门, 配合部门. Each row is one task; rows sharing a 计划名称 form one plan.
 */
import { z } from 'zod';
import { mapHeaders } from '../../../core/headers.js';
import type { RecordKind } from '../../../core/kinds/index.js';
import { optionalText, requiredText } from '../../../core/fields.js';
import { validateRecords, type RowIssue } from '../../../core/records.js';
import type { Plan } from './plan-schema.js';

/** 抽查比例(及频次): "3%", "5%，每年1次", "抽取20户", "20家". */
export interface SamplingRule {
  ratio?: number;
  count?: number;
  /** Inspections per year, when the cell says (每年2次). */
  timesPerYear?: number;
  text: string;
}

export function parseSamplingRule(text: string): SamplingRule | undefined {
  const t = text.replace(/\s+/g, '').replace(/％/g, '%');
  const ratio = /(\d+(?:\.\d+)?)%/.exec(t);
  const count = /(?:抽取|抽查)?(\d+)(?:户|家|个|项|家次|户次)/.exec(t);
  const times = /每(?:年|年度)(\d+)次|(\d+)次\/年/.exec(t);
  if (!ratio && !count) return undefined;
  return {
    ...(ratio ? { ratio: Number(ratio[1]) / 100 } : {}),
    ...(count && !ratio ? { count: Number(count[1]) } : {}),
    ...(times ? { timesPerYear: Number(times[1] ?? times[2]) } : {}),
    text,
  };
}

const pad = (n: string) => n.padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** 实施时间: "2024年4月-6月", "2024年4月1日至6月30日", "2024-04-01至2024-06-30", "2024年第二季度", "2024年". */
export function parsePeriod(text: string, fallbackYear?: number): { from: string; to: string } | undefined {
  const t = text
    .replace(/\s+/g, '')
    .replace(/[—–~～－]/g, '-')
    .replace(/至|到/g, '-');
  const quarter = /(\d{4})年(?:第)?([一二三四1-4])季度/.exec(t);
  if (quarter) {
    const q = '一二三四'.includes(quarter[2]!) ? '一二三四'.indexOf(quarter[2]!) + 1 : Number(quarter[2]);
    const y = Number(quarter[1]);
    return { from: `${y}-${pad(String(q * 3 - 2))}-01`, to: `${y}-${pad(String(q * 3))}-${lastDay(y, q * 3)}` };
  }
  const parts = t.split('-').filter((p) => p !== '');
  if (/^\d{4}-\d{1,2}-\d{1,2}-\d{4}-\d{1,2}-\d{1,2}$/.test(t)) {
    const [a, b, c, d, e, f] = t.split('-');
    return { from: `${a}-${pad(b!)}-${pad(c!)}`, to: `${d}-${pad(e!)}-${pad(f!)}` };
  }
  const point = (p: string, year: number | undefined, end: boolean) => {
    const m = /^(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?$/.exec(p);
    if (!m || (!m[1] && !m[2])) return undefined;
    const y = m[1] ? Number(m[1]) : year;
    if (!y) return undefined;
    const month = m[2] ? Number(m[2]) : end ? 12 : 1;
    const day = m[3] ? Number(m[3]) : end ? lastDay(y, month) : 1;
    return { y, date: `${y}-${pad(String(month))}-${pad(String(day))}` };
  };
  if (parts.length === 1) {
    const from = point(parts[0]!, fallbackYear, false);
    const to = point(parts[0]!, fallbackYear, true);
    return from && to ? { from: from.date, to: to.date } : undefined;
  }
  if (parts.length === 2) {
    const from = point(parts[0]!, fallbackYear, false);
    const to = from && point(parts[1]!, from.y, true);
    return from && to && from.date <= to.date ? { from: from.date, to: to.date } : undefined;
  }
  return undefined;
}

const splitList = (s: string | undefined) =>
  (s ?? '')
    .split(/[、，,；;\n]/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

const rowSchema = z
  .object({
    planName: requiredText(200),
    taskName: requiredText(200),
    items: requiredText(2000),
    scope: requiredText(1000),
    sampling: requiredText(200),
    period: requiredText(100),
    initiator: requiredText(200),
    cooperating: optionalText(1000),
    year: optionalText(4),
  })
  .superRefine((r, ctx) => {
    if (typeof r.sampling === 'string' && !parseSamplingRule(r.sampling))
      ctx.addIssue({
        code: 'custom',
        path: ['sampling'],
        message: '抽查比例应写明比例（如 3%）或数量（如 抽取20户）',
        params: { code: 'SAMPLING_UNREADABLE' },
      });
    if (typeof r.period === 'string' && !parsePeriod(r.period, r.year ? Number(r.year) : undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: '实施时间无法识别，应如 2024年4月-6月 或 2024-04-01至2024-06-30',
        params: { code: 'PERIOD_UNREADABLE' },
      });
  }) as unknown as z.ZodType<Record<string, unknown>>;

/** The plan table's columns, as a record kind so header matching and row validation are the lists' own. */
export const planTableKind: RecordKind = {
  id: 'inspection-plan',
  label: '抽查工作计划',
  shortLabel: '抽查计划',
  english: 'Random-inspection plan',
  group: 'directory',
  summaryWord: 'tasks',
  sheetAliases: ['双随机抽查工作计划', '年度抽查工作计划', '随机抽查计划'],
  schema: rowSchema,
  columns: [
    { key: 'planName', column: '计划名称', aliases: ['抽查计划名称'], help: '必填' },
    { key: 'taskName', column: '任务名称', aliases: ['抽查任务名称', '任务'], help: '必填' },
    {
      key: 'items',
      column: '抽查事项',
      aliases: ['随机抽查事项', '抽查事项名称'],
      help: '必填：事项编码或名称，多项用顿号分隔',
    },
    { key: 'scope', column: '抽查对象范围', aliases: ['抽查对象', '检查对象范围'], help: '必填' },
    {
      key: 'sampling',
      column: '抽查比例(及频次)',
      aliases: ['抽查比例（及频次）', '抽查比例及频次', '抽查比例'],
      help: '必填：如 3% 或 抽取20户',
    },
    { key: 'period', column: '实施时间', aliases: ['抽查时间', '实施期限'], help: '必填：如 2024年4月-6月' },
    { key: 'initiator', column: '发起部门', aliases: ['牵头部门', '发起单位'], help: '必填' },
    {
      key: 'cooperating',
      column: '配合部门',
      aliases: ['配合单位', '联合部门'],
      help: '部门联合抽查时填写，多个用顿号分隔',
    },
    { key: 'year', column: '年度', aliases: ['计划年度'], help: '实施时间未写年份时必填' },
  ],
  identityFields: ['planName', 'taskName'],
  searchFields: {},
};

export interface PlanTable {
  header: string[];
  /** Data rows; `row` is the spreadsheet row number (header is 1). */
  rows: Array<{ row: number; cells: string[] }>;
}

export type PlanIssue = RowIssue;

/**
 * Plans from a plan table: every failing row and column reported at once; plans only
 * when there is no error. Task ids are `T01`, `T02` … in row order within each plan.
 */
export function plansFromTable(unit: string, table: PlanTable): { plans: Plan[]; errors: PlanIssue[] } {
  const mapping = mapHeaders(planTableKind, table.header);
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
    mapping.fields.forEach((f, i) => {
      if (f) values[f] = cells[i];
    });
    return { row, values };
  });
  const validated = validateRecords(planTableKind, records);
  if (validated.errors.length) return { plans: [], errors: validated.errors };
  const byName = new Map<string, Plan>();
  for (const r of validated.items as Array<Record<string, string>>) {
    const period = parsePeriod(r.period!, r.year ? Number(r.year) : undefined)!;
    const year = Number(period.from.slice(0, 4));
    let plan = byName.get(r.planName!);
    if (!plan) {
      plan = { planId: `${year}-${byName.size + 1}`, unit, name: r.planName!, year, tasks: [] };
      byName.set(r.planName!, plan);
    }
    const cooperating = splitList(r.cooperating);
    plan.tasks.push({
      taskId: `T${String(plan.tasks.length + 1).padStart(2, '0')}`,
      name: r.taskName!,
      items: splitList(r.items),
      scope: r.scope!,
      sampling: parseSamplingRule(r.sampling!)!,
      period,
      initiator: r.initiator!,
      cooperating,
      joint: cooperating.length > 0,
      inspectorsPerTarget: 2,
    });
  }
  return { plans: [...byName.values()], errors: [] };
}
