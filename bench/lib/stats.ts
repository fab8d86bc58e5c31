/** Timing helpers: every timing is repeated after a warm-up and summarised as median and spread. */
import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times measured; returns milliseconds per run. */
export async function timeRuns(
  fn: (run: number) => unknown,
  options: { warmup: number; runs: number },
): Promise<Summary> {
  for (let i = 0; i < options.warmup; i++) await fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/** "12.3 ms (p95 14.0, min 11.9, max 15.2, n=9)" */
export function spread(s: Summary, unit: string, digits = 1): string {
  const f = (v: number) => fmt(v, digits);
  return `p50 ${f(s.p50)} ${unit} (p95 ${f(s.p95)}, min ${f(s.min)}, max ${f(s.max)}, n=${s.n})`;
}

export function fmt(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const mib = (bytes: number) => bytes / (1024 * 1024);
