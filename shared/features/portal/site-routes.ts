/**
 * The portal's site-level routes: the language middleware for every HTML page, the favicon,
 * robots.txt, sitemap.xml of units and lists, the readable proof page, and the Chinese error page
 * for unknown paths (API paths keep their JSON 404).
 */
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../core/errors.js';
import { USCC_PATTERN } from '../../core/uscc.js';
import type { Registry } from '../lists/index.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { MOVING } from '../../platform/http/caching.js';
import { regionStats } from '../stats/index.js';
import type { RegionService } from '../search/index.js';
import { FAVICON_PATH, FAVICON_SVG } from './assets.js';
import { portalLanguage } from './language.js';
import { ErrorPage } from './pages/error.js';
import { ProofPage, type InclusionProofView } from './pages/proof.js';
import { html, page, pageHeaders } from './page-response.js';

const LEDGER_PROOF_PATH = '/v1/ledger/proof/inclusion';

/** Paths this module serves (not API operations, so not in the OpenAPI document). */
export const SITE_PATHS: readonly string[] = [
  FAVICON_PATH,
  '/favicon.ico',
  '/robots.txt',
  '/sitemap.xml',
  '/units/:uscc/lists/:kind/proof',
];

/** Paths answered in JSON when unknown: the API. Everything else gets the Chinese error page. */
export function isApiPath(path: string): boolean {
  return path.startsWith('/v1/') || path === '/v1' || path.endsWith('.json');
}

/** The Chinese 404 page for an unknown portal path. */
export async function portalNotFound(c: Context): Promise<Response> {
  const requestId = c.get('requestId' as never) as string | undefined;
  const page = await ErrorPage({ status: 404, message: `没有找到这个页面（${c.req.path}）。`, requestId }).toString();
  c.header('Cache-Control', 'no-store');
  return c.html(`<!DOCTYPE html>${page}`, 404);
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function registerSiteRoutes(app: OpenAPIHono<AppEnv>, registry: Registry, regions: RegionService): void {
  app.use('*', portalLanguage);

  const favicon = (c: Context) => {
    c.header('Content-Type', 'image/svg+xml');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(FAVICON_SVG);
  };
  app.get(FAVICON_PATH, favicon);
  app.get('/favicon.ico', favicon);

  app.get('/robots.txt', (c) => {
    const origin = new URL(c.req.url).origin;
    c.header('Cache-Control', MOVING);
    return c.text(`User-agent: *\nAllow: /\nDisallow: /search\nDisallow: /v1/\n\nSitemap: ${origin}/sitemap.xml\n`);
  });

  app.get('/sitemap.xml', async (c) => {
    const origin = new URL(c.req.url).origin;
    const stats = await regionStats(registry, regions, undefined);
    const urls = [`${origin}/`, `${origin}/units`, `${origin}/stats`, `${origin}/docs`];
    for (const unit of stats.perUnit) {
      urls.push(`${origin}/units/${unit.uscc}`);
      for (const kind of Object.keys(unit.versions)) urls.push(`${origin}/units/${unit.uscc}/lists/${kind}`);
    }
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
      urls.map((u) => `<url><loc>${xmlEscape(u)}</loc></url>`).join('\n') +
      '\n</urlset>\n';
    c.header('Content-Type', 'application/xml; charset=utf-8');
    c.header('Cache-Control', MOVING);
    return c.body(body);
  });

  app.use('/units/:uscc/lists/:kind/proof', pageHeaders);
  app.get(
    '/units/:uscc/lists/:kind/proof',
    page(async (c) => {
      const uscc = (c.req.param('uscc') ?? '').toUpperCase();
      const kind = registry.requireListKind(c.req.param('kind') ?? '');
      const version = Number(c.req.query('v'));
      if (!USCC_PATTERN.test(uscc) || !Number.isInteger(version) || version < 1) {
        throw new AppError('VALIDATION_FAILED', '请给出统一社会信用代码和版本号（?v=）');
      }
      const unitName = String((await registry.getEntity(uscc)).entity.name ?? uscc);
      const jsonUrl = `${LEDGER_PROOF_PATH}?unit=${uscc}&kind=${kind.id}&version=${version}`;
      const served = app.routes.some((r) => r.path === LEDGER_PROOF_PATH);
      const res = served ? await app.request(jsonUrl) : undefined;
      const body = res ? ((await res.json()) as InclusionProofView & { error?: { message?: string } }) : undefined;
      const common = { uscc, unitName, kindLabel: kind.label, kindId: kind.id, version, jsonUrl };
      if (!res?.ok) {
        const message = served
          ? (body?.error?.message ?? '该版本尚未记入透明日志，请稍后再查看。')
          : '本站未启用透明日志。';
        return html(c, ProofPage({ ...common, message }));
      }
      return html(c, ProofPage({ ...common, proof: body }));
    }),
  );
}
