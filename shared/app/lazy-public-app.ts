/**
 * The public function's app, assembled on demand so that a cold start evaluates only the feature code its first
 * request needs. The bundle is one file (no code splitting), but esbuild turns each `import()` below into a lazy
 * module initialiser: a feature's schemas, routes and pages run their top-level code on the first request that
 * reaches them, not at import.
 *
 * An API path (/v1/…) is served by an app holding only the route groups that may match it (`groupsFor`), registered
 * in the order ./http-app.ts registers them; Hono runs only the handlers whose patterns match a request, so that app
 * answers as the whole one would (test/lazy-public-app.test.ts checks it route by route). The portal group is in every
 * such app, at its place, as the language middleware the portal registers on every path (that module alone, not the
 * pages). Every other path (portal pages, /docs, /openapi.json, unknown paths) is served by the whole public app of
 * ./http-app.ts, built on first need.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { Registry } from '../features/lists/registry.js';
import type { RegionService } from '../features/search/service.js';
import type { OfficersWiring, QrRenderer } from '../features/officers/index.js';
import type { DecisionsWiring } from '../features/decisions/wiring.js';
import type { DrawReader } from '../features/inspections/routes.js';
import type { AppEnv } from '../platform/http/app-env.js';
import { configureCursorKey } from '../platform/http/cursor.js';
import { apiNotFound, createBaseApp, type BaseAppOptions } from './base-app.js';

type Register = (app: OpenAPIHono<AppEnv>) => void;

interface RouteGroup {
  name: string;
  /** Whether a route of this group may match the path's segments (['v1', 'units', …]); a yes too many is harmless. */
  claims: (segments: readonly string[]) => boolean;
  load: () => Promise<Register>;
}

export interface LazyPublicDeps {
  registry: Registry;
  regions: RegionService;
  /** Draws the QR of card faces (./qr.ts); absent, card faces answer 422. */
  renderQr?: QrRenderer;
}

export type LazyPublicOptions = BaseAppOptions & { cursorKey?: string | Uint8Array };

/** The portal registers its language middleware on every path, so every app holds its group, in its place. */
const PORTAL = 'portal';

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

const isUnitPath = (s: readonly string[]) => s[1] === 'units';

/** The public route groups in ./http-app.ts order, with the features they load. */
function routeGroups(deps: LazyPublicDeps, shared: SharedWiring): RouteGroup[] {
  const { registry, regions } = deps;
  return [
    {
      name: 'lists',
      claims: isUnitPath,
      load: async () => {
        const { registerUnitRoutes } = await import('../features/lists/routes.js');
        return (app) => registerUnitRoutes(app, registry);
      },
    },
    {
      name: 'certificates',
      claims: (s) => s[1] === 'certificates',
      load: async () => {
        const [{ registerCertificateRoutes }, officers] = await Promise.all([
          import('../features/officers/index.js'),
          shared.officers(),
        ]);
        return (app) => registerCertificateRoutes(app, officers);
      },
    },
    {
      name: 'decisions',
      claims: (s) =>
        Boolean(s[1]?.startsWith('decision')) ||
        ((s[1] === 'units' || s[1] === 'regions') && Boolean(s[3]?.startsWith('decision'))),
      load: async () => {
        const [{ registerDecisionRoutes }, decisions] = await Promise.all([
          import('../features/decisions/routes.js'),
          shared.decisions(),
        ]);
        return (app) => registerDecisionRoutes(app, decisions.decisions, decisions.reports);
      },
    },
    {
      name: 'search',
      claims: (s) => s[1] === 'search',
      load: async () => {
        const { registerSearchRoutes } = await import('../features/search/routes.js');
        return (app) => registerSearchRoutes(app, registry, regions);
      },
    },
    {
      name: 'stats',
      claims: (s) => s[1] === 'stats',
      load: async () => {
        const { registerStatsRoutes } = await import('../features/stats/routes.js');
        return (app) => registerStatsRoutes(app, registry, regions);
      },
    },
    {
      name: PORTAL,
      // Its routes are portal pages, never API paths: of the portal, an API path meets only the language middleware
      // it registers on every path, so only that module is loaded (not the pages, their routes and styles).
      claims: () => false,
      load: async () => {
        const { portalLanguage } = await import('../features/portal/language.js');
        return (app) => app.use('*', portalLanguage);
      },
    },
    {
      name: 'history',
      claims: (s) => s[1] === 'export' || (isUnitPath(s) && s[5] === 'diff'),
      load: async () => {
        const { registerHistoryRoutes } = await import('../features/history/index.js');
        return (app) => registerHistoryRoutes(app, registry);
      },
    },
    {
      name: 'ledger',
      claims: (s) => s[1] === 'ledger' || (isUnitPath(s) && s.at(-1) === 'proof'),
      load: async () => {
        const { registerLedgerRoutes } = await import('../features/ledger/routes.js');
        return (app) => registerLedgerRoutes(app, registry);
      },
    },
    {
      name: 'templates',
      claims: (s) => s[1] === 'templates',
      load: async () => {
        const { registerTemplateRoutes } = await import('../features/spreadsheets/routes.js');
        return (app) => registerTemplateRoutes(app);
      },
    },
    {
      name: 'inspections',
      // /v1/units/{uscc}/draws…, draw-log, inspection-plans…, inspection-stats.
      claims: (s) => isUnitPath(s) && (Boolean(s[3]?.startsWith('draw')) || Boolean(s[3]?.startsWith('inspection-'))),
      load: async () => {
        const [{ registerInspectionRoutes }, draws] = await Promise.all([
          import('../features/inspections/routes.js'),
          shared.draws(),
        ]);
        return (app) => registerInspectionRoutes(app, draws);
      },
    },
  ];
}

