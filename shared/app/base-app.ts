/**
 * What every app serving the HTTP API starts from, before any feature registers a route: the validation hook
 * (400 VALIDATION_FAILED), request ids, security headers, the export redirect, the error handler, the 404 answer
 * and /healthz. ./http-app.ts builds the whole app on it; ./lazy-public-app.ts builds its per-path apps on it.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { NotFoundHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { errorBody, errorHandler, zodDetails, type FaultLog } from '../platform/http/errors.js';
import { redirectExports } from '../features/exports/export-redirect.js';
import type { AppEnv } from '../platform/http/app-env.js';

export interface BaseAppOptions {
  /** Where unexpected faults are logged (default: one JSON line on stderr, which Lambda ships to its logs). */
  logFault?: FaultLog;
  /** The export function's URL: region exports answer 307 to it (see features/exports/export-redirect.ts). */
  exportUrl?: string;
}

/** 404 for an API path: the JSON error body with the path. */
export const apiNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(errorBody('NOT_FOUND', '未找到请求的资源', { path: c.req.path }, c.get('requestId')), 404);

export function createBaseApp(options: BaseAppOptions, notFound: NotFoundHandler<AppEnv>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return c.json(
          errorBody('VALIDATION_FAILED', '请求参数不符合要求', zodDetails(result.error), c.get('requestId')),
          400,
        );
      }
      return undefined;
    },
  });
  app.use('*', requestId());
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin', xFrameOptions: 'DENY' }));
  // Before the routes, so the export routes registered later never run here when a streaming function serves them.
  if (options.exportUrl) app.use('*', redirectExports(options.exportUrl));
  app.onError(errorHandler(options.logFault));
  app.notFound(notFound);
  app.get('/healthz', (c) => c.json({ ok: true }));
  return app;
}
