/**
 * Signed session cookies: the signed-in person (a Principal), a CSRF token, when the session began and when
 * it was last used. HMAC-SHA256 over the payload; nothing is stored server-side, so signing out clears the
 * cookie and a session ends for good at its absolute expiry. Idle expiry: every page view re-issues the
 * cookie with a new `seen`; a cookie not used for `idleMinutes` is refused.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Principal } from '../auth/index.js';

export const SESSION_COOKIE = 'gs_wb';
/** The sign-in in flight with Cognito: state and PKCE verifier (ten minutes). */
export const LOGIN_COOKIE = 'gs_wb_login';

const SessionSchema = z.object({
  sub: z.string().min(1),
  username: z.string().optional(),
  roles: z.array(z.enum(ROLES)),
  units: z.array(z.string()),
  regionPrefix: z.string().optional(),
  /** How the person signed in: the development sign-in or Cognito. */
  via: z.enum(['local', 'cognito']),
  csrf: z.string().min(16),
  /** Epoch milliseconds. */
  issuedAt: z.number(),
  seenAt: z.number(),
});
export type Session = z.infer<typeof SessionSchema>;

export interface SessionPolicy {
  secret: string;
  idleMs: number;
  absoluteMs: number;
}

export type SessionCheck = { ok: true; session: Session } | { ok: false; reason: 'MISSING' | 'INVALID' | 'EXPIRED' };

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function newSession(p: Principal, via: Session['via'], now: Date): Session {
  return {
    sub: p.sub,
    ...(p.username ? { username: p.username } : {}),
    roles: p.roles,
    units: p.units,
    ...(p.regionPrefix !== undefined ? { regionPrefix: p.regionPrefix } : {}),
    via,
    csrf: randomBytes(18).toString('base64url'),
    issuedAt: now.getTime(),
    seenAt: now.getTime(),
  };
}

export function encodeSession(policy: SessionPolicy, session: Session): string {
  const payload = b64(JSON.stringify(session));
  return `${payload}.${sign(policy.secret, payload)}`;
}

export function decodeSession(policy: SessionPolicy, cookie: string | undefined, now: Date): SessionCheck {
  if (!cookie) return { ok: false, reason: 'MISSING' };
  const [payload, mac, extra] = cookie.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'INVALID' };
  const expected = Buffer.from(sign(policy.secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'INVALID' };
  let parsed: z.ZodSafeParseResult<Session>;
  try {
    parsed = SessionSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'INVALID' };
  }
  if (!parsed.success) return { ok: false, reason: 'INVALID' };
  const t = now.getTime();
  const s = parsed.data;
  if (t - s.seenAt > policy.idleMs || t - s.issuedAt > policy.absoluteMs) return { ok: false, reason: 'EXPIRED' };
  return { ok: true, session: s };
}

/**
 * The session's id for ./session-ends.ts: a hash of its CSRF token, which is random per sign-in and kept for the
 * session's life, so the stored id neither needs a field of its own nor reveals the token.
 */
export const sessionId = (s: Session): string => createHash('sha256').update(`session:${s.csrf}`).digest('base64url');

/** When the session ends at the latest (its absolute expiry). */
export const sessionEndsBy = (policy: SessionPolicy, s: Session): Date => new Date(s.issuedAt + policy.absoluteMs);

/** The session as used now (idle expiry restarts). */
export const touch = (s: Session, now: Date): Session => ({ ...s, seenAt: now.getTime() });

export function principalOf(s: Session): Principal {
  return {
    sub: s.sub,
    ...(s.username ? { username: s.username } : {}),
    roles: s.roles,
    units: s.units,
    ...(s.regionPrefix !== undefined ? { regionPrefix: s.regionPrefix } : {}),
  };
}

/** Constant-time comparison of the form's CSRF token with the session's. */
export function csrfMatches(s: Session, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(s.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Short-lived signed value (the Cognito sign-in in flight), with the same HMAC. */
export function sealValue(secret: string, value: Record<string, unknown>): string {
  const payload = b64(JSON.stringify(value));
  return `${payload}.${sign(secret, payload)}`;
}

export function openValue(secret: string, sealed: string | undefined): Record<string, unknown> | undefined {
  if (!sealed) return undefined;
  const [payload, mac] = sealed.split('.');
  if (!payload || !mac) return undefined;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
