/**
 * /docs: the API reference, rendered on the server from the app's own OpenAPI
 * document (so it is always complete and needs no CDN or script). Also documents
 * /healthz, which is registered outside the OpenAPI router.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { DocsPage, type DocsSample } from './pages/docs.js';
import type { Registry } from '../lists/index.js';
import { regionStats } from '../stats/index.js';
import type { RegionService } from '../search/index.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { html, pageHeaders } from './page-response.js';

export const DOCS_PATH = '/docs';

/** Example values from the data loaded: the first unit with a list in force today (region-wide Query, cached). */
async function docsSample(
  app: OpenAPIHono<AppEnv>,
  registry: Registry | undefined,
  regions: RegionService | undefined,
): Promise<DocsSample | undefined> {
  if (!registry || !regions) return undefined;
  const stats = await regionStats(registry, regions, undefined);
  for (const unit of stats.perUnit) {
    const [kind, version] = Object.entries(unit.versions)[0] ?? [];
    if (!kind || !version) continue;
    return { uscc: unit.uscc, kind, version, region: unit.regionCode, ...(await logSize(app)) };
  }
  return undefined;
}

/** The latest checkpoint's size (its second line), when the log is served and holds one. */
async function logSize(app: OpenAPIHono<AppEnv>): Promise<{ logSize?: number }> {
  if (!app.routes.some((r) => r.path === '/v1/ledger/checkpoint')) return {};
  const res = await app.request('/v1/ledger/checkpoint');
  if (!res.ok) return {};
  const size = Number((await res.text()).split('\n')[1]);
  return Number.isInteger(size) && size > 0 ? { logSize: size } : {};
}

export function registerDocsRoutes(app: OpenAPIHono<AppEnv>, registry?: Registry, regions?: RegionService): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/healthz',
    tags: ['operations'],
    summary: '健康检查 — liveness of the API process',
    responses: {
      200: {
        description: 'alive',
        content: { 'application/json': { schema: z.object({ ok: z.boolean().openapi({ example: true }) }) } },
      },
    },
  });
  let rendered: { key: string; html: string } | undefined;
  app.use(DOCS_PATH, pageHeaders);
  app.get(DOCS_PATH, async (c) => {
    // Routes are all registered before the first request, so render once per process and sample, from
    // the document exactly as /openapi.json serves it; the examples follow the data loaded.
    const sample = await docsSample(app, registry, regions);
    const key = JSON.stringify(sample ?? null);
    if (rendered?.key !== key) {
      const doc = (await (await app.request('/openapi.json')).json()) as Record<string, unknown>;
      rendered = { key, html: await DocsPage({ doc, sample }).toString() };
    }
    const page = rendered.html;
    return html(c, { toString: () => page });
  });
}
