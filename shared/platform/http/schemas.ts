/** Request and response schemas shared by routes; they drive validation and the OpenAPI document. */
import { z } from '@hono/zod-openapi';
import { ERROR_REASONS } from '../../core/errors.js';
import { isValidIsoDate } from '../../core/dates.js';
import { listKindIds } from '../../core/kinds/index.js';
import { USCC_PATTERN } from '../../core/uscc.js';
import { VersionMetaSchema } from '../../core/versions.js';

export const UsccParam = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(USCC_PATTERN, '统一社会信用代码格式不正确'))
  .openapi({
    param: { name: 'uscc', in: 'path' },
    example: '11210900155967021X',
    description: '统一社会信用代码 (GB 32100)',
  });

export const KindParam = z.string().openapi({
  param: { name: 'kind', in: 'path' },
  example: 'no-penalty',
  description: `list kind: ${listKindIds.join(', ')}`,
});

export const DateQuery = z
  .string()
  .refine(isValidIsoDate, '日期应为 YYYY-MM-DD')
  .openapi({ example: '2023-06-01', description: 'China date (Asia/Shanghai), YYYY-MM-DD' });

export const InstantQuery = z
  .string()
  // An unencoded '+' in a query string arrives as a space: 2024-01-15T08:00:00 08:00 means +08:00.
  .transform((s) => s.replace(/ (\d{2}:?\d{2})$/, '+$1'))
  .refine(
    // The calendar date must exist (Date.parse rolls 2023-02-30 over to March).
    (s) =>
      /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) &&
      isValidIsoDate(s.slice(0, 10)) &&
      !Number.isNaN(Date.parse(s)),
    '时间应为 ISO 8601 格式',
  )
  .transform((s) => new Date(/T/.test(s) ? s : `${s}T23:59:59.999+08:00`).toISOString())
  .openapi({
    example: '2024-01-15T00:00:00+08:00',
    description: 'ISO 8601 instant; a bare date means the end of that China day',
  });

export const LimitQuery = (max: number, fallback: number) =>
  z.coerce
    .number({ error: 'limit 应为整数' })
    .int('limit 应为整数')
    .min(1, 'limit 至少为 1')
    .max(max, `limit 不得超过 ${max}`)
    .default(fallback)
    .openapi({ example: fallback });

export const CursorQuery = z
  .string()
  .max(2048)
  .optional()
  .openapi({ description: 'opaque cursor from the previous page' });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'NOT_FOUND' }),
      message: z.string().openapi({ example: '未找到该执法主体' }),
      details: z
        .union([z.object({ reason: z.enum(ERROR_REASONS).optional() }).catchall(z.unknown()), z.array(z.unknown())])
        .optional()
        .openapi({ description: 'what failed: `reason` (a stable word under `code`), the failing rows, fields, …' }),
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');

/**
 * Registers a domain object schema in the OpenAPI document. zod 4 copies methods onto each schema
 * when it is built, so a domain schema built before @hono/zod-openapi loaded has no `.openapi()`;
 * re-wrapping its shape here always works, whatever the import order of a bundle.
 */
export function documented<S extends z.ZodRawShape>(schema: { shape: S }, name: string) {
  return z.object(schema.shape).openapi(name);
}

export const VersionMeta = documented(VersionMetaSchema, 'VersionMeta');

export const Item = z
  .record(z.string(), z.unknown())
  .openapi('Item', { description: 'one list item; fields depend on the kind (see the kinds registry)' });

export const errorResponses = {
  400: { description: 'malformed request', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'not found', content: { 'application/json': { schema: ErrorSchema } } },
} as const;
