/**
 * Two times on every read: `at` (the China date a version governs) and `asOf`
 * (what the registry had recorded by then). One stream with a version, a
 * scheduled version, a late correction with an earlier effective date, a
 * future-dated version, a repeal, a re-publication after the repeal and a
 * same-day replacement; then every `at` × `asOf` pair against a table.
 */
import { entityKind } from '../shared/core/kinds/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

let rt: TestRuntime;
const KIND = 'no-penalty';

/** publishedAt is set by the clock; effectiveFrom by the publisher. */
const timeline = [
  { v: 1, status: 'published', effectiveFrom: '2023-01-01', publishedAt: '2023-01-10T02:00:00.000Z' },
  // Scheduled: recorded 16 June 01:00 China time (still 15 June in UTC), effective 1 July.
  { v: 2, status: 'published', effectiveFrom: '2023-07-01', publishedAt: '2023-06-15T17:00:00.000Z' },
  // Late correction: recorded in September, governing from 1 March (before v2's date).
  { v: 3, status: 'published', effectiveFrom: '2023-03-01', publishedAt: '2023-09-01T02:00:00.000Z' },
  // Future-dated when recorded.
  { v: 4, status: 'published', effectiveFrom: '2024-07-01', publishedAt: '2024-03-01T02:00:00.000Z' },
  { v: 5, status: 'repealed', effectiveFrom: '2024-10-01', publishedAt: '2024-09-20T02:00:00.000Z' },
  // Re-publication after the repeal, then a same-day replacement of it.
  { v: 6, status: 'published', effectiveFrom: '2025-01-01', publishedAt: '2024-12-20T02:00:00.000Z' },
  { v: 7, status: 'published', effectiveFrom: '2025-01-01', publishedAt: '2024-12-25T02:00:00.000Z' },
] as const;

const itemsOf = (v: number) => [noPenaltyItem(1, { notes: `第${v}版` })];

/** asOf values, in the order of the table's columns. A bare date means the end of that China day. */
const AS_OF = [
  '2023-01-09', //                 A0: nothing recorded yet
  '2023-01-10T12:00:00+08:00', //  A1: v1
  '2023-06-15', //                 A2: v1 (v2 was recorded at 01:00 on 16 June, China time)
  '2023-06-16', //                 A3: v1 v2
  '2023-09-01T10:00:00+08:00', //  A4: v1 v2 v3 (the instant v3 was recorded: inclusive)
  '2024-03-01T12:00:00+08:00', //  A5: … v4
  '2024-09-30', //                 A6: … v5 (repeal)
  '2024-12-20T12:00:00+08:00', //  A7: … v6
  undefined, //                    A8: now: … v7
] as const;

// prettier-ignore
const EXPECTED: Record<string, readonly string[]> = {
  //             A0      A1      A2      A3      A4      A5      A6          A7          A8
  '2022-12-31': ['none', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'none'],
  '2023-02-15': ['none', 'v1', 'v1', 'v1', 'v1', 'v1', 'v1', 'v1', 'v1'],
  '2023-03-01': ['none', 'v1', 'v1', 'v1', 'v3', 'v3', 'v3', 'v3', 'v3'],
  '2023-06-30': ['none', 'v1', 'v1', 'v1', 'v3', 'v3', 'v3', 'v3', 'v3'],
  '2023-07-01': ['none', 'v1', 'v1', 'v2', 'v2', 'v2', 'v2', 'v2', 'v2'],
  '2024-06-30': ['none', 'v1', 'v1', 'v2', 'v2', 'v2', 'v2', 'v2', 'v2'],
  '2024-07-01': ['none', 'v1', 'v1', 'v2', 'v2', 'v4', 'v4', 'v4', 'v4'],
  '2024-10-01': ['none', 'v1', 'v1', 'v2', 'v2', 'v4', 'repealed', 'repealed', 'repealed'],
  '2024-12-31': ['none', 'v1', 'v1', 'v2', 'v2', 'v4', 'repealed', 'repealed', 'repealed'],
  '2025-01-01': ['none', 'v1', 'v1', 'v2', 'v2', 'v4', 'repealed', 'v6', 'v7'],
};

