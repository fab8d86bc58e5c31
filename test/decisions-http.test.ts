/**
 * 事后公示 mounted in the app, over real HTTP (a @hono/node-server on a free port) against the real engine: an editor
 * previews, records, publishes and withdraws a decision whose officers hold certificates in the unit's published
 * officers list; the public reads it redacted, then the withdrawal's trace; bad input gets a 4xx with a stable English
 * code and a Chinese message; a monthly statement is signed with the configured key, which a public route publishes.
 * The public app serves the reads only, the write app the writes.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { statementSignerFromConfig } from '../shared/app/configured.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { canonicalJson } from '../shared/core/canonical-json.js';
import { officersKind } from '../shared/core/kinds/officers.js';
import { localAuthenticator } from '../shared/features/auth/authenticator.js';
import { generateLocalKey } from '../shared/features/auth/local-key.js';
import { signLocalToken } from '../shared/features/auth/local-token.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, publishUnits, UNIT_A, UNIT_B, officerRecord } from './support/fixtures.js';

const clock = new TestClock(new Date('2026-03-10T02:00:00Z'));
let base: TestRuntime;
let rt: Runtime;
let server: ServerType;
let url: string;
let editor: string;
let otherEditor: string;
let keyDir: string;

async function http(method: string, path: string, opts: { token?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, text, headers: res.headers };
}

const decision = {
  number: '阜市监罚〔2026〕12号',
  type: '行政处罚',
  party: {
    name: '孙小美',
    type: '自然人',
    idNumber: '210902198503030024',
    phone: '13912345678',
    address: '细河区一号',
  },
  facts: '当事人孙小美（身份证号210902198503030024）销售过期食品。',
  basis: '《中华人民共和国食品安全法》第一百二十四条',
  penaltyKinds: ['罚款'],
  fineYuan: 50000,
  content: '罚款50000元',
  procedure: '普通',
  decisionDate: '2026-03-06',
  officers: ['210900001', '210900002'],
};
const SECRETS = ['孙小美', '210902198503030024', '13912345678', '细河区一号'];

beforeAll(async () => {
  base = await createTestRuntime({ clock });
  keyDir = mkdtempSync(join(tmpdir(), 'gongshi-statement-key-'));
  const key = await generateLocalKey();
  rt = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint, region: 'cn-north-1' },
    {
      client: base.client,
      clock: clock.now,
      write: { auth: localAuthenticator(async () => key, clock.now) },
      // What the local server gets from its configuration: a key file made in the data directory on first use.
      statementSigner: statementSignerFromConfig({ statementKeyFile: join(keyDir, 'statement-key.pem') }),
    },
  );
  await publishUnits(rt.registry, [
    { entity: entity(UNIT_A), lists: { [officersKind.id]: [officerRecord(1), officerRecord(2)] } },
    { entity: entity(UNIT_B), lists: {} },
  ]);
  await rt.officers.settled();
  const token = (units: string[]) =>
    signLocalToken(key, { sub: `editor-${units[0]}`, roles: ['editor'], units, ttlSeconds: 3600, now: clock.now() });
  editor = await token([UNIT_A]);
  otherEditor = await token([UNIT_B]);
  await new Promise<void>((resolve) => {
    server = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(keyDir, { recursive: true, force: true });
});

describe('a decision from record to withdrawal, over HTTP', () => {
  let id: string;

  it('previews the public form without writing anything', async () => {
    const preview = await http('POST', `/v1/units/${UNIT_A}/decisions/preview`, { token: editor, json: decision });
    expect(preview.status).toBe(200);
    expect(preview.body.preview.party.name).toBe('孙某某');
    expect(preview.body.publication).toMatchObject({ state: 'pending', dueBy: '2026-03-17' });
    for (const s of SECRETS.slice(1)) expect(preview.text).not.toContain(s);
    const none = await http('GET', `/v1/decisions?number=${encodeURIComponent(decision.number)}`);
    expect(none.body).toEqual({ items: [] });
  });

  it('records it (checked against the officers list) and hands out the salt once', async () => {
    const created = await http('POST', `/v1/units/${UNIT_A}/decisions`, { token: editor, json: decision });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(created.body.decision.state).toBe('recorded');
    id = created.body.decision.id;
    // Recorded, within its deadline: nothing public yet.
    expect((await http('GET', `/v1/decisions/${id}`)).status).toBe(404);
  });

  it('publishes it; the public reads the redacted content by id, unit, region and 文号', async () => {
    const published = await http('POST', `/v1/decisions/${id}/publish`, { token: editor });
    expect(published.status).toBe(200);
    const reads = await Promise.all([
      http('GET', `/v1/decisions/${id}`),
      http('GET', `/v1/units/${UNIT_A}/decisions?from=2026-01-01`),
      http('GET', '/v1/regions/210900/decisions?from=2026-03-01&to=2026-03-31'),
      http('GET', `/v1/decisions?number=${encodeURIComponent(decision.number)}`),
    ]);
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(reads[0]!.body).toMatchObject({
      state: 'published',
      content: { party: { name: '孙某某' } },
      publication: { state: 'on-time' },
    });
    for (const r of reads.slice(1)) expect(r.body.items.map((d: { id: string }) => d.id)).toEqual([id]);
    const all = reads.map((r) => r.text).join('\n');
    for (const s of SECRETS) expect(all).not.toContain(s);
    const clock = await http('GET', `/v1/units/${UNIT_A}/decision-deadlines?from=2026-01-01`);
    expect(clock.body.counts).toMatchObject({ 'on-time': 1, late: 0, overdue: 0 });
  });

  it('withdraws it after the revoking act: the content leaves, the act and its reason stay public', async () => {
    const act = {
      ground: '撤销',
      actNumber: '阜市监撤〔2026〕1号',
      actDate: '2026-03-09',
      reason: '复议决定撤销原处罚',
    };
    const withdrawn = await http('POST', `/v1/decisions/${id}/withdrawal`, { token: editor, json: act });
    expect(withdrawn.status).toBe(200);
    const trace = await http('GET', `/v1/decisions/${id}`);
    expect(trace.body).toMatchObject({
      state: 'withdrawn',
      withdrawal: { ground: '撤销', actNumber: act.actNumber, reason: act.reason, clock: { state: 'on-time' } },
    });
    expect(trace.body.content).toBeUndefined();
    // Twice: the decision is no longer published.
    const again = await http('POST', `/v1/decisions/${id}/withdrawal`, { token: editor, json: act });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'NOT_PUBLISHED' } });
  });
});

describe('portal pages', () => {
  let published: string;
  let withdrawnId: string;

  beforeAll(async () => {
    const found = await http('GET', `/v1/decisions?number=${encodeURIComponent(decision.number)}`);
    withdrawnId = found.body.items[0].id;
    const created = await http('POST', `/v1/units/${UNIT_A}/decisions?publish=true`, {
      token: editor,
      json: { ...decision, number: '阜市监罚〔2026〕20号', decisionDate: '2026-03-02' },
    });
    expect(created.status).toBe(201);
    published = created.body.decision.id;
  });

  it('the unit page links to its decisions, which list each with its state and deadline verdict', async () => {
    expect((await http('GET', `/units/${UNIT_A}`)).text).toContain(`href="/units/${UNIT_A}/decisions"`);
    const list = await http('GET', `/units/${UNIT_A}/decisions?year=2026`);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/^text\/html/);
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(list.text).toContain('<meta name="viewport"');
    expect(list.text).toContain('class="cards"');
    for (const want of [`/decisions/${published}`, `/decisions/${withdrawnId}`, '公示中', '已撤回', '按时公示'])
      expect(list.text).toContain(want);
    expect(list.text).toContain('按时公示 2 件');
    for (const s of SECRETS) expect(list.text).not.toContain(s);
  });

  it('one decision shows its redacted content, status and deadline verdict; a withdrawal its trace', async () => {
    const shown = await http('GET', `/decisions/${published}`);
    expect(shown.status).toBe(200);
    for (const want of ['公示中', '孙某某', '罚款金额', '50,000 元', '按时公示（期限 2026-03-11', '210900001'])
      expect(shown.text).toContain(want);
    for (const s of SECRETS) expect(shown.text).not.toContain(s);
    const trace = await http('GET', `/decisions/${withdrawnId}`);
    for (const want of ['已撤回', '复议决定撤销原处罚', '阜市监撤〔2026〕1号', '按时撤回'])
      expect(trace.text).toContain(want);
    expect(trace.text).not.toContain('罚款金额');
    for (const s of SECRETS) expect(trace.text).not.toContain(s);
  });

  it('reads in Traditional, and answers bad addresses with the Chinese error page', async () => {
    const hant = await http('GET', `/decisions/${published}?lang=zh-Hant`);
    expect(hant.text).toContain('<html lang="zh-Hant"');
    expect(hant.text).toContain('執法決定');
    const list = await http('GET', `/units/${UNIT_A}/decisions?lang=zh-Hant`);
    expect(list.text).toContain('公示時限');
    const missing = await http('GET', `/decisions/${UNIT_A}.2026-03-02.000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await http('GET', `/units/${UNIT_A}/decisions?year=1999`)).status).toBe(400);
    expect((await http('GET', '/units/11210900155967022X/decisions')).status).toBe(404);
  });
});

describe('bad input gets a 4xx with a stable English code and a Chinese message', () => {
  const chinese = /[\u4e00-\u9fff]/;

  it.each([
    ['no token', 'POST', `/v1/units/${UNIT_A}/decisions`, undefined, decision, 401, 'UNAUTHENTICATED'],
    ['another unit’s editor', 'POST', `/v1/units/${UNIT_A}/decisions`, 'other', decision, 403, 'FORBIDDEN'],
    ['a malformed body', 'POST', `/v1/units/${UNIT_A}/decisions`, 'editor', { number: 'x' }, 422, 'UNPROCESSABLE'],
    ['a malformed id', 'GET', '/v1/decisions/not-an-id', undefined, undefined, 400, 'VALIDATION_FAILED'],
    [
      'a bad date',
      'GET',
      `/v1/units/${UNIT_A}/decisions?from=2026-02-30`,
      undefined,
      undefined,
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown ground',
      'POST',
      `/v1/decisions/${UNIT_A}.2026-03-06.000000000000/withdrawal`,
      'editor',
      { ground: '?' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown decision',
      'POST',
      `/v1/decisions/${UNIT_A}.2026-03-06.000000000000/publish`,
      'editor',
      undefined,
      404,
      'NOT_FOUND',
    ],
  ] as const)('%s', async (_name, method, path, who, json, status, code) => {
    const token = who === 'editor' ? editor : who === 'other' ? otherEditor : undefined;
    const res = await http(method, path, { ...(token ? { token } : {}), ...(json ? { json } : {}) });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(chinese);
  });

  it('refuses officers without a certificate in the unit’s list, naming each', async () => {
    const res = await http('POST', `/v1/units/${UNIT_A}/decisions`, {
      token: editor,
      json: { ...decision, number: '阜市监罚〔2026〕13号', officers: ['210900001', '999999999'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ field: 'officers', code: 'UNKNOWN_CERTIFICATE', value: '999999999' }),
    ]);
  });
});

describe('signed monthly statements', () => {
  it('signs with the configured key, and the public route publishes that key', async () => {
    const stated = await http('PUT', `/v1/units/${UNIT_A}/decision-statements/2026-02`, {
      token: editor,
      json: { counts: { 行政处罚: 0, 行政许可: 0 } },
    });
    expect(stated.status).toBe(201);
    const { contentHash: _h, signature, ...body } = stated.body;
    const keys = await http('GET', '/v1/decision-statement-keys');
    expect(keys.status).toBe(200);
    expect(keys.body.alg).toBe('Ed25519');
    const key = keys.body.keys.find((k: { keyId: string }) => k.keyId === signature.keyId);
    expect(key).toMatchObject({ current: true });
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    expect(verify(null, Buffer.from(canonicalJson(body)), publicKey, Buffer.from(signature.value, 'base64'))).toBe(
      true,
    );
    const check = await http('GET', `/v1/units/${UNIT_A}/decision-statements/2026-02`);
    expect(check.body.statement.signature).toEqual(signature);
  });

  it('the public function reads decisions and keys but serves no write route', async () => {
    const pub = createPublicRuntime(
      { tableName: base.tableName, endpoint: base.endpoint, region: 'cn-north-1' },
      { client: base.client },
    );
    const keys = await pub.app.request('/v1/decision-statement-keys');
    expect(keys.status).toBe(200);
    expect(((await keys.json()) as { keys: unknown[] }).keys).toHaveLength(1);
    expect((await pub.app.request(`/v1/units/${UNIT_A}/decisions?from=2026-01-01`)).status).toBe(200);
    const write = await pub.app.request(`/v1/units/${UNIT_A}/decisions`, { method: 'POST', body: '{}' });
    expect(write.status).toBe(404);
    const res = await rt.app.request('/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(res.status, JSON.stringify(doc).slice(0, 500)).toBe(200);
    for (const path of ['/v1/decisions/{id}', '/v1/units/{uscc}/decisions', '/v1/decision-statement-keys'])
      expect(doc.paths[path]).toBeDefined();
  });
});
