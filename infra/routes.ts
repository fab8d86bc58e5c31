/**
 * Which function answers which HTTP API route, and which routes need a token.
 *
 * - Every GET is anonymous and goes to the public function (`GET /{proxy+}`), except the authenticated
 *   reads listed below, which go to the write function behind the JWT authorizer. A full route match
 *   (`GET /v1/drafts/{id}`) beats a greedy one, so those never reach the public function.
 * - Every other method goes to the write function behind the JWT authorizer.
 * Failing closed: an authenticated GET missing from the list reaches the public function, whose app does
 * not register it (404), and test/infra.test.ts checks that the list covers every GET the write app serves.
 */
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';

/** Anonymous reads: lists, search, stats, history, ledger reads, portal, OpenAPI. */
export const publicRoutes = [
  { method: HttpMethod.GET, path: '/' },
  { method: HttpMethod.GET, path: '/{proxy+}' },
] as const;

/** Reads that need a token (drafts and the audit trail are never public), in HTTP API path syntax. */
export const authenticatedReads = [
  '/v1/drafts',
  '/v1/drafts/{id}',
  '/v1/drafts/{id}/diff',
  '/v1/units/{uscc}/lists/{kind}/drafts',
  '/v1/audit',
  '/v1/assignments',
  '/v1/units/{uscc}/lists/{kind}/column-maps',
  '/v1/units/{uscc}/draws/{drawId}/assignment',
] as const;

/** Methods that change something: all authenticated, all to the write function. */
export const writeMethods = [HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE] as const;

export const authenticatedRoutes = [
  ...authenticatedReads.map((path) => ({ method: HttpMethod.GET, path })),
  ...writeMethods.map((method) => ({ method, path: '/{proxy+}' })),
];

/** Hono path (`/v1/drafts/:id`, `/v1/x/{id}` from OpenAPI routes) in HTTP API syntax (`/v1/drafts/{id}`). */
export function toHttpApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

/**
 * The browser workbench: pages and forms on the write function with no JWT authorizer, because a browser
 * sends a session cookie, not a bearer token; the function verifies the cookie (and CSRF token) itself.
 * More specific than `/{proxy+}`, so these never reach the public function or the authorizer.
 */
export const workbenchRoutes = [
  { method: HttpMethod.GET, path: '/workbench' },
  { method: HttpMethod.GET, path: '/workbench/{proxy+}' },
  { method: HttpMethod.POST, path: '/workbench/{proxy+}' },
] as const;
