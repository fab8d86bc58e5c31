/**
 * A unit that moves to another region (a new entity version with another 行政区划代码): its lists move with it for
 * today's reads, and a read of a region for a past date uses the region the unit had on that date (行政处罚法 第37条:
 * what applied then). Checked through search, statistics, change statistics and region exports against the real
 * engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { entityKind } from '../shared/core/kinds/index.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

const OLD_REGION = '210902'; // 海州区
const NEW_REGION = '210903'; // 新邱区
const BEFORE_MOVE = '2024-03-01';
const MOVED_ON = '2024-07-01';

let rt: TestRuntime;

const publish = (uscc: string, stream: string, items: Array<Record<string, unknown>>, effectiveFrom: string) =>
  rt.registry.publish({ uscc, stream, status: 'published', items, effectiveFrom, publishedBy: 'test', source: 'test' });

async function stats(region: string, at?: string) {
  rt.regions.invalidate();
  const res = await rt.app.request(`/v1/stats?region=${region}${at ? `&at=${at}` : ''}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { units: number; lists: Record<string, number>; perUnit: Array<{ uscc: string }> };
}

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.clock.set('2024-01-10T02:00:00Z');
  await publish(UNIT_A, entityKind.id, [entity(UNIT_A, { regionCode: OLD_REGION })], '2024-01-01');
  await publish(
    UNIT_B,
    entityKind.id,
    [entity(UNIT_B, { regionCode: NEW_REGION, name: '新邱区测试局' })],
    '2024-01-01',
  );
  await publish(UNIT_A, 'no-penalty', [noPenaltyItem(1), noPenaltyItem(2), noPenaltyItem(3)], '2024-01-01');
  await publish(UNIT_B, 'no-penalty', [noPenaltyItem(1)], '2024-01-01');
  rt.clock.set('2024-07-01T02:00:00Z');
  await publish(UNIT_A, entityKind.id, [entity(UNIT_A, { regionCode: NEW_REGION })], MOVED_ON);
  rt.clock.set('2024-08-01T02:00:00Z');
});

describe('after a unit moves', () => {
  it('its lists are counted in its new region today, and no longer in the old one', async () => {
    const now = await stats(NEW_REGION);
    expect(now.units).toBe(2);
    expect(now.lists['no-penalty']).toBe(4);
    const old = await stats(OLD_REGION);
    expect(old.units).toBe(0);
    expect(old.lists['no-penalty']).toBe(0);
  });

  it('a read of the old region for a date before the move still has the unit and its lists', async () => {
    const then = await stats(OLD_REGION, BEFORE_MOVE);
    expect(then.perUnit.map((u) => u.uscc)).toEqual([UNIT_A]);
    expect(then.lists['no-penalty']).toBe(3);
  });

  it('a read of the new region for a date before the move does not have it', async () => {
    const then = await stats(NEW_REGION, BEFORE_MOVE);
    expect(then.perUnit.map((u) => u.uscc)).toEqual([UNIT_B]);
    expect(then.lists['no-penalty']).toBe(1);
  });

  it('the city, which holds both districts, has the unit once on every date', async () => {
    for (const at of [BEFORE_MOVE, undefined]) {
      const city = await stats('2109', at);
      expect(city.perUnit.map((u) => u.uscc).sort()).toEqual([UNIT_A, UNIT_B].sort());
      expect(city.lists['no-penalty']).toBe(4);
    }
  });

  it('search finds its items in the region it was in on the date asked', async () => {
    rt.regions.invalidate();
    const hits = async (region: string, at?: string) => {
      const res = await rt.app.request(
        `/v1/search?q=${encodeURIComponent('排污单位')}&region=${region}${at ? `&at=${at}` : ''}`,
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { total: number; results: Array<{ uscc?: string; unit?: { uscc: string } }> };
      return body.total;
    };
    expect(await hits(OLD_REGION, BEFORE_MOVE)).toBe(3);
    expect(await hits(OLD_REGION)).toBe(0);
    expect(await hits(NEW_REGION, BEFORE_MOVE)).toBe(1);
    expect(await hits(NEW_REGION)).toBe(4);
  });

  it('a region export on a date has the units in the region on that date', async () => {
    const exported = async (region: string, at?: string) => {
      const res = await rt.app.request(`/v1/export?region=${region}&format=jsonl${at ? `&at=${at}` : ''}`);
      expect(res.status).toBe(200);
      const lines = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { record: string; unit?: string });
      const count = (record: string, unit: string) => lines.filter((l) => l.record === record && l.unit === unit);
      return { units: lines.filter((l) => l.record === 'entity').map((l) => l.unit), items: count };
    };
    const oldThen = await exported(OLD_REGION, BEFORE_MOVE);
    expect(oldThen.units).toEqual([UNIT_A]);
    expect(oldThen.items('item', UNIT_A)).toHaveLength(3);
    expect((await exported(OLD_REGION)).units).toEqual([]);
    expect((await exported(NEW_REGION, BEFORE_MOVE)).units).toEqual([UNIT_B]);
    expect((await exported(NEW_REGION)).units.sort()).toEqual([UNIT_A, UNIT_B].sort());
    const workbook = await rt.app.request(`/v1/export?region=${OLD_REGION}&format=xlsx&at=${BEFORE_MOVE}`);
    expect(workbook.status).toBe(200);
    expect((await workbook.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('changes count in the region the unit was in on the day they were published', async () => {
    await publish(UNIT_A, 'no-penalty', [noPenaltyItem(1), noPenaltyItem(2)], '2024-08-01');
    const changes = async (region: string) => {
      rt.regions.invalidate();
      const res = await rt.app.request(`/v1/stats/changes?region=${region}&from=2024-01-01&to=2024-12-31`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { perUnit: Array<{ uscc: string; versions: number; removed: number }> };
      return Object.fromEntries(body.perUnit.map((u) => [u.uscc, u.versions]));
    };
    // Version 1 was published in the old region (2024-01-10), version 2 in the new one after the move.
    expect(await changes(OLD_REGION)).toEqual({ [UNIT_A]: 1 });
    expect(await changes(NEW_REGION)).toEqual({ [UNIT_A]: 1, [UNIT_B]: 1 });
    expect(await changes('2109')).toEqual({ [UNIT_A]: 2, [UNIT_B]: 1 });
  });

  it('a move back leaves one membership per region and the unit in one place on each date', async () => {
    rt.clock.set('2024-09-01T02:00:00Z');
    await publish(UNIT_A, entityKind.id, [entity(UNIT_A, { regionCode: OLD_REGION })], '2024-09-01');
    rt.clock.set('2024-09-02T02:00:00Z');
    expect((await stats(OLD_REGION)).perUnit.map((u) => u.uscc)).toEqual([UNIT_A]);
    expect((await stats(NEW_REGION)).perUnit.map((u) => u.uscc)).toEqual([UNIT_B]);
    expect((await stats(NEW_REGION, '2024-08-01')).perUnit.map((u) => u.uscc).sort()).toEqual([UNIT_A, UNIT_B].sort());
    expect((await stats(OLD_REGION, '2024-08-01')).units).toBe(0);
    expect((await stats(OLD_REGION, BEFORE_MOVE)).lists['no-penalty']).toBe(3);
  });
});

describe('a list publication racing the unit’s move', () => {
  it('ends with the list head indexed under the region the unit moved to', async () => {
    const race = await createTestRuntime();
    race.clock.set('2024-01-10T02:00:00Z');
    const put = (stream: string, items: Array<Record<string, unknown>>, effectiveFrom: string) =>
      race.registry.publish({
        uscc: UNIT_A,
        stream,
        status: 'published',
        items,
        effectiveFrom,
        publishedBy: 'test',
        source: 'test',
      });
    await put(entityKind.id, [entity(UNIT_A, { regionCode: OLD_REGION })], '2024-01-01');
    await put('no-penalty', [noPenaltyItem(1)], '2024-01-01');
    // The move commits, and re-keys the unit's list heads, after the list publication has read the unit's region
    // and before its head commits.
    race.clock.set('2024-07-01T02:00:00Z');
    const original = race.registry.beforePublish;
    race.registry.beforePublish = async (input) => {
      race.registry.beforePublish = original;
      await put(entityKind.id, [entity(UNIT_A, { regionCode: NEW_REGION })], MOVED_ON);
      await original?.(input);
    };
    const result = await put('no-penalty', [noPenaltyItem(1), noPenaltyItem(2)], MOVED_ON);
    expect(result.outcome).toBe('published');
    const head = await race.store.getHead(UNIT_A, 'no-penalty', true);
    expect(head?.version).toBe(2);
    expect(head?.regionCode).toBe(NEW_REGION);
    race.regions.invalidate();
    const counted = async (region: string) =>
      ((await (await race.app.request(`/v1/stats?region=${region}`)).json()) as { lists: Record<string, number> })
        .lists['no-penalty'];
    expect(await counted(NEW_REGION)).toBe(2);
    expect(await counted(OLD_REGION)).toBe(0);
  });
});
