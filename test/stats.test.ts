/** GET /v1/stats and /v1/stats/changes against a real engine: a county shaped like 沅江市 in 2023. */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRegion, reviseList } from '../shared/features/demo/generate.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { publishUnits } from './support/fixtures.js';

const UNITS = 23;
const TOTALS = {
  'inspection-items': 1771,
  'no-penalty': 220,
  'lighter-penalty': 89,
  'reduced-penalty': 96,
  'no-coercive-measures': 23,
} as const;
const KEY_TOTAL = 233;

/** Splits a total over the units as evenly as whole numbers allow. */
const share = (total: number, u: number) => Math.floor(total / UNITS) + (u < total % UNITS ? 1 : 0);

const units = generateRegion({
  seed: 430981,
  regionCode: '430981',
  placeName: '沅江市',
  units: UNITS,
  sizes: (u) => Object.fromEntries(Object.entries(TOTALS).map(([k, t]) => [k, share(t, u)])),
});
// Exactly 233 重点 across the county, spread over the units.
{
  const all = units.flatMap((u) => u.lists['inspection-items']!);
  all.forEach((item, i) => (item.category = i % 7 === 0 && i / 7 < KEY_TOTAL ? '重点' : '一般'));
  let key = all.filter((i) => i.category === '重点').length;
  for (let i = all.length - 1; key < KEY_TOTAL; i--)
    if (all[i]!.category === '一般') (all[i]!.category = '重点'), key++;
}

let rt: TestRuntime;
let revisedUnit: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.regions.refreshMs = 0;
  rt.regions.serveStale = false;
  rt.clock.set('2023-01-05T02:00:00Z');
  await publishUnits(rt.registry, units);
  // 2024: one unit revises its no-penalty list (2 edited, 1 removed, 2 added).
  rt.clock.set('2024-07-01T02:00:00Z');
  const u = units[4]!;
  revisedUnit = String(u.entity.uscc);
  await rt.registry.publish({
    uscc: revisedUnit,
    stream: 'no-penalty',
    status: 'published',
    publishedBy: 'test',
    source: 'test',
    effectiveFrom: '2024-07-01',
    items: reviseList(u.lists['no-penalty']!, 1),
  });
}, 180_000);

const get = async (path: string) => {
  const res = await rt.app.request(path);
  return { status: res.status, body: (await res.json()) as any };
};

describe('GET /v1/stats', () => {
  it('reads back the 2023 county exactly', async () => {
    const { status, body } = await get('/v1/stats?region=430981&at=2023-12-31');
    expect(status).toBe(200);
    expect(body.units).toBe(23);
    expect(body.inspection).toMatchObject({ total: 1771, general: 1538, key: 233 });
    expect(body.lists).toEqual({
      'no-penalty': 220,
      'lighter-penalty': 89,
      'reduced-penalty': 96,
      'no-coercive-measures': 23,
      // A discretion kind the sample region does not publish is counted as zero.
      'discretion-benchmarks': 0,
    });
    expect(body.summary).toBe(
      '23 units; 1,771 inspection items, of which 1,538 一般 and 233 重点; 220 不予处罚, 89 从轻, 96 减轻, 23 不予强制, 0 裁量基准',
    );
    expect(body.regionName).toBe('湖南省益阳市沅江市');
    expect(body.perUnit).toHaveLength(23);
    const sum = (f: (u: any) => number) => body.perUnit.reduce((s: number, u: any) => s + f(u), 0);
    expect(sum((u) => u.inspection.total)).toBe(1771);
    expect(sum((u) => u.inspection.key)).toBe(233);
    expect(sum((u) => u.lists['no-penalty'])).toBe(220);
    const random = units.flatMap((u) => u.lists['inspection-items']!).filter((i) => i.randomInspection === true).length;
    expect(body.inspection.random).toBe(random);
  });

  it('counts what is in force on the date: the revision from 2024-07-01, nothing before 2023', async () => {
    expect((await get('/v1/stats?region=430981&at=2024-07-01')).body.lists['no-penalty']).toBe(221);
    expect((await get('/v1/stats?region=4309&at=2023-12-31')).body.units).toBe(23);
    const before = (await get('/v1/stats?region=430981&at=2022-12-31')).body;
    expect(before.units).toBe(0);
    expect(before.summary).toBe(
      '0 units; 0 inspection items, of which 0 一般 and 0 重点; 0 不予处罚, 0 从轻, 0 减轻, 0 不予强制, 0 裁量基准',
    );
    expect((await get('/v1/stats?region=11&at=2023-12-31')).body.units).toBe(0);
  });

  it('rejects malformed parameters with 400', async () => {
    expect((await get('/v1/stats?region=4')).status).toBe(400);
    expect((await get('/v1/stats?at=2023-13-01')).status).toBe(400);
  });
});

describe('GET /v1/stats/changes', () => {
  it('reports versions and items added, removed and changed per unit in the period', async () => {
    const { status, body } = await get('/v1/stats/changes?region=430981&from=2024-01-01&to=2024-12-31');
    expect(status).toBe(200);
    expect(body).toMatchObject({ versions: 1, added: 2, removed: 1, changed: 2 });
    expect(body.perUnit).toHaveLength(1);
    expect(body.perUnit[0]).toMatchObject({ uscc: revisedUnit, versions: 1, added: 2, removed: 1, changed: 2 });
    expect(body.perUnit[0].name).toContain('沅江市');
    expect(body.perUnit[0].details[0]).toMatchObject({ kind: 'no-penalty', version: 2, effectiveFrom: '2024-07-01' });
  });

  it('counts first publications as additions', async () => {
    const { body } = await get('/v1/stats/changes?region=430981&from=2023-01-01&to=2023-12-31');
    expect(body.versions).toBe(23 * 5);
    expect(body.added).toBe(1771 + 220 + 89 + 96 + 23);
    expect(body.removed + body.changed).toBe(0);
  });

  it('rejects a period that ends before it starts', async () => {
    const { status, body } = await get('/v1/stats/changes?region=430981&from=2024-02-01&to=2024-01-01');
    expect(status).toBe(400);
    expect(body.error.code).toBe('BAD_REQUEST');
  });
});
