/**
 * Workbench sign-in on AWS and its sessions: the managed login's authorization code with PKCE, tokens verified
 * against the pool's key set (a key set generated here stands in for the pool's JWKS; no network), and the
 * signed session cookie's integrity, idle and absolute expiry.
 */
import { createHash } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSession, encodeSession, newSession, type SessionPolicy } from '../shared/features/workbench/session.js';
import { entity, publishUnits, UNIT_A } from './support/fixtures.js';
import { signedIn, WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
const ISSUER = 'https://cognito-idp.cn-north-1.amazonaws.com/cn-north-1_test';
const DOMAIN = 'https://gongshi-test.auth.cn-north-1.amazoncognito.com';
const ORIGIN = 'https://registry.example.cn';
const CLIENT = 'workbench-client';

describe('signed sessions', () => {
  const policy: SessionPolicy = { secret: 's'.repeat(40), idleMs: 30 * 60_000, absoluteMs: 10 * 3_600_000 };
  const p = { sub: 'u1', roles: ['editor' as const], units: [UNIT_A] };
  const t0 = new Date('2024-03-01T02:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('round-trips and refuses a tampered or foreign cookie', () => {
    const cookie = encodeSession(policy, newSession(p, 'local', t0));
    const ok = decodeSession(policy, cookie, at(1000));
    expect(ok.ok && ok.session.units).toEqual([UNIT_A]);
    const [payload, mac] = cookie.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['admin'] }),
    ).toString('base64url');
    expect(decodeSession(policy, `${forged}.${mac}`, at(1000))).toEqual({ ok: false, reason: 'INVALID' });
    expect(decodeSession({ ...policy, secret: 't'.repeat(40) }, cookie, at(1000))).toEqual({
      ok: false,
      reason: 'INVALID',
    });
    expect(decodeSession(policy, undefined, at(0))).toEqual({ ok: false, reason: 'MISSING' });
  });

  it('expires after the idle time, and after the absolute time however busy', () => {
    const s = newSession(p, 'local', t0);
    expect(decodeSession(policy, encodeSession(policy, s), at(31 * 60_000))).toEqual({ ok: false, reason: 'EXPIRED' });
    const busy = { ...s, seenAt: at(10 * 3_600_000).getTime() };
    expect(decodeSession(policy, encodeSession(policy, busy), at(10 * 3_600_000 + 1000))).toEqual({
      ok: false,
      reason: 'EXPIRED',
    });
  });
});

