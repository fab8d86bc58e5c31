/**
 * Local tokens: shaped like Cognito access tokens (same claim names, `token_use:
 * access`, `client_id`, no `aud`), so ./claims.ts maps both the same way.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { CLAIMS } from './claims.js';
import { LOCAL_ALG, type LocalKey } from './local-key.js';
import type { Role } from './principal.js';

export const LOCAL_ISSUER = 'gongshi-local';
export const LOCAL_CLIENT_ID = 'gongshi-local-cli';
/** The longest a local token may live (exp − iat): 400 days, so a year-long test session fits. */
export const MAX_LOCAL_TOKEN_SECONDS = 400 * 86_400;

export interface TokenRequest {
  sub: string;
  roles: Role[];
  units?: string[];
  /** GB/T 2260 code (or `*`) for reviewers and auditors. */
  region?: string;
  ttlSeconds: number;
  now?: Date;
}

export async function signLocalToken(key: LocalKey, req: TokenRequest): Promise<string> {
  if (!(req.ttlSeconds > 0 && req.ttlSeconds <= MAX_LOCAL_TOKEN_SECONDS))
    throw new Error(`a local token lives at most ${MAX_LOCAL_TOKEN_SECONDS / 86_400} days`);
  const now = Math.floor((req.now ?? new Date()).getTime() / 1000);
  const claims: Record<string, unknown> = {
    [CLAIMS.groups]: req.roles,
    token_use: 'access',
    client_id: LOCAL_CLIENT_ID,
    username: req.sub,
  };
  if (req.units?.length) claims[CLAIMS.units] = req.units.join(',');
  if (req.region) claims[CLAIMS.region] = req.region;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: LOCAL_ALG, kid: key.kid, typ: 'JWT' })
    .setSubject(req.sub)
    .setIssuer(LOCAL_ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + req.ttlSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

export type VerifyFailure = 'EXPIRED' | 'INVALID';

/** Verifies signature, issuer, algorithm and expiry; returns the claims or why it failed. */
export async function verifyLocalToken(
  key: LocalKey,
  token: string,
  now = new Date(),
): Promise<{ claims: Record<string, unknown> } | { failure: VerifyFailure }> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, key.publicKey, {
      issuer: LOCAL_ISSUER,
      algorithms: [LOCAL_ALG],
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    // Shaped as this registry's access tokens, for this key, and short-lived: anything else is not ours.
    if (protectedHeader.kid !== key.kid) return { failure: 'INVALID' };
    if (payload.aud !== undefined || payload.client_id !== LOCAL_CLIENT_ID || payload.token_use !== 'access')
      return { failure: 'INVALID' };
    if (payload.exp! - payload.iat! > MAX_LOCAL_TOKEN_SECONDS) return { failure: 'INVALID' };
    return { claims: payload as Record<string, unknown> };
  } catch (e) {
    return { failure: e instanceof errors.JWTExpired ? 'EXPIRED' : 'INVALID' };
  }
}

/** `30m`, `1h`, `7d`, `3600` → seconds. */
export function parseTtl(text: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!m) throw new Error(`invalid ttl: ${text}`);
  const n = Number(m[1]);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return n * unit;
}
