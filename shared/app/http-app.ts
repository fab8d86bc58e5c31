/**
 * The Hono application: the same app serves Lambda (hono/aws-lambda) and the
 * local server (@hono/node-server). Routes are registered by module; each
 * module owns one area of the API.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Registry } from '../features/lists/index.js';
import { errorBody, handleError, zodDetails } from '../platform/http/errors.js';
import { redirectExports } from '../features/exports/index.js';
import { registerUnitRoutes } from '../features/lists/index.js';
import { registerSearchRoutes } from '../features/search/index.js';
import { registerStatsRoutes } from '../features/stats/index.js';
import { registerPortalRoutes } from '../features/portal/index.js';
import { isApiPath, portalNotFound, registerDocsRoutes } from '../features/portal/index.js';
import { registerHistoryRoutes } from '../features/history/index.js';
import { registerLedgerRoutes } from '../features/ledger/index.js';
import { registerTemplateRoutes } from '../features/spreadsheets/index.js';
import type { WriteDeps } from '../features/workflow/index.js';

export type { AppEnv } from '../platform/http/app-env.js';
import type { AppEnv } from '../platform/http/app-env.js';

export interface AppDeps {
  registry: Registry;
  /** Drafts, review, entity registration, audit (authenticated); absent: those routes are not served. */
  write?: WriteDeps;
}

/**
 * Which routes this app serves. On AWS the public function serves 'public' (anonymous reads) and the write
 * function 'write' (authenticated routes), so each Lambda's code matches its IAM role; locally one app serves 'all'.
 */
export type AppRoutes = 'public' | 'write' | 'all';

export interface AppOptions {
  routes?: AppRoutes;
  /**
   * Registers the authenticated routes. Injected rather than imported so that the public function's
   * bundle carries none of the upload, workflow and audit code (see shared/app/runtime.ts).
   */
  registerWrite?: (app: OpenAPIHono<AppEnv>, deps: WriteDeps) => void;
  /**
   * The export function's URL (env EXPORT_URL on AWS): region exports answer 307 to it, because they outgrow
   * the 6 MB a buffered Lambda response may carry (./export-redirect.ts). Unset: exports are served here.
   */
  exportUrl?: string;
}

export function createApp(deps: AppDeps, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const serves = (part: Exclude<AppRoutes, 'all'>) => (options.routes ?? 'all') === 'all' || options.routes === part;
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
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  // Before the routes, so the export routes registered below never run here when a streaming function serves them.
  if (options.exportUrl) app.use('*', redirectExports(options.exportUrl));
  app.onError(handleError);
  app.notFound((c) =>
    isApiPath(c.req.path)
      ? c.json(errorBody('NOT_FOUND', '未找到请求的资源', { path: c.req.path }, c.get('requestId')), 404)
      : portalNotFound(c),
  );

  app.get('/healthz', (c) => c.json({ ok: true }));
  if (serves('public')) {
    registerUnitRoutes(app, deps.registry);
    registerSearchRoutes(app, deps.registry);
    registerStatsRoutes(app, deps.registry);
    registerPortalRoutes(app, deps.registry);
    registerDocsRoutes(app, deps.registry);
    registerHistoryRoutes(app, deps.registry);
    registerLedgerRoutes(app, deps.registry);
    registerTemplateRoutes(app);
  }
  if (serves('write')) {
    // Authenticated routes (drafts, review, entity registration, audit) register here.
    if (deps.write && options.registerWrite) options.registerWrite(app, deps.write);
  }

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Gongshi 公示 — 行政执法公示 registry API',
      version: '1.0.0',
      description: 'Enforcement entities (执法主体) and their published lists, every version retrievable forever.',
    },
  });
  return app;
}
