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
import type { OpenAPIHono } from '@hono/zod-openapi';
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

type Register = (app: OpenAPIHono<AppEnv>) => void;

interface RouteGroup {
  name: string;
  /** Whether a route of this group may match the path's segments (['v1', 'units', …]); a yes too many is harmless. */
  claims: (segments: readonly string[]) => boolean;
  load: () => Promise<Register>;
}

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

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

const isUnitPath = (s: readonly string[]) => s[1] === 'units';
const startsWith = (segment: string | undefined, prefix: string) => Boolean(segment?.startsWith(prefix));

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

/**
 * The names of the groups that serve `path`, in registration order, or undefined when the whole app serves it
 * (neither an API path a group claims nor a workbench path).
 */
function groupsFor(groups: readonly RouteGroup[], path: string): string[] | undefined {
  if (path === '/workbench' || path.startsWith('/workbench/')) return [WORKBENCH];
  if (!path.startsWith('/v1/')) return undefined;
  const segments = path.split('/').filter(Boolean);
  const claimed = groups.filter((g) => g.claims(segments)).map((g) => g.name);
  if (claimed.length === 0) return undefined;
  return groups.map((g) => g.name).filter((name) => claimed.includes(name) || name === ACCESS);
}

/** The whole app's 404: JSON for an API path, else the portal's Chinese page (loaded on the first such 404). */
const notFound: NotFoundHandler<AppEnv> = async (c) => {
  if (c.req.path.startsWith('/v1/')) return apiNotFound(c);
  const { isApiPath, portalNotFound } = await import('../features/portal/site-routes.js');
  return isApiPath(c.req.path) ? apiNotFound(c) : portalNotFound(c);
};

export interface LazyWriteApp {
  /** The app the Lambda handler serves: it hands each request to the app for its path. */
  app: Hono<AppEnv>;
  /** The app that serves `path` (built on first need, then kept). */
  appFor: (path: string) => Promise<Hono<AppEnv>>;
}

export function createLazyWriteApp(deps: LazyWriteDeps, options: LazyWriteOptions = {}): LazyWriteApp {
  if (options.cursorKey) configureCursorKey(options.cursorKey);
  const groups = routeGroups(deps);
  const registers = new Map(groups.map((g) => [g.name, once(g.load)]));
  const apps = new Map<string, Promise<Hono<AppEnv>>>();
  const load = (names: readonly string[]) => Promise.all(names.map((name) => registers.get(name)!()));

  const wholeApp = once(async () => {
    const [{ createApp }, loaded] = await Promise.all([import('./http-app.js'), load(groups.map((g) => g.name))]);
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
  });

  async function groupApp(names: string[]): Promise<Hono<AppEnv>> {
    const loaded = await load(names);
    const app = createBaseApp({}, notFound);
    for (const register of loaded) register(app);
    return app as unknown as Hono<AppEnv>;
  }

  function appFor(path: string): Promise<Hono<AppEnv>> {
    const names = groupsFor(groups, path);
    if (!names) return wholeApp();
    const key = names.join(',');
    let app = apps.get(key);
    if (!app) apps.set(key, (app = groupApp(names)));
    return app;
  }

  const app = new Hono<AppEnv>();
  app.all('*', async (c) => (await appFor(c.req.path)).fetch(c.req.raw, c.env));
  return { app, appFor };
}
