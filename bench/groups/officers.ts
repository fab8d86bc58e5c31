/**
 * Certificates at 100,000 in one region (10,000 under --quick): the check by number through the real app
 * (warm p95; its DynamoDB requests, target one GetItem), and the signed status list of the whole region
 * (time and memory; targets ≤ 2 s and ≤ 200 MB). Lists are published through the stream store; the
 * certificate index is derived for five units only (a check is one GetItem whatever the index holds).
 */
import { performance } from 'node:perf_hooks';
import { createRuntime } from '../../shared/app/runtime.js';
import { countRequests } from '../../testing/request-counter.js';
import { demoUscc } from '../../shared/features/demo/generate.js';
import { Ed25519Signer } from '../../shared/features/ledger/model/signer.js';
import { generateOfficers } from '../../shared/features/officers/index.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { verdict, type Row } from '../lib/report.js';
import { fmt, mib, spread, summarize } from '../lib/stats.js';
import { describeRequests } from '../lib/engine.js';

const GROUP = 'Certificates (执法证)';
const REGION = '330681';

export async function run(ctx: BenchContext): Promise<Row[]> {
  const total = pick(ctx, 100_000, 10_000);
  const unitCount = pick(ctx, 100, 20);
  const tableName = await ctx.engine.table('officers');
  const client = ctx.engine.client();
  const requests = countRequests(client);
  const rt = createRuntime(
    { tableName, endpoint: ctx.engine.endpoint, region: 'cn-north-1' },
    { client, certificateSigner: Ed25519Signer.generate('bench') },
  );
  const units = Array.from({ length: unitCount }, (_, i) => ({
    uscc: demoUscc(REGION, 9000 + i),
    regionCode: REGION,
    domain: '综合执法',
    name: `诸暨市第${i + 1}执法局（示例）`,
  }));
  const lists = generateOfficers({
    seed: 1,
    year: 2024,
    units,
    officers: total - 100,
    supervision: 100,
    issuedInYear: Math.round(total * 0.4),
    cancelled: Math.round(total * 0.04),
    suspended: 50,
    expired: Math.round(total * 0.01),
  });
  ctx.log(`certificates: publishing ${fmt(total, 0)} certificates in ${unitCount} units`);
  const common = { status: 'published' as const, publishedBy: 'bench', source: 'bench', effectiveFrom: '2024-01-01' };
  for (const u of units) {
    const entity = { name: u.name, uscc: u.uscc, nature: '法定行政机关', regionCode: REGION, status: 'active' };
    await rt.store.publish({ ...common, uscc: u.uscc, regionCode: REGION, stream: 'entity', items: [entity] });
    await rt.store.publish({
      ...common,
      uscc: u.uscc,
      regionCode: REGION,
      stream: 'officers',
      items: lists.get(u.uscc)!,
    });
  }
  const indexed = units.slice(0, 5);
  for (const u of indexed) await rt.officers.rebuild(u.uscc);
  const numbers = indexed.flatMap((u) => lists.get(u.uscc)!.map((o) => String(o.certificateNumber)));

  // Check by number: warm p95 over distinct numbers, and the requests one cold check sends.
  const check = async (n: string) => {
    const res = await rt.app.request(`/v1/certificates/${n}?at=2024-06-01`);
    if (res.status !== 200) throw new Error(`check ${n} answered ${res.status}`);
    await res.json();
  };
  requests.reset();
  await check(numbers[0]!);
  const oneCheck = requests.snapshot();
  for (const n of numbers.slice(1, 50)) await check(n);
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const n = numbers[(i * 7919) % numbers.length]!;
    const t = performance.now();
    await check(n);
    samples.push(performance.now() - t);
  }
  const s = summarize(samples);
  const rows: Row[] = [
    {
      group: GROUP,
      figure: `certificate check p95 at ${fmt(total, 0)} certificates in a region`,
      value: s.p95,
      unit: 'ms',
      detail: `${spread(s, 'ms')}; one check sends ${describeRequests(oneCheck)}`,
      reference: 'target p95 ≤ 20 ms warm, one GetItem',
      ratio: s.p95 / 20,
      status:
        total >= 100_000
          ? verdict(s.p95 <= 20 && describeRequests(oneCheck) === describeRequests({ GetItemCommand: 1 }))
          : 'info',
    },
  ];

  // Status list of the whole region: the signing run that stores it (the daily job, or after a publication:
  // every certificate read, signed once per region prefix), then the route serving the stored bytes.
  const publisher = rt.officers.publisher;
  if (!publisher) throw new Error('the bench runtime has no certificate signer');
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const base = process.memoryUsage().rss;
  const signedAt = performance.now();
  const run = await publisher.publishAll();
  const signMs = performance.now() - signedAt;
  clearInterval(sampler);
  const grew = mib(peak - base);
  const serveTimes: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const res = await rt.app.request(`/v1/certificates/status-list?region=${REGION}`);
    const text = await res.text();
    serveTimes.push(performance.now() - t);
    bytes = text.length;
    if (res.status !== 200) throw new Error(`status list answered ${res.status}`);
  }
  const served = summarize(serveTimes);
  rows.push({
    group: GROUP,
    figure: `status list generation for ${fmt(total, 0)} certificates`,
    value: signMs,
    unit: 'ms',
    detail:
      `signed and stored for ${run.regions.length} region prefixes (${fmt(run.certificates, 0)} entries); ` +
      `${fmt(mib(bytes), 1)} MiB for the county; RSS grew ${fmt(grew, 0)} MiB; serving the stored list ` +
      `p50 ${fmt(served.p50, 0)} ms`,
    reference: 'target ≤ 2 s, ≤ 200 MB',
    ratio: signMs / 2000,
    status: total >= 100_000 ? verdict(signMs <= 2000 && grew <= 200) : 'info',
  });
  return rows;
}