async function get(path: string) {
  const res = await rt.app.request(path);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.clock.set('2022-12-01T00:00:00Z');
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: entityKind.id,
    status: 'published',
    items: [entity(UNIT_A)],
    effectiveFrom: '2022-12-01',
    publishedBy: 't',
    source: 't',
  });
  for (const t of timeline) {
    rt.clock.set(t.publishedAt);
    const r = await rt.registry.publish({
      uscc: UNIT_A,
      stream: KIND,
      status: t.status,
      items: t.status === 'repealed' ? [] : itemsOf(t.v),
      effectiveFrom: t.effectiveFrom,
      publishedBy: 't',
      source: 't',
    });
    expect(r.outcome).toBe('published');
  }
  rt.clock.set('2025-06-01T00:00:00Z');
});

describe('the version in force on `at`, as known at `asOf`', () => {
  const cases = Object.entries(EXPECTED).flatMap(([at, row]) =>
    AS_OF.map((asOf, i) => ({ at, asOf, expected: row[i]!, column: `A${i}` })),
  );

  it.each(cases)('at=$at asOf=$column ($asOf) → $expected', async ({ at, asOf, expected }) => {
    const query = new URLSearchParams({ at, ...(asOf ? { asOf } : {}) });
    const { status, body } = await get(`/v1/units/${UNIT_A}/lists/${KIND}?${query}`);
    if (expected === 'none') {
      expect(status).toBe(404);
      expect(body.error.details.reason).toBe('NOT_YET_IN_FORCE');
    } else if (expected === 'repealed') {
      expect(status).toBe(404);
      expect(body.error.details).toMatchObject({ reason: 'REPEALED', repealedBy: 5 });
    } else {
      expect(status).toBe(200);
      const v = Number(expected.slice(1));
      expect(body.version.version).toBe(v);
      expect(body.items).toEqual(itemsOf(v));
    }
  });

  it('with only asOf, `at` is the China date of asOf: what the registry showed at that moment', async () => {
    // 2023-09-01 10:00 China: v3 has just been recorded, but on 1 September v2 is in force.
    expect((await get(`/v1/units/${UNIT_A}/lists/${KIND}?asOf=2023-09-01T10:00:00%2B08:00`)).body.version.version).toBe(
      2,
    );
    // 2023-06-30 (end of day): v2 is recorded but takes effect tomorrow.
    expect((await get(`/v1/units/${UNIT_A}/lists/${KIND}?asOf=2023-06-30`)).body.version.version).toBe(1);
    expect((await get(`/v1/units/${UNIT_A}/lists?asOf=2023-06-30`)).body).toMatchObject({
      at: '2023-06-30',
      lists: [{ kind: KIND, version: 1, latestVersion: 2, inForce: true }],
    });
  });

  it('today (China date) is the default `at`', async () => {
    rt.clock.set('2024-09-30T16:30:00Z'); // 00:30 on 1 October in China: the repeal is in force
    try {
      expect((await get(`/v1/units/${UNIT_A}/lists/${KIND}`)).body.error.details.reason).toBe('REPEALED');
      rt.clock.set('2024-09-30T15:30:00Z'); // 23:30 on 30 September in China
      expect((await get(`/v1/units/${UNIT_A}/lists/${KIND}`)).body.version.version).toBe(4);
    } finally {
      rt.clock.set('2025-06-01T00:00:00Z');
    }
  });
});

