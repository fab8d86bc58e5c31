import { entityKind } from '../shared/core/kinds/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { EXPORT_PATHS } from '../shared/features/exports/export-redirect.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A } from './support/fixtures.js';

/** An API Gateway HTTP API (payload format 2.0) event, as the service sends it. */
function httpApiEvent(path: string, query = '', headers: Record<string, string> = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: {
      host: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      'user-agent': 'vitest',
      accept: 'application/json',
      ...headers,
    },
    queryStringParameters: query ? Object.fromEntries(new URLSearchParams(query)) : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      domainPrefix: 'abc123',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Mar/2024:02:00:00 +0000',
      timeEpoch: 1709258400000,
    },
    isBase64Encoded: false,
  };
}

let rt: TestRuntime;
let handler: (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;

beforeAll(async () => {
  rt = await createTestRuntime();
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: entityKind.id,
    status: 'published',
    items: [entity(UNIT_A)],
    effectiveFrom: '2023-01-01',
    publishedBy: 't',
    source: 't',
  });
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: 'no-penalty',
    status: 'published',
    items: [noPenaltyItem(1)],
    effectiveFrom: '2023-01-01',
    publishedBy: 't',
    source: 't',
  });
  process.env.TABLE_NAME = rt.tableName;
  process.env.DYNAMODB_ENDPOINT = rt.endpoint;
  ({ handler } = (await import('../functions/public-api.js')) as unknown as { handler: typeof handler });
});

describe('the public Lambda handler', () => {
  it('answers an HTTP API payload 2.0 event from the same app', async () => {
    const res = await handler(httpApiEvent(`/v1/units/${UNIT_A}/lists/no-penalty`, 'at=2024-01-01'), {});
    expect(res.statusCode).toBe(200);
    const b = JSON.parse(res.body);
    expect(b.items).toEqual([noPenaltyItem(1)]);
    expect(res.headers['etag']).toBe(`"v${b.version.version}-${b.version.contentHash}"`);
  });

  it('maps client mistakes to 4xx JSON, not 500', async () => {
    const res = await handler(httpApiEvent(`/v1/units/${UNIT_A}/lists/no-penalty`, 'at=2024-13-01'), {});
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('VALIDATION_FAILED');
  });
});

describe('region exports on AWS (EXPORT_URL set by the stack)', () => {
  const EXPORT_URL = 'https://abc123xyz.lambda-url.cn-north-1.on.aws/';
  const app = () =>
    createPublicRuntime(
      { tableName: rt.tableName, endpoint: rt.endpoint, region: 'cn-north-1' },
      { exportUrl: EXPORT_URL },
    ).app;

  it('answer 307 to the streaming export function, path and query kept', async () => {
    const res = await app().request('/v1/export?region=210900&format=xlsx&at=2024-01-01');
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(
      'https://abc123xyz.lambda-url.cn-north-1.on.aws/v1/export?region=210900&format=xlsx&at=2024-01-01',
    );
    const history = await app().request('/v1/export/history?region=2109');
    expect(history.status).toBe(307);
    expect(history.headers.get('location')).toBe(
      'https://abc123xyz.lambda-url.cn-north-1.on.aws/v1/export/history?region=2109',
    );
  });

  it('are exactly the export routes the app serves (a new export route must be added to EXPORT_PATHS)', () => {
    const served = new Set(
      app()
        .routes.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/export'))
        .map((r) => r.path),
    );
    expect(served).toEqual(new Set(EXPORT_PATHS));
  });

  it('leave every other route, and a version file, to the public function', async () => {
    const res = await app().request(`/v1/units/${UNIT_A}/lists/no-penalty/versions/1?format=jsonl`);
    expect(res.status).toBe(200);
    expect((await app().request('/v1/exports')).status).toBe(404);
  });

  it('are served in place without EXPORT_URL (locally)', async () => {
    const res = await handler(httpApiEvent('/v1/export', 'region=210900'), {});
    expect(res.statusCode).toBe(200);
    // Buffered, as HTTP API requires: fine for a small region, capped at 6 MB on AWS (hence the redirect).
    const body = Buffer.from(
      res.body,
      (res as { isBase64Encoded?: boolean }).isBase64Encoded ? 'base64' : 'utf8',
    ).toString('utf8');
    expect(body.split('\n')[0]).toContain('"record":"export"');
  });
});
