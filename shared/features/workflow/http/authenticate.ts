/** Middleware: authenticates protected requests (any change; reading drafts, the audit trail or role assignments). */
import type { MiddlewareHandler } from 'hono';
import type { Authenticator } from '../../auth/index.js';
import { requestState } from './request-state.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Reads that are not public. */
const PROTECTED_READ = new RegExp(
  `^/v1/(${[
    '(drafts|audit|assignments)(/|$)',
    'units/[^/]+/lists/[^/]+/(drafts|column-maps)$',
    // The drawn targets before publication: the unit's own (shared/features/inspections/write-routes.ts).
    'units/[^/]+/draws/[^/]+/assignment$',
  ].join('|')})`,
);

export function isProtected(method: string, path: string): boolean {
  return !SAFE_METHODS.has(method) || PROTECTED_READ.test(path);
}

interface LambdaEnv {
  event?: { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } };
}

export function authenticate(auth: Authenticator): MiddlewareHandler {
  return async (c, next) => {
    if (!isProtected(c.req.method, c.req.path)) return next();
    const env = c.env as LambdaEnv | undefined;
    try {
      requestState(c).principal = await auth.authenticate({
        authorization: c.req.header('authorization'),
        lambdaClaims: env?.event?.requestContext?.authorizer?.jwt?.claims,
      });
    } catch (e) {
      c.header('WWW-Authenticate', 'Bearer realm="gongshi"');
      throw e;
    }
    await next();
  };
}
