/**
 * The publicity periods each rule family gives, pinned as a table (shared/features/decisions/publicity-rules.ts):
 * SAMR 令第45号 (2021), the 信用修复 rules of 2023-05-01 (国家发展改革委令2023年第58号) and their 2026-04-01 entry, and
 * the registry's own period for other decisions. Values not confirmed against the gazetted text are marked
 * provisional in the data; this test holds the marks too, so a value cannot silently pass for law.
 */
import { describe, expect, it } from 'vitest';
import { DecisionInput } from '../shared/features/decisions/model.js';
import { PUBLICITY_RULES, publicityFor } from '../shared/features/decisions/publicity-rules.js';

const penalty = DecisionInput.parse({
  number: '阜市监罚〔2026〕1号',
  type: '行政处罚',
  party: { name: '张三', type: '自然人' },
  facts: '销售过期食品。',
  basis: '《中华人民共和国食品安全法》第一百二十四条',
  penaltyKinds: ['罚款'],
  fineYuan: 50000,
  content: '罚款50000元',
  procedure: '普通',
  decisionDate: '2026-03-06',
  officers: ['E1', 'E2'],
});

type Case = [
  string,
  Partial<DecisionInput> & { severity?: '轻微' | '一般' | '严重' },
  number | 'not published',
  string,
];

/** [what, the decision's differences from `penalty`, months shown or not published, the rule set applied]. */
const CASES: Case[] = [
  ['SAMR 45: 50,000 yuan on a natural person', { ruleFamily: 'samr-45' }, 36, 'samr-45@2021-09-01'],
  [
    'SAMR 45: 通报批评 alone',
    { ruleFamily: 'samr-45', penaltyKinds: ['通报批评'], fineYuan: undefined },
    3,
    'samr-45@2021-09-01',
  ],
  ['SAMR 45: a small fine on a person', { ruleFamily: 'samr-45', fineYuan: 800 }, 3, 'samr-45@2021-09-01'],
  [
    'SAMR 45: a company above the small-fine threshold',
    { ruleFamily: 'samr-45', fineYuan: 20000, party: { name: '某公司', type: '法人', uscc: undefined } },
    36,
    'samr-45@2021-09-01',
  ],
  [
    'SAMR 45: 警告 alone',
    { ruleFamily: 'samr-45', penaltyKinds: ['警告'], fineYuan: undefined },
    'not published',
    'samr-45@2021-09-01',
  ],
  ['SAMR 45: 简易程序', { ruleFamily: 'samr-45', procedure: '简易' }, 'not published', 'samr-45@2021-09-01'],
  ['信用修复 2023: 50,000 yuan on a person, 一般 by default', {}, 12, 'credit-repair@2023-05-01'],
  ['信用修复 2023: 严重', { severity: '严重' }, 36, 'credit-repair@2023-05-01'],
  ['信用修复 2023: 轻微', { severity: '轻微' }, 'not published', 'credit-repair@2023-05-01'],
  ['信用修复 2023: a small fine only', { fineYuan: 800 }, 'not published', 'credit-repair@2023-05-01'],
  [
    '信用修复 2023: 警告 and 通报批评 only',
    { penaltyKinds: ['警告', '通报批评'], fineYuan: undefined },
    'not published',
    'credit-repair@2023-05-01',
  ],
  ['信用修复 2023: on its last day', { decisionDate: '2026-03-31' }, 12, 'credit-repair@2023-05-01'],
  ['信用修复 2026: 一般, from 2026-04-01', { decisionDate: '2026-04-01' }, 12, 'credit-repair@2026-04-01'],
  ['信用修复 2026: 严重', { decisionDate: '2026-04-01', severity: '严重' }, 36, 'credit-repair@2026-04-01'],
  [
    'other decisions (118号): the registry’s 3 years',
    { type: '行政检查', penaltyKinds: [], fineYuan: undefined },
    36,
    'gb-118@2019-01-03',
  ],
];

describe('publicity periods per rule family', () => {
  it.each(CASES)('%s', (_what, change, expected, ruleSet) => {
    const party = { ...penalty.party, ...(change.party ?? {}) };
    const verdict = publicityFor({ ...penalty, ...change, party } as DecisionInput, '210900');
    expect(verdict.ruleSet).toBe(ruleSet);
    if (expected === 'not published') expect(verdict.publish).toBe(false);
    else expect(verdict).toMatchObject({ publish: true, months: expected });
  });

  it('counts SAMR 45 periods from publication and 信用修复 periods from the decision date', () => {
    const from = Object.fromEntries(PUBLICITY_RULES.map((r) => [r.id, r.periodFrom]));
    expect(from).toEqual({
      'samr-45@2021-09-01': 'publication',
      'credit-repair@2023-05-01': 'decision',
      'credit-repair@2026-04-01': 'decision',
      'gb-118@2019-01-03': 'publication',
    });
  });

  it('marks every value not confirmed against the legal text as provisional, in the data', () => {
    for (const rule of PUBLICITY_RULES) expect(rule.provisional, rule.id).toMatch(/\S/);
    expect(PUBLICITY_RULES.find((r) => r.id === 'credit-repair@2026-04-01')!.provisional).toMatch(/沿用2023年版/);
  });
});
