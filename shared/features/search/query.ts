/** The search use case and its schemas: the API route and the portal both run a search through runSearch. */
import { z } from '@hono/zod-openapi';
import { findKind, listKindIds } from '../../core/kinds/index.js';
import { matchKey } from '../../core/text.js';
import { regionFullName, regionPrefix } from '../../core/region.js';
import type { Registry } from '../lists/index.js';
import { snippet } from './highlight.js';
import type { SearchResult } from './search-index.js';
import type { RegionService } from './service.js';
import { matchUnits } from './unit-match.js';
import { encodeCursor } from '../../platform/http/cursor.js';
import { CursorQuery, DateQuery, Item } from '../../platform/http/schemas.js';

export const RegionFilter = z
  .string()
  .regex(/^\d{2}(\d{2}){0,2}$/, '行政区划代码应为2、4或6位数字')
  .optional()
  .openapi({
    example: '430981',
    description: 'GB/T 2260 code or prefix: 43 or 430000 (province), 4309 or 430900 (city), 430981 (county)',
  });

/** The prefix a region filter stands for ('' = every region). */
export function regionPrefixOf(region: string | undefined): string {
  return region ? regionPrefix(region.padEnd(6, '0')) : '';
}

const CATEGORY_ALIASES: Record<string, '一般' | '重点'> = { 一般: '一般', general: '一般', 重点: '重点', key: '重点' };
const YES = new Set(['是', 'true', '1', 'yes', 'y']);
const NO = new Set(['否', 'false', '0', 'no', 'n']);

export const SearchQuerySchema = z.object({
  q: z.string().max(200, '检索词不得超过200个字符').optional().openapi({
    example: '食品經營者',
    description: 'words to find (Simplified or Traditional; spaces separate terms that must all match)',
  }),
  region: RegionFilter,
  unit: z
    .string()
    .regex(/^[0-9A-Za-z]{18}$/, '统一社会信用代码格式不正确')
    .optional()
    .openapi({ example: '11430981150981010H', description: 'only this unit (统一社会信用代码)' }),
  kind: z
    .enum(listKindIds, { error: `清单类型应为：${listKindIds.join('、')}` })
    .optional()
    .openapi({ example: 'no-penalty' }),
  domain: z
    .string()
    .max(100)
    .optional()
    .openapi({ example: '市场监管', description: '执法领域 (the item’s own, else its unit’s)' }),
  category: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      // Own keys only: `constructor`, `__proto__` and friends are not categories.
      const key = matchKey(v);
      const c = Object.hasOwn(CATEGORY_ALIASES, key) ? CATEGORY_ALIASES[key] : undefined;
      if (!c) ctx.addIssue({ code: 'custom', message: '检查类别应为 一般 或 重点' });
      return c;
    })
    .openapi({
      example: '重点',
      description: 'inspection items only: 一般 (general) or 重点 (key); Traditional accepted',
    }),
  random: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const k = matchKey(v);
      if (YES.has(k)) return true;
      if (NO.has(k)) return false;
      ctx.addIssue({ code: 'custom', message: '双随机应为 是 或 否' });
      return undefined;
    })
    .openapi({ example: '是', description: '双随机 inspection items: 是 or 否' }),
  at: DateQuery.optional().openapi({
    example: '2024-01-01',
    description: 'search the lists in force on this China date (default today)',
  }),
  limit: z.coerce
    .number({ error: 'limit 应为整数' })
    .int('limit 应为整数')
    .min(1, 'limit 至少为 1')
    .max(100, 'limit 不得超过 100')
    .default(20)
    .openapi({ example: 20 }),
  cursor: CursorQuery,
});

const Highlight = z
  .object({
    field: z.string().openapi({ example: 'violation' }),
    column: z.string().openapi({ example: '违法行为' }),
    text: z.string().openapi({ example: '食品經營者未按規定公示食品经营许可证' }),
    ranges: z
      .array(z.tuple([z.number().int(), z.number().int()]))
      .openapi({ example: [[0, 5]], description: 'UTF-16 [start, end) offsets of matches in `text`' }),
  })
  .openapi('SearchHighlight');

