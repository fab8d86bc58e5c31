/**
 * The public portal: server-rendered Chinese pages (hono/jsx; no client script),
 * built on the same registry operations as the API. Pages send a strict CSP (no
 * scripts, styles from the served stylesheet only); client mistakes get a
 * friendly HTML error page, never JSON and never a 500.
 */
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { chinaDate, chinaDateTime, isValidIsoDate } from '../../core/dates.js';
import { diffVersions } from '../../core/diff.js';
import { AppError, badRequest, reasonOf } from '../../core/errors.js';
import { findKind } from '../../core/kinds/index.js';
import { ByteLru } from '../../core/lru.js';
import { regionFullName } from '../../core/region.js';
import { USCC_PATTERN } from '../../core/uscc.js';
import type { VersionMeta } from '../../core/versions.js';
import type { Registry } from '../lists/index.js';
import { PORTAL_CSS, PORTAL_CSS_PATH } from './assets.js';
import { DiffPage } from './pages/diff.js';
import { HomePage, UnitsPage } from './pages/home.js';
import { ListPage } from './pages/list.js';
import { SEARCH_PAGE_SIZE, SearchPage, type SearchForm } from './pages/search.js';
import { StatsPage } from './pages/stats.js';
import { UnitPage } from './pages/unit.js';
import { qrSvg } from './qr.js';
import { registerSiteRoutes, SITE_PATHS } from './site-routes.js';
import { html, page, pageHeaders } from './page-response.js';

export { html, page, pageHeaders } from './page-response.js';
import { UNIT_STATUSES, unitDirectory, type UnitFilter, type UnitStatusFilter } from './units-directory.js';
import { MOVING } from '../../platform/http/caching.js';
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
  ...SITE_PATHS,
] as const;

const LIST_PAGE_SIZE = 500;
const LEDGER_PROOF_PATH = '/v1/ledger/proof/inclusion';

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

/**
 * ?asOf=: an instant, either ISO with a zone or a datetime-local value (YYYY-MM-DDTHH:mm[:ss]) read as
 * Beijing time. Returns the ISO instant and its Beijing-time label.
 */
export function asOfParam(c: Context): { iso: string; label: string } | undefined {
  const v = c.req.query('asOf') || undefined;
  if (v === undefined) return undefined;
  const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v);
  const ms = Date.parse(local ? `${v}${v.length === 16 ? ':00' : ''}+08:00` : v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(ms)) {
    throw badRequest('登记时点应为日期和时间，如 2024-03-01T09:30（北京时间）');
  }
  const iso = new Date(ms).toISOString();
  return { iso, label: chinaDateTime(iso).slice(0, 16) };
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

/** Unit pages rendered lately, by what they were rendered from (most pages are read far more often than changed). */
const UNIT_PAGES_BYTES = 8 * 1024 * 1024;

