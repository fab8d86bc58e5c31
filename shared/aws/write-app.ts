/**
 * The write Lambda's app: the runtime's 'write' app plus the authenticated routes of
 * shared/http/write (drafts, review, entity registration, audit), unless createApp already registers
 * them; and a flag that tells the handler a request published a version (the registry's afterPublish).
 */
// First: zod-openapi adds `.openapi()` to zod's classes, and zod 4 copies methods onto each schema when it
// is built, so a schema module evaluated before this import (shared/workflow/drafts.ts builds its schemas
// with plain zod) would lack `.openapi()` in the bundle. Keep this import above the route modules.
import '@hono/zod-openapi';
import type { Runtime } from '../runtime.js';
import { createWriteDeps, registerWriteRoutes } from '../http/write/index.js';

export interface WriteApp {
  app: Runtime['app'];
  /** True once a version has been published since the last `takePublished()`; resets it. */
  takePublished(): boolean;
}

const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function assembleWriteApp(rt: Runtime): WriteApp {
  // Registered once: if createApp's 'write' part already has the authenticated routes, leave them be.
  if (!rt.app.routes.some((r) => CHANGING.has(r.method))) {
    registerWriteRoutes(rt.app, createWriteDeps(rt.registry, rt.client, rt.store.tableName));
  }
  let published = false;
  const previous = rt.registry.afterPublish;
  rt.registry.afterPublish = (result) => {
    previous?.(result);
    published = true;
  };
  return {
    app: rt.app,
    takePublished() {
      const was = published;
      published = false;
      return was;
    },
  };
}
