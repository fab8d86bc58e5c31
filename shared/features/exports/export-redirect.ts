/**
 * On AWS the public function answers through API Gateway with a buffered response, which Lambda caps at
 * 6 MB; a whole-region export can be far larger. The export function streams instead (Lambda response
 * streaming through a function URL), so when its URL is configured the public app sends region exports
 * there with a 307 (method and query kept). Locally no URL is set and the exports are served in place.
 */
import type { MiddlewareHandler } from 'hono';

/** The routes the export function serves: GET /v1/export and GET /v1/export/history. */
export const EXPORT_PATHS = ['/v1/export', '/v1/export/history'] as const;

export const isExportPath = (path: string) =>
  (EXPORT_PATHS as readonly string[]).includes(path.replace(/\/+$/, '') || '/');

/** 307 to the same path and query under `exportUrl` (the function URL, with or without a trailing slash). */
export function redirectExports(exportUrl: string): MiddlewareHandler {
  const base = exportUrl.replace(/\/+$/, '');
  return async (c, next) => {
    if (!isExportPath(c.req.path)) return next();
    return c.redirect(`${base}${c.req.path}${new URL(c.req.url).search}`, 307);
  };
}
