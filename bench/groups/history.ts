/**
 * Heavy history paths: diff two 10,000-item versions (target < 200 ms)
 * and stream a 100,000-item region export whose memory must stay flat.
 */
import { diffVersions } from '../../shared/core/diff.js';
import { findKind } from '../../shared/core/kinds/index.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { measureInChild } from '../lib/child.js';
import { oneList } from '../lib/data.js';
import { regionDataset } from '../lib/datasets.js';
import { verdict, type Row } from '../lib/report.js';
import { fmt, mib, spread, timeRuns } from '../lib/stats.js';

const GROUP = 'History: diff and export';
const KIND = 'inspection-items';

/** A realistic revision: 2% edited, 1% removed, 1% added, a block moved. */
function revise(items: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  const next = items
    .filter((_, i) => i % 100 !== 7)
    .map((it, i) => (i % 50 === 3 ? { ...it, frequency: '每半年1次', name: `${String(it.name)}（修订）` } : it));
  const moved = next.splice(100, 50);
  next.splice(next.length - 200, 0, ...moved);
  for (let k = 0; k < items.length / 100; k++)
    next.push({ ...items[k]!, code: `JC-NEW-${String(k).padStart(5, '0')}`, name: `新增检查事项${k}` });
  return next.map((it, i) => ({ ...it, seq: i + 1 }));
}

async function diff(ctx: BenchContext): Promise<Row> {
  const figure = 'diff two 10,000-item versions';
  const reference = 'target < 200 ms';
  const kind = findKind(KIND)!;
  const a = oneList(10_000).lists[KIND]!;
  const b = revise(a);
  let summary: Record<string, number> = {};
  const s = await timeRuns(() => (summary = diffVersions(kind, a, b).summary), { warmup: 2, runs: pick(ctx, 15, 5) });
  return {
    group: GROUP,
    figure,
    value: s.p50,
    unit: 'ms',
    detail: `${spread(s, 'ms')}; ${Object.entries(summary)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    reference,
    ratio: s.p50 / 200,
    status: verdict(s.p50 < 200),
  };
}

async function exportFlat(ctx: BenchContext): Promise<Row[]> {
  const sizes = pick(ctx, [10_000, 100_000], [1_000, 10_000]);
  const large = sizes[1]!;
  const figure = `stream a ${large.toLocaleString('en-US')}-item region export (JSON Lines)`;
  const reference =
    `memory flat: peak growth at ${large.toLocaleString('en-US')} ≤ 1.5 × at ` +
    `${sizes[0]!.toLocaleString('en-US')} (+16 MiB)`;
  const results = [];
  for (const size of sizes) {
    const ds = await regionDataset(ctx, size);
    ctx.log(`history: export of ${ds.items} items`);
    const url = `/v1/export?${new URLSearchParams({ region: ds.regionCode, format: 'jsonl' })}`;
    const r = await measureInChild('export', {
      endpoint: ctx.engine.endpoint,
      tableName: ds.tableName,
      url,
      warmup: 1,
      runs: pick(ctx, 3, 1),
    });
    results.push({ size: ds.items, r, growth: r.peakRss - r.rssBefore });
  }
  const [small, big] = results as [(typeof results)[0], (typeof results)[0]];
  const flat = big.growth <= 1.5 * small.growth + 16 * 1024 * 1024;
  return [
    {
      group: GROUP,
      figure,
      value: big.r.time.p50,
      unit: 'ms',
      detail: `${spread(big.r.time, 'ms', 0)}; ${big.r.check}; ${fmt(big.size / (big.r.time.p50 / 1000), 0)} items/s`,
      reference: 'no time target',
      status: 'info',
    },
    {
      group: GROUP,
      figure: '  export peak memory growth',
      value: mib(big.growth),
      unit: 'MiB',
      detail:
        `at ${fmt(big.size)} items; ${fmt(mib(small.growth), 0)} MiB at ` +
        `${fmt(small.size)} items (peak RSS ${fmt(mib(big.r.peakRss), 0)} vs ` +
        `${fmt(mib(small.r.peakRss), 0)} MiB)`,
      reference,
      ratio: big.growth / Math.max(1, small.growth),
      status: verdict(flat),
    },
  ];
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  ctx.log('history: diff');
  return [await diff(ctx), ...(await exportFlat(ctx))];
}
