import { entityKind } from '../shared/core/kinds/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { listKeys } from '../shared/features/lists/keys.js';
import { hashContent } from '../shared/core/versions.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

let rt: TestRuntime;

const publishEntity = (uscc: string) =>
  rt.registry.publish({
    uscc,
    stream: entityKind.id,
    status: 'published',
    items: [entity(uscc)],
    effectiveFrom: '2023-01-01',
    publishedBy: 'test',
    source: 'test',
  });

const publishList = (
  uscc: string,
  items: Array<Record<string, unknown>>,
  effectiveFrom = '2023-01-01',
  extra: Record<string, unknown> = {},
) =>
  rt.registry.publish({
    uscc,
    stream: 'no-penalty',
    status: 'published',
    items,
    effectiveFrom,
    publishedBy: 'test',
    source: 'test',
    ...extra,
  });

beforeAll(async () => {
  rt = await createTestRuntime({ cacheBytes: 0 });
  await publishEntity(UNIT_A);
  await publishEntity(UNIT_B);
});

describe('versions of a list', () => {
  it('numbers versions 1, 2, 3 and chains each to the previous content hash', async () => {
    const v1 = await publishList(UNIT_A, [noPenaltyItem(1)]);
    const v2 = await publishList(UNIT_A, [noPenaltyItem(1), noPenaltyItem(2)], '2023-06-01');
    expect(v1.outcome).toBe('published');
    expect(v2.outcome).toBe('published');
    if (v1.outcome !== 'published' || v2.outcome !== 'published') return;
    expect(v1.meta.version).toBe(1);
    expect(v1.meta.previousHash).toBeNull();
    expect(v1.meta.contentHash).toBe(hashContent([noPenaltyItem(1)]));
    expect(v2.meta.version).toBe(2);
    expect(v2.meta.previousHash).toBe(v1.meta.contentHash);
    expect(v2.meta.itemCount).toBe(2);
  });

  it('publishes nothing when the content is identical to the latest version', async () => {
    const again = await publishList(UNIT_A, [noPenaltyItem(1), noPenaltyItem(2)], '2024-01-01');
    expect(again.outcome).toBe('unchanged');
    expect(again.head.version).toBe(2);
  });

  it('keeps every earlier version retrievable, unaltered', async () => {
    const v1 = await rt.registry.getVersion(UNIT_A, 'no-penalty', 1);
    expect(v1.items).toEqual([noPenaltyItem(1)]);
    expect(v1.meta.contentHash).toBe(hashContent(v1.items));
  });

  it('resolves the version in force on a date (China dates)', async () => {
    expect((await rt.registry.getListInForce(UNIT_A, 'no-penalty', { at: '2023-05-31' })).meta.version).toBe(1);
    expect((await rt.registry.getListInForce(UNIT_A, 'no-penalty', { at: '2023-06-01' })).meta.version).toBe(2);
    await expect(rt.registry.getListInForce(UNIT_A, 'no-penalty', { at: '2022-12-31' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a repeal is a version with no items, after which nothing is in force', async () => {
    const r = await rt.registry.publish({
      uscc: UNIT_B,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(1)],
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
    expect(r.outcome).toBe('published');
    const repeal = await rt.registry.publish({
      uscc: UNIT_B,
      stream: 'no-penalty',
      status: 'repealed',
      items: [],
      effectiveFrom: '2023-09-01',
      publishedBy: 't',
      source: 't',
    });
    expect(repeal.outcome).toBe('published');
    if (repeal.outcome !== 'published') return;
    expect(repeal.meta.itemCount).toBe(0);
    expect(repeal.meta.status).toBe('repealed');
    expect((await rt.registry.getListInForce(UNIT_B, 'no-penalty', { at: '2023-08-31' })).meta.version).toBe(1);
    await expect(rt.registry.getListInForce(UNIT_B, 'no-penalty', { at: '2023-09-01' })).rejects.toMatchObject({
      details: { reason: 'REPEALED' },
    });
  });

  it('refuses a list for an unknown unit', async () => {
    await expect(publishList('91350100M000100Y43', [noPenaltyItem(1)])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the head moves last, conditionally', () => {
  it(
    'of concurrent publishers racing for the same version exactly one wins; the others get a ' +
      'conflict and nothing of theirs is visible',
    async () => {
      const uscc = UNIT_B;
      const stream = 'lighter-penalty';
      const racers = 5;
      // Hold every head update until all racers have read the head and written their content, then let them all go.
      const orig = rt.client.send.bind(rt.client);
      const held: Array<() => void> = [];
      (rt.client as unknown as { send: unknown }).send = async (cmd: unknown, ...rest: unknown[]) => {
        if (cmd instanceof UpdateItemCommand) {
          await new Promise<void>((resolve) => {
            held.push(resolve);
            if (held.length === racers) held.forEach((release) => release());
          });
        }
        return orig(cmd as never, ...(rest as []));
      };
      let results: PromiseSettledResult<unknown>[];
      try {
        results = await Promise.allSettled(
          Array.from({ length: racers }, (_, i) =>
            rt.registry.publish({
              uscc,
              stream,
              status: 'published',
              items: [noPenaltyItem(i + 1)],
              effectiveFrom: '2023-01-01',
              publishedBy: `p${i}`,
              source: 't',
            }),
          ),
        );
      } finally {
        (rt.client as unknown as { send: unknown }).send = orig;
      }
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(racers - 1);
      for (const l of lost) expect((l as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
      const versions = await rt.registry.listVersions(uscc, stream);
      expect(versions.map((v) => v.version)).toEqual([1]);
      const winner = (won[0] as PromiseFulfilledResult<{ outcome: string; meta?: { publishedBy: string } }>).value;
      expect(versions[0]!.publishedBy).toBe(winner.meta!.publishedBy);
      // The next publisher simply becomes version 2: no number skipped or repeated.
      const next = await rt.registry.publish({
        uscc,
        stream,
        status: 'published',
        items: [noPenaltyItem(99)],
        effectiveFrom: '2023-02-01',
        publishedBy: 'next',
        source: 't',
      });
      expect(next.outcome === 'published' && next.meta.version).toBe(2);
    },
  );

  it('refuses a publish whose expected version is stale with 412', async () => {
    await expect(
      rt.registry.publish({
        uscc: UNIT_B,
        stream: 'lighter-penalty',
        status: 'published',
        items: [noPenaltyItem(7)],
        effectiveFrom: '2023-03-01',
        publishedBy: 't',
        source: 't',
        expectedVersion: 1,
      }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it(
    'a crash after writing content but before moving the head leaves nothing visible, and a ' +
      'retry publishes cleanly',
    async () => {
      const stream = 'reduced-penalty';
      // Simulate the crash: make the head update fail once by publishing against a head that moves underneath.
      await rt.registry.publish({
        uscc: UNIT_A,
        stream,
        status: 'published',
        items: [noPenaltyItem(1)],
        effectiveFrom: '2023-01-01',
        publishedBy: 't',
        source: 't',
      });
      const orig = rt.client.send.bind(rt.client);
      let crashed = false;
      (rt.client as unknown as { send: unknown }).send = async (cmd: unknown) => {
        if (!crashed && cmd instanceof UpdateItemCommand) {
          crashed = true;
          throw new Error('simulated crash before the head moves');
        }
        return orig(cmd as never);
      };
      try {
        await expect(
          rt.registry.publish({
            uscc: UNIT_A,
            stream,
            status: 'published',
            items: [noPenaltyItem(9)],
            effectiveFrom: '2023-02-01',
            publishedBy: 'crash',
            source: 't',
          }),
        ).rejects.toThrow('simulated crash');
      } finally {
        (rt.client as unknown as { send: unknown }).send = orig;
      }
      // The orphaned content exists in the table but is not reachable.
      expect((await rt.registry.listVersions(UNIT_A, stream)).map((v) => v.version)).toEqual([1]);
      expect((await rt.registry.getListInForce(UNIT_A, stream, { at: '2024-01-01' })).items).toEqual([
        noPenaltyItem(1),
      ]);
      const retry = await rt.registry.publish({
        uscc: UNIT_A,
        stream,
        status: 'published',
        items: [noPenaltyItem(9)],
        effectiveFrom: '2023-02-01',
        publishedBy: 'retry',
        source: 't',
      });
      expect(retry.outcome).toBe('published');
      const versions = await rt.registry.listVersions(UNIT_A, stream);
      expect(versions.map((v) => [v.version, v.publishedBy])).toEqual([
        [1, 't'],
        [2, 'retry'],
      ]);
      const orphans = await rt.client.send(
        new QueryCommand({
          TableName: rt.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: marshall({
            ':pk': listKeys.unit(UNIT_A),
            ':p': listKeys.versionSummaryPrefix(stream),
          }),
        }),
      );
      expect(orphans.Items).toHaveLength(3); // v1, the orphan of the crash, and v2
    },
  );

  it('stores and serves a 5,000-item list across many writes, in order', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => noPenaltyItem(i + 1, { notes: '备注'.repeat(40) }));
    const r = await rt.registry.publish({
      uscc: UNIT_A,
      stream: 'no-coercive-measures',
      status: 'published',
      items,
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
    expect(r.outcome).toBe('published');
    rt.requests.reset();
    const page = await rt.registry.getListInForce(UNIT_A, 'no-coercive-measures', { at: '2024-01-01' });
    expect(page.items).toHaveLength(5000);
    expect(page.items[4999]).toEqual(items[4999]);
    expect(hashContent(page.items)).toBe(page.meta.contentHash);
    // One GetItem for the head, then the Query pages the bytes need (ceil(bytes / 1 MB) at most).
    expect(rt.requests.of('GetItemCommand')).toBe(1);
    const bytes = Buffer.byteLength(JSON.stringify(items));
    // DynamoDB pages at 1 MB of item bytes (dynalite counts characters, so it may need fewer pages).
    expect(rt.requests.of('QueryCommand')).toBeGreaterThanOrEqual(1);
    expect(rt.requests.of('QueryCommand')).toBeLessThanOrEqual(Math.ceil(bytes / 1_000_000));
  });
});
