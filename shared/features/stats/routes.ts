/** Public statistics: counts in force on a date, and changes over a period (see shared/features/stats). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Registry } from '../lists/index.js';
import { regionChanges, regionStats } from './service.js';
import { MOVING } from '../../platform/http/caching.js';
import { DateQuery, errorResponses } from '../../platform/http/schemas.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { RegionFilter, regionPrefixOf, type RegionService } from '../search/index.js';
import { discretionKinds } from '../../core/kinds/index.js';

const Inspection = z
  .object({ total: z.number().int(), general: z.number().int(), key: z.number().int(), random: z.number().int() })
  .openapi('InspectionCounts', {
    example: { total: 1771, general: 1538, key: 233, random: 1020 },
    description: 'general = 一般, key = 重点, random = 双随机',
  });
// One count per discretion list of the kinds registry.
const Lists = z
  .object(Object.fromEntries(discretionKinds.map((k) => [k.id, z.number().int().openapi({ description: k.label })])))
  .openapi('DiscretionCounts', {
    example: { 'no-penalty': 220, 'lighter-penalty': 89, 'reduced-penalty': 96, 'no-coercive-measures': 23 },
  });

const StatsResponse = z
  .object({
    region: z.string().openapi({ example: '430981' }),
    regionName: z.string().optional().openapi({ example: '湖南省益阳市沅江市' }),
    at: z.string().openapi({ example: '2023-12-31' }),
    units: z.number().int().openapi({ example: 23 }),
    inspection: Inspection,
    lists: Lists,
    perUnit: z.array(
      z.object({
        uscc: z.string(),
        name: z.string(),
        regionCode: z.string(),
        domain: z.string().optional(),
        inspection: Inspection,
        lists: Lists,
        versions: z.record(z.string(), z.number().int()).openapi({ description: 'version in force per kind' }),
      }),
    ),
    summary: z.string().openapi({
      example:
        '23 units; 1,771 inspection items, of which 1,538 一般 and 233 重点; 220 不予处罚, 89 从轻, 96 减轻, 23 不予强制',
    }),
    summaryZh: z.string(),
  })
  .openapi('RegionStats');

const Change = z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() });
const ChangesResponse = z
  .object({
    region: z.string().openapi({ example: '430981' }),
    from: z.string().openapi({ example: '2024-01-01' }),
    to: z.string().openapi({ example: '2024-12-31' }),
    versions: z.number().int().openapi({ example: 7 }),
    ...Change.shape,
    perUnit: z.array(
      z.object({
        uscc: z.string(),
        name: z.string().optional(),
        versions: z.number().int(),
        ...Change.shape,
        details: z.array(
          z.object({
            kind: z.string(),
            version: z.number().int(),
            status: z.string(),
            effectiveFrom: z.string(),
            publishedAt: z.string(),
            ...Change.shape,
          }),
        ),
      }),
    ),
  })
  .openapi('RegionChanges', {
    example: {
      region: '430981',
      from: '2024-01-01',
      to: '2024-12-31',
      versions: 1,
      added: 2,
      removed: 1,
      changed: 3,
      perUnit: [],
    },
  });

export function registerStatsRoutes(app: OpenAPIHono<AppEnv>, registry: Registry, regions: RegionService): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/stats',
      tags: ['statistics'],
      summary:
        '统计 — units, inspection items (一般/重点, 双随机) and discretion items in force on `at`, for the region and each unit',
      request: { query: z.object({ region: RegionFilter, at: DateQuery.optional() }) },
      responses: {
        200: { description: 'statistics', content: { 'application/json': { schema: StatsResponse } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { region, at } = c.req.valid('query');
      const stats = await regionStats(registry, regions, region, at);
      c.header('Cache-Control', MOVING);
      return c.json(stats, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/stats/changes',
      tags: ['statistics'],
      summary:
        '变更统计 — versions published and items added/removed/changed per unit in a period (China dates, inclusive)',
      request: {
        query: z.object({
          region: RegionFilter,
          from: DateQuery.openapi({
            example: '2024-01-01',
            description: 'first China date of the period (publication date)',
          }),
          to: DateQuery.openapi({ example: '2024-12-31', description: 'last China date of the period' }),
        }),
      },
      responses: {
        200: { description: 'changes', content: { 'application/json': { schema: ChangesResponse } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { region, from, to } = c.req.valid('query');
      const report = await regionChanges(registry, regions, region, from, to);
      c.header('Cache-Control', MOVING);
      return c.json({ region: regionPrefixOf(region), from, to, ...report }, 200);
    },
  );
}
