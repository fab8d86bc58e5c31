/**
 * The write function's app, assembled on demand the way ./lazy-public-app.ts assembles the public one: a cold start
 * evaluates the stores and services the write routes run on, not the route modules, their zod schemas and OpenAPI
 * registrations, nor the workbench's pages. esbuild turns each `import()` below into a lazy module initialiser.
 *
 * An API path (/v1/…) is served by an app holding the authenticated routes' common part (security scheme, audit
 * trail, authentication, body limits: every /v1 path runs it, so every such app holds it first) and the route groups
 * that may match the path (`groupsFor`), registered in the order ./runtime.ts registers them into the whole app;
 * Hono runs only the handlers whose patterns match, so that app answers as the whole one would
 * (test/lazy-write-app.test.ts checks it route by route). A workbench path (/workbench…) is served by the workbench
 * group alone. Every other path (/openapi.json, /healthz, unknown paths) is served by the whole write app of
 * ./http-app.ts, built on first need from the same groups, so the OpenAPI document stays complete.
 */
import { Hono, type NotFoundHandler } from 'hono';
import type { DecisionsWiring } from '../features/decisions/wiring.js';
import type { InspectionService } from '../features/inspections/service.js';
import type { PlanIntake } from '../features/inspections/plan-intake.js';
import type { Registry } from '../features/lists/registry.js';
import type { RegionService } from '../features/search/service.js';
import type { WriteDeps } from '../features/workflow/http/write-deps.js';
import type { AppEnv } from '../platform/http/app-env.js';
import { configureCursorKey } from '../platform/http/cursor.js';
import { apiNotFound, createBaseApp } from './base-app.js';
import {
  groupsClaiming,
  isUnitPath,
  lazyApp,
  startsWith,
  type LazyApp,
  type Register,
  type RouteGroup,
} from './lazy-routes.js';

export interface LazyWriteDeps {
  registry: Registry;
  regions: RegionService;
  write: WriteDeps;
  decisions: DecisionsWiring;
  inspections: InspectionService;
  /** The plan table intake (spreadsheet readers), made on first need: the inspections routes and the workbench. */
  plans: () => Promise<PlanIntake>;
  /** Registers the workbench's assignment routes and pages (./workbench.ts), loaded on first need. */
  workbench: () => Promise<Register>;
}

export interface LazyWriteOptions {
  /** The MAC key of pagination cursors (see platform/http/cursor.ts). */
  cursorKey?: string | Uint8Array;
}

/** Every /v1 path runs the audit trail and authentication, so every API app holds this group, first. */
const ACCESS = 'access';
const WORKBENCH = 'workbench';

/** The write route groups in the order ./runtime.ts registers them, with the features they load. */
function routeGroups(deps: LazyWriteDeps): RouteGroup[] {
  const { write, decisions, inspections } = deps;
  return [
    {
      name: ACCESS,
      claims: () => false,
      load: async () => {
        const { registerWriteAccess } = await import('../features/workflow/http/access.js');
        return (app) => registerWriteAccess(app, write);
      },
    },
    {
      name: 'workflow',
      // /v1/drafts…, /v1/audit, PUT /v1/units/{uscc}, /v1/units/{uscc}/drafts, /v1/units/{uscc}/lists/{kind}/….
      claims: (s) =>
        s[1] === 'drafts' ||
        s[1] === 'audit' ||
        (isUnitPath(s) && (s.length === 3 || s[3] === 'drafts' || s[3] === 'lists')),
      load: async () => {
        const { registerWorkflowRoutes } = await import('../features/workflow/http/index.js');
        return (app) => registerWorkflowRoutes(app, write);
      },
    },
    {
      name: 'decisions',
      // /v1/decisions/{id}/…, /v1/units/{uscc}/decisions…, /v1/units/{uscc}/decision-statements/{month}.
      claims: (s) => startsWith(s[1], 'decision') || (isUnitPath(s) && startsWith(s[3], 'decision')),
      load: async () => {
        const { registerDecisionWriteRoutes } = await import('../features/decisions/write-routes.js');
        return (app) => registerDecisionWriteRoutes(app, { ...decisions, auth: write.auth });
      },
    },
    {
      name: 'inspections',
      // /v1/units/{uscc}/draws…, /v1/units/{uscc}/inspection-plans.
      claims: (s) => isUnitPath(s) && (startsWith(s[3], 'draw') || startsWith(s[3], 'inspection-')),
      load: async () => {
        const [{ registerInspectionWriteRoutes }, plans] = await Promise.all([
          import('../features/inspections/write-routes.js'),
          deps.plans(),
        ]);
        return (app) => registerInspectionWriteRoutes(app, { inspections, plans, workflow: write.workflow });
      },
    },
    {
      name: WORKBENCH,
      // /v1/assignments… (the administrators' API) and every /workbench page.
      claims: (s) => s[1] === 'assignments',
      load: deps.workbench,
    },
  ];
}

/** A workbench path is the workbench group's alone; an API path is served by the groups that claim it. */
function groupsFor(groups: readonly RouteGroup[], path: string): string[] | undefined {
  if (path === '/workbench' || path.startsWith('/workbench/')) return [WORKBENCH];
  return groupsClaiming(groups, path, ACCESS);
}

/** The whole app's 404: JSON for an API path, else the portal's Chinese page (loaded on the first such 404). */
const notFound: NotFoundHandler<AppEnv> = async (c) => {
  if (c.req.path.startsWith('/v1/')) return apiNotFound(c);
  const { isApiPath, portalNotFound } = await import('../features/portal/site-routes.js');
  return isApiPath(c.req.path) ? apiNotFound(c) : portalNotFound(c);
};

export type LazyWriteApp = LazyApp;

export function createLazyWriteApp(deps: LazyWriteDeps, options: LazyWriteOptions = {}): LazyWriteApp {
  if (options.cursorKey) configureCursorKey(options.cursorKey);
  const groups = routeGroups(deps);
  return lazyApp({
    groups,
    groupsFor: (path) => groupsFor(groups, path),
    baseApp: () => createBaseApp({}, notFound),
    // The whole write app is ./http-app.ts's, given every group in the order ./runtime.ts registers them.
    wholeApp: async (loadAll) => {
      const [{ createApp }, loaded] = await Promise.all([import('./http-app.js'), loadAll()]);
      return createApp(
        { registry: deps.registry, regions: deps.regions, write: deps.write },
        {
          routes: 'write',
          ...(options.cursorKey ? { cursorKey: options.cursorKey } : {}),
          registerWrite: (app) => {
            for (const register of loaded) register(app);
          },
        },
      ) as unknown as Hono<AppEnv>;
    },
  });
}