export function registerPortalRoutes(app: OpenAPIHono<AppEnv>, registry: Registry, regions: RegionService): void {
  const unitPages = new ByteLru<string>(UNIT_PAGES_BYTES);
  registerSiteRoutes(app, registry, regions);
  app.get(PORTAL_CSS_PATH, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', c.req.query('v') ? 'public, max-age=31536000, immutable' : MOVING);
    return c.body(PORTAL_CSS);
  });
  for (const path of PORTAL_PATHS)
    if (path !== PORTAL_CSS_PATH && !SITE_PATHS.includes(path)) app.use(path, pageHeaders);

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
      const q = c.req.query();
      const status = (UNIT_STATUSES as readonly string[]).includes(q.status ?? '')
        ? (q.status as UnitStatusFilter)
        : 'active';
      if (q.kind) registry.requireListKind(q.kind);
      const filter: UnitFilter = {
        name: q.name?.trim() || undefined,
        domain: q.domain || undefined,
        status,
        kind: q.kind || undefined,
        page: positiveInt(c, 'page') ?? 1,
      };
      const stats = await regionStats(registry, regions, region);
      const directory = await unitDirectory(registry, regions, region, stats, filter);
      return html(c, UnitsPage({ prefix, region, stats, filter, directory }));
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
      const asOf = asOfParam(c);
      const at = dateParam(c, 'at') ?? (asOf ? chinaDate(new Date(asOf.iso)) : today);
      // One Query of the unit's partition serves the page; an as-known-on view reads it again for today's status.
      const [{ entity, lists, history }, now] = await Promise.all([
        registry.unitRecord(uscc, { at, asOf: asOf?.iso }),
        asOf ? registry.unitRecord(uscc, {}) : undefined,
      ]);
      const labelled = history.map((h) => ({ ...h, label: findKind(h.kind)?.label ?? h.kind }));
      const url = `${new URL(c.req.url).origin}/units/${uscc}`;
      const props = {
        uscc,
        at,
        today,
        entity,
        lists,
        history: labelled,
        allHistory: now?.history,
        asOf: asOf?.iso,
        asOfLabel: asOf?.label,
        url,
      };
      // The page is a function of what was read: the same reading (same versions, same day) renders from memory.
      const key = JSON.stringify(props);
      let text = unitPages.get(key);
      if (text === undefined) {
        text = await UnitPage({
          ...props,
          regionName: regionFullName(String(entity.regionCode ?? '')),
          qrSvg: qrSvg(url, `二维码：${String(entity.name ?? uscc)}的公示页面`),
        }).toString();
        unitPages.set(key, text, (key.length + text.length) * 2);
      }
      const rendered = text;
      return html(c, { toString: () => rendered });
    }),
  );

  app.get(
    '/units/:uscc/lists/:kind',
    page(async (c) => {
      const uscc = usccParam(c);
      const kind = registry.requireListKind(c.req.param('kind') ?? '');
      const today = registry.today();
      const asOf = asOfParam(c);
      const at = dateParam(c, 'at') ?? (asOf ? chinaDate(new Date(asOf.iso)) : today);
      const chosen = positiveInt(c, 'v');
      const offset = ((positiveInt(c, 'page') ?? 1) - 1) * LIST_PAGE_SIZE;
      const [name, allVersions] = await Promise.all([unitName(registry, uscc), registry.listVersions(uscc, kind.id)]);
      const versions = asOf ? allVersions.filter((v) => v.publishedAt <= asOf.iso) : allVersions;
      let shown:
        | { meta: VersionMeta; items: Array<Record<string, unknown>>; offset: number; nextOffset?: number }
        | undefined;
      let notice: string | undefined;
      try {
        const content = chosen
          ? await registry.getVersion(uscc, kind.id, chosen, { offset, limit: LIST_PAGE_SIZE, asOf: asOf?.iso })
          : await registry.getListInForce(uscc, kind.id, { at, asOf: asOf?.iso, offset, limit: LIST_PAGE_SIZE });
        shown = { ...content, offset };
      } catch (e) {
        // The list exists but nothing is in force on that date: say so on the page, with the timeline.
        if (!(e instanceof AppError && e.code === 'NOT_FOUND') || allVersions.length === 0) throw e;
        const repealed = reasonOf(e) === 'REPEALED';
        notice = repealed ? `${at}：${e.message}` : `${at} 该清单尚未施行，没有施行中的版本。`;
      }
      // Verification status only when the transparency log's routes are served by this app.
      const ledger = app.routes.some((r) => r.path === LEDGER_PROOF_PATH);
      const leafIndex = shown?.meta.leafIndex;
      const verification =
        !ledger || !shown
          ? undefined
          : leafIndex === undefined
            ? ('pending' as const)
            : { leafIndex, proofUrl: `/units/${uscc}/lists/${kind.id}/proof?v=${shown.meta.version}` };
      const versionUrl = shown
        ? `${new URL(c.req.url).origin}/units/${uscc}/lists/${kind.id}?v=${shown.meta.version}`
        : undefined;
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
          allVersions,
          asOf: asOf?.iso,
          asOfLabel: asOf?.label,
          shown,
          notice,
          verification,
          pageSize: LIST_PAGE_SIZE,
          versionUrl,
          qrSvg:
            versionUrl && shown
              ? qrSvg(versionUrl, `二维码：第${shown.meta.version}版的网址，内容哈希 ${shown.meta.contentHash}`)
              : undefined,
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
