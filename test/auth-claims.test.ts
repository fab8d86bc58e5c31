/** The one claim mapping, the policy, local tokens, and the API Gateway verifier path. */
import { entityKind } from '../shared/core/kinds/index.js';
import { describe, expect, it } from 'vitest';
import { apiGatewayAuthenticator, localAuthenticator } from '../shared/features/auth/authenticator.js';
import { claimList, principalFromClaims, regionScope } from '../shared/features/auth/claims.js';
import { generateLocalKey, loadOrCreateLocalKey } from '../shared/features/auth/local-key.js';
import { parseTtl, signLocalToken, verifyLocalToken } from '../shared/features/auth/local-token.js';
import { authorize } from '../shared/features/auth/policy.js';
import type { Principal } from '../shared/features/auth/principal.js';
import { createRuntime } from '../shared/app/runtime.js';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRuntime } from './support/engine.js';
import { entity, UNIT_A, UNIT_B } from './support/fixtures.js';

describe('claim mapping (Cognito access tokens and local tokens alike)', () => {
  it('reads groups in every shape API Gateway and Cognito produce', () => {
    expect(claimList(['admin', 'editor'])).toEqual(['admin', 'editor']);
    expect(claimList('[admin editor]')).toEqual(['admin', 'editor']); // HTTP API authorizer context
    expect(claimList('[admin, editor]')).toEqual(['admin', 'editor']);
    expect(claimList('["admin","editor"]')).toEqual(['admin', 'editor']);
    expect(claimList('admin,editor')).toEqual(['admin', 'editor']);
    expect(claimList(undefined)).toEqual([]);
  });

  it('maps an API Gateway claims object (all strings) to a principal', () => {
    const p = principalFromClaims({
      sub: '3f1c-uuid',
      'cognito:groups': '[editor reviewer]',
      'custom:units': `${UNIT_A.toLowerCase()}, ${UNIT_B},bogus`,
      'custom:region': '210900',
      client_id: 'abc',
      token_use: 'access',
      username: 'wang',
    });
    expect(p).toEqual({
      sub: '3f1c-uuid',
      username: 'wang',
      roles: ['editor', 'reviewer'],
      units: [UNIT_A, UNIT_B],
      regionPrefix: '2109',
    });
  });

  it('region scopes: province, city, county, everything, nothing', () => {
    expect(regionScope('210000')).toBe('21');
    expect(regionScope('210900')).toBe('2109');
    expect(regionScope('210902')).toBe('210902');
    expect(regionScope('*')).toBe('');
    expect(regionScope(undefined)).toBeUndefined();
    expect(regionScope('abc')).toBeUndefined();
  });

  it('refuses ID tokens and tokens without a subject; ignores unknown groups', () => {
    expect(() => principalFromClaims({ sub: 'x', token_use: 'id' })).toThrow();
    expect(() => principalFromClaims({ 'cognito:groups': ['admin'] })).toThrow();
    expect(principalFromClaims({ sub: 'x', 'cognito:groups': ['superuser', 'auditor'] }).roles).toEqual(['auditor']);
  });
});

describe('policy', () => {
  const editor: Principal = { sub: 'e', roles: ['editor'], units: [UNIT_A] };
  const reviewer: Principal = { sub: 'r', roles: ['reviewer'], units: [], regionPrefix: '2109' };
  const auditorAll: Principal = { sub: 'a', roles: ['auditor'], units: [], regionPrefix: '' };
  it('keeps duties apart and scopes', () => {
    expect(authorize(editor, 'list.draft', { unit: UNIT_A })).toMatchObject({ allowed: true, role: 'editor' });
    expect(authorize(editor, 'list.draft', { unit: UNIT_B })).toMatchObject({ allowed: false, reason: 'UNIT_SCOPE' });
    expect(authorize(editor, 'draft.review', { unit: UNIT_A, regionCode: '210902' })).toMatchObject({
      allowed: false,
      reason: 'ROLE',
    });
    expect(authorize(reviewer, 'draft.review', { unit: UNIT_A, regionCode: '210902', createdBy: 'e' })).toMatchObject({
      allowed: true,
    });
    expect(authorize(reviewer, 'draft.review', { unit: UNIT_A, regionCode: '430981' })).toMatchObject({
      allowed: false,
      reason: 'REGION_SCOPE',
    });
    expect(authorize(reviewer, 'draft.review', { unit: UNIT_A, regionCode: '210902', submittedBy: 'r' })).toMatchObject(
      { allowed: false, reason: 'OWN_DRAFT' },
    );
    expect(authorize(auditorAll, 'audit.read', { global: true })).toMatchObject({ allowed: true });
    expect(authorize({ ...auditorAll, regionPrefix: '21' }, 'audit.read', { global: true })).toMatchObject({
      allowed: false,
    });
    expect(authorize(auditorAll, 'list.draft', { unit: UNIT_A })).toMatchObject({ allowed: false, reason: 'ROLE' });
  });
});

