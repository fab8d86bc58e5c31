/**
 * Stored region indexes: built after publishes by the background step, kept in the table in chunks, and
 * loaded by an instance that starts cold instead of reading every list version in force.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../shared/app/core-runtime.js';
import { runSearch } from '../shared/features/search/index.js';
import { TableIndexFileStore } from '../shared/features/search/index-store.js';
import { prefixesOf, SearchIndexer, useStoredIndexes } from '../shared/features/search/search-indexing.js';
import { generateRegion } from '../shared/features/demo/generate.js';
import { createClient } from '../shared/platform/dynamodb/client.js';
import { countRequests } from '../testing/request-counter.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { noPenaltyItem, publishUnits } from './support/fixtures.js';

const county = generateRegion({
  seed: 3,
  regionCode: '430981',
  placeName: '沅江市',
  units: 4,
  sizes: () => ({ 'inspection-items': 30, 'no-penalty': 10 }),
});
const city = generateRegion({
  seed: 4,
  regionCode: '430902',
  placeName: '资阳区',
  units: 3,
  sizes: () => ({ 'inspection-items': 20 }),
});

let rt: TestRuntime;
let files: TableIndexFileStore;
/** Rebuilds only when the test asks (idle()), so what a cold instance finds before it is certain. */
let indexer: SearchIndexer;

/** A process that starts cold on the same table: its own client, store caches and search service. */
function coldInstance() {
  const client = createClient({ endpoint: rt.endpoint, region: 'cn-north-1' });
  const requests = countRequests(client);
  const core = createCore({ tableName: rt.tableName, endpoint: rt.endpoint }, { client, clock: rt.clock.now });
  core.regions.serveStale = false;
  const search = (q: string, region: string) =>
    runSearch(core.registry, core.regions, { q, region, limit: 20, offset: 0, category: undefined, random: undefined });
  return { ...core, requests, search };
}

beforeAll(async () => {
  rt = await createTestRuntime();
  files = new TableIndexFileStore(rt.client, rt.tableName);
  indexer = useStoredIndexes(rt.registry, rt.regions, files, { build: true, delayMs: 60_000 })!;
  await publishUnits(rt.registry, [...county, ...city]);
  await indexer.idle();
}, 60_000);

describe('stored search indexes', () => {
  it('a region code gives its province, city and county prefixes', () => {
    expect(prefixesOf('430981')).toEqual(['43', '4309', '430981']);
    expect(prefixesOf('430900')).toEqual(['43', '4309']);
  });

  it('are built in process after publications, for the province, the city and the county of each unit', async () => {
    const at = rt.registry.today();
    for (const prefix of ['43', '4309', '430981', '430902'])
      expect(await files.manifest(prefix, at), prefix).toMatchObject({ chunks: expect.any(Number) });
  });

  it('are loaded by a cold instance: heads, one manifest and the chunks, no list content', async () => {
    const cold = coldInstance();
    const warm = await runSearch(rt.registry, rt.regions, {
      q: '检查',
      region: '430000',
      limit: 20,
      offset: 0,
      category: undefined,
      random: undefined,
    });
    const body = await cold.search('检查', '430000');
    expect(body.total).toBe(warm.total);
    expect(body.results).toEqual(warm.results);
    expect(cold.requests.snapshot()).toEqual({ QueryCommand: 1, GetItemCommand: 1, BatchGetItemCommand: 1 });
  });

  it('a county query loads only its county’s index', async () => {
    const cold = coldInstance();
    const body = await cold.search('检查', '430981');
    expect(body.results.every((r) => r.unit.regionCode === '430981')).toBe(true);
    expect(body.total).toBeGreaterThan(0);
    const chunks = await files.manifest('430981', rt.registry.today());
    expect(cold.requests.of('BatchGetItemCommand')).toBe(Math.ceil(chunks!.chunks / 40));
  });

  it('are fresh after a publish: the background step rebuilds them, and a stale one is never served', async () => {
    const uscc = String(county[0]!.entity.uscc);
    const stale = coldInstance();
    await stale.search('检查', '430981'); // holds the old index
    await rt.registry.publish({
      uscc,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(1, { violation: '独一无二的违法行为描述甲乙丙' })],
      effectiveFrom: '2023-01-01',
      publishedBy: 'test',
      source: 'test',
    });
    // Before the rebuild is stored, a cold instance sees heads that no stored index matches: it builds.
    const before = coldInstance();
    expect((await before.search('独一无二的违法行为', '430981')).total).toBe(1);
    expect(before.requests.of('BatchGetItemCommand')).toBe(0);
    await indexer.idle();
    const after = coldInstance();
    expect((await after.search('独一无二的违法行为', '430000')).total).toBe(1);
    expect(after.requests.snapshot()).toEqual({ QueryCommand: 1, GetItemCommand: 1, BatchGetItemCommand: 1 });
    // The instance holding the old index picks the new one up at its next heads refresh.
    stale.regions.invalidate();
    expect((await stale.search('独一无二的违法行为', '430981')).total).toBe(1);
  });
});
