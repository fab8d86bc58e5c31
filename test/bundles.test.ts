/**
 * The deployed artifacts, tested as they will run: each Lambda bundle is built with the stack's own
 * esbuild options (infra/bundling.ts via scripts/build-bundles.ts), loaded in a fresh Node process, and
 * invoked with API Gateway HTTP API payload-2.0 events (authenticated ones carrying Cognito access-token
 * claims as the JWT authorizer passes them) against the local engine. KMS and Lambda are played by small
 * local stubs (testing/lambda/aws-stubs.ts) reached through the real AWS SDK.
 */
import { canonicalJson } from '../shared/core/canonical-json.js';
import { entityKind } from '../shared/core/kinds/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presentEntry, type LambdaName } from '../infra/entries.js';
import { buildBundles, largestInputs, type BuiltBundle } from '../scripts/build-bundles.js';
import { LEDGER_LAG_METRIC } from '../shared/features/ledger/ledger-lag.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../infra/table-access.js';
import { startAwsStubs, type AwsStubs } from '../testing/lambda/aws-stubs.js';
import { startDynamoDbRecorder, type DynamoDbRecorder } from '../testing/lambda/dynamodb-recorder.js';
import { httpApiEvent, type CognitoCaller, type HttpApiRequest } from '../testing/lambda/http-api-events.js';
import { STREAM_RUNNER, startLambdaProcess, type LambdaProcess } from '../testing/lambda/lambda-process.js';

/** Size budgets (bytes of index.mjs): a bundle that outgrows its budget slows every cold start. */
const BUDGETS: Record<LambdaName, number> = {
  // About 5% above the sizes measured after the cold-start cuts: zod resolved without its locales
  // (infra/zod/), region names from a generated string table instead of the dataset's JSON objects, QR codes
  // from qrcode's encoder and SVG renderer without its PNG renderer. Measured: public 1,070,721 bytes, export
  // 1,070,574, write 1,714,054, pre-token 24,184, sequencer 820,293, scheduled jobs 1,633,104. exceljs and
  // opencc-js stay installed beside the bundles, not in them (infra/bundling.ts): the 繁體 dictionaries
  // (1.15 MB) load on the first Traditional page, and the public and export functions must not pick up the
  // workflow or import code again. The public cold-start target (1.5 × baseline) is still missed; see
  // bench/results. The public function then grew to 1,144,715 bytes when its routes became lazily loaded
  // (shared/app/lazy-public-app.ts): esbuild wraps every module reached through `import()` in an initialiser and
  // an export object, about 70 KB of bytes V8 only pre-parses, for feature code the cold start no longer evaluates.
  // It derives the cursor key from KMS at cold start (shared/app/derived-keys.ts): the KMS client and GenerateMac,
  // from their own modules (infra/kms/index.mjs), loaded with `import()` only where a KMS key is named: 1,148,632.
  publicApi: 1_200_000,
  // The public function's code plus a few lines: it must stay as lean (exports are read-only too).
  exportApi: 1_125_000,
  // Uploads, review and audit: the workbook reader and workflow on top of the public function's code, and the
  // Cognito user-pool client that writes assignments as groups and attributes (1,802,974 bytes with it). Its routes
  // became lazily loaded (shared/app/lazy-write-app.ts): 1,820,442 bytes, the initialisers esbuild wraps around
  // modules reached through `import()`, while a cold start evaluates 1,320 modules (1,134 KiB) instead of 1,505
  // (1,457 KiB) before its first request (`npm run bench`, group coldstart). The Lambda client of the sequencer
  // nudge then became loaded on the first nudge too (1,172 modules, 1,053 KiB at start), which costs bytes: esbuild
  // keeps every export of a package reached through `import()` (1,878,651 bytes).
  writeApi: 1_950_000,
  // Copies claims into tokens: with the region table no longer bundled as JSON it is a few KB of code.
  cognitoPreToken: 40_000,
  ledgerSequencer: 865_000,
  // The jobs' runtime (shared/app/jobs-runtime.ts): the feature services and the lazily assembled public app for the
  // verifier, no write routes, workflow or workbench (1,697,482 bytes when it built the whole runtime; 1,397,534 now).
  // The due-draws job verifies drand rounds (BLS12-381: drand-client with @noble/curves, about 160 KB).
  scheduledJobs: 1_470_000,
};

