/**
 * The registry of record kinds: the one place that says what each published list
 * (and the entity record) contains, how its columns are named in Chinese
 * spreadsheets, and how it is labelled. Adding a kind is adding one entry here.
 */
import { z } from 'zod';
import { enumeration, itemCode, LIMITS, optionalText, requiredText, seq, yesNo, type ColumnSpec } from '../fields.js';
import { checkUscc, usccMessages } from '../uscc.js';
import { regionStatus } from '../region.js';
import type { HeadingRule } from '../headers.js';
import { discretionHeadingRules, inspectionHeadingRules } from './heading-rules.js';
import { lazySchema } from './lazy-schema.js';
import { discretionBenchmarks } from './discretion-benchmarks.js';
import { randomInspectionItems } from './random-inspection-items.js';
import { officersKind } from './officers.js';
import { inspectionTargets } from './inspection-targets.js';

/** One `oneOfFields` group of a kind: see there. */
export interface OneOfFields {
  fields: readonly string[];
  /** The row error for an item that leaves every field of the group empty in a list that uses it. */
  message: string;
  /** The list-level warning for a list that has no value of the group at all. */
  absentMessage: string;
}

export interface RecordKind {
  /** URL and file name segment, e.g. `no-penalty`. */
  id: string;
  /** Chinese name as published, e.g. 不予处罚事项清单; also the sheet name of a workbook. */
  label: string;
  /** Short Chinese name for tables and charts. */
  shortLabel: string;
  /** English name. */
  english: string;
  /**
   * How statistics count it: `inspection` (一般/重点/双随机 of 检查事项), `discretion` (items per list), or
   * `entity`; `directory` (the targets of random inspections) is not counted as a list. A new discretion list is
   * counted, charted and summarised without further edits.
   */
  group: 'inspection' | 'discretion' | 'entity' | 'officers' | 'directory';
  /** The word for it in the statistics summary sentence (e.g. 从轻 in "89 从轻"). */
  summaryWord: string;
  /** Other sheet names accepted for this kind in a workbook. */
  sheetAliases: readonly string[];
  /** Validates and canonicalises one record (item); output is what is stored. */
  schema: z.ZodType<Record<string, unknown>>;
  /** Column order for templates and exports; every schema key appears exactly once. */
  columns: readonly ColumnSpec[];
  /** Fields whose normalised text identifies an item that has no 事项编码. */
  identityFields: readonly string[];
  /** Fields that search reads, with their ranking weight. */
  searchFields: Readonly<Record<string, number>>;
  /**
   * How headings that are not an exact column name or alias are recognised, in priority order
   * (shared/core/headers.ts). Optional: a kind without rules matches exact names only.
   */
  headingRules?: readonly HeadingRule[];
  /**
   * For kinds whose items hold several rows (裁量基准: one row per 裁量阶次): the item field that holds them,
   * and the columns (also listed in `columns`, marked `tier`) each row fills.
   */
  tiers?: { field: string; label: string };
  /** Words in a file or sheet name that say this kind (大英县文化市场不予处罚事项清单.csv). */
  nameWords?: readonly string[];
  /**
   * Words one of the headings of a table of this kind has (裁量阶次, 抽查事项). A table whose file name says another
   * kind is refused as this kind's (KIND_MISMATCH) only when its headings have one: mapping more columns alone does
   * not make a township's 行政检查事项清单 a 随机抽查事项清单.
   */
  headingWords?: readonly string[];
  /**
   * Groups of fields every item fills at least one of, held here rather than in the schema because the rule depends
   * on the whole list (shared/core/records.ts): an item of a list that uses a group (some item has a value for it)
   * and leaves all of its fields empty is refused on its row (`message`); a list that has no value of the group at
   * all, that is, was published without such a column (a 裁量基准 table without any provision column, a township's
   * 行政检查事项清单 without 检查类别 or 检查依据), is taken as published, with one list-level warning per group
   * (`absentMessage`) that 法制审核 sees, because refusing it would leave the unit's published list out of the
   * registry. A group of one field is a column that is required where the list has it.
   */
  oneOfFields?: readonly OneOfFields[];
  /**
   * A part of combined lists (免罚轻罚清单, 从轻减轻清单): the short words, beside its label and `nameWords`, by
   * which a section heading (二、从轻处罚事项) or a 类别 cell (从轻) of such a list names this kind.
   */
  combinedWords?: readonly string[];
}

const shortText = () => optionalText(LIMITS.shortText);
const longText = () => optionalText(LIMITS.longText);