const SearchHit = z
  .object({
    unit: z.object({ uscc: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string().optional() }),
    kind: z.string().openapi({ example: 'no-penalty' }),
    kindLabel: z.string().openapi({ example: '不予处罚事项清单' }),
    version: z.number().int().openapi({ example: 2 }),
    effectiveFrom: z.string().openapi({ example: '2023-01-01' }),
    position: z.number().int().openapi({ example: 3, description: '1-based position of the item in its version' }),
    title: z.string().openapi({ example: '食品經營者未按規定公示食品经营许可证' }),
    score: z.number().openapi({ example: 5 }),
    item: Item,
    highlights: z.array(Highlight),
  })
  .openapi('SearchHit');

const UnitMatch = z
  .object({
    uscc: z.string(),
    name: z.string(),
    regionCode: z.string(),
    regionName: z.string().optional(),
    domain: z.string().optional(),
  })
  .openapi('SearchUnitMatch');

export const SearchResponse = z
  .object({
    q: z.string(),
    terms: z.array(z.string()).openapi({ example: ['食品经营者'], description: 'the normalised terms searched for' }),
    region: z.string().openapi({ example: '430981' }),
    at: z.string().openapi({ example: '2024-01-01' }),
    total: z.number().int().openapi({ example: 42 }),
    offset: z.number().int().openapi({ example: 0 }),
    kinds: z
      .record(z.string(), z.number().int())
      .openapi({ example: { 'no-penalty': 12, 'inspection-items': 30 }, description: 'matches per kind' }),
    results: z.array(SearchHit),
    units: z.array(UnitMatch).openapi({
      description: 'enforcement entities whose name or domain contains every term (first page only, at most 20)',
    }),
    nextCursor: z.string().optional(),
  })
  .openapi('SearchResponse');

export const SearchCursor = z.object({ o: z.number().int().nonnegative() });

export type SearchParams = z.infer<typeof SearchQuerySchema>;
export type SearchBody = z.infer<typeof SearchResponse>;

/** Runs a search as the API and the portal both need it. */
export async function runSearch(
  registry: Registry,
  regions: RegionService,
  params: Omit<SearchParams, 'cursor' | 'limit'> & { limit: number; offset: number },
): Promise<SearchBody> {
  const prefix = regionPrefixOf(params.region);
  const at = params.at ?? registry.today();
  const service = regions;
  const index = await service.index(prefix, at);
  const result: SearchResult = index.search({
    q: params.q,
    unit: params.unit,
    kind: params.kind,
    domain: params.domain,
    category: params.category,
    random: params.random,
    offset: params.offset,
    limit: params.limit,
  });
  const results = result.hits.map((h) => {
    const kind = findKind(h.list.kind)!;
    const titleKey = 'name' in h.item ? 'name' : 'violation';
    return {
      unit: {
        uscc: h.unit.uscc,
        name: String(h.unit.entity.name ?? ''),
        regionCode: h.unit.regionCode,
        ...(regionFullName(h.unit.regionCode) ? { regionName: regionFullName(h.unit.regionCode) } : {}),
      },
      kind: kind.id,
      kindLabel: kind.label,
      version: h.list.version,
      effectiveFrom: h.list.effectiveFrom,
      position: h.itemIndex + 1,
      title: String(h.item[titleKey] ?? ''),
      score: h.score,
      item: h.item,
      highlights: h.matchedFields
        .map((field) => ({
          field,
          column: kind.columns.find((c) => c.key === field)?.column ?? field,
          ...snippet(String(h.item[field] ?? ''), result.terms),
        }))
        .map(({ truncated: _t, ...rest }) => rest),
    };
  });
  const next = params.offset + results.length;
  const unitHits =
    params.offset === 0 && !params.unit ? matchUnits((await service.snapshot(prefix, at)).units, result.terms) : [];
  const units = unitHits.map((u) => ({
    uscc: u.uscc,
    name: String(u.entity.name ?? ''),
    regionCode: u.regionCode,
    ...(regionFullName(u.regionCode) ? { regionName: regionFullName(u.regionCode) } : {}),
    ...(u.entity.domain ? { domain: String(u.entity.domain) } : {}),
  }));
  return {
    q: params.q ?? '',
    terms: result.terms,
    region: prefix,
    at,
    total: result.total,
    offset: params.offset,
    kinds: result.kinds,
    results,
    units,
    ...(next < result.total ? { nextCursor: encodeCursor({ o: next }) } : {}),
  };
}
