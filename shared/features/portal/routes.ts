/**
 * The public portal: server-rendered Chinese pages (hono/jsx; no client script),
 * built on the same registry operations as the API. Pages send a strict CSP (no
 * scripts, styles from the served stylesheet only); client mistakes get a
 * friendly HTML error page, never JSON and never a 500.
 */
import type { Context, Next } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { chinaDate, isValidIsoDate } from '../../core/dates.js';
import { diffVersions } from '../../core/diff.js';
import { AppError, badRequest } from '../../core/errors.js';
import { findKind } from '../../core/kinds/index.js';
import { regionFullName } from '../../core/region.js';
import { USCC_PATTERN } from '../../core/uscc.js';
import type { VersionMeta } from '../../core/versions.js';
import type { Registry } from '../lists/index.js';
import { PORTAL_CSP, PORTAL_CSS, PORTAL_CSS_PATH } from './assets.js';
import { DiffPage } from './pages/diff.js';
import { ErrorPage } from './pages/error.js';
import { HomePage, UnitsPage } from './pages/home.js';
import { ListPage } from './pages/list.js';
import { SEARCH_PAGE_SIZE, SearchPage, type SearchForm } from './pages/search.js';
import { StatsPage } from './pages/stats.js';
import { UnitPage } from './pages/unit.js';
import { MOVING } from '../../platform/http/caching.js';
import { statusOf } from '../../platform/http/errors.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { regionPrefixOf, runSearch, SearchQuerySchema, type RegionService } from '../search/index.js';
import { regionChanges, regionStats } from '../stats/index.js';

/** Paths the portal serves (not API operations, so not in the OpenAPI document). */
export const PORTAL_PATHS = [
  '/',
  '/search',
  '/units',
  '/units/:uscc',
  '/units/:uscc/lists/:kind',
  '/units/:uscc/lists/:kind/diff',
  '/stats',
  PORTAL_CSS_PATH,
] as const;

const LIST_PAGE_SIZE = 500;
const LEDGER_PROOF_PATH = '/v1/ledger/proof/inclusion';

type Page = { toString(): string | Promise<string> };

/** Security headers for HTML pages; the app-wide secureHeaders adds the rest. */
export async function pageHeaders(c: Context, next: Next): Promise<void> {
  await next();
  c.header('Content-Security-Policy', PORTAL_CSP);
  c.header('Referrer-Policy', 'same-origin');
  c.header('X-Frame-Options', 'DENY');
  c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
}

export async function html(c: Context, page: Page, status: 200 | 400 | 404 | 500 = 200): Promise<Response> {
  c.header('Cache-Control', status === 200 ? MOVING : 'no-store');
  return c.html(`<!DOCTYPE html>${await page.toString()}`, status);
}

/** Runs a page handler; AppErrors become a Chinese error page with their status. */
function page(handler: (c: Context) => Promise<Response>) {
  return async (c: Context) => {
    try {
      return await handler(c);
    } catch (e) {
      const requestId = c.get('requestId') as string | undefined;
      const status = e instanceof AppError ? statusOf(e) : 500;
      if (e instanceof AppError && status < 500) {
        return html(c, ErrorPage({ status, message: e.message, requestId }), status === 404 ? 404 : 400);
      }
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'portal page failed',
          requestId,
          error: String(e),
          stack: (e as Error).stack,
        }),
      );
      return html(c, ErrorPage({ status: 500, message: '页面暂时无法显示，请稍后重试', requestId }), 500);
    }
  };
}

function regionParam(c: Context): { region?: string; prefix: string } {
  const region = c.req.query('region') || undefined;
  if (region !== undefined && !/^\d{2}(\d{2}){0,2}$/.test(region)) throw badRequest('行政区划代码应为2、4或6位数字');
  return { region, prefix: regionPrefixOf(region) };
}

function dateParam(c: Context, name: string): string | undefined {
  const v = c.req.query(name) || undefined;
  if (v !== undefined && !isValidIsoDate(v)) throw badRequest('日期应为 YYYY-MM-DD 格式的有效日期');
  return v;
}

function usccParam(c: Context): string {
  const uscc = (c.req.param('uscc') ?? '').toUpperCase();
  if (!USCC_PATTERN.test(uscc)) throw badRequest('统一社会信用代码格式不正确');
  return uscc;
}

function positiveInt(c: Context, name: string): number | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') return undefined;
  if (!/^[1-9]\d{0,8}$/.test(v)) throw badRequest(`${name} 应为正整数`);
  return Number(v);
}

async function unitName(registry: Registry, uscc: string): Promise<string> {
  return String((await registry.getEntity(uscc)).entity.name ?? uscc);
}

