/** What every measurement group receives. */
import type { BenchEngine } from './engine.js';

export interface BenchOptions {
  quick: boolean;
  engine: 'dynalite' | 'dynamodb-local';
  /** Only these groups (all when empty). */
  only: string[];
  /** Where results are written. */
  outDir: string;
}

export interface BenchContext {
  options: BenchOptions;
  engine: BenchEngine;
  /** Progress on stderr, so stdout stays the report. */
  log(message: string): void;
  /** A scratch directory removed at the end. */
  tmp: string;
  /** Datasets published once per run and shared by groups (see lib/datasets.ts). */
  datasets: Map<string, Promise<unknown>>;
}

/** Full-run value, or the quick one under --quick. */
export const pick = <T>(ctx: BenchContext, full: T, quick: T): T => (ctx.options.quick ? quick : full);
