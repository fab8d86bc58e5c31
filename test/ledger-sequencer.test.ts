/** The sequencer's guarantees in the real engine: the delay bound, races, batching, costs. */
import { entityKind } from '../shared/core/kinds/index.js';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../shared/app/runtime.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { leafHash } from '../shared/features/ledger/model/hash.js';
import { decodeLeaf } from '../shared/features/ledger/model/leaf.js';
import { decodeEntryBundle, decodeTile } from '../shared/features/ledger/model/tiles.js';
import { benchLedgerAppends } from '../testing/ledger-bench.js';
import { runSequencer } from '../shared/features/ledger/sequencer.js';
import { LEDGER_INTERVAL_MS } from '../cli/commands/start.js';
import { createTestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

const ORIGIN = 'sequencer.test/log';
const signer = Ed25519Signer.generate(ORIGIN);

async function setup(ledger: { afterPublish?: boolean; batchLeaves?: number } = {}) {
  const base = await createTestRuntime({ cacheBytes: 0 });
  const rt = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    {
      client: base.client,
      clock: base.clock.now,
      cacheBytes: 0,
      ledger: {
        signer,
        origin: ORIGIN,
        afterPublish: ledger.afterPublish ?? true,
        sequencer: { batchLeaves: ledger.batchLeaves },
      },
    },
  );
  const publish = (uscc: string, stream: string, items: Array<Record<string, unknown>>) =>
    rt.registry.publish({
      uscc,
      stream,
      status: 'published',
      items,
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
  return { ...base, ...rt, ledger: rt.ledger!, publish };
}

const loggedAt = async (t: Awaited<ReturnType<typeof setup>>, uscc: string, stream: string, version: number) => {
  const head = await t.store.getHead(uscc, stream, true);
  return (head?.loggedVersion ?? 0) >= version;
};

describe('HTTP caching of a version follows its logging', () => {
  it('serves a version as moving until it is logged, then as immutable with its content hash as ETag', async () => {
    const t = await setup({ afterPublish: false });
    await t.publish(UNIT_A, entityKind.id, [entity(UNIT_A)]);
    await t.publish(UNIT_A, 'no-penalty', [noPenaltyItem(1)]);
    const path = `/v1/units/${UNIT_A}/lists/no-penalty/versions/1`;
    const before = await t.app.request(path);
    expect(before.headers.get('cache-control')).toBe('public, max-age=60');
    expect(before.headers.get('etag')).toMatch(/-unlogged"$/);
    await runSequencer({ ledger: t.ledger.store, streams: t.store, signer, origin: ORIGIN });
    const after = await t.app.request(path);
    const body = (await after.json()) as { version: { contentHash: string; leafIndex?: number } };
    expect(body.version.leafIndex).toEqual(expect.any(Number));
    expect(after.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(after.headers.get('etag')).toBe(`"${body.version.contentHash}"`);
  });
});

describe('the maximum delay between publishing and logging', () => {
  it('a publish is logged by the run it triggers (in-process), well under the stated bound', async () => {
    const t = await setup();
    const started = Date.now();
    await t.publish(UNIT_A, entityKind.id, [entity(UNIT_A)]);
    await t.publish(UNIT_A, 'no-penalty', [noPenaltyItem(1)]);
    await t.ledger.runner.idle();
    const elapsed = Date.now() - started;
    expect(await loggedAt(t, UNIT_A, 'no-penalty', 1)).toBe(true);
    expect(elapsed).toBeLessThan(LEDGER_INTERVAL_MS);
    const v = (await t.registry.listVersions(UNIT_A, 'no-penalty'))[0]!;
    expect(v.leafIndex).toBe(1);
  });

  it('what another process published is logged by the timer within one interval plus one run', async () => {
    const t = await setup({ afterPublish: false });
    const interval = 300;
    t.ledger.runner.start(interval);
    try {
      await t.ledger.runner.idle();
      const started = Date.now();
      await t.publish(UNIT_B, entityKind.id, [entity(UNIT_B)]);
      while (!(await loggedAt(t, UNIT_B, entityKind.id, 1))) {
        expect(Date.now() - started).toBeLessThan(interval + 2_000);
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      t.ledger.runner.stop();
      await t.ledger.runner.idle();
    }
  });
});

describe('races and batches', () => {
  it('two runs at once: one logs, the other backs off; nothing is logged twice', async () => {
    const t = await setup({ afterPublish: false });
    for (const u of [UNIT_A, UNIT_B]) await t.publish(u, entityKind.id, [entity(u)]);
    for (let i = 1; i <= 4; i++) await t.publish(UNIT_A, 'no-penalty', [noPenaltyItem(i)]);
    const deps = { ledger: t.ledger.store, streams: t.store, signer, origin: ORIGIN };
    const results = await Promise.all([runSequencer(deps), runSequencer(deps)]);
    expect(results.filter((r) => r.busy)).toHaveLength(1);
    expect(results.find((r) => !r.busy)).toMatchObject({ appended: 6, size: 6, checkpointSize: 6 });
    const leaves = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => decodeLeaf((await t.ledger.store.readEntry(i))!)),
    );
    expect(new Set(leaves.map((l) => `${l.unit}/${l.kind}/${l.version}`)).size).toBe(6);
  });

  it('a head that moves while its versions are being logged stays pending and is finished next run', async () => {
    const t = await setup({ afterPublish: false });
    await t.publish(UNIT_A, entityKind.id, [entity(UNIT_A)]);
    await t.publish(UNIT_A, 'no-penalty', [noPenaltyItem(1)]);
    const store = t.ledger.store;
    const real = store.markHead.bind(store);
    let raced = false;
    store.markHead = async (mark) => {
      if (!raced && mark.stream === 'no-penalty') {
        raced = true;
        await t.publish(UNIT_A, 'no-penalty', [noPenaltyItem(1), noPenaltyItem(2)]);
      }
      return real(mark);
    };
    const first = await t.ledger.runOnce();
    store.markHead = real;
    // The run itself picks up the moved head in its next round.
    expect(first.size).toBe(3);
    expect(await store.pendingHeads(10)).toEqual([]);
    const versions = await t.registry.listVersions(UNIT_A, 'no-penalty');
    expect(versions.map((v) => v.leafIndex)).toEqual([1, 2]);
    expect(decodeLeaf((await store.readEntry(2))!)).toMatchObject({
      version: 2,
      previousHash: versions[0]!.contentHash,
    });
  });

  it('small batches commit and sign several times in one run; checkpoints stay consistent', async () => {
    const t = await setup({ afterPublish: false, batchLeaves: 2 });
    for (const u of [UNIT_A, UNIT_B]) await t.publish(u, entityKind.id, [entity(u)]);
    for (let i = 1; i <= 3; i++) await t.publish(UNIT_B, 'no-penalty', [noPenaltyItem(i)]);
    const r = await t.ledger.runOnce();
    expect(r).toMatchObject({ appended: 5, size: 5, checkpointSize: 5 });
    // Two commits in one run (a stream's unlogged versions stay together in one batch), each signed.
    const signed = [];
    for (let size = 1; size <= 5; size++) if (await t.ledger.store.getCheckpoint(size)) signed.push(size);
    expect(signed.length).toBe(2);
    expect(signed.at(-1)).toBe(5);
  });
});

describe('costs', () => {
  it('reading a list adds no request for the leaf index; proofs cost a few reads', async () => {
    const t = await setup();
    await t.publish(UNIT_A, entityKind.id, [entity(UNIT_A)]);
    await t.publish(UNIT_A, 'no-penalty', [noPenaltyItem(1)]);
    await t.ledger.runner.idle();
    t.requests.reset();
    const list = (await (await t.app.request(`/v1/units/${UNIT_A}/lists/no-penalty`)).json()) as {
      version: { leafIndex?: number };
    };
    expect(list.version.leafIndex).toBe(1);
    expect(t.requests.total).toBe(2); // the head, the content
    t.requests.reset();
    expect((await t.app.request('/v1/ledger/proof/inclusion?index=0')).status).toBe(200);
    expect(t.requests.total).toBeLessThanOrEqual(3);
  });

  it('the benchmark hook appends through the store and reports writes per append and reads per proof', async () => {
    const t = await createTestRuntime();
    const r = await benchLedgerAppends({
      client: t.client,
      tableName: t.tableName,
      leaves: 600,
      batch: 100,
      proofs: 20,
      requests: t.requests,
    });
    expect(r).toMatchObject({ leaves: 600, batches: 6, tilesWritten: 2 });
    expect(r.itemsWrittenPerLeaf).toBeLessThan(1.02);
    expect(r.inclusion.readRequestsPerProof).toBeLessThanOrEqual(2);
    expect(r.consistency.readRequestsPerProof).toBeLessThanOrEqual(2);
    // Single appends: one entry, the state, and a full tile when one fills: O(log n) at most.
    const one = await benchLedgerAppends({
      client: t.client,
      tableName: t.tableName,
      leaves: 30,
      batch: 1,
      proofs: 5,
      requests: t.requests,
    });
    expect(one.itemsWrittenPerLeaf).toBeLessThanOrEqual(2 + 2 / 30);
    expect(one.writeRequestsPerBatch).toBeLessThanOrEqual(3.1);
    // The full tile it wrote is what the tile route serves.
    const tile = await t.app.request('/v1/ledger/tile/0/001');
    expect(tile.status).toBe(200);
    const hashes = decodeTile(new Uint8Array(await tile.arrayBuffer()));
    expect(hashes).toHaveLength(256);
    const bundle = decodeEntryBundle(
      new Uint8Array(await (await t.app.request('/v1/ledger/tile/entries/001')).arrayBuffer()),
    );
    expect(bundle.map((e) => Buffer.from(leafHash(e)).toString('hex'))).toEqual(
      hashes.map((h) => Buffer.from(h).toString('hex')),
    );
  });
});