export function registerPortalRoutes(app: OpenAPIHono<AppEnv>, registry: Registry, regions: RegionService): void {
  app.get(PORTAL_CSS_PATH, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', c.req.query('v') ? 'public, max-age=31536000, immutable' : MOVING);
    return c.body(PORTAL_CSS);
  });
  for (const path of PORTAL_PATHS) if (path !== PORTAL_CSS_PATH) app.use(path, pageHeaders);

  app.get(
    '/',
    page(async (c) => {
      const { region, prefix } = regionParam(c);
      const stats = await regionStats(registry, regions, region);
      return html(c, HomePage({ prefix, region, stats, today: registry.today() }));
    }),
  );

  app.get(
    '/units',
    page(async (c) => {
      const { region, prefix } = regionParam(c);
      return html(c, UnitsPage({ prefix, region, stats: await regionStats(registry, regions, region) }));
    }),
  );

  app.get(
    '/search',
    page(async (c) => {
      const { region, prefix } = regionParam(c);
      const q = c.req.query();
      const form: SearchForm = {
        q: q.q || undefined,
        region,
        kind: q.kind || undefined,
        category: q.category || undefined,
        random: q.random || undefined,
        domain: q.domain || undefined,
        at: q.at || undefined,
        page: positiveInt(c, 'page') ?? 1,
      };
      const searching = Boolean(form.q || form.kind || form.category || form.random || form.domain);
      if (!searching) return html(c, SearchPage({ form, prefix }));
      const parsed = SearchQuerySchema.safeParse({ ...form, page: undefined, limit: String(SEARCH_PAGE_SIZE) });
      if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => i.message).join('；'));
      const { cursor: _c, limit, ...params } = parsed.data;
      const result = await runSearch(registry, regions, {
        ...params,
        limit,
        offset: (form.page - 1) * SEARCH_PAGE_SIZE,
      });
      return html(c, SearchPage({ form, prefix, result }));
    }),
  );

  app.get(
    '/stats',
    page(async (c) => {
      const { region, prefix } = regionParam(c);
      const at = dateParam(c, 'at') ?? registry.today();
      const to = dateParam(c, 'to') ?? registry.today();
      const from = dateParam(c, 'from') ?? chinaDate(new Date(Date.parse(`${to}T00:00:00+08:00`) - 365 * 86_400_000));
      const [stats, changes] = await Promise.all([
        regionStats(registry, regions, region, at),
        regionChanges(registry, regions, region, from, to),
      ]);
      return html(c, StatsPage({ prefix, region, at, stats, changes, from, to }));
    }),
  );

  app.get(
    '/units/:uscc',
    page(async (c) => {
      const uscc = usccParam(c);
      const today = registry.today();
      const at = dateParam(c, 'at') ?? today;
      // One Query of the unit's partition serves the whole page.
      const { entity, lists, history } = await registry.unitRecord(uscc, { at });
      const labelled = history.map((h) => ({ ...h, label: findKind(h.kind)?.label ?? h.kind }));
      return html(
        c,
        UnitPage({
          uscc,
          at,
          today,
          entity,
          regionName: regionFullName(String(entity.regionCode ?? '')),
          lists,
          history: labelled,
        }),
      );
    }),
  );

  app.get(
    '/units/:uscc/lists/:kind',
    page(async (c) => {
      const uscc = usccParam(c);
      const kind = registry.requireListKind(c.req.param('kind') ?? '');
      const today = registry.today();
      const at = dateParam(c, 'at') ?? today;
      const chosen = positiveInt(c, 'v');
      const offset = ((positiveInt(c, 'page') ?? 1) - 1) * LIST_PAGE_SIZE;
      const [name, versions] = await Promise.all([unitName(registry, uscc), registry.listVersions(uscc, kind.id)]);
      let shown:
        | { meta: VersionMeta; items: Array<Record<string, unknown>>; offset: number; nextOffset?: number }
        | undefined;
      let notice: string | undefined;
      try {
        const content = chosen
          ? await registry.getVersion(uscc, kind.id, chosen, { offset, limit: LIST_PAGE_SIZE })
          : await registry.getListInForce(uscc, kind.id, { at, offset, limit: LIST_PAGE_SIZE });
        shown = { ...content, offset };
      } catch (e) {
        // The list exists but nothing is in force on that date: say so on the page, with the timeline.
        if (!(e instanceof AppError && e.code === 'NOT_FOUND') || versions.length === 0) throw e;
        notice = `${at} 无生效版本：${e.message}`;
      }
      // Verification status only when the transparency log's routes are served by this app.
      const ledger = app.routes.some((r) => r.path === LEDGER_PROOF_PATH);
      const leafIndex = shown?.meta.leafIndex;
      const verification =
        !ledger || !shown
          ? undefined
          : leafIndex === undefined
            ? ('pending' as const)
            : {
                leafIndex,
                proofUrl: `${LEDGER_PROOF_PATH}?unit=${uscc}&kind=${kind.id}&version=${shown.meta.version}`,
              };
      return html(
        c,
        ListPage({
          uscc,
          unitName: name,
          kind,
          at,
          today,
          chosen,
          versions,
          shown,
          notice,
          verification,
          pageSize: LIST_PAGE_SIZE,
        }),
      );
    }),
  );

  app.get(
    '/units/:uscc/lists/:kind/diff',
    page(async (c) => {
      const uscc = usccParam(c);
      const kind = registry.requireListKind(c.req.param('kind') ?? '');
      const from = positiveInt(c, 'from');
      const to = positiveInt(c, 'to');
      if (!from || !to) throw badRequest('请选择要比对的两个版本');
      const [name, pair] = await Promise.all([
        unitName(registry, uscc),
        registry.readPair(uscc, kind.id, [{ version: from }, { version: to }]),
      ]);
      const diff = diffVersions(kind, pair.from.items, pair.to.items);
      return html(c, DiffPage({ uscc, unitName: name, kind, from: pair.from.meta, to: pair.to.meta, diff }));
    }),
  );
}
