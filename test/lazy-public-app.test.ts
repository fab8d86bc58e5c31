import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { createLazyPublicApp, type LazyPublicApp } from '../shared/app/lazy-public-app.js';
import { entityKind } from '../shared/core/kinds/index.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A } from './support/fixtures.js';
import { matchingRoutes, samplePath } from './support/route-matching.js';

let rt: TestRuntime;
let whole: ReturnType<typeof createPublicRuntime>;
let lazy: LazyPublicApp;

beforeAll(async () => {
  rt = await createTestRuntime();
  const common = {
    uscc: UNIT_A,
    status: 'published' as const,
    effectiveFrom: '2023-01-01',
    publishedBy: 't',
    source: 't',
  };
  await rt.registry.publish({ ...common, stream: entityKind.id, items: [entity(UNIT_A)] });
  await rt.registry.publish({ ...common, stream: 'no-penalty', items: [noPenaltyItem(1)] });
  whole = createPublicRuntime({ tableName: rt.tableName, endpoint: rt.endpoint, region: 'cn-north-1' });
  lazy = createLazyPublicApp({ registry: whole.registry, regions: whole.regions });
});

describe('the public function’s lazily assembled app', () => {
  it('runs, for every API route of the whole app, the same routes in the same order', async () => {
    const apiRoutes = whole.app.routes.filter((r) => r.path.startsWith('/v1/'));
    expect(apiRoutes.length).toBeGreaterThan(50);
    const paths = [...new Set(apiRoutes.map((r) => samplePath(r.path)))];
    for (const path of paths) {
      const served = await lazy.appFor(path);
      expect(matchingRoutes(served.routes, 'GET', path), path).toEqual(matchingRoutes(whole.app.routes, 'GET', path));
    }
  });

  it('serves the unit’s list in force from an app that holds the list routes alone', async () => {
    const served = await lazy.appFor(`/v1/units/${UNIT_A}/lists/no-penalty`);
    const patterns = new Set(served.routes.map((r) => r.path));
    expect(patterns.has('/v1/units/:uscc/lists/:kind')).toBe(true);
    expect(
      [...patterns].filter((p) => p.includes('decision') || p.includes('draw') || p.startsWith('/v1/ledger')),
    ).toEqual([]);
  });

  it('answers as the whole app does: reads, mistakes, unknown paths, portal pages, the OpenAPI document', async () => {
    const paths = [
      `/v1/units/${UNIT_A}/lists/no-penalty?at=2024-01-01`,
      `/v1/units/${UNIT_A}/lists/no-penalty?at=2024-13-01`,
      `/v1/units/${UNIT_A}/lists/no-penalty/versions`,
      `/v1/units/${UNIT_A}/lists/no-penalty/diff?from=1&to=1`,
      `/v1/units/${UNIT_A}/decisions`,
      `/v1/units/${UNIT_A}/draws`,
      '/v1/search?q=%E9%A3%9F%E5%93%81&region=210900',
      '/v1/stats?region=210900',
      '/v1/ledger/checkpoint',
      '/v1/certificates/stats',
      '/v1/no-such-thing',
      '/healthz',
      `/units/${UNIT_A}`,
      '/no-such-page',
      '/openapi.json',
    ];
    const comparable = async (res: Response) => ({
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.text()).replace(/"requestId":"[^"]+"/g, '"requestId":"…"').replace(/请求编号[^<]*/g, ''),
    });
    for (const path of paths) {
      const [ours, theirs] = await Promise.all([lazy.app.request(path), whole.app.request(path)]);
      expect(await comparable(ours), path).toEqual(await comparable(theirs));
    }
  });
});
