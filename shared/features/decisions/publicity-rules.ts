/**
 * Which decisions are published and for how long, as versioned rule data. A rule family (e.g. SAMR 45号) has
 * versions with `effectiveFrom` / `effectiveTo`; the version in force on the decision date applies, so a change of
 * rules never rewrites the period of a decision made before it. A decision's family is given by the unit (市场监管
 * units use `samr-45`) or defaults by type: penalties `credit-repair`, the rest `gb-118`.
 *
 * Sources, as this registry reads them. Re-checked 2026-12-03 against public copies of the texts found by search
 * (not the gazettes): what was confirmed is marked so below, the rest is `provisional` in the data itself.
 * - `samr-45`: 《市场监督管理行政处罚信息公示规定》(国家市场监督管理总局令第45号, 2021-09-01 施行): 第二条 (confirmed
 *   in a public copy, flfgsc.cn): decisions under the 普通程序 are published, those of a 警告 alone are not. The
 *   periods (provisional: the article was not in the copies found): 通报批评 or a 较低数额罚款 (threshold set by each
 *   province) 3 months, other penalties 3 years, counted from publication.
 * - `credit-repair`: 《失信行为纠正后的信用信息修复管理办法（试行）》(国家发展改革委令2023年第58号, 2023-05-01 施行;
 *   order and date confirmed in a public copy of the 令): 轻微失信 (警告、通报批评、较低数额罚款 only) is not
 *   published; 一般失信 shown for at most 1 year (shortest 3 months, after which 信用修复 may end it early), 严重失信
 *   for at most 3 years (shortest 1 year), counted from the decision date (provisional: the period article was not in
 *   the copies found; local pages state the same minimum 3 months / maximum 3 years). The registry shows the
 *   maximum; early removal after 信用修复 is a recorded withdrawal. So a 50,000-yuan fine on a natural person, of
 *   default severity 一般, is shown 12 months under this family, and 36 under `samr-45`: a 市场监管 unit must name
 *   `samr-45` as its family (a unit-level default is not built). The version from 2026-04-01 is its own entry so
 *   that decisions from that date are judged by it; its values are those of 2023 (provisional) until the new text is
 *   encoded.
 * - `gb-118`: 国办发〔2018〕118号 requires publication of other decisions but sets no period; this registry keeps
 *   them public for 3 years, a registry policy rather than a legal rule.
 */
import type { DecisionInput } from './model.js';

export type PartyGroup = 'person' | 'organisation';

export interface Condition {
  procedure?: '简易' | '普通';
  /** Every penalty kind of the decision lies in this set (e.g. 警告 alone). */
  onlyKinds?: readonly string[];
  /** The fine is at most the rule set's 较低数额罚款 threshold and no other penalty than 警告 / 通报批评 / 罚款. */
  smallFine?: true;
  severity?: '轻微' | '一般' | '严重';
}

export interface PublicityRuleSet {
  id: string;
  family: string;
  label: string;
  source: string;
  effectiveFrom: string;
  /** First day no longer in force; absent: in force. */
  effectiveTo?: string;
  /** Decisions not published at all, first match wins. */
  exclusions: ReadonlyArray<{ when: Condition; reason: string }>;
  /** Publicity tiers, first match wins; the last one should have an empty condition. */
  tiers: ReadonlyArray<{ tier: string; when: Condition; months: number }>;
  /** Where the period starts. */
  periodFrom: 'publication' | 'decision';
  /** Values not confirmed against the legal text, and why: shown with the rule set so nobody takes them as law. */
  provisional?: string;
  /** 较低数额罚款 thresholds in yuan: default and per province (first two digits of the region code). */
  smallFineYuan?: { default: Record<PartyGroup, number>; byProvince?: Record<string, Record<PartyGroup, number>> };
}

const LIGHT_KINDS = ['警告', '通报批评', '罚款'] as const;

/**
 * The thresholds here are placeholders that each province replaces with its own (the rules delegate them to the
 * province); they are data, so a province's figure is one entry in `byProvince`.
 */
const SMALL_FINE_PLACEHOLDER = { default: { person: 1000, organisation: 10000 } } as const;

const creditRepairCommon = {
  family: 'credit-repair',
  label: '信用修复：轻微、一般、严重失信分级公示',
  exclusions: [
    { when: { severity: '轻微' }, reason: '轻微失信行为的行政处罚信息不予公示' },
    { when: { onlyKinds: ['警告', '通报批评'] }, reason: '仅受到警告、通报批评的行政处罚信息不予公示' },
    { when: { smallFine: true }, reason: '仅受到较低数额罚款的行政处罚信息不予公示' },
  ],
  tiers: [
    { tier: '严重失信', when: { severity: '严重' }, months: 36 },
    { tier: '一般失信', when: {}, months: 12 },
  ],
  periodFrom: 'decision',
  smallFineYuan: SMALL_FINE_PLACEHOLDER,
} as const;

