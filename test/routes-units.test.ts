import { entityKind } from '../shared/core/kinds/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoUscc } from '../shared/features/demo/generate.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, inspectionItem, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

let rt: TestRuntime;
const get = (path: string, headers: Record<string, string> = {}) => rt.app.request(path, { headers });
const body = async (res: Response) => (await res.json()) as Record<string, any>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const pub = (uscc: string, stream: string, items: Array<Record<string, unknown>>, effectiveFrom: string) =>
    rt.registry.publish({
      uscc,
      stream,
      status: 'published',
      items,
      effectiveFrom,
      publishedBy: 'test',
      source: 'test',
    });
  await pub(UNIT_A, entityKind.id, [entity(UNIT_A)], '2023-01-01');
  await pub(
    UNIT_B,
    entityKind.id,
    [entity(UNIT_B, { name: '阜新市市场监督管理局（示例）', regionCode: '210902' })],
    '2023-01-01',
  );
  await pub(UNIT_A, 'no-penalty', [noPenaltyItem(1), noPenaltyItem(2), noPenaltyItem(3)], '2023-01-01');
  await pub(
    UNIT_A,
    'no-penalty',
    [noPenaltyItem(1), noPenaltyItem(2, { conditions: '违法行为轻微并及时改正' })],
    '2024-01-01',
  );
  await pub(
    UNIT_A,
    'inspection-items',
    Array.from({ length: 250 }, (_, i) => inspectionItem(i + 1)),
    '2023-01-01',
  );
});

