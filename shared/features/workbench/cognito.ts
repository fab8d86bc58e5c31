/**
 * Sign-in through the Cognito user pool's managed login: authorization code with PKCE (S256). The function
 * exchanges the code at the pool's token endpoint and verifies the tokens itself against the pool's JWKS
 * (the /workbench routes have no API Gateway authorizer). `fetch` and the key set are injected: on AWS the
 * key set is jose's remote set (fetched once, cached, refreshed on an unknown key id); tests give a local one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError, type ErrorReason } from '../../core/errors.js';
import { principalFromClaims, type Principal } from '../auth/index.js';
import type { CognitoSettings } from './config.js';

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function newPkce(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(s: CognitoSettings, redirectUri: string, state: string, challenge: string): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: s.clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${s.domain.replace(/\/$/, '')}/oauth2/authorize?${q}`;
}

export function logoutUrl(s: CognitoSettings, signedOutUri: string): string {
  const q = new URLSearchParams({ client_id: s.clientId, logout_uri: signedOutUri });
  return `${s.domain.replace(/\/$/, '')}/logout?${q}`;
}

export const jwksUrl = (s: CognitoSettings) => new URL(`${s.issuer.replace(/\/$/, '')}/.well-known/jwks.json`);

const signInFailed = (reason: ErrorReason) => new AppError('UNAUTHENTICATED', '登录失败，请重新登录', { reason });

export class CognitoLogin {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    readonly settings: CognitoSettings,
    readonly deps: { fetch: typeof fetch; keys?: JWTVerifyGetKey; clock: () => Date },
  ) {
    // Created once per process: jose caches the key set and refetches only on an unknown `kid`.
    this.keys = deps.keys ?? createRemoteJWKSet(jwksUrl(settings), { cacheMaxAge: 10 * 60_000 });
  }

  /** Exchanges the code and maps the verified access token's claims (groups, units, region) to a Principal. */
  async complete(code: string, verifier: string, redirectUri: string): Promise<Principal> {
    const res = await this.deps.fetch(`${this.settings.domain.replace(/\/$/, '')}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: this.settings.clientId,
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }).toString(),
    });
    if (!res.ok) throw signInFailed('TOKEN_EXCHANGE_FAILED');
    const body = (await res.json()) as { access_token?: unknown; id_token?: unknown };
    if (typeof body.access_token !== 'string') throw signInFailed('NO_ACCESS_TOKEN');
    const access = await this.verify(body.access_token);
    if (access.client_id !== this.settings.clientId) throw signInFailed('WRONG_CLIENT');
    // Cognito access tokens carry groups but not custom attributes; those come from the (verified) ID token.
    const id = typeof body.id_token === 'string' ? await this.verify(body.id_token, this.settings.clientId) : {};
    try {
      return principalFromClaims({ ...id, ...access, token_use: 'access' });
    } catch {
      throw signInFailed('BAD_CLAIMS');
    }
  }

  async verify(token: string, audience?: string): Promise<Record<string, unknown>> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        ...(audience ? { audience } : {}),
        currentDate: this.deps.clock(),
        algorithms: ['RS256'],
      });
      return payload as Record<string, unknown>;
    } catch {
      throw signInFailed('TOKEN_INVALID');
    }
  }
}
