/**
 * 行政处罚裁量基准 (discretion benchmarks, public under 行政处罚法 第34条). One item per violation; it keeps
 * its tiers (裁量阶次: 从轻 / 一般 / 从重, or 轻微 / 一般 / 较重 / 严重), each with its conditions and 处罚标准.
 * Published tables give one row per tier, the violation, provisions and 处罚种类及幅度 merged over the tiers:
 * the importer groups those rows into one item, and exports write one row per tier again. A column of no field is
 * the item's additional attribute, or each tier's own where its text differs from tier to tier.
 */
import { z } from 'zod';
import { itemCode, LIMITS, optionalText, requiredText, seq } from '../fields.js';
import type { HeadingRule } from '../headers.js';
import { codeRule, seqRule } from './heading-rules.js';
import type { RecordKind } from './index.js';
import { lazySchema } from './lazy-schema.js';

const tierSchema = z
  .object({
    level: optionalText(100),
    conditions: optionalText(LIMITS.longText),
    standard: optionalText(LIMITS.longText),
    // A column of no field whose text differs from tier to tier (六安's 处罚款标准): each tier keeps its own text.
    additional: z
      .array(z.object({ heading: requiredText(LIMITS.shortText), text: requiredText(LIMITS.longText) }))
      .max(50)
      .optional(),
  })
  .superRefine((tier, ctx) => {
    if (!tier.conditions && !tier.standard)
      ctx.addIssue({ code: 'custom', path: ['conditions'], message: '裁量阶次的适用情形与处罚标准至少填写一项' });
  });

const schema = lazySchema(
  () =>
    z.object({
      seq,
      code: itemCode,
      violation: requiredText(LIMITS.shortText),
      legalBasis: optionalText(LIMITS.longText),
      violatedProvision: optionalText(LIMITS.longText),
      penaltyProvision: optionalText(LIMITS.longText),
      penaltyRange: optionalText(LIMITS.longText),
      tiers: z.array(tierSchema, { error: '缺少裁量阶次' }).min(1, '缺少裁量阶次').max(20, '裁量阶次不得超过20个'),
      category: optionalText(LIMITS.shortText),
      implementingBody: optionalText(LIMITS.shortText),
      notes: optionalText(LIMITS.longText),
    }) as unknown as z.ZodType<Record<string, unknown>>,
);

const rule = (field: string, pattern: RegExp, why: string): HeadingRule => ({ field, pattern, why });

export const discretionBenchmarks: RecordKind = {
  id: 'discretion-benchmarks',
  label: '行政处罚裁量基准',
  shortLabel: '裁量基准',
  english: 'Discretion benchmarks',
  group: 'discretion',
  summaryWord: '裁量基准',
  sheetAliases: ['行政处罚裁量基准表', '裁量基准', '行政处罚自由裁量基准', '行政处罚裁量权基准'],
  get schema() {
    return schema();
  },
  columns: [
    { key: 'seq', column: '序号', help: '正整数，可留空' },
    { key: 'code', column: '事项编码', aliases: ['编码', '事项代码'], help: '本清单内唯一，建议填写' },
    { key: 'violation', column: '违法行为', aliases: ['违法行为名称', '事项名称'], help: '必填；各阶次合并为一项' },
    { key: 'legalBasis', column: '法律依据', aliases: ['法定依据'], help: '违法依据、处罚依据与法律依据至少填写一项' },
    { key: 'violatedProvision', column: '违法依据', help: '' },
    { key: 'penaltyProvision', column: '处罚依据', help: '' },
    { key: 'penaltyRange', column: '处罚种类及幅度', aliases: ['处罚种类和幅度', '法定处罚种类及幅度'], help: '' },
    {
      key: 'level',
      column: '裁量阶次',
      aliases: ['裁量等次', '裁量档次', '违法程度'],
      help: '如 从轻、一般、从重',
      tier: true,
    },
    { key: 'conditions', column: '适用情形', aliases: ['适用条件', '违法情节'], help: '本阶次的情形', tier: true },
    { key: 'standard', column: '处罚标准', aliases: ['裁量标准', '裁量基准'], help: '本阶次的处罚', tier: true },
    { key: 'category', column: '类别', aliases: ['分类'], help: '' },
    { key: 'implementingBody', column: '实施机关', aliases: ['实施主体'], help: '' },
    { key: 'notes', column: '备注', help: '' },
  ],
  identityFields: ['violation'],
  searchFields: { violation: 3, legalBasis: 1, penaltyRange: 1, category: 1, notes: 0.5 },
  headingRules: [
    seqRule,
    codeRule,
    rule('violation', /违法行为|处罚事项|违法事项|事项名称|^事项$/, '列名含“违法行为”或“事项名称”'),
    rule('violatedProvision', /违反条款|违法依据/, '列名含“违反条款”或“违法依据”'),
    rule('penaltyProvision', /^(罚则|处罚条款)$/, '列名为“罚则”'),
    rule('legalBasis', /依据|条款/, '列名含“依据”或“条款”'),
    rule('penaltyRange', /种类|法定幅度|处罚幅度$/, '列名含“处罚种类”'),
    rule('level', /阶次|等次|档次|程度|等级|裁量档/, '列名含“阶次”“等次”或“违法程度”'),
    rule('conditions', /条件|情形|情节|因素|事实|数量|归类/, '列名含“情形”“情节”“条件”或“违法数量”'),
    rule('standard', /标准|基准|幅度|处罚结果/, '列名含“标准”“基准”或“幅度”'),
    rule('implementingBody', /实施机关|实施主体|执法主体|执法机关/, '列名含“实施机关”或“实施主体”'),
    rule('category', /类别|分类|类型/, '列名含“类别”或“分类”'),
    rule('notes', /备注|说明/, '列名含“备注”或“说明”'),
  ],
  tiers: { field: 'tiers', label: '裁量阶次' },
  oneOfFields: [
    {
      fields: ['legalBasis', 'violatedProvision', 'penaltyProvision'],
      message: '违法依据、处罚依据与法律依据至少填写一项',
      absentMessage: '表中没有违法依据、处罚依据或法律依据列：按原表导入，请法制审核时核对各事项的依据',
    },
  ],
  // Every name these tables are published under has 裁量 (裁量基准, 裁量标准, 罚款金额裁量表, and before 行政处罚法
  // 2021 …自由裁量权细化执行标准), and no other kind's name has it.
  nameWords: ['裁量'],
  // 裁量阶次, 裁量等次, 裁量标准, 裁量基准: what makes a table a benchmark rather than a list of one treatment.
  headingWords: ['裁量', '阶次', '等次', '档次'],
};
