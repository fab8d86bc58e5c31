/**
 * Routes for auditors: what changed between two versions of a list, and whole
 * regions as files (in force on a date, or every version ever published).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createHash } from 'node:crypto';
import { isValidIsoDate } from '../../core/dates.js';
import { diffVersions } from '../../core/diff.js';
import { regionPrefix } from '../../core/region.js';
import { historyFileName, regionHistory } from '../exports/index.js';
import { regionFileName, regionJsonLines, regionWorkbook, type RegionQuery } from '../exports/index.js';
import type { Registry, VersionRef } from '../lists/index.js';
import { RegionReader } from '../lists/index.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { conditional, IMMUTABLE, MOVING } from '../../platform/http/caching.js';
import { fileContent, formatEtag, sendFile } from '../exports/index.js';
import {
  DateQuery,
  errorResponses,
  InstantQuery,
  Item,
  KindParam,
  UsccParam,
  VersionMeta,
} from '../../platform/http/schemas.js';

const REF_MESSAGE = '应为版本号（如 3）或 at:YYYY-MM-DD（该日生效的版本）';

/** `3` (version 3) or `at:2023-06-01` (the version in force on that China date). */
const VersionRefQuery = z
  .string({ error: REF_MESSAGE })
  .transform((value, ctx): VersionRef => {
    if (/^[1-9]\d{0,9}$/.test(value)) return { version: Number(value) };
    const at = /^at:(.*)$/.exec(value)?.[1];
    if (at !== undefined && isValidIsoDate(at)) return { at };
    ctx.addIssue({ code: 'custom', message: REF_MESSAGE, input: value });
    return z.NEVER;
  })
  .openapi({
    type: 'string',
    example: '1',
    description: 'a version number, or `at:YYYY-MM-DD` for the version in force on that date',
  });

const RegionParam = z
  .string({ error: '请指定行政区划代码 region' })
  .regex(/^\d{2}(\d{2}){0,2}$/, '行政区划代码应为2、4或6位数字')
  .openapi({ example: '210900', description: 'GB/T 2260 code or prefix: 210000 (province) covers 2109xx and 210902' });

const Segment = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
const FieldChange = z.object({
  field: z.string(),
  column: z.string(),
  old: z.unknown().optional(),
  new: z.unknown().optional(),
  segments: z.array(Segment).optional(),
});
const Placed = z.object({ identity: z.string(), position: z.number(), item: Item });
const ListDiff = z
  .object({
    unit: z.string(),
    kind: z.string(),
    label: z.string(),
    from: VersionMeta,
    to: VersionMeta,
    summary: z.object({
      added: z.number(),
      removed: z.number(),
      changed: z.number(),
      renamed: z.number(),
      moved: z.number(),
      unchanged: z.number(),
      oldCount: z.number(),
      newCount: z.number(),
    }),
    added: z.array(Placed),
    removed: z.array(Placed),
    changed: z.array(
      z.object({
        identity: z.string(),
        oldIdentity: z.string().optional(),
        matchedBy: z.enum(['identity', 'content']),
        oldPosition: z.number(),
        newPosition: z.number(),
        changes: z.array(FieldChange),
        old: Item,
        item: Item,
      }),
    ),
    moved: z.array(
      z.object({
        identity: z.string(),
        oldPosition: z.number(),
        newPosition: z.number(),
        oldSeq: z.unknown().optional(),
        newSeq: z.unknown().optional(),
      }),
    ),
  })
  .openapi('ListDiff');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function registerHistoryRoutes(app: OpenAPIHono<AppEnv>, registry: Registry): void {
  const regions = new RegionReader(registry.store.client, registry.store.tableName);
  const regionHeads = { reader: regions, unitHeads: (uscc: string) => registry.store.getUnitHeads(uscc) };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/lists/{kind}/diff',
      tags: ['history'],
      summary:
        '版本比对 — items added, removed, changed (field by field, character by character) and moved between two versions',
      request: {
        params: z.object({ uscc: UsccParam, kind: KindParam }),
        query: z.object({ from: VersionRefQuery, to: VersionRefQuery, asOf: InstantQuery.optional() }),
      },
      responses: {
        200: { description: 'the differences', content: { 'application/json': { schema: ListDiff } } },
        304: { description: 'not modified' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc, kind } = c.req.valid('param');
      const { from, to, asOf } = c.req.valid('query');
      const def = registry.requireListKind(kind);
      const pair = await registry.readPair(uscc, kind, [from, to], asOf);
      const a = pair.from.meta;
      const b = pair.to.meta;
      // Two version numbers name two immutable versions; a date may resolve differently tomorrow.
      const pinned = 'version' in from && 'version' in to;
      const notModified = conditional(
        c,
        sha256(`diff:${a.version}:${a.contentHash}:${b.version}:${b.contentHash}`),
        pinned ? IMMUTABLE : MOVING,
      );
      if (notModified) return notModified as never;
      const diff = diffVersions(def, pair.from.items, pair.to.items);
      return c.json({ unit: uscc, kind: def.id, label: def.label, from: a, to: b, ...diff }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/export',
      tags: ['history'],
      summary:
        '区域导出 — every unit and list of a region in force on `at` (as known at `asOf`), as one ' +
        'XLSX workbook or JSON Lines',
      request: {
        query: z.object({
          region: RegionParam,
          at: DateQuery.optional(),
          asOf: InstantQuery.optional(),
          format: z.enum(['jsonl', 'xlsx'], { error: 'format 应为 jsonl 或 xlsx' }).default('jsonl'),
        }),
      },
      responses: {
        200: { description: 'the region, streamed', content: fileContent },
        304: { description: 'not modified' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { region, at, asOf, format } = c.req.valid('query');
      const q: RegionQuery = {
        region,
        regionPrefix: regionPrefix(region.padEnd(6, '0')),
        at: registry.atFor({ at, asOf }),
        ...(asOf ? { asOf } : {}),
      };
      // The fingerprint changes with every publication in the region: a cheap keys-only read that allows 304.
      const etag = sha256(`region:${await regions.fingerprint(q.regionPrefix)}:${q.at}:${q.asOf ?? ''}`);
      const notModified = conditional(c, formatEtag(etag, format), MOVING);
      if (notModified) return notModified as never;
      const producer =
        format === 'xlsx'
          ? regionWorkbook(regionHeads, q)
          : regionJsonLines(regionHeads, q, registry.store.now().toISOString());
      return sendFile(c, producer, format, regionFileName(q, format)) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/export/history',
      tags: ['history'],
      summary:
        '全部历史版本导出 — every version ever published in a region, one JSON line per version with its metadata and items',
      request: { query: z.object({ region: RegionParam, asOf: InstantQuery.optional() }) },
      responses: {
        200: {
          description: 'JSON Lines, streamed',
          content: { 'application/x-ndjson': fileContent['application/x-ndjson'] },
        },
        304: { description: 'not modified' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { region, asOf } = c.req.valid('query');
      const q = { region, regionPrefix: regionPrefix(region.padEnd(6, '0')), ...(asOf ? { asOf } : {}) };
      const etag = sha256(`history:${await regions.fingerprint(q.regionPrefix)}:${q.asOf ?? ''}`);
      const notModified = conditional(c, formatEtag(etag, 'jsonl'), MOVING);
      if (notModified) return notModified as never;
      return sendFile(c, regionHistory(regions, q), 'jsonl', historyFileName(q)) as never;
    },
  );
}