describe('GET /v1/units', () => {
  it('lists entities in force by region prefix: province, city, county', async () => {
    for (const [region, expected] of [
      ['210000', [UNIT_A, UNIT_B]],
      ['210900', [UNIT_A, UNIT_B]],
      ['210902', [UNIT_B]],
      ['430000', []],
    ] as const) {
      const res = await get(`/v1/units?region=${region}`);
      expect(res.status).toBe(200);
      expect((await body(res)).items.map((u: { uscc: string }) => u.uscc).sort()).toEqual([...expected].sort());
    }
  });

  it('leaves revoked entities out unless status=all (their published history stays public)', async () => {
    const revoked = demoUscc('430981', 7);
    const common = {
      uscc: revoked,
      stream: entityKind.id,
      status: 'published' as const,
      publishedBy: 'test',
      source: 'test',
    };
    await rt.registry.publish({
      ...common,
      items: [entity(revoked, { regionCode: '430981' })],
      effectiveFrom: '2023-01-01',
    });
    await rt.registry.publish({
      ...common,
      items: [entity(revoked, { regionCode: '430981', status: 'revoked' })],
      effectiveFrom: '2024-01-01',
    });
    const uscc = (b: Record<string, any>) => b.items.map((u: { uscc: string }) => u.uscc);
    expect(uscc(await body(await get('/v1/units?region=430981')))).toEqual([]);
    expect(uscc(await body(await get('/v1/units?region=430981&status=all')))).toEqual([revoked]);
    expect(uscc(await body(await get('/v1/units?region=430981&at=2023-06-01')))).toEqual([revoked]);
    expect(uscc(await body(await get('/v1/units?region=430981&at=2024-06-01')))).toEqual([]);
    expect(uscc(await body(await get('/v1/units?region=430981&at=2024-06-01&status=all')))).toEqual([revoked]);
    expect((await get('/v1/units?status=revoked')).status).toBe(400);
  });

  it('pages with an opaque cursor', async () => {
    const first = await body(await get('/v1/units?limit=1'));
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await body(await get(`/v1/units?limit=1&cursor=${first.nextCursor}`));
    expect(second.items).toHaveLength(1);
    expect(second.items[0].uscc).not.toBe(first.items[0].uscc);
  });

  it('rejects a malformed region, limit or cursor with 400', async () => {
    for (const q of [
      'region=21x',
      'region=2109001',
      'limit=0',
      'limit=abc',
      'limit=100000',
      'cursor=%%%',
      'cursor=eyJrIjoxfQ',
    ]) {
      const res = await get(`/v1/units?${q}`);
      expect(res.status, q).toBe(400);
      const b = await body(res);
      expect(b.error.code).toMatch(/VALIDATION_FAILED|BAD_REQUEST/);
      expect(b.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('GET /v1/units/{uscc}', () => {
  it('returns the entity with its version metadata and region name', async () => {
    const res = await get(`/v1/units/${UNIT_A}`);
    expect(res.status).toBe(200);
    const b = await body(res);
    expect(b.entity).toMatchObject({ uscc: UNIT_A, regionCode: '210900' });
    expect(b.regionName).toBe('辽宁省阜新市');
    expect(b.version).toMatchObject({ version: 1, kind: 'entity' });
  });
  it('accepts a lower-case credit code', async () => {
    expect((await get(`/v1/units/${UNIT_A.toLowerCase()}`)).status).toBe(200);
  });
  it('404s an unknown unit and 400s a malformed code', async () => {
    const missing = await get('/v1/units/91350100M000100Y43');
    expect(missing.status).toBe(404);
    expect((await body(missing)).error).toMatchObject({ code: 'NOT_FOUND', message: '未找到该执法主体' });
    expect((await get('/v1/units/NOT-A-CODE')).status).toBe(400);
  });
  it('lists the entity history', async () => {
    const b = await body(await get(`/v1/units/${UNIT_A}/versions`));
    expect(b.versions.map((v: { version: number }) => v.version)).toEqual([1]);
  });
});

describe('GET /v1/units/{uscc}/lists', () => {
  it('shows each list with the version in force on the date', async () => {
    rt.requests.reset();
    const b = await body(await get(`/v1/units/${UNIT_A}/lists?at=2023-06-01`));
    expect(rt.requests.snapshot()).toEqual({ QueryCommand: 1 }); // one Query for all heads
    expect(b.lists.map((l: { kind: string; version: number }) => [l.kind, l.version])).toEqual([
      ['inspection-items', 1],
      ['no-penalty', 1],
    ]);
    const now = await body(await get(`/v1/units/${UNIT_A}/lists`));
    expect(now.lists.find((l: { kind: string }) => l.kind === 'no-penalty')).toMatchObject({
      version: 2,
      latestVersion: 2,
      effectiveFrom: '2024-01-01',
    });
  });
});

describe('GET /v1/units/{uscc}/lists/{kind}', () => {
  it('returns the version in force on `at` (default today) with its items', async () => {
    const today = await body(await get(`/v1/units/${UNIT_A}/lists/no-penalty`));
    expect(today.version.version).toBe(2);
    expect(today.items).toHaveLength(2);
    const before = await body(await get(`/v1/units/${UNIT_A}/lists/no-penalty?at=2023-12-31`));
    expect(before.version.version).toBe(1);
    expect(before.items).toHaveLength(3);
    expect(before.label).toBe('不予处罚事项清单');
  });

  it('costs one GetItem for the head plus the content Query, whatever the history', async () => {
    // Same table, no cache: the cost is the head plus the version's pages.
    const { createRuntime } = await import('../shared/app/runtime.js');
    const uncached = createRuntime(
      { tableName: rt.tableName, endpoint: rt.endpoint },
      { client: rt.client, cacheBytes: 0 },
    );
    rt.requests.reset();
    const res = await uncached.app.request(`/v1/units/${UNIT_A}/lists/no-penalty`);
    expect(res.status).toBe(200);
    expect(rt.requests.snapshot()).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
    // With the immutable-content cache warm, only the head is read.
    await rt.app.request(`/v1/units/${UNIT_A}/lists/no-penalty`);
    rt.requests.reset();
    await rt.app.request(`/v1/units/${UNIT_A}/lists/no-penalty`);
    expect(rt.requests.snapshot()).toEqual({ GetItemCommand: 1 });
  });

  it('pages items with a cursor pinned to the version', async () => {
    const first = await body(await get(`/v1/units/${UNIT_A}/lists/inspection-items?limit=100`));
    expect(first.items).toHaveLength(100);
    const second = await body(
      await get(`/v1/units/${UNIT_A}/lists/inspection-items?limit=100&cursor=${first.nextCursor}`),
    );
    const third = await body(
      await get(`/v1/units/${UNIT_A}/lists/inspection-items?limit=100&cursor=${second.nextCursor}`),
    );
    expect(third.items).toHaveLength(50);
    expect(third.nextCursor).toBeUndefined();
    const seqs = [...first.items, ...second.items, ...third.items].map((i: { seq: number }) => i.seq);
    expect(seqs).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it('answers errors precisely: unknown kind 404, unknown unit 404, list not published 404, bad date 400', async () => {
    const cases: Array<[string, number, string]> = [
      [`/v1/units/${UNIT_A}/lists/no-such-kind`, 404, 'UNKNOWN_KIND'],
      ['/v1/units/91350100M000100Y43/lists/no-penalty', 404, 'NOT_FOUND'],
      [`/v1/units/${UNIT_B}/lists/no-penalty`, 404, 'NOT_FOUND'],
      [`/v1/units/${UNIT_A}/lists/no-penalty?at=2023-02-30`, 400, 'VALIDATION_FAILED'],
      [`/v1/units/${UNIT_A}/lists/no-penalty?at=yesterday`, 400, 'VALIDATION_FAILED'],
      [`/v1/units/${UNIT_A}/lists/no-penalty?at=2022-12-31`, 404, 'NOT_FOUND'],
      [`/v1/units/${UNIT_A}/lists/no-penalty?cursor=bm9wZQ`, 400, 'BAD_REQUEST'],
      [`/v1/units/${UNIT_A}/lists/no-penalty/versions/0`, 400, 'VALIDATION_FAILED'],
      [`/v1/units/${UNIT_A}/lists/no-penalty/versions/99`, 404, 'NOT_FOUND'],
      ['/v1/nothing-here', 404, 'NOT_FOUND'],
    ];
    for (const [path, status, code] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect((await body(res)).error.code, path).toBe(code);
    }
    const unpublished = await body(await get(`/v1/units/${UNIT_B}/lists/no-penalty`));
    expect(unpublished.error.message).toBe('该执法主体尚未公示不予处罚事项清单');
  });
});

describe('versions and HTTP caching', () => {
  it('lists every version, oldest first, with hashes chained', async () => {
    const b = await body(await get(`/v1/units/${UNIT_A}/lists/no-penalty/versions`));
    expect(b.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(b.versions[1].previousHash).toBe(b.versions[0].contentHash);
  });

  it(
    'serves a version not yet in the transparency log as moving (its body gains a leafIndex), ' +
      'with 304 on If-None-Match',
    async () => {
      // This runtime has no ledger; test/ledger-sequencer.test.ts shows the switch to immutable once logged.
      const res = await get(`/v1/units/${UNIT_A}/lists/no-penalty/versions/1`);
      expect(res.status).toBe(200);
      const b = await body(res);
      expect(res.headers.get('etag')).toBe(`"${b.version.contentHash}-unlogged"`);
      expect(res.headers.get('cache-control')).toBe('public, max-age=60');
      const again = await get(`/v1/units/${UNIT_A}/lists/no-penalty/versions/1`, {
        'If-None-Match': res.headers.get('etag')!,
      });
      expect(again.status).toBe(304);
    },
  );

  it("reads an unencoded '+' offset in asOf (a space on the wire) as +08:00", async () => {
    const plus = await get(`/v1/units/${UNIT_A}/lists/no-penalty?asOf=2099-01-01T08:00:00+08:00`);
    expect(plus.status).toBe(200);
    expect((await body(plus)).version.version).toBe(2);
  });

  it('gives the moving view a short max-age and an ETag', async () => {
    const res = await get(`/v1/units/${UNIT_A}/lists/no-penalty`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    // The version is part of the moving view's ETag: a republished list may repeat an old content hash.
    expect(res.headers.get('etag')).toMatch(/^"v2-[0-9a-f]{64}"$/);
  });
});
