/**
 * The engine the benchmark runs against (dynalite in this process by default,
 * or AWS DynamoDB Local), and counted runtimes on fresh tables.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startEngine, type EngineName, type RunningEngine } from '../../shared/platform/local/engines.js';
import { countRequests, createClient, type RequestCounter } from '../../shared/platform/dynamodb/client.js';
import { ensureTable } from '../../shared/platform/dynamodb/ensure-table.js';
import { createRuntime, type Runtime } from '../../shared/app/runtime.js';
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
    const client = this.client();
    const requests = countRequests(client);
    const capacity = meterCapacity(client);
    const runtime = createRuntime(
      { tableName, endpoint: this.endpoint, region: 'cn-north-1' },
      { client, cacheBytes: options.cacheBytes, ...(options.clock ? { clock: options.clock } : {}) },
    );
    return {
      ...runtime,
      tableName,
      endpoint: this.endpoint,
      requests,
      capacity,
      async measure(fn) {
        requests.reset();
        capacity.reset();
        const result = await fn();
        return { result, requests: requests.snapshot(), total: requests.total, capacity: capacity.snapshot() };
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
