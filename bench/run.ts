/**
 * `npm run bench [-- --quick] [--engine dynamodb-local] [--only cost,http]`
 *
 * Measures the registry against its floors and targets in one run on one
 * machine and writes bench/results/. Exits non-zero only when the harness could
 * not run (engine failed, a measurement threw); missed targets are results.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseOptions } from './lib/args.js';
import type { BenchContext } from './lib/context.js';
import { BenchEngine } from './lib/engine.js';
import { ROOT } from './lib/root.js';
import { toMarkdown, writeResults, type Row, type RunInfo } from './lib/report.js';
import { groups } from './groups/index.js';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const log = (m: string) =>
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);
  log(`${options.quick ? 'quick' : 'full'} run on ${options.engine}`);
  const engine = await BenchEngine.start(options.engine);
  const tmp = mkdtempSync(join(tmpdir(), 'gongshi-bench-'));
  const ctx: BenchContext = { options, engine, log, tmp, datasets: new Map() };
  const rows: Row[] = [];
  const groupSeconds: Record<string, number> = {};
  let failed = 0;
  try {
    for (const g of groups) {
      if (options.only.length && !options.only.includes(g.id)) continue;
      const t0 = performance.now();
      try {
        rows.push(...(await g.run(ctx)));
      } catch (e) {
        // A measurement that throws is a harness failure: record it and exit non-zero at the end.
        failed++;
        const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
        log(`${g.id} failed: ${message}`);
        rows.push({
          group: g.title,
          figure: `${g.id} group`,
          status: 'error',
          reason: message.split('\n')[0]!.slice(0, 300),
        });
      }
      groupSeconds[g.id] = Math.round((performance.now() - t0) / 100) / 10;
      log(`${g.id} done in ${groupSeconds[g.id]} s`);
    }
  } finally {
    await engine.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  const info: RunInfo = {
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : options.only.length ? 'partial' : 'full',
    engine: options.engine,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    commit: gitCommit(),
    seconds: Math.round((performance.now() - started) / 1000),
    groupSeconds,
  };
  const written = writeResults(options.outDir, rows, info);
  process.stdout.write(toMarkdown(rows, info));
  log(`wrote ${written.markdown} and ${written.json}${written.history ? `, appended to ${written.history}` : ''}`);
  return failed ? 1 : 0;
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('bench could not run:', e);
    process.exit(1);
  },
);
