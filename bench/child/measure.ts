/**
 * Runs one task in a fresh process so its time and peak memory are its own:
 * `tsx bench/child/measure.ts <task> <args-json>` prints one JSON line.
 * A task module exports prepare(args) (not measured) and run(state) (measured).
 */
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from '../lib/stats.js';

export interface TaskModule<S = unknown> {
  prepare(args: Record<string, unknown>): Promise<S>;
  /** Returns a short check string (e.g. "20000 items"), or throws if the result is wrong. */
  run(state: S): Promise<string>;
}

export interface ChildResult {
  time: Summary;
  check: string;
  /** RSS after prepare, before the first run (bytes). */
  rssBefore: number;
  /** Peak RSS of the process over all runs (bytes). */
  peakRss: number;
}

const tasks: Record<string, () => Promise<TaskModule<any>>> = {
  parse: () => import('../tasks/parse.js'),
  export: () => import('../tasks/export.js'),
};

async function main(): Promise<void> {
  const [name, json] = process.argv.slice(2);
  const load = tasks[name!];
  if (!load) throw new Error(`unknown task ${name}`);
  const args = JSON.parse(json ?? '{}') as Record<string, unknown> & { warmup?: number; runs?: number };
  const task = await load();
  const state = await task.prepare(args);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let check = '';
  for (let i = 0; i < (args.warmup ?? 1); i++) await task.run(state);
  const samples: number[] = [];
  for (let i = 0; i < (args.runs ?? 3); i++) {
    const t0 = performance.now();
    check = await task.run(state);
    samples.push(performance.now() - t0);
  }
  // ru_maxrss is in kilobytes on Linux: the high-water mark of the whole process.
  const result: ChildResult = {
    time: summarize(samples),
    check,
    rssBefore,
    peakRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
