/** Decisions in bulk from CSV, signed zero statements and the yearly report, against the real engine. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '../shared/core/canonical-json.js';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import { AppError } from '../shared/core/errors.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, publishUnits, UNIT_A } from './support/fixtures.js';
import {
  DecisionReports,
  Decisions,
  DecisionStore,
  importDecisionFile,
  runDailyJob,
  type CertificateLookup,
} from '../shared/features/decisions/index.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';

const certificates: CertificateLookup = {
  async certificateOn(n, date) {
    if (!n.startsWith('E')) return undefined;
    return {
      certificateNumber: n,
      name: n,
      uscc: UNIT_A,
      regionCode: '210900',
      certificateType: '行政执法证',
      category: '生态环境',
      issuedOn: '2020-01-01',
      validUntil: '2030-12-31',
      status: '有效',
      validOnDate: date >= '2020-01-01',
    };
  },
  async validOfficers() {
    return [];
  },
};

const uscc = (i: number) => {
  const first17 = `91210900MA${String(200000 + i).padStart(7, '0')}`;
  return `${first17}${usccCheckCharacter(first17)}`;
};

const HEADER =
  '决定书文号,决定类型,当事人名称,当事人类型,统一社会信用代码,主要违法事实,依据,处罚种类,罚款金额,决定内容,程序,决定日期,执法证号';
const csvRow = (i: number, date: string, type = '行政处罚', fine = 20000) =>
  [
    `阜环罚〔2025〕${i}号`,
    type,
    `示例企业${i}有限公司`,
    '法人',
    uscc(i),
    '未按规定公开排放信息',
    '《中华人民共和国大气污染防治法》第一百条',
    type === '行政处罚' ? '罚款' : '',
    type === '行政处罚' ? String(fine) : '',
    type === '行政处罚' ? `罚款${fine}元` : '准予许可',
    '普通',
    date,
    'E001；E002',
  ].join(',');

let rt: TestRuntime;
let decisions: Decisions;
let reports: DecisionReports;
const signer = Ed25519Signer.generate('decision-statements');

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.clock.set('2025-01-01T02:00:00Z');
  await publishUnits(rt.registry, [{ entity: entity(UNIT_A), lists: {} }]);
  decisions = new Decisions({
    store: new DecisionStore(rt.client, rt.tableName),
    registry: rt.registry,
    certificates,
    now: rt.clock.now,
  });
  reports = new DecisionReports(decisions, signer);
});

const bytes = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);

describe('bulk import from CSV', () => {
  it('reports every failing row and column at once and records nothing', async () => {
    rt.clock.set('2025-12-31T02:00:00Z');
    const e = (await importDecisionFile(
      decisions,
      UNIT_A,
      bytes([
        HEADER,
        csvRow(1, '2025-03-01'),
        csvRow(2, '2025/13/01'),
        csvRow(3, '2025-03-01').replace('E001；E002', 'X1'),
      ]),
      'd.csv',
    ).catch((x: unknown) => x)) as AppError;
    expect(e).toBeInstanceOf(AppError);
    const errors = (e.details as { errors: Array<{ row: number; column?: string; code: string }> }).errors;
    expect(errors.map((x) => [x.row, x.column])).toEqual([
      [3, '决定日期'],
      [4, '执法证号'],
      [4, '执法证号'],
    ]);
    expect((await decisions.byNumber('阜环罚〔2025〕1号')).items).toEqual([]);
  });

  it('records a year of decisions from one file, published with the deadline clock', async () => {
    const lines = [HEADER];
    // 120 decisions through 2025: penalties and licences, one every three days.
    for (let i = 1; i <= 120; i++) {
      const day = new Date(Date.UTC(2025, 0, 2 + i * 3)).toISOString().slice(0, 10);
      lines.push(csvRow(i, day, i % 4 === 0 ? '行政许可' : '行政处罚', i % 5 === 0 ? 300000 : 20000));
    }
    const result = await importDecisionFile(decisions, UNIT_A, bytes(lines), 'year.csv', { publish: true });
    expect(result).toMatchObject({ recorded: 120, published: 120, exempt: 0 });
    expect(result.salts).toHaveLength(120);
  });
});

describe('signed zero statements and the yearly report', () => {
  it('signs a month statement and shows what is missing', async () => {
    const statement = await reports.stateMonth(
      UNIT_A,
      '2025-02',
      { 行政处罚: 12, 行政许可: 3, 行政强制: 0 },
      'editor-1',
    );
    const { contentHash: _h, signature, ...body } = statement;
    const x = Buffer.from(await signer.publicKey()).toString('base64url');
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    expect(verify(null, Buffer.from(canonicalJson(body)), key, Buffer.from(signature.value, 'base64'))).toBe(true);
    const check = await reports.checkMonth(UNIT_A, '2025-02');
    const penalties = check.byType.find((t) => t.type === '行政处罚')!;
    expect(penalties.stated).toBe(12);
    expect(penalties.missing).toBe(12 - penalties.recorded);
    expect(check.byType.find((t) => t.type === '行政强制')).toMatchObject({ stated: 0, recorded: 0, missing: 0 });
  });

  it(
    'computes the report from the registry, matching an independent count, and appears by ' + 'itself in January',
    async () => {
      rt.clock.set('2026-01-05T02:00:00Z');
      expect(await runDailyJob({ decisions, reports, registry: rt.registry })).toMatchObject({ reports: 1 });
      expect(await runDailyJob({ decisions, reports, registry: rt.registry })).toMatchObject({ reports: 0 });
      const report = (await reports.latestReport(UNIT_A, 2025))!;
      const county = (await reports.latestRegionReport('210900', 2025))!;
      expect(county).toMatchObject({ version: 1, units: [{ unit: UNIT_A, version: 1 }], byType: report.byType });
      let penalties = 0;
      let licences = 0;
      let fines = 0;
      for (let i = 1; i <= 120; i++) {
        if (i % 4 === 0) licences++;
        else {
          penalties++;
          fines += i % 5 === 0 ? 300000 : 20000;
        }
      }
      expect(report.byType.行政处罚).toBe(penalties);
      expect(report.byType.行政许可).toBe(licences);
      expect(report.penalties).toMatchObject({ count: penalties, fineYuan: fines });
      expect(report).toMatchObject({ version: 1, published: 120, withdrawn: 0, zeroStatements: 1 });
      // Imported on 2025-12-31, every decision before mid-December was published late.
      expect(report.latePublications).toBeGreaterThan(100);
    },
  );
});