describe('local tokens', () => {
  it('sign and verify; expired, tampered and foreign tokens fail', async () => {
    const key = await generateLocalKey();
    const other = await generateLocalKey();
    const now = new Date('2024-03-01T00:00:00Z');
    const token = await signLocalToken(key, {
      sub: 'alice',
      roles: ['editor'],
      units: [UNIT_A],
      ttlSeconds: 3600,
      now,
    });
    const ok = await verifyLocalToken(key, token, now);
    expect('claims' in ok && principalFromClaims(ok.claims)).toMatchObject({
      sub: 'alice',
      roles: ['editor'],
      units: [UNIT_A],
    });
    expect(await verifyLocalToken(key, token, new Date(now.getTime() + 3601_000))).toEqual({ failure: 'EXPIRED' });
    expect(await verifyLocalToken(other, token, now)).toEqual({ failure: 'INVALID' });
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), 'cognito:groups': ['admin'] }),
    ).toString('base64url');
    expect(await verifyLocalToken(key, `${h}.${forged}.${s}`, now)).toEqual({ failure: 'INVALID' });
    const auth = localAuthenticator(
      async () => key,
      () => now,
    );
    await expect(auth.authenticate({})).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'NO_TOKEN' },
    });
    await expect(auth.authenticate({ authorization: 'Basic abc' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'MALFORMED_HEADER' },
    });
    await expect(auth.authenticate({ authorization: `Bearer ${token}` })).resolves.toMatchObject({ sub: 'alice' });
  });

  it('creates the key file once, private to its owner, and reuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-key-'));
    try {
      const path = join(dir, 'auth', 'k.json');
      const [a, b] = await Promise.all([loadOrCreateLocalKey(path), loadOrCreateLocalKey(path)]);
      const c = await loadOrCreateLocalKey(path);
      expect(new Set([a.kid, b.kid, c.kid]).size).toBe(1);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses ttls', () => {
    expect(parseTtl('1h')).toBe(3600);
    expect(parseTtl('30m')).toBe(1800);
    expect(parseTtl('7d')).toBe(604800);
    expect(() => parseTtl('soon')).toThrow();
  });
});

describe('API Gateway mode: verified claims from the Lambda request context', () => {
  it('uses the authorizer claims, and answers 401 without them', async () => {
    const base = await createTestRuntime();
    await base.registry.publish({
      uscc: UNIT_A,
      stream: entityKind.id,
      status: 'published',
      items: [entity(UNIT_A)],
      effectiveFrom: '2023-01-01',
      publishedBy: 's',
      source: 's',
    });
    const rt = createRuntime(
      { tableName: base.tableName, endpoint: base.endpoint },
      { client: base.client, clock: base.clock.now, routes: 'write', write: { auth: apiGatewayAuthenticator() } },
    );
    const event = (claims: Record<string, string>) => ({
      event: { requestContext: { authorizer: { jwt: { claims, scopes: null } }, http: { sourceIp: '203.0.113.9' } } },
    });
    const cognito = {
      sub: 'c0ffee',
      'cognito:groups': '[editor]',
      'custom:units': UNIT_A,
      client_id: 'app-client',
      token_use: 'access',
    };
    const body = JSON.stringify({
      items: [{ violation: '甲', conditions: '乙', penaltyProvision: '丙' }],
      effectiveFrom: '2024-01-01',
    });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    const ok = await rt.app.request(`/v1/units/${UNIT_A}/lists/no-penalty/drafts`, init, event(cognito));
    expect(ok.status).toBe(201);
    const other = await rt.app.request(`/v1/units/${UNIT_B}/lists/no-penalty/drafts`, init, event(cognito));
    expect(other.status).toBe(403);
    const none = await rt.app.request(`/v1/units/${UNIT_A}/lists/no-penalty/drafts`, init, {});
    expect(none.status).toBe(401);
    // A bearer token is not enough in this mode: only the authorizer's verified claims count.
    const bearer = await rt.app.request(
      `/v1/units/${UNIT_A}/lists/no-penalty/drafts`,
      { ...init, headers: { ...init.headers, authorization: 'Bearer x.y.z' } },
      {},
    );
    expect(bearer.status).toBe(401);
    const records = await rt.write.audit.listUnit(UNIT_A, { limit: 10 });
    // Refusals of callers without verified claims go to the rate-limited ANONYMOUS stream, not the unit's trail.
    expect(records.records.map((r) => [r.actor, r.status, r.sourceIp])).toEqual([['c0ffee', 201, '203.0.113.9']]);
    expect(
      (await rt.write.audit.listUnit(UNIT_B, { limit: 10 })).records.map((r) => [r.actor, r.status, r.code]),
    ).toEqual([['c0ffee', 403, 'FORBIDDEN:UNIT_SCOPE']]);
    // The public routes are not served by the write app.
    expect((await rt.app.request(`/v1/units/${UNIT_A}`)).status).toBe(404);
  });
});

describe('gongshi token', () => {
  it('prints a token signed with the key under the data directory, which the local verifier accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-token-'));
    const saved = process.env.GONGSHI_DATA_DIR;
    process.env.GONGSHI_DATA_DIR = dir;
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const errWrite = process.stderr.write.bind(process.stderr);
    (process.stdout as unknown as { write: unknown }).write = (s: string) => out.push(s) > 0;
    (process.stderr as unknown as { write: unknown }).write = (s: string) => out.push(s) > 0;
    try {
      const { run } = await import('../cli/commands/token.js');
      expect(await run(['--role', 'editor', '--unit', UNIT_A, '--unit', UNIT_B, '--sub', 'alice', '--ttl', '2h'])).toBe(
        0,
      );
      const token = out.pop()!.trim();
      expect(await run(['--role', 'editor'])).toBe(2); // an editor needs --unit
      expect(await run(['--role', 'reviewer'])).toBe(2); // a reviewer needs --region
      const key = await loadOrCreateLocalKey(join(dir, 'auth', 'local-signing-key.json'));
      const p = await localAuthenticator(async () => key).authenticate({ authorization: `Bearer ${token}` });
      expect(p).toMatchObject({ sub: 'alice', roles: ['editor'], units: [UNIT_A, UNIT_B] });
    } finally {
      (process.stdout as unknown as { write: unknown }).write = write;
      (process.stderr as unknown as { write: unknown }).write = errWrite;
      if (saved === undefined) delete process.env.GONGSHI_DATA_DIR;
      else process.env.GONGSHI_DATA_DIR = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
