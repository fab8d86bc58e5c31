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
import { Hono } from 'hono';
import type { Registry } from '../features/lists/registry.js';
import type { RegionService } from '../features/search/service.js';
import type { OfficersWiring, QrRenderer } from '../features/officers/index.js';
import type { DecisionsWiring } from '../features/decisions/wiring.js';
import type { DrawReader } from '../features/inspections/routes.js';
import type { AppEnv } from '../platform/http/app-env.js';
import { configureCursorKey } from '../platform/http/cursor.js';
import { apiNotFound, createBaseApp, type BaseAppOptions } from './base-app.js';
import { groupsClaiming, isUnitPath, lazyApp, once, type LazyApp, type RouteGroup } from './lazy-routes.js';

export interface LazyPublicDeps {
  registry: Registry;
  regions: RegionService;
  /** Draws the QR of card faces (./qr.ts); absent, card faces answer 422. */
  renderQr?: QrRenderer;
}

export type LazyPublicOptions = BaseAppOptions & { cursorKey?: string | Uint8Array };

/** The portal registers its language middleware on every path, so every app holds its group, in its place. */
const PORTAL = 'portal';

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

export type LazyPublicApp = LazyApp;

export function createLazyPublicApp(deps: LazyPublicDeps, options: LazyPublicOptions = {}): LazyPublicApp {
  if (options.cursorKey) configureCursorKey(options.cursorKey);
  const shared = sharedWiring(deps);
  const groups = routeGroups(deps, shared);
  return lazyApp({
    groups,
    groupsFor: (path) => groupsClaiming(groups, path, PORTAL),
    baseApp: () => createBaseApp(options, apiNotFound),
    // The whole public app of ./http-app.ts registers its own routes.
    wholeApp: async () => {
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
    },
  });
}
