/** Per-file test wiring: a fresh table on the shared engine, a counted real SDK client, a controllable clock. */
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { countRequests, createClient, RequestCounter } from '../../shared/platform/dynamodb/client.js';
import { ensureTable } from '../../shared/platform/dynamodb/ensure-table.js';
import { createRuntime, type Runtime } from '../../shared/app/runtime.js';

export interface TestRuntime extends Runtime {
  tableName: string;
  endpoint: string;
  requests: RequestCounter;
  clock: TestClock;
}

export class TestClock {
  constructor(public current = new Date('2024-03-01T02:00:00Z')) {}
  now = () => new Date(this.current);
  set(iso: string) {
    this.current = new Date(iso);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function engineEndpoint(): string {
  return inject('dynamoEndpoint');
}

export async function createTestRuntime(
  options: { cacheBytes?: number; clock?: TestClock } = {},
): Promise<TestRuntime> {
  const endpoint = engineEndpoint();
  const tableName = `t_${randomBytes(6).toString('hex')}`;
  const client = createClient({ endpoint, region: 'cn-north-1' });
  await ensureTable(client, tableName);
  const requests = countRequests(client);
  const clock = options.clock ?? new TestClock();
  const runtime = createRuntime({ tableName, endpoint }, { client, clock: clock.now, cacheBytes: options.cacheBytes });
  return { ...runtime, tableName, endpoint, requests, clock };
}