const SEQUENCER_FUNCTION = 'gongshi-test-LedgerSequencer';
/** The stub plays every key with one key pair; the ARN tells the certificate key's calls from the ledger key's. */
const CERTIFICATE_KEY = 'arn:aws-cn:kms:cn-north-1:123456789012:key/00000000-0000-4000-8000-00000000cafe';
const STATEMENT_KEY = 'arn:aws-cn:kms:cn-north-1:123456789012:key/00000000-0000-4000-8000-00000000beef';
const LOG_ORIGIN = 'registry.example.gov.cn/log';
const hasSequencer = presentEntry('ledgerSequencer') !== undefined;

let dir: string;
let bundles: BuiltBundle[];
let stubs: AwsStubs;
let rt: TestRuntime;
let dynamo: DynamoDbRecorder;
const processes: Partial<Record<LambdaName, LambdaProcess>> = {};
const coldStartMs: Partial<Record<LambdaName, number>> = {};

const bundle = (name: LambdaName) => bundles.find((b) => b.name === name)!;

async function start(name: LambdaName, service: string, extraEnv: Record<string, string> = {}, runner?: string) {
  const t0 = performance.now();
  processes[name] = await startLambdaProcess(
    bundle(name).file,
    {
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'bundle-test',
      AWS_SECRET_ACCESS_KEY: 'bundle-test',
      AWS_LAMBDA_FUNCTION_NAME: `gongshi-test-${name}`,
      AWS_ENDPOINT_URL_KMS: stubs.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: stubs.endpoint,
      // What the stack sets on every registry function (test/infra.test.ts checks the same names there).
      TABLE_NAME: rt.tableName,
      // Through the recorder, which notes every operation the bundle sends (checked against its IAM grants below).
      DYNAMODB_ENDPOINT: dynamo.endpointFor(name),
      GONGSHI_STAGE: 'test',
      GONGSHI_AUTH: 'apigateway',
      GONGSHI_LOG_ORIGIN: LOG_ORIGIN,
      POWERTOOLS_SERVICE_NAME: service,
      ...extraEnv,
    },
    runner,
  );
  coldStartMs[name] = Math.round(performance.now() - t0);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongshi-bundles-'));
  [bundles, stubs, rt] = await Promise.all([buildBundles(dir), startAwsStubs(), createTestRuntime()]);
  dynamo = await startDynamoDbRecorder(rt.endpoint);
  for (const uscc of [UNIT_A, UNIT_B]) {
    await rt.registry.publish({
      uscc,
      stream: entityKind.id,
      status: 'published',
      items: [entity(uscc)],
      effectiveFrom: '2023-01-01',
      publishedBy: 'seed',
      source: 'seed',
    });
  }
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: 'no-penalty',
    status: 'published',
    items: [noPenaltyItem(1), noPenaltyItem(2)],
    effectiveFrom: '2023-01-01',
    publishedBy: 'seed',
    source: 'seed',
  });
  await Promise.all([
    start('publicApi', 'gongshi-public-api'),
    start('exportApi', 'gongshi-export-api', {}, STREAM_RUNNER),
    start('writeApi', 'gongshi-write-api', {
      LEDGER_SEQUENCER_FUNCTION: SEQUENCER_FUNCTION,
      CERTIFICATE_SIGNING_KEY_ID: CERTIFICATE_KEY,
      STATEMENT_SIGNING_KEY_ID: STATEMENT_KEY,
    }),
    start('cognitoPreToken', 'gongshi-pre-token'),
    ...(hasSequencer
      ? [start('ledgerSequencer', LEDGER_LAG_METRIC.service, { LEDGER_SIGNING_KEY_ID: stubs.keyArn })]
      : []),
    start('scheduledJobs', 'gongshi-scheduled-jobs', { CERTIFICATE_SIGNING_KEY_ID: CERTIFICATE_KEY }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all(Object.values(processes).map((p) => p.stop()));
  await stubs?.close();
  await dynamo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

async function call(name: 'publicApi' | 'writeApi', req: HttpApiRequest) {
  const res = await processes[name]!.invoke<HttpResult>(httpApiEvent(req));
  const type = res.headers?.['content-type'] ?? '';
  return { ...res, json: type.includes('json') ? JSON.parse(res.body) : undefined };
}

const editorOf = (unit: string, sub: string): CognitoCaller => ({ sub, groups: ['editor'], units: [unit] });
const reviewer: CognitoCaller = { sub: '5f0c2e1a-reviewer-0000-000000000002', groups: ['reviewer'], region: '210900' };

describe('bundles', () => {
  it('are built with the stack’s options and stay under their size budgets', () => {
    const built = new Set(bundles.map((b) => b.name));
    expect(built).toEqual(
      new Set([
        'publicApi',
        'exportApi',
        'writeApi',
        'cognitoPreToken',
        'scheduledJobs',
        ...(hasSequencer ? ['ledgerSequencer'] : []),
      ]),
    );
    const rows = bundles.map((b) => ({
      bundle: b.name,
      kb: Math.round(b.bytes / 1024),
      gzipKb: Math.round(b.gzipBytes / 1024),
      budgetKb: Math.round(BUDGETS[b.name] / 1024),
      coldStartMs: coldStartMs[b.name],
    }));
    console.log(
      `Lambda bundles (index.mjs, minified ESM, node24 ` +
        `target):\n` +
        `${rows
          .map(
            (r) =>
              `  ${r.bundle.padEnd(16)} ${String(r.kb).padStart(6)} KB  gzip ${String(r.gzipKb).padStart(5)} KB  ` +
              `budget ${r.budgetKb} KB  process start + import ${r.coldStartMs} ms ` +
              `(${Object.keys(processes).length} in parallel)`,
          )
          .join('\n')}`,
    );
    for (const b of bundles) expect(b.bytes, b.name).toBeLessThan(BUDGETS[b.name]);
  });

  it('carry of the DynamoDB client only the commands the registry sends, lazily loaded routes included', () => {
    // 76 KiB when the package's index was bundled behind the public function's `import()`s (infra/dynamodb/).
    const clientBytes = (name: LambdaName) =>
      largestInputs(bundle(name), Number.POSITIVE_INFINITY).find((i) => i.input === '@aws-sdk/client-dynamodb')?.bytes;
    for (const name of ['publicApi', 'writeApi', 'scheduledJobs'] as const)
      expect(clientBytes(name), name).toBeLessThan(36 * 1024);
  });
});

describe('the public function', () => {
  it('answers an anonymous read from the table and logs it as structured JSON', async () => {
    const res = await call('publicApi', { method: 'GET', path: '/v1/units', query: { region: '210900' } });
    expect(res.statusCode).toBe(200);
    expect(res.json.items.map((u: { uscc: string }) => u.uscc)).toEqual(expect.arrayContaining([UNIT_A, UNIT_B]));
    const list = await call('publicApi', { method: 'GET', path: `/v1/units/${UNIT_A}/lists/no-penalty` });
    expect(list.statusCode).toBe(200);
    expect(list.json.version.version).toBe(1);
    const line = processes.publicApi!.jsonLines().find((l) => l.message === 'request' && l.path === '/v1/units');
    expect(line).toMatchObject({
      level: 'INFO',
      service: 'gongshi-public-api',
      status: 200,
      method: 'GET',
      function_name: 'gongshi-test-publicApi',
    });
  });

  it('serves the OpenAPI document', async () => {
    const res = await call('publicApi', { method: 'GET', path: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
  });

  it('serves an XLSX template through exceljs, installed beside the bundle and loaded on first use', async () => {
    const res = await call('publicApi', { method: 'GET', path: '/v1/templates/no-penalty.xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.isBase64Encoded).toBe(true);
    expect(Buffer.from(res.body, 'base64').subarray(0, 2).toString('latin1')).toBe('PK'); // a zip archive
  });

  it('serves a 繁體 page with the Traditional dictionaries loaded from beside the bundle on first use', async () => {
    const res = await call('publicApi', { method: 'GET', path: `/units/${UNIT_A}`, query: { lang: 'zh-Hant' } });
    expect(res.statusCode, res.body).toBe(200);
    const html = res.isBase64Encoded ? Buffer.from(res.body, 'base64').toString('utf8') : res.body;
    expect(html).toContain('<html lang="zh-Hant"');
    expect(html).toContain('阜新市生態環境局');
  });

  it('does not serve changes, even if one reached it', async () => {
    const res = await call('publicApi', {
      method: 'POST',
      path: `/v1/units/${UNIT_A}/lists/no-penalty/drafts`,
      json: { items: [], effectiveFrom: '2024-01-01' },
      caller: editorOf(UNIT_A, 'x'),
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('the export function (response streaming through a function URL)', () => {
  interface Streamed {
    meta: { statusCode: number; headers: Record<string, string>; cookies: string[] };
    writes: number;
    body: string;
  }
  /** A function URL event is payload 2.0 without a route; the same shape as an HTTP API event serves. */
  const stream = async (req: HttpApiRequest) => {
    const res = await processes.exportApi!.invoke<Streamed>(httpApiEvent({ ...req, routeKey: '$default' }));
    return { ...res, text: Buffer.from(res.body, 'base64').toString('utf8') };
  };

  it('streams a region export as JSON Lines, with status and headers in the stream’s prelude', async () => {
    const res = await stream({ method: 'GET', path: '/v1/export', query: { region: '210900', format: 'jsonl' } });
    expect(res.meta.statusCode, res.text).toBe(200);
    expect(res.meta.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.meta.headers['content-disposition']).toContain('filename*=');
    expect(res.meta.headers.etag).toBeTruthy();
    const lines = res.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ record: 'export', region: '210900' });
    expect(lines.filter((l) => l.record === 'entity').map((l) => l.unit)).toEqual(
      expect.arrayContaining([UNIT_A, UNIT_B]),
    );
    expect(
      lines.filter((l) => l.record === 'item' && l.unit === UNIT_A && l.kind === 'no-penalty').length,
    ).toBeGreaterThanOrEqual(2);
    const line = processes.exportApi!.jsonLines().find((l) => l.message === 'request' && l.path === '/v1/export');
    expect(line).toMatchObject({ level: 'INFO', service: 'gongshi-export-api', status: 200 });
  });

  it('streams the history export, and answers 304 to a matching ETag', async () => {
    const res = await stream({ method: 'GET', path: '/v1/export/history', query: { region: '2109' } });
    expect(res.meta.statusCode, res.text).toBe(200);
    const lines = res.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.every((l) => l.unit && l.version)).toBe(true);
    const again = await stream({
      method: 'GET',
      path: '/v1/export/history',
      query: { region: '2109' },
      headers: { 'if-none-match': res.meta.headers.etag! },
    });
    expect(again.meta.statusCode).toBe(304);
  });

  it('refuses a bad query as 4xx JSON, and serves nothing but the exports', async () => {
    const bad = await stream({ method: 'GET', path: '/v1/export', query: { region: '21' + 'x' } });
    expect(bad.meta.statusCode).toBe(400);
    expect(JSON.parse(bad.text).error.code).toBe('VALIDATION_FAILED');
    const other = await stream({ method: 'GET', path: '/v1/units', query: { region: '210900' } });
    expect(other.meta.statusCode).toBe(404);
  });
});

describe('the write function', () => {
  const draftBody = {
    items: [noPenaltyItem(1), noPenaltyItem(2), noPenaltyItem(3)],
    effectiveFrom: '2024-06-01',
    documentNumber: '阜环发〔2024〕12号',
  };

  it('refuses an editor acting for another unit (403)', async () => {
    const res = await call('writeApi', {
      method: 'POST',
      path: `/v1/units/${UNIT_A}/lists/no-penalty/drafts`,
      json: draftBody,
      caller: editorOf(UNIT_B, '9a1d-editor-b'),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json.error.code).toBe('FORBIDDEN');
  });

  it('refuses a request without verified claims (401): the route was not behind the authorizer', async () => {
    const res = await call('writeApi', {
      method: 'POST',
      path: `/v1/units/${UNIT_A}/lists/no-penalty/drafts`,
      json: draftBody,
    });
    expect(res.statusCode).toBe(401);
  });

  it('takes a draft through submit and approval to publication, and starts the sequencer', async () => {
    const editor = editorOf(UNIT_A, '3c7e-editor-a');
    const created = await call('writeApi', {
      method: 'POST',
      path: `/v1/units/${UNIT_A}/lists/no-penalty/drafts`,
      json: draftBody,
      caller: editor,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json.id as string;
    const submitted = await call('writeApi', {
      method: 'POST',
      path: `/v1/drafts/${id}/submit`,
      routeKey: 'POST /{proxy+}',
      caller: editor,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(stubs.invokes).toEqual([]); // nothing published yet, so no nudge
    const approved = await call('writeApi', {
      method: 'POST',
      path: `/v1/drafts/${id}/review`,
      json: { decision: 'approve', grounds: [], comment: '审核通过' },
      caller: reviewer,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json.status).toBe('approved');
    expect(approved.json.publishedVersion).toBe(2);

    const list = await call('publicApi', { method: 'GET', path: `/v1/units/${UNIT_A}/lists/no-penalty/versions/2` });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json.items).toHaveLength(3);

    expect(stubs.invokes).toEqual([
      {
        functionName: SEQUENCER_FUNCTION,
        invocationType: 'Event',
        payload: JSON.stringify({ source: 'gongshi.publish' }),
      },
    ]);
    const read = await call('writeApi', {
      method: 'GET',
      path: `/v1/drafts/${id}`,
      routeKey: 'GET /v1/drafts/{id}',
      caller: reviewer,
    });
    expect(read.statusCode).toBe(200);
    expect(stubs.invokes).toHaveLength(1); // reads do not nudge
  });
});

describe.runIf(hasSequencer)('the ledger sequencer', () => {
  it('logs every published version, signs the checkpoint with the KMS key, and reports its lag', async () => {
    const result = await processes.ledgerSequencer!.invoke({
      version: '0',
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      time: new Date().toISOString(),
      detail: {},
    });
    expect(result).toBeTruthy();
    expect(stubs.kmsCalls.some((c) => c.target === 'Sign' && c.body.KeyId === stubs.keyArn)).toBe(true);

    const key = await call('publicApi', { method: 'GET', path: '/v1/ledger/key' });
    expect(key.statusCode, key.body).toBe(200);
    expect(key.json.origin).toBe(LOG_ORIGIN);
    expect(Buffer.from(key.json.publicKey, 'base64')).toEqual(Buffer.from(stubs.publicKeyRaw));

    const checkpoint = await call('publicApi', { method: 'GET', path: '/v1/ledger/checkpoint' });
    expect(checkpoint.statusCode, checkpoint.body).toBe(200);
    // C2SP signed note: text, blank line, "— <name> <base64(key id ‖ signature)>"; checked with node:crypto alone.
    const note = checkpoint.body;
    const split = note.indexOf('\n\n');
    const text = note.slice(0, split + 1);
    const [origin, size] = text.split('\n');
    expect(origin).toBe(LOG_ORIGIN);
    expect(Number(size)).toBe(4); // two entities, list v1, list v2
    const sigLine = note
      .slice(split + 2)
      .split('\n')
      .find((l) => l.startsWith(`— ${LOG_ORIGIN} `))!;
    const blob = Buffer.from(sigLine.split(' ')[2]!, 'base64');
    expect(verify(null, Buffer.from(text), stubs.publicKey, blob.subarray(4))).toBe(true);

    const emf = processes.ledgerSequencer!.jsonLines().find((l) => l._aws?.CloudWatchMetrics);
    expect(emf?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: LEDGER_LAG_METRIC.namespace,
      Metrics: [{ Name: LEDGER_LAG_METRIC.metricName, Unit: 'Seconds' }],
    });
    expect(emf?._aws.CloudWatchMetrics[0].Dimensions[0]).toEqual(expect.arrayContaining(['service', 'stage']));
    expect(emf).toMatchObject({ service: LEDGER_LAG_METRIC.service, stage: 'test', [LEDGER_LAG_METRIC.metricName]: 0 });
  });
});

describe('certificates (执法证) on AWS', () => {
  const officer = (n: number, overrides: Record<string, unknown> = {}) => ({
    name: `王${n}`,
    certificateNumber: `210900B${String(n).padStart(6, '0')}`,
    certificateType: '行政执法证',
    category: '生态环境',
    issuedOn: '2022-03-01',
    validUntil: '2027-02-28',
    status: '有效',
    ...overrides,
  });

  it('the write function signs cards and status lists with the certificate key; the public one serves', async () => {
    const editor = editorOf(UNIT_A, '3c7e-editor-a');
    const items = [
      officer(1),
      officer(2),
      officer(3, { status: '注销', cancelledOn: '2024-05-01', cancelReason: '退休' }),
    ];
    const created = await call('writeApi', {
      method: 'POST',
      path: `/v1/units/${UNIT_A}/lists/officers/drafts`,
      json: { items, effectiveFrom: '2024-06-01', documentNumber: '阜司发〔2024〕3号' },
      caller: editor,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json.id as string;
    const submitted = await call('writeApi', {
      method: 'POST',
      path: `/v1/drafts/${id}/submit`,
      routeKey: 'POST /{proxy+}',
      caller: editor,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const approved = await call('writeApi', {
      method: 'POST',
      path: `/v1/drafts/${id}/review`,
      json: { decision: 'approve', grounds: [], comment: '审核通过' },
      caller: reviewer,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    // Three credentials and the status lists of the unit's city (210900 is 阜新市) and province, with the certificate key.
    const signs = stubs.kmsCalls.filter((c) => c.target === 'Sign' && c.body.KeyId === CERTIFICATE_KEY);
    expect(signs).toHaveLength(3 + 2);

    const key = await call('publicApi', { method: 'GET', path: '/v1/certificates/key' });
    expect(key.statusCode, key.body).toBe(200);
    expect(Buffer.from(key.json.publicKey, 'base64url')).toEqual(Buffer.from(stubs.publicKeyRaw));
    const credential = await call('publicApi', { method: 'GET', path: '/v1/certificates/210900B000001/credential' });
    expect(credential.statusCode, credential.body).toBe(200);
    const [prefix, payload, signature] = String(credential.json.credential).split('.');
    expect(prefix).toBe('GSC1');
    expect(
      verify(null, Buffer.from(`${prefix}.${payload}`), stubs.publicKey, Buffer.from(signature!, 'base64url')),
    ).toBe(true);
    const card = await call('publicApi', { method: 'GET', path: '/v1/certificates/210900B000001/card.svg' });
    expect(card.statusCode, card.body).toBe(200);
    expect(card.headers['content-type']).toContain('image/svg+xml');
    const list = await call('publicApi', { method: 'GET', path: '/v1/certificates/status-list?region=210900' });
    expect(list.statusCode, list.body).toBe(200);
    const [listPrefix, listPayload, listSignature] = list.body.split('.');
    expect(listPrefix).toBe('GSS2');
    const digest = createHash('sha256').update(listPayload!).digest('hex');
    expect(verify(null, Buffer.from(`GSS2.${digest}`), stubs.publicKey, Buffer.from(listSignature!, 'base64url'))).toBe(
      true,
    );
    expect(JSON.parse(Buffer.from(listPayload!, 'base64url').toString('utf8'))).toMatchObject({ count: 3 });
  });
});

describe('signed zero statements (事后公示) on AWS', () => {
  it('the write function signs a unit’s monthly statement with its KMS key; the public one serves it', async () => {
    const month = '2025-12';
    const stated = await call('writeApi', {
      method: 'PUT',
      path: `/v1/units/${UNIT_B}/decision-statements/${month}`,
      json: { counts: { 行政处罚: 0, 行政许可: 0, 行政检查: 0 } },
      caller: editorOf(UNIT_B, '7b2d-editor-b'),
    });
    expect(stated.statusCode, stated.body).toBe(201);
    expect(stubs.kmsCalls.filter((c) => c.target === 'Sign' && c.body.KeyId === STATEMENT_KEY)).toHaveLength(1);
    const { contentHash: _hash, signature, ...statement } = stated.json;
    expect(statement).toMatchObject({ unit: UNIT_B, month, counts: { 行政处罚: 0, 行政许可: 0, 行政检查: 0 } });
    // The signature verifies under the key the public function publishes, over the statement's RFC 8785 JSON.
    const keys = await call('publicApi', { method: 'GET', path: '/v1/decision-statement-keys' });
    expect(keys.statusCode, keys.body).toBe(200);
    const key = keys.json.keys.find((k: { keyId: string }) => k.keyId === signature.keyId);
    expect(Buffer.from(key.publicKey, 'base64url')).toEqual(Buffer.from(stubs.publicKeyRaw));
    const signed = Buffer.from(canonicalJson(statement));
    expect(verify(null, signed, stubs.publicKey, Buffer.from(signature.value, 'base64'))).toBe(true);
    // Served by the public function, compared with what the registry holds: zero stated, zero recorded.
    const read = await call('publicApi', { method: 'GET', path: `/v1/units/${UNIT_B}/decision-statements/${month}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json.statement.signature).toEqual(signature);
    expect(read.json.byType.find((t: { type: string }) => t.type === '行政处罚')).toMatchObject({
      stated: 0,
      recorded: 0,
      published: 0,
      missing: 0,
    });
    // A statement is signed once: a second one for the same month is refused.
    const again = await call('writeApi', {
      method: 'PUT',
      path: `/v1/units/${UNIT_B}/decision-statements/${month}`,
      json: { counts: { 行政处罚: 1 } },
      caller: editorOf(UNIT_B, '7b2d-editor-b'),
    });
    expect(again.statusCode).toBe(409);
  });
});

describe('the scheduled jobs function', () => {
  it('loads, and refuses an event that names no job before touching the table', async () => {
    await expect(processes.scheduledJobs!.invoke({ job: 'no.such-job' })).rejects.toThrow(/not a scheduled-job event/);
    expect(dynamo.actionsOf('scheduledJobs').size).toBe(0);
  });

  it('signs and stores every region’s status list with the certificate KMS key (the daily job)', async () => {
    const certificateSigns = () =>
      stubs.kmsCalls.filter((c) => c.target === 'Sign' && c.body.KeyId === CERTIFICATE_KEY).length;
    const before = certificateSigns();
    const out = await processes.scheduledJobs!.invoke<{ job: string; report: Record<string, unknown> }>({
      job: 'officers.status-lists',
    });
    // The officers list published above: the lists of 阜新市 (2109) and 辽宁省 (21).
    expect(out).toMatchObject({ job: 'officers.status-lists', report: { regions: 2, certificates: 6 } });
    expect(certificateSigns() - before).toBe(2);
    const list = await call('publicApi', { method: 'GET', path: '/v1/certificates/status-list?region=21' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.body.startsWith('GSS2.')).toBe(true);
  });
});

describe('the Cognito pre-token trigger', () => {
  it('copies custom:units and custom:region into the access token', async () => {
    const event = {
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      region: 'cn-north-1',
      userPoolId: 'cn-north-1_Example',
      userName: 'editor-a',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '3n4b5urk1ft4fl3mg5e62d9ado' },
      request: {
        userAttributes: {
          sub: '3c7e-editor-a',
          email: 'a@example.gov.cn',
          'custom:units': `${UNIT_A},${UNIT_B}`,
          'custom:region': '210900',
        },
        groupConfiguration: { groupsToOverride: ['editor'], iamRolesToOverride: [], preferredRole: null },
        scopes: ['aws.cognito.signin.user.admin'],
      },
      response: { claimsAndScopeOverrideDetails: null },
    };
    const out = await processes.cognitoPreToken!.invoke<any>(event);
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({
      accessTokenGeneration: {
        claimsToAddOrOverride: { 'custom:units': `${UNIT_A},${UNIT_B}`, 'custom:region': '210900' },
      },
    });
  });
});

describe('least privilege, as run', () => {
  it('each bundle sent only DynamoDB operations its role is granted (the public one: reads only)', () => {
    const read = new Set<string>(TABLE_READ_ACTIONS);
    const readWrite = new Set<string>([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]);
    const granted: Partial<Record<LambdaName, Set<string>>> = {
      publicApi: read,
      exportApi: read,
      writeApi: readWrite,
      ledgerSequencer: readWrite,
      scheduledJobs: readWrite,
      cognitoPreToken: new Set(),
    };
    for (const name of Object.keys(processes) as LambdaName[]) {
      const sent = dynamo.actionsOf(name);
      console.log(`${name} sent: ${[...sent].sort().join(', ') || 'nothing'}`);
      for (const action of sent) expect(granted[name], `${name} sent ${action}`).toContain(action);
    }
    expect(dynamo.actionsOf('publicApi').size).toBeGreaterThan(0);
    expect(dynamo.actionsOf('exportApi').size).toBeGreaterThan(0);
    expect([...dynamo.actionsOf('writeApi')].some((a) => !read.has(a))).toBe(true);
  });
});
