/**
 * Heavy path: parse and validate a 20,000-row XLSX and a 20,000-row GB18030 CSV in the template's layout, a
 * 20,000-row XLSX laid out as governments publish lists (titles, spaced headings, section rows, a column of no field)
 * against its target (≤ 2 s, ≤ 150 MB growth of peak RSS), and the 141,000-row workbook of the row-limit attack,
 * which must be refused (≤ 1 s, ≤ 100 MB growth); each in a fresh process so its peak memory is its own.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findKind } from '../../shared/core/kinds/index.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { measureInChild } from '../lib/child.js';
import { oneList } from '../lib/data.js';
import { gb18030Csv, realLayoutXlsx, smallRowsXlsx, xlsx } from '../lib/files.js';
import { verdict, type Row } from '../lib/report.js';
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
  out.push(...(await targets(ctx)));
  return out;
}

const MB = 1_000_000;

/** The rows the importer has targets for: a real-layout list parsed, and the row-limit workbook refused. */
async function targets(ctx: BenchContext): Promise<Row[]> {
  const rows = pick(ctx, 20_000, 2_000);
  const attack = 141_000;
  const cases = [
    {
      figure: `Real-layout XLSX (titles, 法 律 依 据, section rows, extra column), ${rows.toLocaleString('en-US')} rows`,
      file: join(ctx.tmp, 'no-penalty-real-layout.xlsx'),
      bytes: await realLayoutXlsx(rows),
      args: { kind: 'no-penalty', expected: rows },
      // The targets are for 20,000 rows; a quick run's smaller file is reported, not judged.
      limits: ctx.options.quick ? undefined : { ms: 2000, growth: 150 * MB },
      reference: '≤ 2 s and ≤ 150 MB peak-RSS growth at 20,000 rows',
    },
    {
      figure: `Row-limit workbook, ${attack.toLocaleString('en-US')} small rows, refused (TOO_MANY_ROWS)`,
      file: join(ctx.tmp, 'no-penalty-141000-rows.xlsx'),
      bytes: await smallRowsXlsx(attack),
      args: { kind: 'no-penalty', expected: 0, refusedWith: 'TOO_MANY_ROWS' },
      limits: { ms: 1000, growth: 100 * MB },
      reference: 'refused in ≤ 1 s with ≤ 100 MB peak-RSS growth',
    },
  ];
  const out: Row[] = [];
  for (const c of cases) {
    writeFileSync(c.file, c.bytes);
    ctx.log(`imports: ${c.figure}`);
    const r = await measureInChild('parse', { file: c.file, ...c.args, warmup: 1, runs: pick(ctx, 3, 2) });
    const growth = r.peakRss - r.rssBefore;
    out.push({
      group: GROUP,
      figure: `${c.figure} (${fmt(mib(c.bytes.length), 1)} MiB)`,
      value: r.time.p50,
      unit: 'ms',
      detail:
        `${spread(r.time, 'ms', 0)}; peak RSS ${fmt(mib(r.peakRss), 0)} MiB ` +
        `(${fmt(growth / MB, 0)} MB over the process before parsing); ${r.check}`,
      reference: c.reference,
      status: verdict(c.limits ? r.time.p50 <= c.limits.ms && growth <= c.limits.growth : undefined),
    });
  }
  return out;
}
