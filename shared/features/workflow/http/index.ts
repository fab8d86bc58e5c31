/**
 * The authenticated half of the API — drafts, legal review, entity registration,
 * the audit trail — registered as one unit so a write-only app (the write Lambda)
 * can be assembled: registerWriteRoutes(app, createWriteDeps(…)). The write function's lazily assembled app
 * registers the two parts apart (registerWriteAccess, then registerWorkflowRoutes), in the same order.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/http/app-env.js';
import { registerAuditRoutes } from '../audit-routes.js';
import { registerColumnMapRoutes } from '../column-map-routes.js';
import { registerDraftRoutes } from '../drafts-routes.js';
import { registerEntityAdminRoutes } from '../entities-routes.js';
import { registerWriteAccess } from './access.js';
import type { WriteDeps } from './write-deps.js';

export { createWriteDeps, type WriteDeps, type WriteOptions } from './write-deps.js';
export { registerWriteAccess } from './access.js';

export function registerWriteRoutes(app: OpenAPIHono<AppEnv>, deps: WriteDeps): void {
  registerWriteAccess(app, deps);
  registerWorkflowRoutes(app, deps);
}

/** Drafts and review, column maps, entity registration and the audit reads (after registerWriteAccess). */
export function registerWorkflowRoutes(app: OpenAPIHono<AppEnv>, deps: WriteDeps): void {
  registerDraftRoutes(app, {
    registry: deps.registry,
    workflow: deps.workflow,
    idempotency: deps.idempotency,
    columnMaps: deps.columnMaps,
    parseGate: deps.parseGate,
  });
  registerColumnMapRoutes(app, deps);
  registerEntityAdminRoutes(app, deps.workflow);
  registerAuditRoutes(app, { audit: deps.audit, workflow: deps.workflow });
}
