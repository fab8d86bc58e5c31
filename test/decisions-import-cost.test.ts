/**
 * What a bulk import costs the engine, per decision (deterministic; the rate itself is in bench/groups/decisions.ts).
 * A published decision writes three items: its record, its 文号 claim and its queued log event. Its held log event
 * shares one batch item with up to 499 others, deleted once the events are queued. Writes go 25 items a request.
 */
import type { BatchWriteItemCommandInput } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { officersKind } from '../shared/core/kinds/officers.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { companyPenalty, entity, officerRecord, publishUnits, UNIT_A } from './support/fixtures.js';

const clock = new TestClock(new Date('2026-03-10T02:00:00Z'));
let base: TestRuntime;
let rt: Runtime;
/** Items written by BatchWriteItem, by request kind (put or delete) and partition prefix (DEC, DECNO, LOGEV …). */
const written = new Map<string, number>();

const row = (n: number) => ({ row: n + 1, body: companyPenalty(n) });

beforeAll(async () => {
  base = await createTestRuntime({ clock, cacheBytes: 0 });
  rt = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    { client: base.client, clock: clock.now, cacheBytes: 0 },
  );
  await publishUnits(rt.registry, [
    { entity: entity(UNIT_A), lists: { [officersKind.id]: [officerRecord(1), officerRecord(2)] } },
  ]);
  await rt.officers.settled();
  base.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'BatchWriteItemCommand') {
        const input = args.input as BatchWriteItemCommandInput;
        for (const request of Object.values(input.RequestItems ?? {}).flat()) {
          const key = request.PutRequest?.Item ?? request.DeleteRequest?.Key;
          const kind = `${request.PutRequest ? 'put' : 'delete'} ${key?.pk?.S?.split('#')[0]}`;
          written.set(kind, (written.get(kind) ?? 0) + 1);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'testItemsWritten' },
  );
});

describe('bulk import cost', () => {
  it('1,000 published decisions: 3 items each, 1 held batch item per 500, full batches of 25', async () => {
    written.clear();
    base.requests.reset();
    const rows = Array.from({ length: 1000 }, (_, i) => row(i + 1));
    const result = await rt.decisions.decisions.recordMany(UNIT_A, rows, { publish: true });
    expect(result).toMatchObject({ recorded: 1000, published: 1000 });
    expect(Object.fromEntries(written)).toEqual({
      'put DEC': 1000,
      'put DECNO': 1000,
      'put LOGEV': 1000,
      'put LOGEV-BATCH': 2,
      'delete LOGEV-BATCH': 2,
    });
    // 3,000 items in 120 requests of 25, plus one request to hold the batch and one to delete it.
    expect(base.requests.of('BatchWriteItemCommand')).toBe(122);
    // The 文号 claims checked 100 a request; nothing written one item at a time.
    expect(base.requests.of('BatchGetItemCommand')).toBe(10);
    expect(base.requests.of('PutItemCommand') + base.requests.of('UpdateItemCommand')).toBe(0);
  });
});
