import { entityKind } from '../../shared/core/kinds/index.js';
import type { Registry } from '../../shared/features/lists/registry.js';

/** Small, valid records for tests, built from real-shaped values. */
export const UNIT_A = '11210900155967021X'; // valid GB 32100 check character
export const UNIT_B = '112109001558878306';

export function entity(uscc = UNIT_A, overrides: Record<string, unknown> = {}) {
  return {
    name: '阜新市生态环境局（示例）',
    uscc,
    nature: '法定行政机关',
    domain: '生态环境',
    regionCode: '210900',
    authorityBasis: '《中华人民共和国大气污染防治法》第七条',
    address: '阜新市府前路32号',
    phone: '0418-7628365',
    complaintChannel: '12345政务服务便民热线',
    status: 'active',
    ...overrides,
  };
}

export function noPenaltyItem(i: number, overrides: Record<string, unknown> = {}) {
  return {
    seq: i,
    code: `BY-210900-02-${String(i).padStart(3, '0')}`,
    violation: `排污单位未按规定公开排放信息（第${i}项）`,
    violatedProvision: '《中华人民共和国大气污染防治法》第二十四条',
    penaltyProvision: '《中华人民共和国大气污染防治法》第一百条',
    conditions: '初次违法且危害后果轻微并在责令改正期限内改正的',
    measures: '责令改正，予以批评教育',
    domain: '生态环境',
    ...overrides,
  };
}

export function inspectionItem(i: number, overrides: Record<string, unknown> = {}) {
  return {
    seq: i,
    code: `JC-210900-02-${String(i).padStart(4, '0')}`,
    name: `对排污单位公开排放信息情况的检查（第${i}项）`,
    category: i % 7 === 0 ? '重点' : '一般',
    basis: '《中华人民共和国大气污染防治法》第六十二条',
    target: '排污单位',
    method: '现场检查',
    frequency: '每年1次',
    randomInspection: i % 2 === 0,
    samplingRatio: '5%',
    ...overrides,
  };
}

/**
 * Publishes generated units (shared/features/demo/generate.ts): each entity, then each of its lists, all effective from
 * one date.
 */
/** A 行政处罚 decision <n> against a company (UNIT_A), decided by officers 210900001 and 210900002. */
export function companyPenalty(n: number) {
  return {
    number: `阜市监罚〔2026〕${n}号`,
    type: '行政处罚',
    party: { name: '阜新示例商贸有限公司', type: '法人', uscc: UNIT_A },
    facts: '销售过期食品。',
    basis: '《中华人民共和国食品安全法》第一百二十四条',
    penaltyKinds: ['罚款'],
    fineYuan: 50000,
    content: '罚款50000元',
    procedure: '普通',
    decisionDate: '2026-03-06',
    officers: ['210900001', '210900002'],
  };
}

/** An officer of the 执法人员名单 holding a valid 市场监管 certificate 21090000<n> (decisions name them as officers). */
export function officerRecord(n: number) {
  return {
    name: `执法人员${n}`,
    certificateNumber: `21090000${n}`,
    certificateType: '行政执法证',
    category: '市场监管',
    issuedOn: '2022-01-01',
    validUntil: '2028-12-31',
    status: '有效',
  };
}

export async function publishUnits(
  registry: Registry,
  units: ReadonlyArray<{ entity: Record<string, unknown>; lists: Record<string, Array<Record<string, unknown>>> }>,
  effectiveFrom = '2023-01-01',
): Promise<void> {
  for (const u of units) {
    const common = {
      uscc: String(u.entity.uscc),
      status: 'published' as const,
      publishedBy: 'test',
      source: 'test',
      effectiveFrom,
    };
    await registry.publish({ ...common, stream: entityKind.id, items: [u.entity] });
    for (const [kind, items] of Object.entries(u.lists)) await registry.publish({ ...common, stream: kind, items });
  }
}
