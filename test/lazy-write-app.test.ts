import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../shared/app/runtime.js';
import { createWriteRuntime, type WriteRuntime } from '../shared/app/write-runtime.js';
import { entityKind } from '../shared/core/kinds/index.js';
import { apiGatewayAuthenticator } from '../shared/features/auth/authenticator.js';
import { accessTokenClaims, type CognitoCaller } from '../testing/lambda/http-api-events.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A } from './support/fixtures.js';
import { matchingRoutes, samplePath } from './support/route-matching.js';

const EDITOR: CognitoCaller = { sub: 'e0000001', groups: ['editor'], units: [UNIT_A] };
const ADMIN: CognitoCaller = { sub: 'a0000001', groups: ['admin'], region: '210900' };
/** The same session secret for both apps, so workbench answers (signed cookies) compare equal. */
const WORKBENCH = { config: { sessionSecret: 'lazy-write-app-test-session-secret-0123456789' } };

let rt: TestRuntime;
let whole: ReturnType<typeof createRuntime>;
let lazy: WriteRuntime;

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
  const config = { tableName: rt.tableName, endpoint: rt.endpoint, region: 'cn-north-1' };
  const shared = { clock: rt.clock.now, write: { auth: apiGatewayAuthenticator() }, workbench: WORKBENCH };
  whole = createRuntime(config, { ...shared, routes: 'write' });
  lazy = createWriteRuntime(config, shared);
});

describe('the write function’s lazily assembled app', () => {
  it('runs, for every route of the whole write app, the same routes in the same order', async () => {
    const routes = whole.app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/healthz');
    expect(routes.filter((r) => r.path.startsWith('/v1/')).length).toBeGreaterThan(20);
    expect(routes.filter((r) => r.path.startsWith('/workbench')).length).toBeGreaterThan(10);
    for (const { method, path: pattern } of routes) {
      const path = samplePath(pattern);
      const served = await lazy.appFor(path);
      expect(matchingRoutes(served.routes, method, path), `${method} ${path}`).toEqual(
        matchingRoutes(whole.app.routes, method, path),
      );
    }
  });

  it('serves the drafts of a list from an app without the decision, draw and workbench routes', async () => {
    const served = await lazy.appFor(`/v1/units/${UNIT_A}/lists/no-penalty/drafts`);
    const patterns = [...new Set(served.routes.map((r) => r.path))];
    expect(patterns).toContain('/v1/units/:uscc/lists/:kind/drafts');
    expect(patterns.filter((p) => /decision|draw|inspection|assignments|workbench/.test(p))).toEqual([]);
  });

  it('answers as the whole app does: reads, refusals, mistakes, workbench pages, the OpenAPI document', async () => {
    const requests: Array<{ method?: string; path: string; caller?: CognitoCaller; body?: string; status: number }> = [
      { path: '/v1/drafts', caller: EDITOR, status: 200 },
      { path: '/v1/drafts', status: 401 },
      { path: `/v1/units/${UNIT_A}/lists/no-penalty/drafts`, caller: EDITOR, status: 200 },
      { path: `/v1/units/${UNIT_A}/lists/no-penalty/column-maps`, caller: EDITOR, status: 200 },
      { path: '/v1/audit', caller: EDITOR, status: 403 },
      { path: '/v1/assignments', caller: ADMIN, status: 200 },
      { path: `/v1/units/${UNIT_A}/draws/d1/assignment`, caller: EDITOR, status: 404 },
      { method: 'POST', path: `/v1/units/${UNIT_A}/decisions/preview`, caller: EDITOR, body: '{}', status: 422 },
      { method: 'PUT', path: `/v1/units/${UNIT_A}`, body: '{}', status: 401 },
      { path: '/v1/no-such-thing', caller: EDITOR, status: 404 },
      { path: '/workbench', status: 303 },
      { path: '/workbench/sign-in', status: 200 },
      { path: '/workbench/no-such-page', status: 404 },
      { path: '/no-such-page', status: 404 },
      { path: '/healthz', status: 200 },
      { path: '/openapi.json', status: 200 },
    ];
    const comparable = async (res: Response) => ({
      status: res.status,
      type: res.headers.get('content-type'),
      location: res.headers.get('location'),
      body: (await res.text()).replace(/"requestId":"[^"]+"/g, '"requestId":"…"').replace(/请求编号[^<]*/g, ''),
    });
    for (const { method = 'GET', path, caller, body, status } of requests) {
      const send = (app: { request: typeof whole.app.request }) =>
        app.request(
          path,
          { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) },
          caller
            ? {
                event: { requestContext: { authorizer: { jwt: { claims: accessTokenClaims(caller), scopes: null } } } },
              }
            : {},
        );
      const [ours, theirs] = await Promise.all([send(lazy.app), send(whole.app)]);
      const answer = await comparable(ours);
      expect(answer.status, `${method} ${path}`).toBe(status);
      expect(answer, `${method} ${path}`).toEqual(await comparable(theirs));
    }
  });
});
