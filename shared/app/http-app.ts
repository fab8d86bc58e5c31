/**
 * The Hono application: the same app serves Lambda (hono/aws-lambda) and the
 * local server (@hono/node-server). Routes are registered by module; each
 * module owns one area of the API.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Registry } from '../features/lists/registry.js';
import type { RegionService } from '../features/search/service.js';
import type { FaultLog } from '../platform/http/errors.js';
import { apiNotFound, createBaseApp } from './base-app.js';
import { registerUnitRoutes } from '../features/lists/routes.js';
import { registerSearchRoutes } from '../features/search/routes.js';
import { registerStatsRoutes } from '../features/stats/routes.js';
import { registerPortalRoutes } from '../features/portal/index.js';
import { isApiPath, portalNotFound, registerDocsRoutes } from '../features/portal/index.js';
import { registerHistoryRoutes } from '../features/history/index.js';
import { registerLedgerRoutes } from '../features/ledger/routes.js';
import { registerTemplateRoutes } from '../features/spreadsheets/routes.js';
import type { WriteDeps } from '../features/workflow/index.js';
import {
  createCertificateLookup,
  officersReader,
  registerCertificatePages,
  registerCertificateRoutes,
  type OfficersWiring,
} from '../features/officers/index.js';
import { registerDecisionRoutes } from '../features/decisions/routes.js';
import { registerDecisionPages } from '../features/decisions/portal-routes.js';
import { createDecisions, type DecisionsWiring } from '../features/decisions/wiring.js';

import { drawsReader } from '../features/inspections/reads.js';
import { LogEventQueue } from '../features/ledger/log-events.js';
import { registerInspectionRoutes, type DrawReader } from '../features/inspections/routes.js';
import { registerDrawPages } from '../features/inspections/portal-routes.js';

export type { AppEnv } from '../platform/http/app-env.js';
import type { AppEnv } from '../platform/http/app-env.js';
import { configureCursorKey } from '../platform/http/cursor.js';

export interface AppDeps {
  registry: Registry;
  regions: RegionService;
  /** Drafts, review, entity registration, audit (authenticated); absent: those routes are not served. */
  write?: WriteDeps;
  /** Certificates (执法证): the check, feeds and, with a signing key, cards and status lists. */
  officers?: OfficersWiring;
  /** Decisions after the fact (事后公示); default a reader over the registry's table (no statement signer). */
  decisions?: DecisionsWiring;
  /** Random-inspection draws as the public sees them; default read from the registry's table. */
  draws?: DrawReader;
}

/**
 * Which routes this app serves. On AWS the public function serves 'public' (anonymous reads) and the write
 * function 'write' (authenticated routes), so each Lambda's code matches its IAM role; locally one app serves 'all'.
 */
export type AppRoutes = 'public' | 'write' | 'all';

export interface AppOptions {
  routes?: AppRoutes;
  /** Where unexpected faults are logged (default: one JSON line on stderr, which Lambda ships to its logs). */
  logFault?: FaultLog;
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
  /** The MAC key of pagination cursors (./config.ts, derived on AWS by ./derived-keys.ts; platform/http/cursor.ts). */
  cursorKey?: string | Uint8Array;
}

export function createApp(deps: AppDeps, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  if (options.cursorKey) configureCursorKey(options.cursorKey);
  const serves = (part: Exclude<AppRoutes, 'all'>) => (options.routes ?? 'all') === 'all' || options.routes === part;
  const app = createBaseApp(options, (c) => (isApiPath(c.req.path) ? apiNotFound(c) : portalNotFound(c)));
  if (serves('public')) {
    registerUnitRoutes(app, deps.registry);
    const officers = deps.officers ?? officersReader(deps.registry);
    registerCertificateRoutes(app, officers);
    const decisions =
      deps.decisions ??
      createDecisions(deps.registry, { certificates: createCertificateLookup({ registry: deps.registry }) });
    registerDecisionRoutes(app, decisions.decisions, decisions.reports);
    registerSearchRoutes(app, deps.registry, deps.regions);
    registerStatsRoutes(app, deps.registry, deps.regions);
    // The portal's language middleware ('*') wraps only the pages registered after it.
    registerPortalRoutes(app, deps.registry, deps.regions);
    registerCertificatePages(app, officers);
    registerDecisionPages(app, decisions.decisions, deps.registry);
    registerDocsRoutes(app, deps.registry, deps.regions);
    registerHistoryRoutes(app, deps.registry);
    registerLedgerRoutes(app, deps.registry);
    registerTemplateRoutes(app);
    const draws =
      deps.draws ??
      drawsReader(deps.registry, new LogEventQueue(deps.registry.store.client, deps.registry.store.tableName));
    registerInspectionRoutes(app, draws);
    registerDrawPages(app, draws);
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
