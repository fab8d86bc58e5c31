/** GET /v1/search against a real engine: Chinese matching, filters, `at`, paging, errors and request costs. */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRegion } from '../shared/features/demo/generate.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { publishUnits } from './support/fixtures.js';

let rt: TestRuntime;
const county = generateRegion({
  seed: 7,
  regionCode: '430981',
  placeName: '沅江市',
  units: 3,
  traditionalShare: 0.3,
  sizes: () => ({ 'inspection-items': 12, 'no-penalty': 5, 'lighter-penalty': 3 }),
});
const city = generateRegion({
  seed: 8,
  regionCode: '430902',
  placeName: '资阳区',
  units: 1,
  sizes: () => ({ 'no-penalty': 4 }),
});

const get = async (query: string) => {
  const res = await rt.app.request(`/v1/search?${query}`);
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.regions.refreshMs = 0;
  rt.regions.serveStale = false;
  await publishUnits(rt.registry, [...county, ...city]);
});

describe('GET /v1/search', () => {
  it('also names the units whose name matches, in either script, on the first page', async () => {
    // 生態環境 is 生态环境 in Traditional: the 沅江市 ecology unit (generated names carry （示例）).
    const { status, body } = await get(`q=${encodeURIComponent('沅江 生態環境')}&region=430000`);
    expect(status).toBe(200);
    expect(body.units.map((u: { name: string }) => u.name)).toEqual(['沅江市生态环境局（示例）']);
    expect(body.units[0]).toMatchObject({ regionCode: '430981', regionName: '湖南省益阳市沅江市', domain: '生态环境' });
    expect((await get(`q=${encodeURIComponent('资阳区')}&region=430000`)).body.units).toHaveLength(1);
    expect(
      (await get(`q=${encodeURIComponent('沅江')}&region=430000&unit=${county[0]!.entity.uscc}`)).body.units,
    ).toEqual([]);
  });

  it('finds items written in Simplified with a Traditional query, with highlights in the original text', async () => {
    const simplified = county
      .flatMap((u) => u.lists['no-penalty'] ?? [])
      .find((i) => /[违规]/.test(String(i.violation)))!;
    const term = String(simplified.violation).slice(0, 6);
    expect(toTraditionalish(term)).not.toBe(term);
    const { status, body } = await get(`q=${encodeURIComponent(toTraditionalish(term))}&region=430981`);
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    expect(body.terms).toEqual([term]);
    const hit = body.results.find((r: any) => r.item.violation === simplified.violation);
    expect(hit).toBeDefined();
    const h = hit.highlights.find((x: any) => x.field === 'violation');
    expect(h.column).toBe('违法行为');
    expect(h.text.slice(h.ranges[0][0], h.ranges[0][1])).toBe(term);
    expect(hit.unit.regionName).toBe('湖南省益阳市沅江市');
  });

  it('filters by region prefix (province → city → county), unit, kind, category and 双随机', async () => {
    const all = (await get('region=43&limit=1')).body.total;
    const cityTotal = (await get('region=4309&limit=1')).body.total;
    const countyTotal = (await get('region=430981&limit=1')).body.total;
    expect(all).toBe(3 * 20 + 4);
    expect(cityTotal).toBe(all);
    expect(countyTotal).toBe(60);
    expect((await get('region=430902')).body.total).toBe(4);
    const unit = String(county[1]!.entity.uscc);
    const byUnit = (await get(`unit=${unit}&region=43&limit=100`)).body;
    expect(byUnit.total).toBe(20);
    expect(byUnit.results.every((r: any) => r.unit.uscc === unit)).toBe(true);
    const key = (await get('region=43&kind=inspection-items&category=重點&limit=100')).body;
    expect(key.total).toBe(
      county.flatMap((u) => u.lists['inspection-items']!).filter((i) => i.category === '重点').length,
    );
    const random = (await get('region=43&kind=inspection-items&random=是&limit=1')).body;
    expect(random.total).toBe(
      county.flatMap((u) => u.lists['inspection-items']!).filter((i) => i.randomInspection === true).length,
    );
    expect((await get('region=43&kind=lighter-penalty')).body.kinds).toEqual({ 'lighter-penalty': 9 });
  });

  it('pages with a cursor and reports the total', async () => {
    const first = (await get('q=检查&region=430981&limit=10')).body;
    expect(first.total).toBe(36);
    expect(first.results).toHaveLength(10);
    const second = (await get(`q=检查&region=430981&limit=10&cursor=${first.nextCursor}`)).body;
    expect(second.offset).toBe(10);
    const last = (await get(`q=检查&region=430981&limit=30&cursor=${second.nextCursor}`)).body;
    expect(last.results).toHaveLength(16);
    expect(last.nextCursor).toBeUndefined();
  });

  it('searches the lists in force on `at`', async () => {
    const u = county[0]!;
    const uscc = String(u.entity.uscc);
    rt.clock.set('2024-03-02T02:00:00Z');
    await rt.registry.publish({
      uscc,
      stream: 'no-penalty',
      status: 'published',
      publishedBy: 'test',
      source: 'test',
      effectiveFrom: '2024-03-01',
      items: [{ ...u.lists['no-penalty']![0]!, violation: '独一无二的新违法情形', seq: 1 }],
    });
    expect((await get('q=独一无二&region=430981')).body.total).toBe(1);
    expect((await get('q=独一无二&region=430981&at=2024-02-29')).body.total).toBe(0);
    expect((await get(`unit=${uscc}&kind=no-penalty&region=430981&at=2024-02-29`)).body.total).toBe(5);
  });

  it('serves the previous index while a moved region rebuilds, then the new one', async () => {
    const service = rt.regions;
    service.refreshMs = 0;
    service.serveStale = true;
    await get('q=独一无二&region=430981');
    const u = county[2]!;
    const uscc = String(u.entity.uscc);
    await rt.registry.publish({
      uscc,
      stream: 'lighter-penalty',
      status: 'published',
      publishedBy: 'test',
      source: 'test',
      effectiveFrom: '2023-01-01',
      items: [{ ...u.lists['lighter-penalty']![0]!, violation: '另一个独一无二的情形', seq: 1 }],
    });
    let total = (await get('q=独一无二&region=430981')).body.total;
    expect(total).toBe(1); // answered from the index built before the publish
    for (let i = 0; i < 50 && total === 1; i++) {
      await new Promise((r) => setTimeout(r, 50));
      total = (await get('q=独一无二&region=430981')).body.total;
    }
    expect(total).toBe(2);
    service.serveStale = false;
  });

  it('answers client mistakes with 400', async () => {
    for (const q of [
      'region=43098',
      'category=特别',
      'random=也许',
      'kind=nope',
      'at=2023-02-30',
      'limit=0',
      'cursor=%%%',
      'unit=123',
    ]) {
      const { status, body } = await get(q);
      expect(status, q).toBe(400);
      expect(body.error.code).toMatch(/VALIDATION_FAILED|BAD_REQUEST/);
    }
  });

  it('reads the heads index once per refresh and nothing else once warm; never scans', async () => {
    const service = rt.regions;
    service.refreshMs = 60_000;
    await get('q=检查&region=4309');
    rt.requests.reset();
    await get('q=检查&region=4309');
    await get('q=许可证&region=4309&kind=inspection-items');
    expect(rt.requests.total).toBe(0);
    service.invalidate();
    await get('q=检查&region=4309');
    expect(rt.requests.snapshot()).toEqual({ QueryCommand: 1 });
    expect(rt.requests.of('ScanCommand')).toBe(0);
  });
});

/** A few Simplified → Traditional characters this data uses, so the query differs from the stored text. */
function toTraditionalish(s: string): string {
  const map: Record<string, string> = {
    规: '規',
    违: '違',
    对: '對',
    单: '單',
    务: '務',
    场: '場',
    设: '設',
    员: '員',
    经: '經',
    营: '營',
    环: '環',
    农: '農',
    药: '藥',
  };
  return [...s].map((c) => map[c] ?? c).join('');
}