// ---------------------------------------------------------------- inspection items
const inspectionSchema = lazySchema(() =>
  z.object({
    seq,
    code: itemCode,
    name: requiredText(LIMITS.shortText),
    // Required where the list has the column (`oneOfFields` of the kind below), not by the schema.
    category: enumeration(
      ['一般', '重点'] as const,
      { general: '一般', key: '重点', 一般检查事项: '一般', 重点检查事项: '重点' },
      { required: false },
    ),
    basis: longText(),
    target: shortText(),
    method: shortText(),
    frequency: shortText(),
    randomInspection: yesNo(),
    // As in 随机抽查事项清单: published 检查比例 are often sentences (现场检查比例达到100%；…), not only 5%.
    samplingRatio: shortText(),
    notes: longText(),
  }),
);

const inspectionItems: RecordKind = {
  id: 'inspection-items',
  label: '检查事项目录',
  shortLabel: '检查事项',
  english: 'Inspection items',
  group: 'inspection',
  summaryWord: 'inspection items',
  sheetAliases: ['行政检查事项目录', '检查事项清单', '行政检查事项清单'],
  get schema() {
    return inspectionSchema();
  },
  columns: [
    { key: 'seq', column: '序号', help: '正整数，可留空' },
    {
      key: 'code',
      column: '事项编码',
      aliases: ['编码', '事项代码'],
      help: '本清单内唯一；跨版本识别同一事项，建议填写',
    },
    { key: 'name', column: '检查事项名称', aliases: ['事项名称', '检查事项'], help: '必填' },
    {
      key: 'category',
      column: '检查类别',
      aliases: ['类别', '事项类别'],
      help: '必填：一般 或 重点',
      options: ['一般', '重点'],
    },
    { key: 'basis', column: '检查依据', aliases: ['依据', '设定依据'], help: '必填：法律、法规、规章名称及条款' },
    { key: 'target', column: '检查对象', help: '' },
    { key: 'method', column: '检查方式', help: '如 现场检查、书面检查' },
    { key: 'frequency', column: '检查频次', help: '' },
    {
      key: 'randomInspection',
      column: '是否双随机',
      aliases: ['双随机', '是否纳入双随机'],
      help: '是 或 否',
      options: ['是', '否'],
    },
    { key: 'samplingRatio', column: '抽查比例', help: '如 5%' },
    { key: 'notes', column: '备注', help: '' },
  ],
  identityFields: ['name'],
  searchFields: { name: 3, basis: 2, target: 1, method: 1, notes: 0.5 },
  headingRules: inspectionHeadingRules,
  nameWords: ['检查事项'],
  // Townships publish their 行政检查事项清单 without these columns (南磨房乡: 检查主体, 检查事项, 检查方式 …): such a
  // list is taken as published, with a warning for 法制审核; a list with the column fills it on every row.
  oneOfFields: [
    {
      fields: ['category'],
      message: '检查类别必填（一般 或 重点）',
      absentMessage: '表中没有检查类别列：按原表导入，请法制审核时核对各事项为一般或重点检查事项',
    },
    {
      fields: ['basis'],
      message: '检查依据必填（法律、法规、规章名称及条款）',
      absentMessage: '表中没有检查依据列：按原表导入，请法制审核时核对各事项的检查依据',
    },
  ],
};

// ---------------------------------------------------------------- discretion lists
/** A discretion item must name at least one legal provision. */
function discretionSchema(provisionKey: 'penaltyProvision' | 'coercionProvision') {
  return z
    .object({
      seq,
      code: itemCode,
      violation: requiredText(LIMITS.shortText),
      violatedProvision: longText(),
      [provisionKey]: longText(),
      legalBasis: longText(),
      conditions: requiredText(LIMITS.longText),
      measures: longText(),
      domain: optionalText(100),
      category: shortText(),
      implementingBody: shortText(),
      notes: longText(),
    })
    .superRefine((item, ctx) => {
      if (!item.violatedProvision && !item[provisionKey] && !item.legalBasis) {
        ctx.addIssue({
          code: 'custom',
          path: ['violatedProvision'],
          message: '违法依据、处罚（强制）依据与法律依据至少填写一项',
        });
      }
    }) as unknown as z.ZodType<Record<string, unknown>>;
}

const penaltyDiscretionSchema = lazySchema(() => discretionSchema('penaltyProvision'));
const coercionDiscretionSchema = lazySchema(() => discretionSchema('coercionProvision'));

