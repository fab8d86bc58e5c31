/**
 * The one harness tests and the benchmark share: a fresh table on a running engine, a real SDK client whose
 * requests are counted, and the full runtime over it with an injected clock.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from '../shared/platform/dynamodb/client.js';
import { ensureTable } from '../shared/platform/dynamodb/ensure-table.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { countRequests, type RequestCounter } from './request-counter.js';

export interface CountedRuntime extends Runtime {
  tableName: string;
  endpoint: string;
  requests: RequestCounter;
}

export interface CountedRuntimeOptions {
  endpoint: string;
  /** An existing table; absent, a new one named `<tablePrefix>_<random>` is created. */
  tableName?: string;
  tablePrefix?: string;
  /** Content cache size; 0 sends every read to the engine (cost figures use it). */
  cacheBytes?: number;
  clock?: () => Date;
  /** Called with the client before the runtime is built (e.g. to meter consumed capacity). */
  instrument?: (client: ReturnType<typeof createClient>) => void;
}

export async function createCountedRuntime(options: CountedRuntimeOptions): Promise<CountedRuntime> {
  const { endpoint } = options;
  const client = createClient({ endpoint, region: 'cn-north-1' });
  const tableName = options.tableName ?? `${options.tablePrefix ?? 't'}_${randomBytes(6).toString('hex')}`;
  if (!options.tableName) await ensureTable(client, tableName);
  const requests = countRequests(client);
  options.instrument?.(client);
  const runtime = createRuntime(
    { tableName, endpoint, region: 'cn-north-1' },
    { client, cacheBytes: options.cacheBytes, ...(options.clock ? { clock: options.clock } : {}) },
  );
  return { ...runtime, tableName, endpoint, requests };
}
