/**
 * An enforcement decision (行政执法决定) as the unit records it, and the marks that say which of its fields are
 * personal. One schema drives validation of the API body and of spreadsheet rows, the stored private record, and
 * (through `personal`) what redaction leaves out of every public byte.
 *
 * Sources: 国务院办公厅《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》
 * (国办发〔2018〕118号) 二(三) "加强事后公开"; 《中华人民共和国行政处罚法》(2021) 第九条 (种类), 第四十八条, 第五十一条
 * (简易程序), 第八十五条; 《市场监督管理行政处罚信息公示规定》(国家市场监督管理总局令第45号).
 */
import { z } from 'zod';
import { checkUscc } from '../../core/uscc.js';
import { isValidIsoDate, parseLooseDate } from '../../core/dates.js';

/** Fields whose content is personal information: never public, never in an export, search index or log leaf. */
export const personal = z.registry<{ personal: string }>();

export const DECISION_TYPES = [
  '行政处罚',
  '行政许可',
  '行政强制',
  '行政征收',
  '行政征用',
  '行政检查',
  '行政确认',
  '行政给付',
  '行政裁决',
  '其他行政执法决定',
] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export const PARTY_TYPES = ['法人', '非法人组织', '个体工商户', '自然人'] as const;

/** 行政处罚的种类 (行政处罚法 第九条), plus 不予处罚 for decisions that impose none. */
export const PENALTY_KINDS = [
  '警告',
  '通报批评',
  '罚款',
  '没收违法所得',
  '没收非法财物',
  '暂扣许可证件',
  '降低资质等级',
  '吊销许可证件',
  '限制开展生产经营活动',
  '责令停产停业',
  '责令关闭',
  '限制从业',
  '行政拘留',
  '其他',
  '不予处罚',
] as const;

const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不得超过${max}个字符`);
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(max).optional());

const chinaDateField = z.preprocess(
  (v) => (typeof v === 'string' ? (parseLooseDate(v) ?? v) : v),
  z.string().refine(isValidIsoDate, '日期格式应为 YYYY-MM-DD'),
);

const usccField = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => checkUscc(v).valid, '统一社会信用代码无效（GB 32100）');

const amount = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.replace(/[,，元\s]/g, ''))) : v),
  z.number().nonnegative('金额不得为负').max(1e12, '金额过大').optional(),
);

const listOf = (item: z.ZodType<string>) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[;；、,，\n]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );

export const Party = z.object({
  name: text(200),
  type: z.enum(PARTY_TYPES, { message: `当事人类型应为：${PARTY_TYPES.join('、')}` }),
  /** 统一社会信用代码: required for 法人 and 非法人组织, usual for 个体工商户, absent for 自然人. */
  uscc: usccField.optional(),
  /** 法定代表人 / 负责人 / 经营者. */
  representative: optionalText(50),
  idNumber: optionalText(30).register(personal, { personal: '身份证件号码' }),
  address: optionalText(200).register(personal, { personal: '住址' }),
  phone: optionalText(50).register(personal, { personal: '联系电话' }),
  bankAccount: optionalText(50).register(personal, { personal: '银行账号' }),
  /** Under 18 on the decision date: the decision is never published. */
  minor: z.boolean().optional(),
});
export type Party = z.infer<typeof Party>;

/** The discretion list item (裁量基准) a decision applied: a published list of the unit, in force on its date. */
export const AppliedDiscretion = z.object({
  kind: z.string().min(1),
  itemCode: z.string().trim().min(1),
  version: z.coerce.number().int().positive(),
});
export type AppliedDiscretion = z.infer<typeof AppliedDiscretion>;

export const DecisionInput = z
  .object({
    /** 决定书文号, e.g. 沅市监罚〔2026〕12号. */
    number: text(100),
    type: z.enum(DECISION_TYPES, { message: `决定类型应为：${DECISION_TYPES.join('、')}` }),
    party: Party,
    /** 主要违法事实 (penalties) or 决定事项 (other decisions). */
    facts: text(4000),
    /** 法律依据. */
    basis: text(2000),
    /** 处罚种类. */
    penaltyKinds: listOf(z.enum(PENALTY_KINDS, { message: `处罚种类应为：${PENALTY_KINDS.join('、')}` })).default([]),
    fineYuan: amount,
    confiscatedYuan: amount,
    /** 决定内容 (履行方式、期限 …). */
    content: text(4000),
    procedure: z.enum(['简易', '普通'], { message: '程序应为：简易、普通' }),
    decisionDate: chinaDateField,
    /** Certificate numbers of the officers (执法证号). */
    officers: listOf(z.string().trim().min(1)).pipe(z.array(z.string()).min(1, '至少填写一名执法人员的执法证号')),
    discretion: AppliedDiscretion.optional(),
    /** Names of other people mentioned in the text (第三人、证人): removed from the public text. */
    thirdParties: listOf(z.string().trim().min(1)).optional().register(personal, { personal: '第三人姓名' }),
    /** Health information (病历、残疾 …) the case file holds: never public. */
    healthNotes: optionalText(2000).register(personal, { personal: '健康信息' }),
    /** 失信程度 under the 信用修复 rules; default 一般 (./publicity-rules.ts). */
    severity: z.enum(['轻微', '一般', '严重'], { message: '失信程度应为：轻微、一般、严重' }).optional(),
    /** Which publicity rule family applies; default by type (./publicity-rules.ts). */
    ruleFamily: z.string().optional(),
  })
  .superRefine((d, ctx) => {
    if ((d.party.type === '法人' || d.party.type === '非法人组织') && !d.party.uscc) {
      ctx.addIssue({ code: 'custom', path: ['party', 'uscc'], message: '法人和非法人组织须填写统一社会信用代码' });
    }
    if (d.type === '行政处罚' && d.penaltyKinds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['penaltyKinds'], message: '行政处罚决定须填写处罚种类（或“不予处罚”）' });
    }
    if (d.penaltyKinds.includes('罚款') && d.fineYuan === undefined) {
      ctx.addIssue({ code: 'custom', path: ['fineYuan'], message: '处罚种类含罚款时须填写罚款金额' });
    }
  });
export type DecisionInput = z.infer<typeof DecisionInput>;

/** Publication deadline in working days after the decision date (118号: 7 for 许可 and 处罚, 20 for the rest). */
export function publicationWorkingDays(type: DecisionType): number {
  return type === '行政处罚' || type === '行政许可' ? 7 : 20;
}

/** Withdrawal deadline in working days after the revoking act (行政处罚法 第四十八条 "三日内撤回", 第八十五条). */
export const WITHDRAWAL_WORKING_DAYS = 3;

/** A stable id for a decision: its unit and 决定书文号 (文号 are unique within a unit). */
export function normaliseNumber(number: string): string {
  return number
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[〔［【\[(（]/g, '〔')
    .replace(/[〕］】\])）]/g, '〕');
}