function discretionColumns(provision: ColumnSpec): ColumnSpec[] {
  return [
    { key: 'seq', column: '序号', help: '正整数，可留空' },
    {
      key: 'code',
      column: '事项编码',
      aliases: ['编码', '事项代码'],
      help: '本清单内唯一；跨版本识别同一事项，建议填写',
    },
    { key: 'violation', column: '违法行为', aliases: ['违法行为名称', '事项名称'], help: '必填' },
    { key: 'violatedProvision', column: '违法依据', help: '违法依据、处罚依据与法律依据至少填写一项' },
    provision,
    {
      key: 'legalBasis',
      column: '法律依据',
      aliases: ['法定依据', '法律法规依据'],
      help: '违法条款与处罚条款写在一列时填此列',
    },
    { key: 'conditions', column: '适用条件', aliases: ['适用情形', '认定标准'], help: '必填' },
    { key: 'measures', column: '处理措施', aliases: ['处理方式', '实施措施', '配套监管措施'], help: '' },
    { key: 'domain', column: '执法领域', aliases: ['领域'], help: '' },
    { key: 'category', column: '类别', aliases: ['分类'], help: '如 建设项目管理类' },
    { key: 'implementingBody', column: '实施机关', aliases: ['实施主体'], help: '' },
    { key: 'notes', column: '备注', help: '' },
  ];
}

const penaltyColumn: ColumnSpec = {
  key: 'penaltyProvision',
  column: '处罚依据',
  help: '违法依据与处罚依据至少填写一项',
};
const discretionCommon = {
  identityFields: ['violation', 'conditions'],
  searchFields: {
    violation: 3,
    conditions: 2,
    measures: 1,
    violatedProvision: 1,
    penaltyProvision: 1,
    coercionProvision: 1,
    legalBasis: 1,
    domain: 1,
    category: 1,
    notes: 0.5,
  },
  headingRules: discretionHeadingRules,
} as const;

const noPenalty: RecordKind = {
  id: 'no-penalty',
  label: '不予处罚事项清单',
  shortLabel: '不予处罚',
  english: 'No-penalty list',
  group: 'discretion',
  summaryWord: '不予处罚',
  sheetAliases: ['不予行政处罚事项清单', '不予处罚清单'],
  get schema() {
    return penaltyDiscretionSchema();
  },
  columns: discretionColumns(penaltyColumn),
  ...discretionCommon,
  nameWords: ['不予处罚', '免罚', '免予处罚', '首违不罚'],
  combinedWords: ['免于处罚'],
};

const lighterPenalty: RecordKind = {
  id: 'lighter-penalty',
  label: '从轻处罚事项清单',
  shortLabel: '从轻处罚',
  english: 'Lighter-penalty list',
  group: 'discretion',
  summaryWord: '从轻',
  sheetAliases: ['从轻行政处罚事项清单', '从轻处罚清单'],
  get schema() {
    return penaltyDiscretionSchema();
  },
  columns: discretionColumns(penaltyColumn),
  ...discretionCommon,
  nameWords: ['从轻处罚', '轻罚'],
  combinedWords: ['从轻'],
};

const reducedPenalty: RecordKind = {
  id: 'reduced-penalty',
  label: '减轻处罚事项清单',
  shortLabel: '减轻处罚',
  english: 'Reduced-penalty list',
  group: 'discretion',
  summaryWord: '减轻',
  sheetAliases: ['减轻行政处罚事项清单', '减轻处罚清单'],
  get schema() {
    return penaltyDiscretionSchema();
  },
  columns: discretionColumns(penaltyColumn),
  ...discretionCommon,
  nameWords: ['减轻处罚'],
  combinedWords: ['减轻'],
};

const noCoerciveMeasures: RecordKind = {
  id: 'no-coercive-measures',
  label: '不予实施行政强制措施清单',
  shortLabel: '不予强制',
  english: 'No-coercive-measures list',
  group: 'discretion',
  summaryWord: '不予强制',
  sheetAliases: ['不予实施行政强制措施事项清单', '不予强制清单'],
  get schema() {
    return coercionDiscretionSchema();
  },
  columns: discretionColumns({
    key: 'coercionProvision',
    column: '强制依据',
    aliases: ['行政强制依据'],
    help: '违法依据与强制依据至少填写一项',
  }),
  ...discretionCommon,
  nameWords: ['不予实施行政强制', '不予强制'],
  combinedWords: ['不予实施强制', '不予采取行政强制'],
};

// ---------------------------------------------------------------- entity (执法主体)
export const entityNatures = ['法定行政机关', '法律法规授权组织', '受委托组织'] as const;