export const PUBLICITY_RULES: readonly PublicityRuleSet[] = [
  {
    id: 'samr-45@2021-09-01',
    family: 'samr-45',
    label: '市场监督管理行政处罚信息公示',
    source: '《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）',
    effectiveFrom: '2021-09-01',
    exclusions: [
      { when: { procedure: '简易' }, reason: '适用简易程序作出的行政处罚决定不予公示' },
      { when: { onlyKinds: ['警告'] }, reason: '仅受到警告的行政处罚决定不予公示' },
    ],
    tiers: [
      { tier: '三个月', when: { onlyKinds: ['通报批评'] }, months: 3 },
      { tier: '三个月', when: { smallFine: true }, months: 3 },
      { tier: '三年', when: {}, months: 36 },
    ],
    periodFrom: 'publication',
    smallFineYuan: SMALL_FINE_PLACEHOLDER,
    provisional: '公示期（三个月、三年）及较低数额罚款标准未与公报文本核对；标准由各省规定，此处为占位值',
  },
  {
    id: 'credit-repair@2023-05-01',
    source: '《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令2023年第58号）',
    effectiveFrom: '2023-05-01',
    effectiveTo: '2026-04-01',
    ...creditRepairCommon,
    provisional: '公示期（一般失信一年、严重失信三年，取最长公示期）未与公报文本核对；较低数额罚款标准为占位值',
  },
  {
    id: 'credit-repair@2026-04-01',
    source: '信用修复规定（2026年4月1日起施行；数值沿用2023年版，待核对新文本）',
    effectiveFrom: '2026-04-01',
    ...creditRepairCommon,
    provisional: '2026年4月1日起施行的新规定文本尚未编入，数值沿用2023年版',
  },
  {
    id: 'gb-118@2019-01-03',
    family: 'gb-118',
    label: '其他行政执法决定（本平台公示三年）',
    source: '国务院办公厅指导意见（国办发〔2018〕118号）；公示期为本平台规定',
    effectiveFrom: '2019-01-03',
    exclusions: [],
    tiers: [{ tier: '三年', when: {}, months: 36 }],
    periodFrom: 'publication',
    provisional: '118号未规定公示期，三年为本平台规定',
  },
];

export type PublicityVerdict =
  | { publish: false; ruleSet: string; reason: string }
  | { publish: true; ruleSet: string; tier: string; months: number; periodFrom: 'publication' | 'decision' };

export function defaultFamily(input: Pick<DecisionInput, 'type' | 'ruleFamily'>): string {
  return input.ruleFamily ?? (input.type === '行政处罚' ? 'credit-repair' : 'gb-118');
}

export function ruleSetInForce(
  family: string,
  date: string,
  rules: readonly PublicityRuleSet[] = PUBLICITY_RULES,
): PublicityRuleSet | undefined {
  return rules.find((r) => r.family === family && r.effectiveFrom <= date && (!r.effectiveTo || date < r.effectiveTo));
}

function matches(
  when: Condition,
  d: DecisionInput & { severity?: string },
  rule: PublicityRuleSet,
  regionCode: string,
): boolean {
  if (when.procedure && d.procedure !== when.procedure) return false;
  if (when.severity && d.severity !== when.severity) return false;
  if (when.onlyKinds && !(d.penaltyKinds.length > 0 && d.penaltyKinds.every((k) => when.onlyKinds!.includes(k))))
    return false;
  if (when.smallFine) {
    const thresholds = rule.smallFineYuan?.byProvince?.[regionCode.slice(0, 2)] ?? rule.smallFineYuan?.default;
    if (!thresholds || d.fineYuan === undefined || !d.penaltyKinds.includes('罚款')) return false;
    if (!d.penaltyKinds.every((k) => (LIGHT_KINDS as readonly string[]).includes(k))) return false;
    if (d.confiscatedYuan) return false;
    const group: PartyGroup = d.party.type === '自然人' ? 'person' : 'organisation';
    if (d.fineYuan > thresholds[group]) return false;
  }
  return true;
}

/** Whether and how long a decision is published, under the rule set of its family in force on its date. */
export function publicityFor(
  d: DecisionInput & { severity?: string },
  regionCode: string,
  rules: readonly PublicityRuleSet[] = PUBLICITY_RULES,
): PublicityVerdict | { publish: false; ruleSet: undefined; reason: string } {
  const family = defaultFamily(d);
  const rule = ruleSetInForce(family, d.decisionDate, rules);
  if (!rule) return { publish: false, ruleSet: undefined, reason: `决定日期无生效的公示规则（${family}）` };
  for (const ex of rule.exclusions) {
    if (matches(ex.when, d, rule, regionCode)) return { publish: false, ruleSet: rule.id, reason: ex.reason };
  }
  const tier = rule.tiers.find((t) => matches(t.when, d, rule, regionCode)) ?? rule.tiers.at(-1)!;
  return { publish: true, ruleSet: rule.id, tier: tier.tier, months: tier.months, periodFrom: rule.periodFrom };
}

/** The same day `months` later, clamped to the month's end (2026-08-31 + 6 → 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
