/**
 * 双随机 draws: the sampler (docs/random-draws.md) over 100,000 targets and 1,000
 * inspectors, two inspectors per target. Target: a draw in ≤ 1 s. The inspector ranking
 * hashes every inspector for every drawn target, so the time grows with the count drawn.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { verdict, type Row } from '../lib/report.js';
import { runSampler } from '../../shared/features/inspections/index.js';
import { targetUscc } from '../../testing/inspections.js';

const GROUP = 'Random-inspection draws (sampler, in-process)';

export async function run(ctx: BenchContext): Promise<Row[]> {
  const targets = Array.from({ length: 100_000 }, (_, i) => targetUscc(i + 1));
  const inspectors = Array.from({ length: 1_000 }, (_, i) => `湘执${String(i).padStart(6, '0')}`);
  const rows: Row[] = [];
  for (const count of pick(ctx, [100, 1_000, 3_000], [100])) {
    const samples: number[] = [];
    for (let run = 0; run < pick(ctx, 3, 1); run++) {
      const t = performance.now();
      const outcome = runSampler({
        commitmentHash: createHash('sha256').update(`bench commitment ${run}`).digest(),
        randomness: createHash('sha256').update(`bench randomness ${run}`).digest(),
        targets,
        inspectors,
        count,
        inspectorsPerTarget: 2,
      });
      samples.push(performance.now() - t);
      if (outcome.targets.length !== count) throw new Error(`drew ${outcome.targets.length} of ${count}`);
    }
    const median = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
    rows.push({
      group: GROUP,
      figure: `draw ${count.toLocaleString('en-US')} of 100,000 targets, 1,000 inspectors`,
      value: median,
      unit: 'ms',
      detail: `median of ${samples.length}`,
      reference: 'target ≤ 1,000 ms',
      ratio: median / 1000,
      status: verdict(median <= 1000),
    });
  }
  return rows;
}
