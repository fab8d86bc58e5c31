/** Public full-text search over the items in force: GET /v1/search (the use case is ./query.ts). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Registry } from '../lists/index.js';
import { MOVING } from '../../platform/http/caching.js';
import { decodeCursor } from '../../platform/http/cursor.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import type { RegionService } from './service.js';
import { runSearch, SearchCursor, SearchQuerySchema, SearchResponse } from './query.js';

export function registerSearchRoutes(app: OpenAPIHono<AppEnv>, registry: Registry, regions: RegionService): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/search',
      tags: ['search'],
      summary:
        '全文检索 — items in force across units (Simplified/Traditional, no spaces needed), ranked, with highlights',
      description:
        'Searches the items of the lists in force on `at` (default today) in the region. ' +
        'Matching ignores 简/繁, full/half width, Latin case, spaces and punctuation; matches in ' +
        'the item name or violation rank above matches in notes. Answered from an in-memory ' +
        'index per region refreshed from the heads index (no table scans).',
      request: { query: SearchQuerySchema },
      responses: {
        200: { description: 'matches, best first', content: { 'application/json': { schema: SearchResponse } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { cursor, limit, ...params } = c.req.valid('query');
      const offset = cursor ? decodeCursor(cursor, SearchCursor).o : 0;
      const body = await runSearch(registry, regions, { ...params, limit, offset });
      c.header('Cache-Control', MOVING);
      return c.json(body, 200);
    },
  );
}