/** The readers several groups (and the whole app) share, made once, on first need. */
interface SharedWiring {
  officers: () => Promise<OfficersWiring>;
  decisions: () => Promise<DecisionsWiring>;
  draws: () => Promise<DrawReader>;
}

function sharedWiring(deps: LazyPublicDeps): SharedWiring {
  return {
    officers: once(async () =>
      (await import('../features/officers/index.js')).officersReader(deps.registry, undefined, deps.renderQr),
    ),
    decisions: once(async () => {
      const [{ createDecisions }, { createCertificateLookup }] = await Promise.all([
        import('../features/decisions/wiring.js'),
        import('../features/officers/lookup.js'),
      ]);
      return createDecisions(deps.registry, { certificates: createCertificateLookup({ registry: deps.registry }) });
    }),
    draws: once(async () => {
      const [{ drawsReader }, { LogEventQueue }] = await Promise.all([
        import('../features/inspections/reads.js'),
        import('../features/ledger/log-events.js'),
      ]);
      const { client, tableName } = deps.registry.store;
      return drawsReader(deps.registry, new LogEventQueue(client, tableName));
    }),
  };
}

/**
 * The names of the groups that serve `path`, in registration order, or undefined when the whole app serves it
 * (a path that is not an API path, or one no group claims).
 */
function groupsFor(groups: readonly RouteGroup[], path: string): string[] | undefined {
  if (!path.startsWith('/v1/')) return undefined;
  const segments = path.split('/').filter(Boolean);
  const claimed = groups.filter((g) => g.claims(segments)).map((g) => g.name);
  if (claimed.length === 0) return undefined;
  return groups.map((g) => g.name).filter((name) => claimed.includes(name) || name === PORTAL);
}

export interface LazyPublicApp {
  /** The app the Lambda handler serves: it hands each request to the app for its path. */
  app: Hono<AppEnv>;
  /** The app that serves `path` (built on first need, then kept). */
  appFor: (path: string) => Promise<Hono<AppEnv>>;
}

export function createLazyPublicApp(deps: LazyPublicDeps, options: LazyPublicOptions = {}): LazyPublicApp {
  if (options.cursorKey) configureCursorKey(options.cursorKey);
  const shared = sharedWiring(deps);
  const groups = routeGroups(deps, shared);
  const registers = new Map(groups.map((g) => [g.name, once(g.load)]));
  const apps = new Map<string, Promise<Hono<AppEnv>>>();

  const wholeApp = once(async () => {
    const [{ createApp }, officers, decisions, draws] = await Promise.all([
      import('./http-app.js'),
      shared.officers(),
      shared.decisions(),
      shared.draws(),
    ]);
    return createApp(
      { registry: deps.registry, regions: deps.regions, officers, decisions, draws },
      { ...options, routes: 'public' },
    ) as unknown as Hono<AppEnv>;
  });

  async function groupApp(names: string[]): Promise<Hono<AppEnv>> {
    const loaded = await Promise.all(names.map((name) => registers.get(name)!()));
    const app = createBaseApp(options, apiNotFound);
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
