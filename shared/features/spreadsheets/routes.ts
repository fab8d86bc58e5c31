/** Public upload templates: GET /v1/templates/{kind}.xlsx and .csv (anonymous, cacheable). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sha256Hex } from '../../core/canonical-json.js';
import { AppError } from '../../core/errors.js';
import { entityKind, findKind, listKinds } from '../../core/kinds/index.js';
import { templateCsv, templateXlsx } from './templates.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { conditional } from '../../platform/http/caching.js';
import { errorResponses } from '../../platform/http/schemas.js';

const TEMPLATE_CACHE = 'public, max-age=3600';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const cache = new Map<string, { body: Uint8Array; etag: string }>();

export function registerTemplateRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/templates/{file}',
      tags: ['templates'],
      summary: '上传模板 — `<kind>.xlsx` (header, 填表说明, drop-downs) or `<kind>.csv` (header row, UTF-8 with BOM)',
      request: {
        params: z.object({
          file: z
            .string()
            .regex(/^[a-z-]+\.(xlsx|csv)$/, '应为 <清单类型>.xlsx 或 <清单类型>.csv')
            .openapi({
              param: { name: 'file', in: 'path' },
              example: 'inspection-items.xlsx',
              description: `kinds: ${[...listKinds, entityKind].map((k) => k.id).join(', ')}`,
            }),
        }),
      },
      responses: {
        200: {
          description: 'the template',
          content: {
            [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
            'text/csv': { schema: z.string() },
          },
        },
        304: { description: 'not modified' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { file } = c.req.valid('param');
      const dot = file.lastIndexOf('.');
      const kindId = file.slice(0, dot);
      const ext = file.slice(dot + 1);
      const kind = findKind(kindId);
      if (!kind)
        throw new AppError('UNKNOWN_KIND', `未知的清单类型：${kindId}`, {
          kinds: [...listKinds, entityKind].map((k) => k.id),
        });
      let hit = cache.get(file);
      if (!hit) {
        const body = ext === 'xlsx' ? await templateXlsx(kind) : new TextEncoder().encode(templateCsv(kind));
        hit = { body, etag: sha256Hex(body) };
        cache.set(file, hit);
      }
      const notModified = conditional(c, hit.etag, TEMPLATE_CACHE);
      if (notModified) return notModified as never;
      c.header('Content-Type', ext === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8');
      c.header(
        'Content-Disposition',
        `attachment; filename="${kind.id}.${ext}"; filename*=UTF-8''${encodeURIComponent(kind.label)}.${ext}`,
      );
      return c.body(hit.body as Uint8Array<ArrayBuffer>, 200) as never;
    },
  );
}
