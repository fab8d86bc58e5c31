/**
 * Client mistakes are 4xx with a stable code, never 500: tampered cursors, audit filters, impossible
 * dates, prototype keys, ill-formed Unicode; the export file name cannot split its header; the portal
 * forbids framing; local tokens must be ours (kid, client, no audience, bounded lifetime).
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ALG } from '../shared/features/auth/local-key.js';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../shared/features/auth/local-token.js';
import { attachment } from '../shared/platform/http/content-disposition.js';
import { createHarness, type Harness } from './fixtures/workflow/harness.js';
import { noPenaltyItem, UNIT_A } from './support/fixtures.js';
import { WorkbenchClient } from './support/workbench-client.js';

let h: Harness;
let auditor: string;
let editor: string;

beforeAll(async () => {
  h = await createHarness();
  auditor = await h.token('auditor', { sub: 'au', region: '*' });
  editor = await h.token('editor', { sub: 'ed', units: [UNIT_A] });
  await h.registry.publish({
    uscc: UNIT_A,
    stream: 'no-penalty',
    status: 'published',
    items: [noPenaltyItem(1), noPenaltyItem(2)],
    effectiveFrom: '2023-01-01',
    publishedBy: 'seed',
    source: 'seed',
  });
});

const codeOf = (res: { body: { error?: { code?: string; details?: unknown } } }) => res.body.error?.code;

describe('cursors carry a MAC', () => {
  it('a served cursor pages on; the same cursor altered, stripped of its MAC or forged is 400 BAD_CURSOR', async () => {
    const first = await h.call('GET', '/v1/units?limit=1&status=all');
    const cursor = first.body.nextCursor as string;
    expect(cursor).toMatch(/^[\w-]+\.[\w-]{22}$/);
    expect((await h.call('GET', `/v1/units?limit=1&status=all&cursor=${cursor}`)).status).toBe(200);
    const [payload, mac] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ k: { gsi1pk: 'UNIT', gsi1sk: 'x'.repeat(3000) } })).toString(
      'base64url',
    );
    for (const bad of [
      payload!,
      `${payload}.${mac!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
      `${forged}.${mac}`,
    ]) {
      const res = await h.call('GET', `/v1/units?limit=1&status=all&cursor=${bad}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toMatch(/BAD_CURSOR|cursor/);
    }
  });
});

describe('audit filters', () => {
  it('from after to, an over-long unit, CR/LF or non-ASCII in unit are 400; never a 500', async () => {
    const cases = [
      '/v1/audit?from=2024-02-01&to=2024-01-01',
      `/v1/audit?unit=${'A'.repeat(2100)}`,
      '/v1/audit?unit=ABC%0D%0AX&format=csv',
      `/v1/audit?unit=${encodeURIComponent('阜新')}&format=csv`,
      '/v1/audit?from=10000-01-01',
    ];
    for (const path of cases) {
      const res = await h.call('GET', path, { token: auditor });
      expect(res.status, path).toBe(400);
      expect(codeOf(res)).toBe('VALIDATION_FAILED');
    }
  });

  it('the export file name is one safe header parameter whatever it holds', () => {
    const header = attachment('audit-x"\r\nfilename="evil.exe 阜新.csv');
    expect(header).not.toMatch(/[\r\n]/);
    // One quoted fallback (two quotes), one RFC 5987 parameter: nothing the name holds can add a third.
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header.split(';')).toHaveLength(3);
    expect(header).toContain("filename*=UTF-8''audit-x%22%0D%0Afilename%3D%22evil.exe%20%E9%98%9C%E6%96%B0.csv");
  });
});

describe('refusals before a route names its draft', () => {
  it('a bad review body or a bad ETag on a draft is recorded in the draft unit’s trail, not GLOBAL', async () => {
    const draft = await h.call('POST', `/v1/units/${UNIT_A}/lists/no-penalty/drafts`, {
      token: editor,
      json: { items: [noPenaltyItem(1), noPenaltyItem(7)], effectiveFrom: '2024-06-01' },
    });
    expect(draft.status).toBe(201);
    const reviewer = await h.token('reviewer', { sub: 'rv', region: '210900' });
    const path = `/v1/drafts/${draft.body.id}/review`;
    const badBody = await h.call('POST', path, { token: reviewer, json: { decision: 'constructor' } });
    const badTag = await h.call('POST', path, {
      token: reviewer,
      json: { decision: 'approve' },
      headers: { 'if-match': '"v1-garbage"' },
    });
    for (const res of [badBody, badTag]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const [stream, seq] = (res.headers.get('Audit-Record') ?? '').split('/');
      expect(stream).toBe(UNIT_A);
      const trail = await h.call('GET', `/v1/audit?unit=${UNIT_A}&limit=200`, { token: auditor });
      expect(trail.body.records.find((r: { seq: number }) => r.seq === Number(seq))).toMatchObject({
        unit: UNIT_A,
        actor: 'rv',
        outcome: 'refused',
        status: res.status,
      });
    }
  });
});

describe('workbench uploads', () => {
  it('an upload id the store never hands out (over-long, odd characters) is a 404 page, never a 500', async () => {
    const wb = new WorkbenchClient(h.app);
    await wb.signIn('editor', { uscc: UNIT_A });
    for (const id of ['A'.repeat(3000), 'u1%0D%0Ax', 'constructor', 'u00000000000000000000000000']) {
      const res = await wb.get(`/workbench/uploads/${id}`);
      expect(res.status, id.slice(0, 20)).toBe(404);
      expect(res.text).toContain('未找到该上传文件');
      expect((await wb.get(`/workbench/uploads/${id}/marked.xlsx`)).status).toBe(404);
    }
  });
});

describe('dates and enumerations', () => {
  it('asOf=2023-02-30, at=10000-01-01 and category=constructor are 400', async () => {
    for (const path of [
      `/v1/units/${UNIT_A}/lists/no-penalty?asOf=2023-02-30`,
      `/v1/units/${UNIT_A}/lists/no-penalty?asOf=2023-02-30T00:00:00Z`,
      `/v1/units/${UNIT_A}/lists/no-penalty?at=10000-01-01`,
      '/v1/search?category=constructor',
      '/v1/search?category=__proto__',
    ]) {
      const res = await h.call('GET', path);
      expect(res.status, path).toBe(400);
    }
  });

  it(
    'effectiveFrom=0000-01-01 and items with lone surrogates or control characters are ' + 'refused, per field',
    async () => {
      const path = `/v1/units/${UNIT_A}/lists/no-penalty/drafts`;
      const zero = await h.call('POST', path, {
        token: editor,
        json: { items: [noPenaltyItem(3)], effectiveFrom: '0000-01-01' },
      });
      expect(zero.status).toBe(400);
      const body = `{"items":[${JSON.stringify({ ...noPenaltyItem(3), measures: 'x\u0007' })},${JSON.stringify(
        noPenaltyItem(4),
      ).replace('予以', '\\ud800')}],"effectiveFrom":"2024-01-01"}`;
      const send = (query: string) =>
        h.call('POST', `${path}${query}`, { token: editor, body, headers: { 'content-type': 'application/json' } });
      // The dry run says invalid and names both rows; the real upload is refused the same way.
      const dry = await send('?dryRun=true');
      expect(dry.status).toBe(200);
      expect(dry.body.lists[0].valid).toBe(false);
      expect(dry.body.lists[0].errors).toHaveLength(2);
      expect(JSON.stringify(dry.body.lists[0].errors)).toContain('含有无效字符');
      const real = await send('');
      expect(real.status).toBe(422);
      expect(JSON.stringify(real.body.error.details)).toContain('含有无效字符');
    },
  );
});

describe('headers and tokens', () => {
  it('pages and API answers forbid framing (X-Frame-Options: DENY)', async () => {
    for (const path of ['/', `/units/${UNIT_A}`, '/v1/units']) {
      expect((await h.call('GET', path)).headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('a local token with an audience, without kid, for another client or living 100 years is 401', async () => {
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const sign = (claims: Record<string, unknown>, header: Record<string, unknown>, ttl = 3600) =>
      new SignJWT({ 'cognito:groups': ['admin'], token_use: 'access', client_id: LOCAL_CLIENT_ID, ...claims })
        .setProtectedHeader({ alg: LOCAL_ALG, ...header })
        .setSubject('mallory')
        .setIssuer(LOCAL_ISSUER)
        .setIssuedAt(now)
        .setExpirationTime(now + ttl)
        .sign(h.key.privateKey);
    const good = await sign({}, { kid: h.key.kid });
    expect((await h.call('GET', '/v1/drafts', { token: good })).status).not.toBe(401);
    for (const token of [
      await sign({ aud: 'someone-else' }, { kid: h.key.kid }),
      await sign({}, {}),
      await sign({ client_id: 'other' }, { kid: h.key.kid }),
      await sign({}, { kid: h.key.kid }, 100 * 365 * 86_400),
    ]) {
      expect((await h.call('GET', '/v1/drafts', { token })).status).toBe(401);
    }
  });
});
