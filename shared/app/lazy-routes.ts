/**
 * What the public and the write function's lazy apps (./lazy-public-app.ts, ./lazy-write-app.ts) share: route
 * groups that claim paths by their segments and register their routes when first needed, and the app that hands
 * each request to the app for its path. An API path (/v1/…) is served by an app holding only the groups that may
 * match it, in registration order, plus the group every such app holds; a path no group claims is served by the
 * whole app, built on first need.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { AppEnv } from '../platform/http/app-env.js';

export type Register = (app: OpenAPIHono<AppEnv>) => void;

export interface RouteGroup {
  name: string;
  /** Whether a route of this group may match the path's segments (['v1', 'units', …]); a yes too many is harmless. */
  claims: (segments: readonly string[]) => boolean;
  load: () => Promise<Register>;
}

/** A value made on first need, then kept (a failed making is kept too: the next cold start tries again). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

export const isUnitPath = (s: readonly string[]) => s[1] === 'units';
export const startsWith = (segment: string | undefined, prefix: string) => Boolean(segment?.startsWith(prefix));

/**
 * The names of the groups that serve the API path `path`, in registration order, with `always` (the group every
 * API app holds), or undefined when the whole app serves it (not an API path, or one no group claims).
 */
export function groupsClaiming(groups: readonly RouteGroup[], path: string, always: string): string[] | undefined {
  if (!path.startsWith('/v1/')) return undefined;
  const segments = path.split('/').filter(Boolean);
  const claimed = groups.filter((g) => g.claims(segments)).map((g) => g.name);
  if (claimed.length === 0) return undefined;
  return groups.map((g) => g.name).filter((name) => claimed.includes(name) || name === always);
}

export interface LazyApp {
  /** The app the Lambda handler serves: it hands each request to the app for its path. */
  app: Hono<AppEnv>;
  /** The app that serves `path` (built on first need, then kept). */
  appFor: (path: string) => Promise<Hono<AppEnv>>;
}

/**
 * Builds the app of each set of groups once, from a fresh base app (`baseApp`), and the whole app once; each
 * group's routes are registered on first need (`groups`' `load`, kept).
 */
export function lazyApp(parts: {
  groups: readonly RouteGroup[];
  /** The groups that serve a path, or undefined for the whole app. */
  groupsFor: (path: string) => string[] | undefined;
  baseApp: () => OpenAPIHono<AppEnv>;
  /** The whole app; `loadAll` gives every group's registration in order, for an app built from the groups. */
  wholeApp: (loadAll: () => Promise<Register[]>) => Promise<Hono<AppEnv>>;
}): LazyApp {
  const registers = new Map(parts.groups.map((g) => [g.name, once(g.load)]));
  const load = (names: readonly string[]) => Promise.all(names.map((name) => registers.get(name)!()));
  const wholeApp = once(() => parts.wholeApp(() => load(parts.groups.map((g) => g.name))));
  const apps = new Map<string, Promise<Hono<AppEnv>>>();

  async function groupApp(names: readonly string[]): Promise<Hono<AppEnv>> {
    const loaded = await load(names);
    const app = parts.baseApp();
    for (const register of loaded) register(app);
    return app as unknown as Hono<AppEnv>;
  }

  function appFor(path: string): Promise<Hono<AppEnv>> {
    const names = parts.groupsFor(path);
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
