/**
 * Heavy path: parse and validate a 20,000-row XLSX and a 20,000-row GB18030 CSV
 * with the importer, each in a fresh process so its peak memory is its own.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findKind } from '../../shared/core/kinds/index.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { measureInChild } from '../lib/child.js';
import { oneList } from '../lib/data.js';
import { gb18030Csv, xlsx } from '../lib/files.js';
import type { Row } from '../lib/report.js';
import { fmt, mib, spread } from '../lib/stats.js';

const GROUP = 'Import: parse and validate';
const KIND = 'inspection-items';

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows = pick(ctx, 20_000, 2_000);
  const figures = [`XLSX, ${rows.toLocaleString('en-US')} rows`, `GB18030 CSV, ${rows.toLocaleString('en-US')} rows`];
  const kind = findKind(KIND)!;
  const items = oneList(rows).lists[KIND]!;
  ctx.log(`imports: writing ${rows} rows as XLSX and CSV`);
  const files = [
    { figure: figures[0]!, path: join(ctx.tmp, `${KIND}.xlsx`), bytes: await xlsx(kind, items) },
    { figure: figures[1]!, path: join(ctx.tmp, `${KIND}.csv`), bytes: gb18030Csv(kind, items) },
  ];
  const out: Row[] = [];
  for (const f of files) {
    writeFileSync(f.path, f.bytes);
    ctx.log(`imports: ${f.figure}`);
    const r = await measureInChild('parse', {
      file: f.path,
      kind: KIND,
      expected: rows,
      warmup: 1,
      runs: pick(ctx, 3, 2),
    });
    out.push({
      group: GROUP,
      figure: `${f.figure} (${fmt(mib(f.bytes.length), 1)} MiB)`,
      value: r.time.p50,
      unit: 'ms',
      detail:
        `${spread(r.time, 'ms', 0)}; peak RSS ${fmt(mib(r.peakRss), 0)} MiB ` +
        `(${fmt(mib(r.peakRss - r.rssBefore), 0)} MiB over the process before parsing); ` +
        `${r.check}`,
      reference: 'no target set (time and peak memory reported)',
      status: 'info',
    });
  }
  return out;
}
