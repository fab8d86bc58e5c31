/**
 * /docs: the API reference, rendered on the server from the app's own OpenAPI
 * document (so it is always complete and needs no CDN or script). Also documents
 * /healthz, which is registered outside the OpenAPI router.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { DocsPage } from './pages/docs.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { html, pageHeaders } from './routes.js';

export const DOCS_PATH = '/docs';

export function registerDocsRoutes(app: OpenAPIHono<AppEnv>): void {
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
  let rendered: string | undefined;
  app.use(DOCS_PATH, pageHeaders);
  app.get(DOCS_PATH, async (c) => {
    // Routes are all registered before the first request, so render once per process, from the
    // document exactly as /openapi.json serves it.
    if (rendered === undefined) {
      const doc = (await (await app.request('/openapi.json')).json()) as Record<string, unknown>;
      rendered = await DocsPage({ doc }).toString();
    }
    return html(c, { toString: () => rendered! });
  });
}
