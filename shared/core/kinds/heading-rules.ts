/**
 * Heading rules shared by the kinds: what a published heading names, once it is normalised
 * (shared/core/headers.ts: NFKC, Simplified, no spaces, bracketed text dropped). Rules are tried in
 * order and a field is filled once, so the more specific rule comes first: 违法情形 names the violation
 * before 情形 names the conditions; 违反条款 names the violated provision before 条款 names the legal basis.
 */
import type { HeadingRule } from '../headers.js';

const rule = (field: string, pattern: RegExp, why: string): HeadingRule => ({ field, pattern, why });

/** 序号 in its forms: 序号, 序, 编号 (a number column), No. */
export const seqRule = rule('seq', /^(序号|序|顺序号|编号|no|number)$/, '列名为序号');
/** 事项编码 in its forms: 基本编码, 事项代码, 编码. */
export const codeRule = rule('code', /(编码|代码)$/, '列名以“编码”或“代码”结尾');

export const discretionHeadingRules: readonly HeadingRule[] = [
  seqRule,
  codeRule,
  rule(
    'violation',
    /违法行为|处罚事项|违法情形|违法事项|事项名称|行为类型|^事项$|^行为$|^违法行为名称$/,
    '列名含“违法行为”“处罚事项”“违法情形”或“事项名称”',
  ),
  rule('violatedProvision', /违反条款|违法依据|违反的规定|违反依据/, '列名含“违反条款”或“违法依据”'),
  rule('penaltyProvision', /^(罚则|处罚条款|处罚规定)$/, '列名为“罚则”或“处罚条款”'),
  rule('coercionProvision', /强制依据|强制措施依据/, '列名含“强制依据”'),
  rule('legalBasis', /依据|条款|法律法规|法律规定/, '列名含“依据”或“条款”：违法条款与处罚条款合为一列'),
  rule('conditions', /条件|情形|情节|因素|标准|认定/, '列名含“条件”“情形”“情节”或“因素”'),
  rule('measures', /措施|处理方式|处理意见|监管/, '列名含“措施”或“处理方式”'),
  rule(
    'implementingBody',
    /实施机关|实施主体|执法主体|执法机关|实施部门|责任单位|执法部门/,
    '列名含“实施机关”或“实施主体”',
  ),
  rule('domain', /领域|行业/, '列名含“领域”或“行业”'),
  rule('category', /类别|分类|类型|门类/, '列名含“类别”或“分类”'),
  rule('notes', /备注|说明/, '列名含“备注”或“说明”'),
];

export const inspectionHeadingRules: readonly HeadingRule[] = [
  seqRule,
  codeRule,
  rule('name', /检查事项|事项名称|抽查事项|^事项$/, '列名含“检查事项”或“事项名称”'),
  rule('category', /类别|分类|类型/, '列名含“类别”或“类型”'),
  rule('basis', /依据|条款/, '列名含“依据”'),
  rule('target', /对象/, '列名含“对象”'),
  rule('method', /方式|方法/, '列名含“方式”'),
  rule('samplingRatio', /比例/, '列名含“比例”'),
  rule('frequency', /频次|频率|周期/, '列名含“频次”或“周期”'),
  rule('randomInspection', /双随机/, '列名含“双随机”'),
  rule('notes', /备注|说明/, '列名含“备注”或“说明”'),
];
