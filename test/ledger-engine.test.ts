/** The transparency log in the real engine: sequencing, tiles, checkpoints, routes, crash healing, the delay bound. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../shared/app/runtime.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { fromBase64, leafHash, toBase64 } from '../shared/features/ledger/model/hash.js';
import { verifyConsistency, verifyInclusion } from '../shared/features/ledger/model/merkle.js';
import { openNote, parseVerifierKey } from '../shared/features/ledger/model/note.js';
import { parseCheckpoint } from '../shared/features/ledger/model/checkpoint.js';
import { checkItemProof, itemsRootHex } from '../shared/features/ledger/model/items.js';
import { decodeLeaf } from '../shared/features/ledger/model/leaf.js';
import { decodeEntryBundle, decodeTile } from '../shared/features/ledger/model/tiles.js';
import { findKind, entityKind } from '../shared/core/kinds/index.js';
import { hashContent } from '../shared/core/versions.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

const ORIGIN = 'test.gongshi/log';
const signer = Ed25519Signer.generate(ORIGIN);
let rt: TestRuntime;
let ledger: NonNullable<TestRuntime['ledger']>;

/** The test runtime with the sequencer attached as the local server wires it. */
async function ledgerRuntime(): Promise<TestRuntime & { ledger: NonNullable<TestRuntime['ledger']> }> {
  const base = await createTestRuntime({ cacheBytes: 0 });
  const wired = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    { client: base.client, clock: base.clock.now, cacheBytes: 0, ledger: { signer, origin: ORIGIN } },
  );
  return { ...base, ...wired, ledger: wired.ledger! };
}

const get = async (path: string) => rt.app.request(path);
const getJson = async (path: string) => {
  const res = await get(path);
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res.json() as Promise<any>;
};

const publishList = (
  uscc: string,
  items: Array<Record<string, unknown>>,
  effectiveFrom = '2023-01-01',
  status: 'published' | 'repealed' = 'published',
) =>
  rt.registry.publish({
    uscc,
    stream: 'no-penalty',
    status,
    items,
    effectiveFrom,
    publishedBy: 'test',
    source: 'test',
  });

beforeAll(async () => {
  const r = await ledgerRuntime();
  rt = r;
  ledger = r.ledger;
  for (const u of [UNIT_A, UNIT_B]) {
    await rt.registry.publish({
      uscc: u,
      stream: entityKind.id,
      status: 'published',
      items: [entity(u)],
      effectiveFrom: '2023-01-01',
      publishedBy: 'test',
      source: 'test',
    });
  }
  await publishList(UNIT_A, [noPenaltyItem(1), noPenaltyItem(2)]);
  rt.clock.advance(1000);
  await publishList(UNIT_A, [noPenaltyItem(1), noPenaltyItem(2), noPenaltyItem(3)], '2023-06-01');
  await publishList(UNIT_B, [noPenaltyItem(5)]);
  rt.clock.advance(1000);
  await publishList(UNIT_B, [], '2024-01-01', 'repealed');
  await ledger.runner.idle();
});

describe('sequencing', () => {
  it('logs every published version, in order, right after publishing, and signs a checkpoint', async () => {
    const state = await ledger.store.readState();
    expect(state.size).toBe(6);
    const cp = await getJson('/v1/ledger/key');
    expect(cp.origin).toBe(ORIGIN);
    const res = await get('/v1/ledger/checkpoint');
    const note = await res.text();
    expect(res.headers.get('cache-control')).toMatch(/max-age=10/);
    const body = parseCheckpoint(openNote(note, [parseVerifierKey(cp.vkey)]).text);
    expect(body).toMatchObject({ origin: ORIGIN, size: 6 });
    expect(toBase64(body.root)).toBe(toBase64(state.root));
    // Nothing stays pending.
    expect(await ledger.store.pendingHeads(10)).toEqual([]);
  });

  it('every version response names its leaf index; each leaf is what the version says', async () => {
    const versions = (await getJson(`/v1/units/${UNIT_A}/lists/no-penalty/versions`)).versions;
    expect(versions.map((v: { leafIndex: number }) => typeof v.leafIndex)).toEqual(['number', 'number']);
    const v2 = await getJson(`/v1/units/${UNIT_A}/lists/no-penalty/versions/2`);
    expect(v2.version.leafIndex).toBe(versions[1].leafIndex);
    const entry = await ledger.store.readEntry(v2.version.leafIndex);
    const leaf = decodeLeaf(entry!);
    expect(leaf).toMatchObject({
      origin: ORIGIN,
      unit: UNIT_A,
      kind: 'no-penalty',
      version: 2,
      itemCount: 3,
      contentHash: v2.version.contentHash,
      previousHash: versions[0].contentHash,
    });
    expect(leaf.itemsRoot).toBe(itemsRootHex(findKind('no-penalty')!, v2.items));
    const inForce = await getJson(`/v1/units/${UNIT_A}/lists/no-penalty?at=2023-07-01`);
    expect(inForce.version.leafIndex).toBe(v2.version.leafIndex);
    const entityVersions = (await getJson(`/v1/units/${UNIT_A}/versions`)).versions;
    expect(decodeLeaf((await ledger.store.readEntry(entityVersions[0].leafIndex))!)).toMatchObject({
      unit: UNIT_A,
      kind: 'entity',
      version: 1,
      itemCount: 1,
    });
    // A repeal is a leaf too.
    const repeal = (await getJson(`/v1/units/${UNIT_B}/lists/no-penalty/versions`)).versions[1];
    expect(decodeLeaf((await ledger.store.readEntry(repeal.leafIndex))!)).toMatchObject({
      status: 'repealed',
      itemCount: 0,
      contentHash: hashContent([]),
    });
  });
});