describe('Cognito managed login (authorization code + PKCE)', () => {
  let jwk: JWK;
  let privateKey: KeyPair['privateKey'];
  let otherKey: KeyPair['privateKey'];
  let exchanged: URLSearchParams | undefined;
  let tokens: { access_token: string; id_token: string } | undefined;

  const sign = (claims: Record<string, unknown>, key = privateKey) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(ISSUER)
      .setIssuedAt(Math.floor(Date.parse('2024-03-01T02:00:00Z') / 1000))
      .setExpirationTime(Math.floor(Date.parse('2024-03-01T03:00:00Z') / 1000))
      .sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  });

  const runtime = async () => {
    const rt = await workbenchRuntime({
      config: {
        stage: 'prod',
        origin: ORIGIN,
        sessionSecret: 'k'.repeat(40),
        cognito: { domain: DOMAIN, clientId: CLIENT, issuer: ISSUER },
      },
      keys: createLocalJWKSet({ keys: [jwk] }),
      fetch: (async (url: string, init?: RequestInit) => {
        expect(url).toBe(`${DOMAIN}/oauth2/token`);
        exchanged = new URLSearchParams(String(init?.body));
        return new Response(JSON.stringify(tokens), { status: 200, headers: { 'content-type': 'application/json' } });
      }) as typeof fetch,
    });
    rt.clock.set('2023-01-02T02:00:00Z');
    await publishUnits(rt.registry, [{ entity: entity(UNIT_A), lists: {} }]);
    rt.clock.set('2024-03-01T02:10:00Z');
    return rt;
  };

  const startSignIn = async (c: WorkbenchClient) => {
    const start = await c.get('/workbench/sign-in?next=/workbench/units/' + UNIT_A);
    const to = new URL(start.headers.get('location')!);
    return { state: to.searchParams.get('state')!, challenge: to.searchParams.get('code_challenge')! };
  };

  it('exchanges the code with the PKCE verifier and signs the person in with their groups and units', async () => {
    const rt = await runtime();
    const c = new WorkbenchClient(rt.app);
    const { state, challenge } = await startSignIn(c);
    tokens = {
      access_token: await sign({ sub: 'cog-1', client_id: CLIENT, token_use: 'access', 'cognito:groups': ['editor'] }),
      id_token: await sign({ sub: 'cog-1', aud: CLIENT, token_use: 'id', 'custom:units': UNIT_A, username: '张三' }),
    };
    const back = await c.get(`/workbench/callback?code=abc&state=${state}`);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/workbench/units/${UNIT_A}`);
    const verifier = exchanged!.get('code_verifier')!;
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(challenge);
    expect(exchanged!.get('redirect_uri')).toBe(`${ORIGIN}/workbench/callback`);
    const cookie = back.headers.getSetCookie().find((s) => s.startsWith('gs_wb='))!;
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    const unit = await c.get(`/workbench/units/${UNIT_A}`);
    expect(unit.status).toBe(200);
    expect(unit.text).toContain('张三');
  });

  it('signs in an administrator whose token names no region, and refuses its assigning (403, not 500)', async () => {
    const rt = await runtime();
    const c = new WorkbenchClient(rt.app);
    const { state } = await startSignIn(c);
    tokens = {
      access_token: await sign({ sub: 'cog-9', client_id: CLIENT, token_use: 'access', 'cognito:groups': ['admin'] }),
      id_token: await sign({ sub: 'cog-9', aud: CLIENT, token_use: 'id', username: 'admin-no-region' }),
    };
    expect((await c.get(`/workbench/callback?code=abc&state=${state}`)).status).toBe(303);
    const page = await c.get('/workbench/admin/assignments');
    expect(page.status).toBe(403);
    expect(page.text).toContain('您的账号未设定所管理的行政区划，不能指派人员');
    await c.get('/workbench');
    const post = await c.post(
      '/workbench/admin/assignments',
      { userId: 'clerk-1', role: 'editor', uscc: UNIT_A, region: '' },
      { origin: ORIGIN },
    );
    expect(post.status).toBe(403);
    expect(post.text).toContain('您的账号未设定所管理的行政区划');
    expect(await rt.write.assignments.store.ofUser('clerk-1')).toEqual([]);
  });

  it('refuses a token not signed by the pool, and a callback whose state does not match', async () => {
    const rt = await runtime();
    const c = new WorkbenchClient(rt.app);
    const { state } = await startSignIn(c);
    tokens = {
      access_token: await sign(
        { sub: 'x', client_id: CLIENT, token_use: 'access', 'cognito:groups': ['admin'] },
        otherKey,
      ),
      id_token: await sign({ sub: 'x', aud: CLIENT }, otherKey),
    };
    const forged = await c.get(`/workbench/callback?code=abc&state=${state}`);
    expect(forged.status).toBe(401);
    expect(forged.headers.getSetCookie().some((s) => s.startsWith('gs_wb=') && !s.startsWith('gs_wb=;'))).toBe(false);
    const d = new WorkbenchClient(rt.app);
    await startSignIn(d);
    expect((await d.get('/workbench/callback?code=abc&state=wrong')).status).toBe(401);
  });
});

describe('signing out ends the session everywhere', () => {
  it('refuses a copy of the signed-out cookie, while another session of the same person still works', async () => {
    const rt = await workbenchRuntime({ config: { stage: 'local' } });
    await publishUnits(rt.registry, [{ entity: entity(UNIT_A), lists: {} }]);
    const browser = await signedIn(rt.app, 'editor', { uscc: UNIT_A });
    const otherDevice = await signedIn(rt.app, 'editor', { uscc: UNIT_A });
    expect((await browser.get(`/workbench/units/${UNIT_A}`)).status).toBe(200);
    const copy = new WorkbenchClient(rt.app);
    for (const [k, v] of browser.cookies) copy.cookies.set(k, v);

    await browser.get('/workbench');
    expect((await browser.post('/workbench/sign-out', {})).status).toBe(200);
    const replayed = await copy.get(`/workbench/units/${UNIT_A}`);
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toMatch(/^\/workbench\/sign-in\?next=.*&ended=1$/);
    expect((await copy.get(replayed.headers.get('location')!)).text).toContain('本次登录已退出，请重新登录');
    expect((await otherDevice.get(`/workbench/units/${UNIT_A}`)).status).toBe(200);
  });
});
