/**
 * Turning a request into a Principal, by one of two verifiers chosen by runtime
 * configuration (GONGSHI_AUTH):
 * - `local`: the app verifies the bearer token itself against the local key (./local-key.ts);
 * - `apigateway`: the HTTP API JWT authorizer has verified the Cognito token already;
 *   the app reads the verified claims from the Lambda request context.
 * Both hand the claims to the same mapping (./claims.ts). Default: `apigateway`
 * inside Lambda, `local` elsewhere.
 */
import { AppError, type ErrorReason } from '../../core/errors.js';
import { ClaimsError, principalFromClaims } from './claims.js';
import { loadOrCreateLocalKey, type LocalKey } from './local-key.js';
import { verifyLocalToken } from './local-token.js';
import type { Principal } from './principal.js';

export type AuthMode = 'local' | 'apigateway';

export interface AuthRequest {
  /** The Authorization header. */
  authorization?: string;
  /** `requestContext.authorizer.jwt.claims` of an API Gateway HTTP API (payload 2.0) event, when there is one. */
  lambdaClaims?: Record<string, unknown>;
}

export interface Authenticator {
  readonly mode: AuthMode;
  /** The caller, or AppError UNAUTHENTICATED (401). */
  authenticate(req: AuthRequest): Promise<Principal>;
}

const unauthenticated = (reason: ErrorReason, message = '未登录或令牌无效') =>
  new AppError('UNAUTHENTICATED', message, { reason });

function mapClaims(claims: Record<string, unknown>): Principal {
  try {
    return principalFromClaims(claims);
  } catch (e) {
    if (e instanceof ClaimsError) throw unauthenticated('BAD_CLAIMS');
    throw e;
  }
}

export function localAuthenticator(key: () => Promise<LocalKey>, clock: () => Date = () => new Date()): Authenticator {
  return {
    mode: 'local',
    async authenticate(req) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.authorization?.trim() ?? '');
      if (!m)
        throw unauthenticated(
          req.authorization ? 'MALFORMED_HEADER' : 'NO_TOKEN',
          req.authorization ? '令牌格式不正确' : '需要登录（Authorization: Bearer <令牌>）',
        );
      const result = await verifyLocalToken(await key(), m[1]!, clock());
      if ('failure' in result)
        throw unauthenticated(
          result.failure === 'EXPIRED' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
          result.failure === 'EXPIRED' ? '令牌已过期' : '令牌无效',
        );
      return mapClaims(result.claims);
    },
  };
}

export function apiGatewayAuthenticator(): Authenticator {
  return {
    mode: 'apigateway',
    async authenticate(req) {
      // The authorizer rejects bad tokens before the function runs; no claims means the route was not protected.
      if (!req.lambdaClaims) throw unauthenticated('NO_VERIFIED_CLAIMS');
      return mapClaims(req.lambdaClaims);
    },
  };
}

/** The configured verifier; the local key is read (or created) on the first authenticated request only. */
export function authenticatorFor(options: { mode: AuthMode; keyPath: string; clock?: () => Date }): Authenticator {
  if (options.mode === 'apigateway') return apiGatewayAuthenticator();
  let key: Promise<LocalKey> | undefined;
  return localAuthenticator(() => (key ??= loadOrCreateLocalKey(options.keyPath)), options.clock);
}
