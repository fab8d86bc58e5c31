/** 事后公示 against the real engine: a generated county's year of decisions, deadlines, withdrawals, expiry. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, publishUnits, UNIT_A, UNIT_B } from './support/fixtures.js';
import {
  Decisions,
  DecisionStore,
  type CertificateLookup,
  type OfficerCertificate,
} from '../shared/features/decisions/index.js';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import { AppError } from '../shared/core/errors.js';

const require = createRequire(import.meta.url);
const chineseDays = require('chinese-days') as { findWorkday(delta: number, date: string): string };

/** Officers' certificates in memory, as the officers feature would answer. */
function certificates(list: OfficerCertificate[]): CertificateLookup {
  return {
    async certificateOn(n, date) {
      const c = list.find((x) => x.certificateNumber === n);
      if (!c) return undefined;
      const validOnDate =
        c.issuedOn <= date && date <= c.validUntil && !(c.cancelledOn && c.cancelledOn <= date) && c.status !== '暂扣';
      return { ...c, validOnDate };
    },
    async validOfficers(uscc, date) {
      return list.filter((c) => c.uscc === uscc && c.issuedOn <= date && date <= c.validUntil);
    },
  };
}
const cert = (n: string, overrides: Partial<OfficerCertificate> = {}): OfficerCertificate => ({
  certificateNumber: n,
  name: `执法员${n}`,
  uscc: UNIT_A,
  regionCode: '210900',
  certificateType: '行政执法证',
  category: '生态环境',
  issuedOn: '2020-01-01',
  validUntil: '2030-12-31',
  status: '有效',
  ...overrides,
});

const company = (i: number) => {
  const first17 = `91210900MA${String(100000 + i).padStart(7, '0')}`;
  return `${first17}${usccCheckCharacter(first17)}`;
};

function penalty(i: number, date: string, overrides: Record<string, unknown> = {}) {
  return {
    number: `阜环罚〔2026〕${i}号`,
    type: '行政处罚',
    party: { name: `阜新市示例化工有限公司${i}`, type: '法人', uscc: company(i), representative: '王某' },
    facts: `当事人未按规定公开排放信息（第${i}起）。`,
    basis: '《中华人民共和国大气污染防治法》第一百条',
    penaltyKinds: ['罚款'],
    fineYuan: 50000,
    content: '罚款人民币伍万元。',
    procedure: '普通',
    decisionDate: date,
    officers: ['E001', 'E002'],
    ...overrides,
  };
}

const naturalPerson = {
  name: '刘德华',
  type: '自然人',
  idNumber: '210902198512120318',
  address: '辽宁省阜新市海州区解放大街18号3单元',
  phone: '13904181234',
  bankAccount: '6217000000000000123',
};

let rt: TestRuntime;
let decisions: Decisions;

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.clock.set('2025-12-01T02:00:00Z');
  await publishUnits(rt.registry, [
    { entity: entity(UNIT_A), lists: { 'no-penalty': [noPenaltyItem(1), noPenaltyItem(2)] } },
    { entity: entity(UNIT_B, { name: '阜新市市场监督管理局（示例）' }), lists: {} },
  ]);
  // Version 2 of the no-penalty list from 2026-07-01 drops item 2.
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: 'no-penalty',
    status: 'published',
    publishedBy: 'test',
    source: 'test',
    effectiveFrom: '2026-07-01',
    items: [noPenaltyItem(1)],
  });
  decisions = new Decisions({
    store: new DecisionStore(rt.client, rt.tableName),
    registry: rt.registry,
    certificates: certificates([
      cert('E001'),
      cert('E002'),
      cert('E003', { validUntil: '2026-03-31', status: '过期' }),
      cert('E004', { cancelledOn: '2026-02-01', status: '注销' }),
      cert('S001', { certificateType: '行政执法监督证' }),
      cert('B001', { uscc: UNIT_B }),
    ]),
    now: rt.clock.now,
  });
});

const at = (date: string, time = '10:00:00') => rt.clock.set(`${date}T${time}+08:00`);