describe('routes', () => {
  it('serves inclusion proofs by index and by version, verifying under the checkpoint', async () => {
    const key = parseVerifierKey((await getJson('/v1/ledger/key')).vkey);
    const cp = parseCheckpoint(openNote(await (await get('/v1/ledger/checkpoint')).text(), [key]).text);
    for (let i = 0; i < cp.size; i++) {
      const p = await getJson(`/v1/ledger/proof/inclusion?index=${i}&size=${cp.size}`);
      const entry = await ledger.store.readEntry(i);
      expect(verifyInclusion(i, cp.size, leafHash(entry!), p.proof.map(fromBase64), cp.root)).toBe(true);
    }
    const byVersion = await getJson(`/v1/ledger/proof/inclusion?unit=${UNIT_A}&kind=no-penalty&version=2`);
    expect(
      verifyInclusion(
        byVersion.index,
        byVersion.size,
        fromBase64(byVersion.leafHash),
        byVersion.proof.map(fromBase64),
        cp.root,
      ),
    ).toBe(true);
    expect(openNote(byVersion.checkpoint, [key]).text).toContain(`\n${cp.size}\n`);
  });

  it('serves consistency proofs between every pair of checkpoint sizes', async () => {
    const before = await ledger.store.readState();
    await publishList(UNIT_A, [noPenaltyItem(9)], '2024-02-01');
    await ledger.runner.idle();
    const after = await ledger.store.readState();
    expect(after.size).toBe(before.size + 1);
    const oldCp = parseCheckpoint(
      openNote(await (await get(`/v1/ledger/checkpoint/${before.size}`)).text(), [
        parseVerifierKey((await getJson('/v1/ledger/key')).vkey),
      ]).text,
    );
    const p = await getJson(`/v1/ledger/proof/consistency?from=${before.size}&to=${after.size}`);
    expect(verifyConsistency(before.size, after.size, p.proof.map(fromBase64), oldCp.root, after.root)).toBe(true);
  });

  it('serves tiles and entry bundles with tlog-tiles paths', async () => {
    const state = await ledger.store.readState();
    const res = await get(`/v1/ledger/tile/0/000.p/${state.size}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    const hashes = decodeTile(new Uint8Array(await res.arrayBuffer()));
    expect(hashes).toHaveLength(state.size);
    const bundle = decodeEntryBundle(
      new Uint8Array(await (await get(`/v1/ledger/tile/entries/000.p/${state.size}`)).arrayBuffer()),
    );
    expect(bundle.map((e) => toBase64(leafHash(e)))).toEqual(hashes.map(toBase64));
    expect((await get('/v1/ledger/tile/0/000')).status).toBe(404); // not full yet
    expect((await get('/v1/ledger/tile/0/0')).status).toBe(400);
    expect((await get('/v1/ledger/tile/0/x000/001')).status).toBe(400);
    expect((await get(`/v1/ledger/tile/0/000.p/${state.size + 1}`)).status).toBe(404);
  });

  it('proves an item present in a version, and another absent by its neighbours', async () => {
    const kind = findKind('no-penalty')!;
    const key = parseVerifierKey((await getJson('/v1/ledger/key')).vkey);
    for (const [item, present] of [
      ['BY-210900-02-002', true],
      ['BY-210900-02-0025', false],
      ['code:BY-210900-02-000', false],
    ] as const) {
      const p = await getJson(`/v1/units/${UNIT_A}/lists/no-penalty/versions/2/proof?item=${encodeURIComponent(item)}`);
      expect(p.present).toBe(present);
      const leaf = decodeLeaf(p.leaf);
      expect(leaf.itemsRoot).toBe(p.itemsRoot);
      expect(checkItemProof(kind, leaf.itemCount, leaf.itemsRoot, p.item, p)).toBeUndefined();
      const cp = parseCheckpoint(openNote(p.checkpoint, [key]).text);
      expect(verifyInclusion(p.leafIndex, cp.size, leafHash(p.leaf), p.inclusion.proof.map(fromBase64), cp.root)).toBe(
        true,
      );
    }
  });

  it('answers client mistakes with 4xx', async () => {
    expect((await get('/v1/ledger/proof/inclusion')).status).toBe(400);
    expect((await get('/v1/ledger/proof/inclusion?index=-1')).status).toBe(400);
    expect((await get('/v1/ledger/proof/inclusion?index=999')).status).toBe(404);
    expect((await get('/v1/ledger/proof/inclusion?index=0&size=999')).status).toBe(404);
    expect((await get(`/v1/ledger/proof/inclusion?unit=${UNIT_A}&kind=no-penalty`)).status).toBe(400);
    expect((await get(`/v1/ledger/proof/inclusion?unit=${UNIT_A}&kind=no-penalty&version=99`)).status).toBe(404);
    expect((await get('/v1/ledger/proof/consistency?from=1&to=999')).status).toBe(404);
    expect((await get('/v1/ledger/proof/consistency?from=3&to=2')).status).toBe(400);
    expect((await get('/v1/ledger/checkpoint/999')).status).toBe(404);
    expect((await get('/v1/ledger/checkpoint/abc')).status).toBe(400);
    expect((await get(`/v1/units/${UNIT_A}/lists/nope/versions/1/proof?item=x`)).status).toBe(404);
    expect((await get(`/v1/units/${UNIT_A}/lists/no-penalty/versions/1/proof`)).status).toBe(400);
    expect((await get('/openapi.json')).status).toBe(200);
  });
});
