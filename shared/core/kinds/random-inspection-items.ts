/**
 * 随机抽查事项清单 (the 一单 of 双随机、一公开). Its own kind rather than inspection items with optional fields:
 * the published tables have other columns (抽查内容, 抽查主体, 抽查比例及频次), most carry neither 检查类别 nor
 * 检查依据, and every item is by definition a 双随机 item; forcing them into 检查事项目录 would invent values.
 * An item is one 抽查事项 for one 检查对象: tables merge one 抽查事项 over several 检查对象, each with its own
 * 抽查比例, and each of those rows is drawn on its own, so the target is part of the item's identity.
 */
import { z } from 'zod';
import { itemCode, LIMITS, optionalText, requiredText, seq } from '../fields.js';
import type { HeadingRule } from '../headers.js';
import { codeRule, seqRule } from './heading-rules.js';
import type { RecordKind } from './index.js';
import { lazySchema } from './lazy-schema.js';

const schema = lazySchema(
  () =>
    z.object({
      seq,
      code: itemCode,
      name: requiredText(LIMITS.shortText),
      content: optionalText(LIMITS.longText),
      basis: optionalText(LIMITS.longText),
      target: optionalText(LIMITS.shortText),
      method: optionalText(LIMITS.shortText),
      samplingRatio: optionalText(LIMITS.shortText),
      frequency: optionalText(LIMITS.shortText),
      implementingBody: optionalText(LIMITS.shortText),
      category: optionalText(LIMITS.shortText),
      notes: optionalText(LIMITS.longText),
    }) as unknown as z.ZodType<Record<string, unknown>>,
);

const rule = (field: string, pattern: RegExp, why: string): HeadingRule => ({ field, pattern, why });

export const randomInspectionItems: RecordKind = {
  id: 'random-inspection-items',
  label: '随机抽查事项清单',
  shortLabel: '随机抽查',
  english: 'Random inspection items',
  group: 'inspection',
  summaryWord: 'random inspection items',
  sheetAliases: ['双随机抽查事项清单', '抽查事项清单', '随机抽查事项表'],
  get schema() {
    return schema();
  },
  columns: [
    { key: 'seq', column: '序号', help: '正整数，可留空' },
    { key: 'code', column: '事项编码', aliases: ['编码', '事项代码'], help: '本清单内唯一，建议填写' },
    { key: 'name', column: '抽查事项', aliases: ['抽查事项名称', '检查事项', '事项名称'], help: '必填' },
    { key: 'content', column: '抽查内容', aliases: ['检查内容'], help: '' },
    { key: 'basis', column: '抽查依据', aliases: ['检查依据', '法律依据'], help: '' },
    { key: 'target', column: '抽查对象', aliases: ['检查对象'], help: '' },
    { key: 'method', column: '抽查方式', aliases: ['检查方式'], help: '' },
    { key: 'samplingRatio', column: '抽查比例', aliases: ['抽查比例及频次', '抽查比例和频次'], help: '' },
    { key: 'frequency', column: '抽查频次', aliases: ['抽查周期', '检查频次'], help: '' },
    { key: 'implementingBody', column: '抽查主体', aliases: ['检查主体', '实施主体'], help: '' },
    { key: 'category', column: '事项类别', aliases: ['检查类别', '类别'], help: '如 一般检查事项、重点检查事项' },
    { key: 'notes', column: '备注', help: '' },
  ],
  identityFields: ['name', 'content', 'target'],
  searchFields: { name: 3, content: 2, basis: 1, target: 1, notes: 0.5 },
  headingRules: [
    seqRule,
    codeRule,
    rule('name', /抽查事项|检查事项|事项名称|^事项$/, '列名含“抽查事项”或“事项名称”'),
    rule('content', /内容/, '列名含“内容”'),
    rule('basis', /依据|条款/, '列名含“依据”'),
    rule('target', /对象/, '列名含“对象”'),
    rule('method', /方式|方法/, '列名含“方式”'),
    rule('samplingRatio', /比例/, '列名含“比例”'),
    rule('frequency', /频次|频率|周期/, '列名含“频次”或“周期”'),
    rule('implementingBody', /主体|实施机关|部门|单位/, '列名含“主体”或“实施机关”'),
    rule('category', /类别|分类|类型/, '列名含“类别”'),
    rule('notes', /备注|说明/, '列名含“备注”'),
  ],
  nameWords: ['随机抽查', '抽查事项'],
  headingWords: ['抽查'],
};