describe('recording and the deadline clock', () => {
  it('publishes on time across the 2026 National Day holiday and measures against the calendar', async () => {
    at('2026-09-30');
    const { decision } = await decisions.record(UNIT_A, penalty(1, '2026-09-30'));
    expect(decision.publication).toMatchObject({ state: 'pending', dueBy: chineseDays.findWorkday(7, '2026-09-30') });
    at('2026-10-15');
    const published = await decisions.publish(decision.id);
    expect(published.publication).toMatchObject({ state: 'on-time', dueBy: '2026-10-15', provisional: false });
  });

  it('measures a late publication in working days across the Spring Festival', async () => {
    at('2026-02-12');
    const { decision } = await decisions.record(UNIT_A, penalty(2, '2026-02-12'));
    const dueBy = chineseDays.findWorkday(7, '2026-02-12');
    at('2026-03-06');
    const view = await decisions.publish(decision.id);
    expect(view.publication.dueBy).toBe(dueBy);
    expect(view.publication.state).toBe('late');
    // Working days after the deadline up to 03-06, counted independently.
    let expected = 0;
    for (let d = dueBy; d < '2026-03-06'; ) {
      d = chineseDays.findWorkday(1, d);
      if (d <= '2026-03-06') expected++;
    }
    expect(view.publication.workingDaysLate).toBe(expected);
  });

  it('shows an unpublished decision past its deadline as overdue, without its content', async () => {
    at('2026-05-06');
    const { decision } = await decisions.record(UNIT_A, penalty(3, '2026-05-06', { penaltyKinds: ['罚款'] }));
    expect((await decisions.byNumber('阜环罚〔2026〕3号')).items).toEqual([]);
    at('2026-06-01');
    const [shown] = (await decisions.byNumber('阜环罚（2026）3号')).items;
    expect(shown).toMatchObject({ id: decision.id, state: 'overdue', publication: { state: 'overdue' } });
    expect(shown!.content).toBeUndefined();
  });

  it('marks a deadline in 2027 as provisional', async () => {
    at('2026-12-30');
    const { decision } = await decisions.record(
      UNIT_A,
      penalty(4, '2026-12-30', { type: '行政检查', penaltyKinds: [] }),
    );
    expect(decision.publication.provisional).toBe(true);
    expect(decision.publication.dueBy > '2027-01-01').toBe(true);
  });

  it('refuses a duplicate 文号 within the unit', async () => {
    at('2026-10-16');
    await expect(decisions.record(UNIT_A, penalty(1, '2026-09-30'))).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('checks against officers and discretion lists', () => {
  const errorsOf = async (p: Promise<unknown>) => {
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    return ((e as AppError).details as { errors: Array<{ code: string; field: string }> }).errors.map((x) => x.code);
  };

  it('refuses officers without a certificate valid on the decision date, and a penalty by one officer', async () => {
    at('2026-06-10');
    expect(await errorsOf(decisions.record(UNIT_A, penalty(10, '2026-06-01', { officers: ['E003', 'E004'] })))).toEqual(
      ['CERTIFICATE_NOT_VALID', 'CERTIFICATE_NOT_VALID'],
    );
    expect(await errorsOf(decisions.record(UNIT_A, penalty(11, '2026-06-01', { officers: ['E001'] })))).toEqual([
      'TOO_FEW_OFFICERS',
    ]);
    expect(
      await errorsOf(decisions.record(UNIT_A, penalty(12, '2026-06-01', { officers: ['E001', 'S001', 'B001', 'X9'] }))),
    ).toEqual(['NOT_ENFORCEMENT_CERTIFICATE', 'CERTIFICATE_OTHER_UNIT', 'UNKNOWN_CERTIFICATE']);
  });

  it('refuses a 不予处罚 decision citing an item not in the list in force on its date', async () => {
    at('2026-08-01');
    const noPenalty = (date: string, version: number, item: number) =>
      penalty(0, date, {
        number: `阜环不罚〔2026〕${date}-${version}-${item}号`,
        penaltyKinds: ['不予处罚'],
        fineYuan: undefined,
        discretion: { kind: 'no-penalty', itemCode: noPenaltyItem(item).code, version },
      });
    // Item 2 was in version 1, in force until 2026-06-30.
    await decisions.record(UNIT_A, noPenalty('2026-06-15', 1, 2));
    expect(await errorsOf(decisions.record(UNIT_A, noPenalty('2026-07-15', 1, 2)))).toEqual(['VERSION_NOT_IN_FORCE']);
    expect(await errorsOf(decisions.record(UNIT_A, noPenalty('2026-07-15', 2, 2)))).toEqual(['ITEM_NOT_IN_LIST']);
    const ok = await decisions.record(UNIT_A, noPenalty('2026-07-15', 2, 1));
    expect(ok.decision.record.discretion).toEqual({ kind: 'no-penalty', itemCode: noPenaltyItem(1).code, version: 2 });
  });

  it('lists every problem of a body at once and changes nothing', async () => {
    const codes = await errorsOf(
      decisions.record(UNIT_A, { ...penalty(30, '2026-13-01'), type: '罚', procedure: '快速', officers: [] }),
    );
    expect(codes.length).toBeGreaterThanOrEqual(4);
    expect((await decisions.byNumber('阜环罚〔2026〕30号')).items).toEqual([]);
  });
});

describe('withdrawal with a trace', () => {
  it('withdraws within and beyond 3 working days; the content leaves and the reason stays', async () => {
    at('2026-04-01');
    const a = await decisions.record(UNIT_A, penalty(40, '2026-04-01'), { publish: true });
    const b = await decisions.record(UNIT_A, penalty(41, '2026-04-01'), { publish: true });
    // Revoked on Thursday 04-02; 04-03 is a working day, 04-04..04-06 清明 holidays, 04-07, 04-08.
    at('2026-04-08');
    const onTime = await decisions.withdraw(a.decision.id, {
      ground: '撤销',
      actNumber: '阜环撤〔2026〕1号',
      actDate: '2026-04-02',
      reason: '经复议，原处罚决定认定事实不清，予以撤销',
    });
    expect(onTime.withdrawal!.clock).toMatchObject({ state: 'on-time', dueBy: '2026-04-08' });
    at('2026-04-10');
    const late = await decisions.withdraw(b.decision.id, {
      ground: '确认无效',
      actNumber: '（2026）辽0902行初5号',
      actDate: '2026-04-02',
      reason: '人民法院判决确认原处罚决定无效',
    });
    expect(late.withdrawal!.clock).toMatchObject({ state: 'late', workingDaysLate: 2 });
    const shown = await decisions.get(b.decision.id);
    expect(shown).toMatchObject({ state: 'withdrawn', withdrawal: { reason: '人民法院判决确认原处罚决定无效' } });
    expect(shown.content).toBeUndefined();
    await expect(
      decisions.withdraw(b.decision.id, { ground: '撤销', actNumber: 'x', actDate: '2026-04-02', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('publicity periods and the expiry job', () => {
  it('ends a 3-month period (SAMR 45号, small fine) and a 3-year one, reading only what is due', async () => {
    const samr = (i: number, fine: number) =>
      penalty(i, '2026-03-02', {
        number: `阜市监罚〔2026〕${i}号`,
        ruleFamily: 'samr-45',
        fineYuan: fine,
        officers: ['E001', 'E002'],
      });
    at('2026-03-03');
    const small = await decisions.record(UNIT_A, samr(50, 2000), { publish: true });
    const large = await decisions.record(UNIT_A, samr(51, 200000), { publish: true });
    expect(small.decision.expiresOn).toBe('2026-06-03');
    expect(large.decision.expiresOn).toBe('2029-03-03');
    at('2026-06-02');
    await decisions.runExpiry();
    expect((await decisions.get(small.decision.id)).state).toBe('published');
    at('2026-06-04');
    const run = await decisions.runExpiry();
    expect(run).toEqual({ from: '2026-06-03', to: '2026-06-04', expired: 1 });
    const trace = await decisions.get(small.decision.id);
    expect(trace).toMatchObject({ state: 'expired', expired: { on: '2026-06-03', ruleSet: 'samr-45@2021-09-01' } });
    expect(trace.content).toBeUndefined();
    expect((await decisions.get(large.decision.id)).content).toBeDefined();
    // Three years on, the long period ends too; even before the job runs the content is no longer shown.
    at('2029-03-03');
    expect((await decisions.get(large.decision.id)).state).toBe('expired');
    // The job then catches up on every day since its last run; the other decisions of 2026 (12-month 信用修复
    // periods) expired in 2027 and go with it.
    const catchUp = await decisions.runExpiry('2029-03-03');
    expect(catchUp.expired).toBeGreaterThan(1);
    const store = new DecisionStore(rt.client, rt.tableName);
    expect(await store.expiringBetween('2026-01-01', '2029-03-03')).toEqual([]);
  });
});

describe('redaction in every public answer', () => {
  it('shows a natural person as 刘某某, without ID number, address, phone or bank account', async () => {
    at('2026-11-02');
    const { decision } = await decisions.record(
      UNIT_A,
      penalty(60, '2026-11-02', {
        party: naturalPerson,
        facts: `刘德华（身份证号${naturalPerson.idNumber}，住${naturalPerson.address}）露天焚烧垃圾，证人陈奕迅在场。`,
        thirdParties: ['陈奕迅'],
        fineYuan: 5000,
      }),
      { publish: true },
    );
    expect(decision.preview!.party.name).toBe('刘某某');
    const answers = JSON.stringify([
      await decisions.get(decision.id),
      await decisions.byUnit(UNIT_A, { from: '2026-01-01', to: '2026-12-31', limit: 500 }),
      await decisions.byRegion('210900', { from: '2026-01-01', to: '2026-12-31', limit: 500 }),
      await decisions.byNumber('阜环罚〔2026〕60号'),
    ]);
    expect(answers).toContain('刘某某');
    for (const secret of [
      '刘德华',
      naturalPerson.idNumber,
      '解放大街18号',
      '13904181234',
      '6217000000000000123',
      '陈奕迅',
    ]) {
      expect(answers).not.toContain(secret);
    }
  });

  it('finds a company by its credit code through the index', async () => {
    const found = await decisions.byParty(company(40));
    expect(found.items.map((d) => d.number)).toEqual(['阜环罚〔2026〕40号']);
  });
});
