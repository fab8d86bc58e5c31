/**
 * The engine the benchmark runs against (dynalite in this process by default,
 * or AWS DynamoDB Local), and counted runtimes on fresh tables.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startEngine, type EngineName, type RunningEngine } from '../../shared/platform/local/engines.js';
import { createClient } from '../../shared/platform/dynamodb/client.js';
import type { RequestCounter } from '../../testing/request-counter.js';
import { createCountedRuntime } from '../../testing/counted-runtime.js';
import { ensureTable } from '../../shared/platform/dynamodb/ensure-table.js';
import type { Runtime } from '../../shared/app/runtime.js';
import { CapacityMeter, meterCapacity } from './capacity.js';

export interface CountedRuntime extends Runtime {
  tableName: string;
  endpoint: string;
  requests: RequestCounter;
  capacity: CapacityMeter;
  /** Runs `fn` with counters reset before; returns its result and what it cost. */
  measure<T>(fn: () => Promise<T>): Promise<{
    result: T;
    requests: Record<string, number>;
    total: number;
    capacity: { read: number; write: number; unreported: number };
  }>;
}

export class BenchEngine {
  private constructor(
    readonly engine: RunningEngine,
    private readonly clients: DynamoDBClient[] = [],
  ) {}

  static async start(name: EngineName): Promise<BenchEngine> {
    return new BenchEngine(await startEngine(name));
  }

  get endpoint(): string {
    return this.engine.endpoint;
  }

  get name(): string {
    return this.engine.name;
  }

  /**
   * Size of a string as this engine accounts it for pages and capacity. Real
   * DynamoDB (and DynamoDB Local) count UTF-8 bytes; dynalite counts UTF-16
   * code units, so Chinese text weighs about a third there. Floors use the
   * engine's own measure, so ratios compare like with like.
   */
  size(text: string): number {
    return this.name === 'dynalite' ? text.length : Buffer.byteLength(text);
  }

  /** How `size` counts, for the report. */
  get sizeUnit(): string {
    return this.name === 'dynalite' ? 'characters (dynalite counts UTF-16 units, not UTF-8 bytes)' : 'UTF-8 bytes';
  }

  client(): DynamoDBClient {
    const c = createClient({ endpoint: this.endpoint, region: 'cn-north-1' });
    this.clients.push(c);
    return c;
  }

  /** A fresh table, so every measurement starts from a known state. */
  async table(prefix = 'bench'): Promise<string> {
    const tableName = `${prefix}_${randomBytes(5).toString('hex')}`;
    await ensureTable(this.client(), tableName);
    return tableName;
  }

  /**
   * A runtime over `tableName` (a new table when absent) whose client counts
   * requests and consumed capacity. Cost figures use cacheBytes 0, so every
   * read reaches the engine.
   */
  async runtime(
    options: { tableName?: string; cacheBytes?: number; clock?: () => Date } = {},
  ): Promise<CountedRuntime> {
    const tableName = options.tableName ?? (await this.table());
    let capacity: CapacityMeter | undefined;
    const runtime = await createCountedRuntime({
      endpoint: this.endpoint,
      tableName,
      cacheBytes: options.cacheBytes,
      ...(options.clock ? { clock: options.clock } : {}),
      instrument: (client) => {
        this.clients.push(client);
        capacity = meterCapacity(client);
      },
    });
    const { requests } = runtime;
    const meter = capacity!;
    return {
      ...runtime,
      capacity: meter,
      async measure(fn) {
        requests.reset();
        meter.reset();
        const result = await fn();
        return { result, requests: requests.snapshot(), total: requests.total, capacity: meter.snapshot() };
      },
    };
  }

  async stop(): Promise<void> {
    for (const c of this.clients) c.destroy();
    await this.engine.stop();
  }
}

/** "1 GetItem + 2 Query" from counts by command. */
export function describeRequests(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([k, v]) => `${v} ${k.replace(/Command$/, '')}`);
  return parts.length ? parts.join(' + ') : 'no requests';
}