describe('history and single versions as known at `asOf`', () => {
  it('lists only the versions recorded by asOf', async () => {
    const at = async (asOf?: string) =>
      (
        await get(`/v1/units/${UNIT_A}/lists/${KIND}/versions${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`)
      ).body.versions.map((v: { version: number }) => v.version);
    expect(await at('2023-01-09')).toEqual([]);
    expect(await at('2023-06-15')).toEqual([1]);
    expect(await at('2023-06-16')).toEqual([1, 2]);
    expect(await at('2024-09-30')).toEqual([1, 2, 3, 4, 5]);
    expect(await at()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it(
    'versions/{n} with asOf answers 404 for a version recorded after asOf, and the version ' + 'itself otherwise',
    async () => {
      const before = await get(`/v1/units/${UNIT_A}/lists/${KIND}/versions/3?asOf=2023-08-31`);
      expect(before.status).toBe(404);
      expect(before.body.error.code).toBe('NOT_FOUND');
      const after = await get(`/v1/units/${UNIT_A}/lists/${KIND}/versions/3?asOf=2023-09-01`);
      expect(after.status).toBe(200);
      expect(after.body.version).toMatchObject({
        version: 3,
        effectiveFrom: '2023-03-01',
        publishedAt: '2023-09-01T02:00:00.000Z',
      });
      expect((await get(`/v1/units/${UNIT_A}/lists/${KIND}/versions/5`)).body.version).toMatchObject({
        status: 'repealed',
        itemCount: 0,
      });
    },
  );

  it('rejects a malformed asOf or at with 400', async () => {
    for (const q of ['asOf=yesterday', 'asOf=2023-13-01', 'at=2023-02-30', 'at=20230601']) {
      const { status, body } = await get(`/v1/units/${UNIT_A}/lists/${KIND}?${q}`);
      expect(status, q).toBe(400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await get(`/v1/units/${UNIT_A}/lists/${KIND}/versions/1?asOf=nope`)).status).toBe(400);
  });
});

describe('the entity record is bitemporal too', () => {
  it('resolves the entity by at and asOf, and its history by asOf', async () => {
    rt.clock.set('2024-05-01T02:00:00Z');
    // A late correction of the entity's address, effective from the entity's first day.
    await rt.registry.publish({
      uscc: UNIT_A,
      stream: entityKind.id,
      status: 'published',
      items: [entity(UNIT_A, { address: '阜新市府前路32号（更正）' })],
      effectiveFrom: '2022-12-01',
      publishedBy: 't',
      source: 't',
    });
    rt.clock.set('2025-06-01T00:00:00Z');
    const then = await get(`/v1/units/${UNIT_A}?at=2023-06-01&asOf=2024-04-30`);
    expect(then.body.entity.address).toBe('阜新市府前路32号');
    expect(then.body.version.version).toBe(1);
    const now = await get(`/v1/units/${UNIT_A}?at=2023-06-01`);
    expect(now.body.entity.address).toBe('阜新市府前路32号（更正）');
    expect((await get(`/v1/units/${UNIT_A}?at=2022-11-30`)).status).toBe(404);
    expect((await get(`/v1/units/${UNIT_A}/versions?asOf=2024-04-30`)).body.versions).toHaveLength(1);
    expect((await get(`/v1/units/${UNIT_A}/lists/entity/versions/2?asOf=2024-04-30`)).status).toBe(404);
  });
});

describe('the list of entities on a date, as known at a time', () => {
  const names = async (query: string) => {
    const { status, body } = await get(`/v1/units?${query}`);
    expect(status, query).toBe(200);
    return body.items.map((u: { uscc: string; version: number }) => `${u.uscc}@v${u.version}`);
  };

  beforeAll(async () => {
    rt.clock.set('2023-12-01T02:00:00Z');
    await rt.registry.publish({
      uscc: UNIT_B,
      stream: entityKind.id,
      status: 'published',
      items: [entity(UNIT_B)],
      effectiveFrom: '2024-01-01',
      publishedBy: 't',
      source: 't',
    });
    rt.clock.set('2024-05-20T02:00:00Z');
    await rt.registry.publish({
      uscc: UNIT_B,
      stream: entityKind.id,
      status: 'published',
      items: [entity(UNIT_B, { status: 'revoked' })],
      effectiveFrom: '2024-06-01',
      publishedBy: 't',
      source: 't',
    });
    rt.clock.set('2025-06-01T00:00:00Z');
  });

  it('lists the entities in force on `at`, leaving out those not yet registered or revoked by then', async () => {
    expect(await names('region=210900&at=2023-06-01')).toEqual([`${UNIT_A}@v2`]);
    expect(await names('region=210900&at=2023-06-01&asOf=2024-04-30')).toEqual([`${UNIT_A}@v1`]);
    expect((await names('region=21&at=2024-03-01')).sort()).toEqual([`${UNIT_A}@v2`, `${UNIT_B}@v1`].sort());
    expect(await names('region=210900&at=2024-03-01&asOf=2023-11-30')).toEqual([`${UNIT_A}@v1`]);
    expect(await names('region=210900&at=2024-07-01')).toEqual([`${UNIT_A}@v2`]);
    expect(await names('region=430000&at=2024-03-01')).toEqual([]);
    // Without at/asOf: the latest records, revoked left out.
    expect(await names('region=210900')).toEqual([`${UNIT_A}@v2`]);
  });

  it('pages with a cursor', async () => {
    const first = await get('/v1/units?region=210900&at=2024-03-01&limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await get(`/v1/units?region=210900&at=2024-03-01&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].uscc).not.toBe(first.body.items[0].uscc);
    const third = second.body.nextCursor
      ? (await get(`/v1/units?region=210900&at=2024-03-01&limit=1&cursor=${second.body.nextCursor}`)).body.items
      : [];
    expect(third).toEqual([]);
    expect((await get('/v1/units?region=210900&at=2024-03-01&cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });
});
