/**
 * 双随机 draws (issue #17): importing a 100,000-target directory from CSV through the service the
 * demo and the unit use (`importTargets`: parse, validate, publish a list version; target ≥ 5,000/s),
 * then the sampler (docs/random-draws.md) over 100,000 targets and 1,000 inspectors, two inspectors
 * per target (target: a draw in ≤ 1 s). Scheme v2 hashes every inspector for every drawn target
 * (100,000 + count × 1,000 SHA-256 digests); v3, which new draws use, one block per drawn target
 * (100,000 + count). Each row is the minimum of 3 runs, with CPU time and the load average.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { verdict, type Row } from '../lib/report.js';
import { entityKind } from '../../shared/core/kinds/index.js';
import { importTargets, runSampler, type SamplerScheme } from '../../shared/features/inspections/index.js';
import { targetsCsv, targetUscc } from '../../testing/inspections.js';

const GROUP = 'Random-inspection draws (sampler, in-process)';

const UNIT = '11210900155967021X';

/** One import of an n-row directory CSV on a fresh table, as targets per second. */
async function importRow(ctx: BenchContext): Promise<Row> {
  const n = pick(ctx, 100_000, 10_000);
  const rt = await ctx.engine.runtime({ cacheBytes: 0 });
  await rt.registry.publish({
    uscc: UNIT,
    stream: entityKind.id,
    status: 'published',
    publishedBy: 'bench',
    source: 'bench',
    effectiveFrom: '2020-01-01',
    items: [
      {
        name: '示例市场监督管理局',
        uscc: UNIT,
        nature: '法定行政机关',
        domain: '市场监管',
        regionCode: '431202',
        authorityBasis: '示例',
        address: '示例',
        phone: '0418-0000000',
        complaintChannel: '12315',
        status: 'active',
      },
    ],
  });
  const bytes = targetsCsv(n);
  ctx.log(`draws: importing a ${n}-target directory (${bytes.length} bytes of CSV)`);
  const t0 = performance.now();
  const result = await importTargets(rt.registry, {
    uscc: UNIT,
    bytes,
    effectiveFrom: '2024-01-01',
    publishedBy: 'bench',
    source: 'bench',
  });
  const seconds = (performance.now() - t0) / 1000;
  if (result.itemCount !== n) throw new Error(`imported ${result.itemCount} of ${n}`);
  const perSecond = n / seconds;
  return {
    group: GROUP,
    figure: `import a ${n.toLocaleString('en-US')}-target directory (CSV, validated, published as a list version)`,
    value: Math.round(perSecond),
    unit: 'targets/s',
    detail: `${seconds.toFixed(2)} s`,
    reference: 'target ≥ 5,000/s',
    ratio: perSecond / 5000,
    status: verdict(perSecond >= 5000),
  };
}

/** Digests a draw computes (docs/random-draws.md, What a draw costs); v3's rare rejected words are left out. */
const digests = (scheme: SamplerScheme, targets: number, count: number, inspectors: number, perTarget: number) =>
  targets + count * (scheme === 'gongshi-draw-v3' ? Math.ceil(perTarget / 8) : inspectors);

/** One draw of `count` from the directory, `runs` times: the minimum wall and CPU times. */
function drawRow(scheme: SamplerScheme, count: number, runs: number, targets: string[], inspectors: string[]): Row {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuBefore = process.cpuUsage();
    const t = performance.now();
    const outcome = runSampler({
      scheme,
      salt: createHash('sha256').update(`bench salt ${run}`).digest(),
      commitmentHash: createHash('sha256').update(`bench commitment ${run}`).digest(),
      randomness: createHash('sha256').update(`bench randomness ${run}`).digest(),
      targets,
      inspectors,
      count,
      inspectorsPerTarget: 2,
    });
    wall.push(performance.now() - t);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    if (outcome.targets.length !== count) throw new Error(`drew ${outcome.targets.length} of ${count}`);
  }
  const minWall = Math.min(...wall);
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return {
    group: GROUP,
    figure: `draw ${count.toLocaleString('en-US')} of 100,000 targets, 1,000 inspectors (${scheme})`,
    value: minWall,
    unit: 'ms',
    // CPU time is less sensitive than wall time to the other processes sharing the machine.
    detail:
      `min of ${runs}; CPU min ${Math.round(Math.min(...cpu))} ms; load ${load}; ` +
      `${digests(scheme, targets.length, count, inspectors.length, 2).toLocaleString('en-US')} SHA-256 digests`,
    reference: 'target ≤ 1,000 ms',
    ratio: minWall / 1000,
    status: verdict(minWall <= 1000),
  };
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [await importRow(ctx)];
  const targets = Array.from({ length: 100_000 }, (_, i) => targetUscc(i + 1));
  const inspectors = Array.from({ length: 1_000 }, (_, i) => `湘执${String(i).padStart(6, '0')}`);
  // New draws use v3; v2 (every inspector scored for every drawn target) is shown beside it in the full run.
  for (const count of pick(ctx, [100, 1_000, 3_000], [1_000, 3_000]))
    rows.push(drawRow('gongshi-draw-v3', count, 3, targets, inspectors));
  for (const count of pick(ctx, [1_000, 3_000], []))
    rows.push(drawRow('gongshi-draw-v2', count, 3, targets, inspectors));
  return rows;
}
