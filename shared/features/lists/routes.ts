/** Public read routes: enforcement entities, their lists and versions. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { regionFullName, regionPrefix } from '../../core/region.js';
import { entityKind } from '../../core/kinds/index.js';
import type { Registry } from './registry.js';
import { conditional, IMMUTABLE, MOVING } from '../../platform/http/caching.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import {
  CursorQuery,
  DateQuery,
  errorResponses,
  InstantQuery,
  Item,
  KindParam,
  LimitQuery,
  UsccParam,
  VersionMeta,
} from '../../platform/http/schemas.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { ExportFormatQuery, fileContent, sendListFile } from '../exports/index.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const RegionQuery = z
  .string()
  .regex(/^\d{2}(\d{2}){0,2}$/, '行政区划代码应为2、4或6位数字')
  .optional()
  .openapi({ example: '210900', description: 'GB/T 2260 code or prefix: 210000 (province) covers 2109xx and 210902' });

const UnitSummary = z
  .object({
    uscc: z.string(),
    name: z.string(),
    regionCode: z.string(),
    regionName: z.string().optional(),
    nature: z.string().optional(),
    domain: z.string().optional(),
    status: z.string(),
    version: z.number(),
    effectiveFrom: z.string(),
  })
  .openapi('UnitSummary');

const UnitsCursor = z.object({
  k: z.object({ pk: z.string(), sk: z.string(), gsi1pk: z.string(), gsi1sk: z.string() }),
});
const UnitsAtCursor = z.object({ a: z.object({ regionCode: z.string().max(12), uscc: z.string().max(18) }) });

function unitSummary(uscc: string, e: Record<string, unknown>, version: number, effectiveFrom: string) {
  return {
    uscc,
    name: String(e.name ?? ''),
    regionCode: String(e.regionCode ?? ''),
    regionName: regionFullName(String(e.regionCode ?? '')),
    ...(e.nature ? { nature: String(e.nature) } : {}),
    ...(e.domain ? { domain: String(e.domain) } : {}),
    status: String(e.status ?? 'active'),
    version,
    effectiveFrom,
  };
}
const ItemsCursor = z.object({ v: z.number().int().positive(), o: z.number().int().nonnegative() });

const ListPage = z
  .object({
    unit: z.string(),
    kind: z.string(),
    label: z.string(),
    version: VersionMeta,
    items: z.array(Item),
    offset: z.number(),
    nextCursor: z.string().optional(),
  })
  .openapi('ListPage');

const listRange = { limit: LimitQuery(10_000, 1_000), cursor: CursorQuery };

export function registerUnitRoutes(app: OpenAPIHono<AppEnv>, registry: Registry): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units',
      tags: ['units'],
      summary:
        '执法主体列表 — enforcement entities in force, by region prefix (as on `at`, as known at `asOf`, when given)',
      request: {
        query: z.object({
          region: RegionQuery,
          at: DateQuery.optional(),
          asOf: InstantQuery.optional(),
          status: z.enum(['active', 'all'], { error: 'status 应为 active 或 all' }).default('active').openapi({
            example: 'all',
            description: '`all` includes revoked entities (their published history stays public), e.g. for verifiers',
          }),
          limit: LimitQuery(500, 100),
          cursor: CursorQuery,
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(UnitSummary), nextCursor: z.string().optional() }), 'entities'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { region, at, asOf, status, limit, cursor } = c.req.valid('query');
      const includeRevoked = status === 'all';
      const prefix = region ? regionPrefix(region.padEnd(6, '0')) : undefined;
      if (at !== undefined || asOf !== undefined) {
        // A past date or knowledge: resolve each entity's timeline (the cheap path below shows the latest records).
        const startAfter = cursor ? decodeCursor(cursor, UnitsAtCursor).a : undefined;
        const page = await registry.unitsInForce({ regionPrefix: prefix, at, asOf, limit, startAfter, includeRevoked });
        const items = page.units.map(({ head, entry, entity }) =>
          unitSummary(head.uscc, entity, entry.version, entry.effectiveFrom),
        );
        c.header('Cache-Control', MOVING);
        return c.json({ items, ...(page.next ? { nextCursor: encodeCursor({ a: page.next }) } : {}) }, 200);
      }
      const startKey = cursor ? decodeCursor(cursor, UnitsCursor).k : undefined;
      const page = await registry.store.listUnitHeads({ regionPrefix: prefix, limit, startKey, includeRevoked });
      const items = page.heads.map((h) => {
        const e = h.entity ?? {};
        const latest = h.timeline.at(-1)!;
        return {
          uscc: h.uscc,
          name: String(e.name ?? ''),
          regionCode: String(e.regionCode ?? ''),
          regionName: regionFullName(String(e.regionCode ?? '')),
          ...(e.nature ? { nature: String(e.nature) } : {}),
          ...(e.domain ? { domain: String(e.domain) } : {}),
          status: String(e.status ?? 'active'),
          version: h.version,
          effectiveFrom: latest.effectiveFrom,
        };
      });
      c.header('Cache-Control', MOVING);
      return c.json({ items, ...(page.lastKey ? { nextCursor: encodeCursor({ k: page.lastKey }) } : {}) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}',
      tags: ['units'],
      summary: '执法主体 — one entity as in force on `at`, as known at `asOf`',
      request: {
        params: z.object({ uscc: UsccParam }),
        query: z.object({ at: DateQuery.optional(), asOf: InstantQuery.optional() }),
      },
      responses: {
        200: json(z.object({ entity: Item, version: VersionMeta, regionName: z.string().optional() }), 'the entity'),
        304: { description: 'not modified' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const { at, asOf } = c.req.valid('query');
      const { entity, meta } = await registry.getEntity(uscc, { at, asOf });
      const notModified = conditional(c, movingEtag(meta), MOVING);
      if (notModified) return notModified as never;
      return c.json({ entity, version: meta, regionName: regionFullName(String(entity.regionCode)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/regions/{region}/former-units',
      tags: ['units'],
      summary:
        '曾属本地区的执法主体 — units that have moved out of a region under the prefix, with the region each left ' +
        '(their entity versions say the dates), e.g. for verifiers',
      request: {
        params: z.object({
          region: z
            .string()
            .regex(/^\d{2}(\d{2}){0,2}$/, '行政区划代码应为2、4或6位数字')
            .openapi({ example: '210900', description: 'GB/T 2260 code or prefix, as `region` on /v1/units' }),
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(z.object({ uscc: z.string(), regionCode: z.string() })) }),
          'former members, in region and unit order',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { region } = c.req.valid('param');
      const items = await registry.formerMembers(regionPrefix(region.padEnd(6, '0')));
      c.header('Cache-Control', MOVING);
      return c.json({ items: items.map(({ uscc, regionCode }) => ({ uscc, regionCode })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/versions',
      tags: ['units'],
      summary: '执法主体历史版本 — the entity record history',
      request: { params: z.object({ uscc: UsccParam }), query: z.object({ asOf: InstantQuery.optional() }) },
      responses: {
        200: json(
          z.object({ unit: z.string(), kind: z.string(), versions: z.array(VersionMeta) }),
          'versions, oldest first',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const versions = await registry.entityVersions(uscc, c.req.valid('query').asOf);
      c.header('Cache-Control', MOVING);
      return c.json({ unit: uscc, kind: entityKind.id, versions }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/lists',
      tags: ['lists'],
      summary: '执法主体的清单概览 — each list kind with its version in force',
      request: {
        params: z.object({ uscc: UsccParam }),
        query: z.object({ at: DateQuery.optional(), asOf: InstantQuery.optional() }),
      },
      responses: {
        200: json(
          z.object({
            unit: z.string(),
            at: z.string(),
            lists: z.array(
              z.object({
                kind: z.string(),
                label: z.string(),
                version: z.number(),
                latestVersion: z.number(),
                effectiveFrom: z.string(),
                publishedAt: z.string(),
                status: z.string(),
                inForce: z.boolean(),
              }),
            ),
          }),
          'lists',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const { at, asOf } = c.req.valid('query');
      const lists = await registry.unitLists(uscc, { at, asOf });
      c.header('Cache-Control', MOVING);
      return c.json({ unit: uscc, at: registry.atFor({ at, asOf }), lists }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/lists/{kind}',
      tags: ['lists'],
      summary: '清单 — the list in force on `at` (default today, China time), as known at `asOf`',
      request: {
        params: z.object({ uscc: UsccParam, kind: KindParam }),
        query: z.object({
          at: DateQuery.optional(),
          asOf: InstantQuery.optional(),
          ...listRange,
          format: ExportFormatQuery,
        }),
      },
      responses: {
        200: {
          description: 'the version in force and its items (JSON), or the whole version as a file (`format`)',
          content: { 'application/json': { schema: ListPage }, ...fileContent },
        },
        304: { description: 'not modified' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc, kind } = c.req.valid('param');
      const { at, asOf, limit, cursor, format } = c.req.valid('query');
      const def = registry.requireListKind(kind);
      if (format !== 'json') {
        const { meta, items } = await registry.getListInForce(uscc, kind, { at, asOf });
        return sendListFile(c, {
          uscc,
          kind: def,
          version: meta.version,
          contentHash: meta.contentHash,
          ...(meta.listNotes ? { listNotes: meta.listNotes } : {}),
          items,
          format,
          cacheControl: MOVING,
        }) as never;
      }
      // A cursor pins the version, so paging never mixes two versions.
      const page = cursor
        ? await (async () => {
            const { v, o } = decodeCursor(cursor, ItemsCursor);
            return { offset: o, ...(await registry.getVersion(uscc, kind, v, { offset: o, limit })) };
          })()
        : { offset: 0, ...(await registry.getListInForce(uscc, kind, { at, asOf, limit })) };
      const whole = page.offset === 0 && page.nextOffset === undefined;
      const notModified = conditional(
        c,
        whole ? movingEtag(page.meta) : `${movingEtag(page.meta)}:${page.offset}:${limit}`,
        MOVING,
      );
      if (notModified) return notModified as never;
      return c.json(listBody(uscc, def.id, def.label, page), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/lists/{kind}/versions',
      tags: ['lists'],
      summary: '清单历史版本 — every published version, oldest first',
      request: {
        params: z.object({ uscc: UsccParam, kind: KindParam }),
        query: z.object({ asOf: InstantQuery.optional() }),
      },
      responses: {
        200: json(z.object({ unit: z.string(), kind: z.string(), versions: z.array(VersionMeta) }), 'versions'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc, kind } = c.req.valid('param');
      const versions = await registry.listVersions(uscc, kind, c.req.valid('query').asOf);
      c.header('Cache-Control', MOVING);
      return c.json({ unit: uscc, kind, versions }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/lists/{kind}/versions/{n}',
      tags: ['lists'],
      summary: '清单的某一版本 — one immutable version',
      request: {
        params: z.object({
          uscc: UsccParam,
          kind: KindParam,
          n: z.coerce
            .number({ error: '版本号应为正整数' })
            .int('版本号应为正整数')
            .positive('版本号应为正整数')
            .openapi({ param: { name: 'n', in: 'path' }, example: 1 }),
        }),
        query: z.object({ ...listRange, asOf: InstantQuery.optional(), format: ExportFormatQuery }),
      },
      responses: {
        200: {
          description: 'the version and its items (JSON), or the whole version as a file (`format`)',
          content: { 'application/json': { schema: ListPage }, ...fileContent },
        },
        304: { description: 'not modified' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc, kind, n } = c.req.valid('param');
      const { limit, cursor, asOf, format } = c.req.valid('query');
      const def = kind === entityKind.id ? entityKind : registry.requireListKind(kind);
      if (format !== 'json') {
        const { meta, items } = await registry.getVersion(uscc, kind, n, { asOf });
        return sendListFile(c, {
          uscc,
          kind: def,
          version: meta.version,
          contentHash: meta.contentHash,
          ...(meta.listNotes ? { listNotes: meta.listNotes } : {}),
          items,
          format,
          cacheControl: IMMUTABLE,
        }) as never;
      }
      const offset = cursor ? decodeCursor(cursor, ItemsCursor).o : 0;
      // asOf only hides versions recorded later (404); a version, once recorded, never changes.
      const page = { offset, ...(await registry.getVersion(uscc, kind, n, { offset, limit, asOf })) };
      // Immutable once the version is in the transparency log; until then its body gains a leafIndex soon, so it moves.
      const logged = page.meta.leafIndex !== undefined;
      const base = logged ? page.meta.contentHash : `${page.meta.contentHash}-unlogged`;
      const etag = offset === 0 && page.nextOffset === undefined ? base : `${base}:${offset}:${limit}`;
      const notModified = conditional(c, etag, logged ? IMMUTABLE : MOVING);
      if (notModified) return notModified as never;
      return c.json(listBody(uscc, def.id, def.label, page), 200);
    },
  );
}

/**
 * A moving view's body names its version, and a list republished after a repeal can
 * repeat an earlier version's content: the ETag carries both so a 304 never hides a new version.
 */
function movingEtag(meta: { version: number; contentHash: string }): string {
  return `v${meta.version}-${meta.contentHash}`;
}

function listBody(
  uscc: string,
  kind: string,
  label: string,
  page: {
    offset: number;
    meta: z.infer<typeof VersionMeta>;
    items: Array<Record<string, unknown>>;
    nextOffset?: number;
  },
) {
  return {
    unit: uscc,
    kind,
    label,
    version: page.meta,
    items: page.items,
    offset: page.offset,
    ...(page.nextOffset !== undefined
      ? { nextCursor: encodeCursor({ v: page.meta.version, o: page.nextOffset }) }
      : {}),
  };
}
