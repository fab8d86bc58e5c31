/**
 * Certificates at 100,000 in one region (10,000 under --quick): the check by number through the real app
 * (warm p95; its DynamoDB requests, target one GetItem), and the signed status list of the whole region
 * (time and memory; targets ≤ 2 s and ≤ 200 MB). Lists are published through the stream store and each
 * version's status projection written, as the publish hook does; the certificate index is derived for five
 * units only (a check is one GetItem whatever the index holds).
 */
import { performance } from 'node:perf_hooks';
import { createRuntime, type Runtime } from '../../shared/app/runtime.js';
import { countRequests, type RequestCounter } from '../../testing/request-counter.js';
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
const GENERATION_RUNS = 4;

interface Generation {
  cpuMs: number;
  wallMs: number;
  rssGrowthMiB: number;
  requests: Record<string, number>;
  regions: number;
  entries: number;
}

/** One `publishAll` run: CPU (user + system) and wall time, peak RSS growth, and the requests it sent. */
async function measureGeneration(rt: Runtime, requests: RequestCounter): Promise<Generation> {
  const publisher = rt.officers.publisher;
  if (!publisher) throw new Error('the bench runtime has no certificate signer');
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  requests.reset();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const run = await publisher.publishAll();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    cpuMs: (used.user + used.system) / 1000,
    wallMs,
    rssGrowthMiB: mib(peak - base),
    requests: requests.snapshot(),
    regions: run.regions.length,
    entries: run.certificates,
  };
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const total = pick(ctx, 100_000, 10_000);
  const unitCount = pick(ctx, 100, 20);
  const tableName = await ctx.engine.table('officers');
  const client = ctx.engine.client();
  const requests = countRequests(client);
  const signer = Ed25519Signer.generate('bench');
  const rt = createRuntime(
    { tableName, endpoint: ctx.engine.endpoint, region: 'cn-north-1' },
    { client, certificateSigner: signer },
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
    // What the publish hook does after an officers list commits: the version's status projection is written.
    await rt.officers.project(u.uscc);
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

  // Status list of the whole region, as the daily job runs it: in a fresh runtime (no cached content), every
  // version's status projection read, signed once per region prefix, stored. The first run after publishing is
  // reported apart from the runs after it (it also writes what later runs read: the lists' parts, and the
  // projection of a version without one); CPU is this process's user + system time, which includes dynalite's.
  // Then the route serving the stored bytes.
  const generations: Generation[] = [];
  for (let i = 0; i < GENERATION_RUNS; i++) {
    const fresh = createRuntime(
      { tableName, endpoint: ctx.engine.endpoint, region: 'cn-north-1' },
      { client, certificateSigner: signer },
    );
    generations.push(await measureGeneration(fresh, requests));
  }
  const [first, ...later] = generations as [Generation, ...Generation[]];
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
  const cpu = Math.min(...later.map((g) => g.cpuMs));
  const wall = summarize(later.map((g) => g.wallMs));
  const grew = Math.max(...generations.map((g) => g.rssGrowthMiB));
  rows.push({
    group: GROUP,
    figure: `status list generation for ${fmt(total, 0)} certificates`,
    value: cpu,
    unit: 'ms CPU',
    detail:
      `min of ${later.length} runs after the first: CPU ${fmt(cpu, 0)} ms, wall ${spread(wall, 'ms', 0)}, ` +
      `${describeRequests(later[0]!.requests)}; first run after publishing: CPU ${fmt(first.cpuMs, 0)} ms, ` +
      `wall ${fmt(first.wallMs, 0)} ms, ${describeRequests(first.requests)}; ` +
      `signed and stored for ${first.regions} region prefixes (${fmt(first.entries, 0)} entries); ` +
      `${fmt(mib(bytes), 1)} MiB for the county; RSS grew at most ${fmt(grew, 0)} MiB in a run; ` +
      `serving the stored list p50 ${fmt(served.p50, 0)} ms`,
    reference: 'target ≤ 2 s, ≤ 200 MB',
    ratio: cpu / 2000,
    status: total >= 100_000 ? verdict(cpu <= 2000 && grew <= 200) : 'info',
  });
  return rows;
}
