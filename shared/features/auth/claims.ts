/**
 * The one claim mapping: verified JWT claims → Principal. Serves both token
 * sources so that a role means the same thing locally and on AWS:
 * - on AWS, Cognito access tokens verified by the HTTP API JWT authorizer, whose
 *   claims the app reads from `requestContext.authorizer.jwt.claims` (there every
 *   claim value arrives as a string, arrays rendered as "[a b]");
 * - locally, tokens from `gongshi token`, verified by ./local-token.ts, which
 *   carry the very same claim names.
 *
 * Claims: `sub`; `cognito:groups` (roles); `custom:units` (comma-separated credit
 * codes, for editors); `custom:region` (GB/T 2260 code, or `*` for all regions).
 * Cognito access tokens carry `client_id`, not `aud`, and `token_use: access`.
 */
import { regionPrefix } from '../../core/region.js';
import { USCC_PATTERN } from '../../core/uscc.js';
import { ROLES, type Principal, type Role } from './principal.js';

export const CLAIMS = {
  groups: 'cognito:groups',
  units: 'custom:units',
  region: 'custom:region',
} as const;

export class ClaimsError extends Error {}

/** A claim that may be an array, a JSON array string, "[a b]" / "[a, b]" (API Gateway) or "a,b". */
export function claimList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  const text = String(value).trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (Array.isArray(parsed)) return claimList(parsed);
    } catch {
      // API Gateway renders arrays as "[a b]", which is not JSON.
    }
    return text
      .slice(1, -1)
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `210900` → `2109`; `*`, `all` or `000000` → '' (everything); absent or malformed → undefined (nothing). */
export function regionScope(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if (text === '*' || text.toLowerCase() === 'all' || text === '000000') return '';
  if (/^\d{2}$/.test(text) || /^\d{4}$/.test(text)) return text;
  if (/^\d{6}$/.test(text)) return regionPrefix(text);
  return undefined;
}

export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const sub = typeof claims.sub === 'string' ? claims.sub.trim() : '';
  if (!sub) throw new ClaimsError('token has no subject');
  if (claims.token_use !== undefined && claims.token_use !== 'access') throw new ClaimsError('not an access token');
  const roles = claimList(claims[CLAIMS.groups]).filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  const units = [...new Set(claimList(claims[CLAIMS.units]).map((u) => u.toUpperCase()))].filter((u) =>
    USCC_PATTERN.test(u),
  );
  const region = regionScope(claims[CLAIMS.region]);
  const username = typeof claims.username === 'string' ? claims.username : undefined;
  return {
    sub,
    roles,
    units,
    ...(region === undefined ? {} : { regionPrefix: region }),
    ...(username ? { username } : {}),
  };
}