const entitySchema = lazySchema(
  () =>
    z
      .object({
        name: requiredText(200),
        uscc: z.preprocess(
          (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
          z.string({ error: '必填项不能为空' }).min(1, '必填项不能为空'),
        ),
        nature: enumeration(
          entityNatures,
          { 行政机关: '法定行政机关', 授权组织: '法律法规授权组织', 委托组织: '受委托组织' },
          { required: false },
        ),
        domain: optionalText(100),
        regionCode: z.preprocess(
          (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v),
          z.string({ error: '必填项不能为空' }).min(1, '必填项不能为空'),
        ),
        authorityBasis: longText(),
        address: optionalText(300),
        phone: optionalText(100),
        complaintChannel: optionalText(LIMITS.shortText),
        status: enumeration(
          ['active', 'revoked'] as const,
          { 有效: 'active', 正常: 'active', 存续: 'active', 撤销: 'revoked', 注销: 'revoked', 已撤销: 'revoked' },
          { required: false },
        ).transform((s) => s ?? 'active'),
      })
      .superRefine((e, ctx) => {
        const check = checkUscc(e.uscc);
        for (const code of check.errors)
          ctx.addIssue({ code: 'custom', path: ['uscc'], message: usccMessages[code] ?? code, params: { code } });
        const region = regionStatus(e.regionCode);
        if (region === 'invalid')
          ctx.addIssue({
            code: 'custom',
            path: ['regionCode'],
            message: '行政区划代码不在 GB/T 2260 代码表中',
            params: { code: 'REGION_CODE_UNKNOWN' },
          });
      }) as unknown as z.ZodType<Record<string, unknown>>,
);

export const entityKind: RecordKind = {
  id: 'entity',
  label: '执法主体',
  shortLabel: '执法主体',
  english: 'Enforcement entity',
  group: 'entity',
  summaryWord: 'units',
  sheetAliases: ['执法主体清单', '行政执法主体', '执法主体名单'],
  get schema() {
    return entitySchema();
  },
  columns: [
    { key: 'name', column: '名称', aliases: ['执法主体名称', '主体名称', '单位名称'], help: '必填' },
    {
      key: 'uscc',
      column: '统一社会信用代码',
      aliases: ['信用代码', '社会信用代码'],
      help: '必填：18位，GB 32100 校验',
    },
    {
      key: 'nature',
      column: '主体性质',
      aliases: ['主体类别', '性质'],
      help: '法定行政机关、法律法规授权组织 或 受委托组织',
      options: entityNatures,
    },
    { key: 'domain', column: '执法领域', aliases: ['领域'], help: '' },
    { key: 'regionCode', column: '行政区划代码', aliases: ['区划代码', '行政区划'], help: '必填：GB/T 2260 六位代码' },
    { key: 'authorityBasis', column: '职权依据', aliases: ['执法依据'], help: '' },
    { key: 'address', column: '办公地址', aliases: ['地址'], help: '' },
    { key: 'phone', column: '联系电话', aliases: ['电话'], help: '' },
    { key: 'complaintChannel', column: '投诉举报渠道', aliases: ['投诉举报电话', '投诉渠道'], help: '' },
    { key: 'status', column: '状态', help: 'active（有效）或 revoked（撤销），默认有效', options: ['有效', '撤销'] },
  ],
  identityFields: ['uscc'],
  searchFields: { name: 3, domain: 1, authorityBasis: 1 },
};

/** Warnings on an entity that do not reject it (GB 11714 check, unusual category, retired region code). */
export function entityWarnings(entity: {
  uscc: string;
  regionCode: string;
}): Array<{ column: string; code: string; message: string }> {
  const out: Array<{ column: string; code: string; message: string }> = [];
  for (const code of checkUscc(entity.uscc).warnings)
    out.push({ column: '统一社会信用代码', code, message: usccMessages[code] ?? code });
  if (regionStatus(entity.regionCode) === 'not-current') {
    out.push({
      column: '行政区划代码',
      code: 'REGION_CODE_NOT_CURRENT',
      message: '行政区划代码不在现行代码表中（可能为已撤销的旧代码），请核对',
    });
  }
  return out;
}

// ---------------------------------------------------------------- the registry
export const listKinds: readonly RecordKind[] = [
  inspectionItems,
  noPenalty,
  lighterPenalty,
  reducedPenalty,
  noCoerciveMeasures,
  discretionBenchmarks,
  randomInspectionItems,
  officersKind,
  inspectionTargets,
];
export const listKindIds = listKinds.map((k) => k.id) as [string, ...string[]];
/** The discretion lists (不予处罚, 从轻, 减轻, 不予强制 …), in registry order. */
export const discretionKinds: readonly RecordKind[] = listKinds.filter((k) => k.group === 'discretion');

const byId = new Map<string, RecordKind>([...listKinds, entityKind].map((k) => [k.id, k]));

export function findKind(id: string): RecordKind | undefined {
  return byId.get(id);
}

export function isListKind(id: string): boolean {
  return id !== entityKind.id && byId.has(id);
}
