/**
 * 事后公示 at scale: bulk import of decisions from CSV (target ≥ 2,000 per second), lookup by the party's credit
 * code (target p95 ≤ 20 ms warm), and the daily expiry job (reads only the decisions due that day).
 * Full run: 100,000 decisions in one county (the 1,000,000 of the target is not built here: import time).
 */
import { entityKind } from '../../shared/core/kinds/index.js';
import { usccCheckCharacter } from '../../shared/core/uscc.js';
import {
  Decisions,
  DecisionStore,
  importDecisionFile,
  type CertificateLookup,
} from '../../shared/features/decisions/index.js';
import { LogEventQueue } from '../../shared/features/ledger/index.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { describeRequests } from '../lib/engine.js';
import { verdict, type Row } from '../lib/report.js';
import { fmt, spread, timeRuns } from '../lib/stats.js';

const GROUP = 'Decisions (事后公示)';
const UNIT = '11210900155967021X';

const anyCertificate: CertificateLookup = {
  async certificateOn(n) {
    return {
      certificateNumber: n,
      name: n,
      uscc: UNIT,
      regionCode: '210900',
      certificateType: '行政执法证',
      category: '综合执法',
      issuedOn: '2020-01-01',
      validUntil: '2030-12-31',
      status: '有效',
      validOnDate: true,
    };
  },
  async validOfficers() {
    return [];
  },
};

/** Parties repeat: 1 company per 20 decisions, so a credit-code lookup returns about 20. */
const party = (i: number) => {
  const first17 = `91210900MA${String(Math.floor(i / 20)).padStart(7, '0')}`;
  return `${first17}${usccCheckCharacter(first17)}`;
};

function csv(n: number): Uint8Array {
  const lines = [
    '决定书文号,决定类型,当事人名称,当事人类型,统一社会信用代码,主要违法事实,依据,处罚种类,罚款金额,决定内容,程序,决定日期,执法证号',
  ];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2025, 0, 1 + (i % 360))).toISOString().slice(0, 10);
    lines.push(
      [
        `阜综罚〔2025〕${i + 1}号`,
        '行政处罚',
        `示例企业${Math.floor(i / 20)}有限公司`,
        '法人',
        party(i),
        '未按规定履行义务',
        '《示例条例》第十条',
        '罚款',
        String(20000 + (i % 7) * 1000),
        '罚款',
        '普通',
        day,
        'E1；E2',
      ].join(','),
    );
  }
  return new TextEncoder().encode(lines.join('\n'));
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const n = pick(ctx, 100_000, 5_000);
  let now = new Date('2025-12-31T02:00:00Z');
  const rt = await ctx.engine.runtime({ cacheBytes: 0, clock: () => now });
  await rt.registry.publish({
    uscc: UNIT,
    stream: entityKind.id,
    status: 'published',
    publishedBy: 'bench',
    source: 'bench',
    effectiveFrom: '2020-01-01',
    items: [
      {
        name: '阜新市综合行政执法局（示例）',
        uscc: UNIT,
        nature: '法定行政机关',
        domain: '综合执法',
        regionCode: '210900',
        authorityBasis: '示例',
        address: '示例',
        phone: '0418-0000000',
        complaintChannel: '12345',
        status: 'active',
      },
    ],
  });
  const decisions = new Decisions({
    store: new DecisionStore(rt.client, rt.tableName),
    // As wired in the app: every decision the import publishes is queued for the transparency log.
    log: new LogEventQueue(rt.client, rt.tableName),
    registry: rt.registry,
    certificates: anyCertificate,
    now: () => now,
  });
  const rows: Row[] = [];

  const bytes = csv(n);
  ctx.log(`decisions: importing ${n}`);
  const t0 = performance.now();
  await importDecisionFile(decisions, UNIT, bytes, 'decisions.csv', { publish: true });
  const perSecond = n / ((performance.now() - t0) / 1000);
  rows.push({
    group: GROUP,
    figure: `bulk import of ${n.toLocaleString('en')} decisions (CSV, validated, published)`,
    value: Math.round(perSecond),
    unit: 'decisions/s',
    reference: 'target ≥ 2,000/s',
    ratio: perSecond / 2000,
    status: verdict(perSecond >= 2000),
  });

  let found = 0;
  let k = 0;
  const s = await timeRuns(
    async () => {
      found = (await decisions.byParty(party((k++ * 7919) % n))).items.length;
    },
    { warmup: 20, runs: pick(ctx, 500, 100) },
  );
  const one = await rt.measure(() => decisions.byParty(party(0)));
  rows.push({
    group: GROUP,
    figure: `lookup by party credit code (${n.toLocaleString('en')} decisions in the county)`,
    value: s.p95,
    unit: 'ms p95',
    detail: `${spread(s, 'ms')}; ${found} found; ${describeRequests(one.requests)}`,
    reference: 'target p95 ≤ 20 ms warm (at 1,000,000)',
    ratio: s.p95 / 20,
    status: verdict(s.p95 <= 20),
  });

  // The credit-repair periods run 12 months from the decision date: on 2026-03-01 exactly the decisions of
  // 2025-03-01 expire (one 360th of the set).
  now = new Date('2026-02-28T02:00:00Z');
  await decisions.runExpiry('2026-02-28');
  const due = (await new DecisionStore(rt.client, rt.tableName).expiringBetween('2026-03-01', '2026-03-01')).length;
  const job = await rt.measure(() => decisions.runExpiry('2026-03-01'));
  rows.push({
    group: GROUP,
    figure: 'daily expiry job',
    value: job.result.expired,
    unit: 'decisions expired',
    detail:
      `${due} due of ${n.toLocaleString('en')}; ${describeRequests(job.requests)}; ` +
      `${fmt(job.capacity.read ?? 0)} RCU`,
    reference: 'reads only the decisions due that day',
    status: verdict(job.result.expired === due),
  });
  return rows;
}
