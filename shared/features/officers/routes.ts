/**
 * Public certificate routes: the check by number (on a date, with history), the cancellations feed
 * (JSON, CSV, XLSX), the signed status list, the card face with its QR code, and the public key.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../core/errors.js';
import { regionPrefix } from '../../core/region.js';
import { MOVING } from '../../platform/http/caching.js';
import { DateQuery, errorResponses } from '../../platform/http/schemas.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { fileContent } from '../exports/index.js';
import { keyId, type CertificateSigner } from './credential.js';
import { cancellationsCsv, cancellationsXlsx } from './files.js';
import { officerStats, statsSentence, type CertificateService } from './service.js';
import type { CertificateCards } from './signing.js';
import type { StatusListStore } from './status-list-store.js';

export interface CertificateRouteDeps {
  service: CertificateService;
  /** Credentials and card faces, as the signing process stored them (signed here too where a key is at hand). */
  cards: CertificateCards;
  signer?: CertificateSigner;
  /** The signed status lists and public key the signing processes stored: served as stored. */
  statusLists: StatusListStore;
}

const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
});

export const RegionParam = z
  .string()
  .regex(/^\d{2}(\d{2}){0,2}$/, '行政区划代码应为2、4或6位数字')
  .openapi({ example: '330681', description: 'GB/T 2260 code or prefix' });

export const CertificateNumberParam = z
  .string()
  .min(1)
  .max(64)
  .openapi({ param: { name: 'number', in: 'path' }, example: '33068120240001' });

/** The region prefix a 2-, 4- or 6-digit code stands for (330000 covers 3306xx). */
export const prefixOf = (region: string) => regionPrefix(region.padEnd(6, '0'));

export function registerCertificateRoutes(app: OpenAPIHono<AppEnv>, deps: CertificateRouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/certificates/cancelled',
      tags: ['certificates'],
      summary: '公示注销 — certificates cancelled, suspended or expired in a region within a period',
      request: {
        query: z.object({
          region: RegionParam,
          from: DateQuery.optional(),
          to: DateQuery.optional(),
          format: z.enum(['json', 'csv', 'xlsx'], { error: 'format 应为 json、csv 或 xlsx' }).default('json'),
        }),
      },
      responses: {
        200: {
          description: 'cancellations, newest first (JSON), or the same rows as a file',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) }, ...fileContent },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const to = q.to ?? deps.service.registry.today();
      const from = q.from ?? `${to.slice(0, 4)}-01-01`;
      const feed = await deps.service.cancellations(prefixOf(q.region), from, to);
      c.header('Cache-Control', MOVING);
      const fileName = `公示注销-${q.region}-${from}-${to}`;
      if (q.format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}.csv`);
        return c.body(cancellationsCsv(feed.items), 200);
      }
      if (q.format === 'xlsx') {
        c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}.xlsx`);
        return c.body((await cancellationsXlsx(feed.items)) as Uint8Array<ArrayBuffer>, 200);
      }
      return c.json({ region: q.region, ...feed }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/certificates/stats',
      tags: ['certificates'],
      summary: '执法人员统计 — officers, valid certificates by type and category, issued and cancelled this year',
      request: { query: z.object({ region: RegionParam, at: DateQuery.optional() }) },
      responses: { 200: json('statistics, in total and per unit'), ...errorResponses },
    }),
    async (c) => {
      const { region, at } = c.req.valid('query');
      const stats = await officerStats(deps.service, prefixOf(region), at ?? deps.service.registry.today());
      c.header('Cache-Control', MOVING);
      return c.json({ region, ...stats, sentence: statsSentence(stats.total) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/certificates/status-list',
      tags: ['certificates'],
      summary:
        '证件状态列表 — every certificate of a region with its status on the list’s date, signed (GSS2.<payload>.<sig>; ' +
        'the signature covers GSS2.<hex SHA-256 of payload>), ' +
        'published daily after midnight Beijing time and after every change of an officers list of the region',
      request: { query: z.object({ region: RegionParam }) },
      responses: { 200: { description: 'signed status list (text), as stored' }, ...errorResponses },
    }),
    async (c) => {
      const { region } = c.req.valid('query');
      const stored = await deps.statusLists.get(prefixOf(region));
      if (!stored)
        throw new AppError('NOT_FOUND', '该行政区划尚无已发布的证件状态列表（无执法人员名单，或尚未生成）', {
          region,
          reason: 'STATUS_LIST_NOT_PUBLISHED',
        });
      c.header('Cache-Control', 'public, max-age=300');
      c.header('Content-Type', 'text/plain; charset=utf-8');
      c.header('Last-Modified', new Date(stored.issuedAt).toUTCString());
      return c.body(stored.signed, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/certificates/key',
      tags: ['certificates'],
      summary: '证件签名公钥 — the Ed25519 public key that signs card credentials and status lists',
      responses: { 200: json('public key, raw 32 bytes base64url, and its key id'), ...errorResponses },
    }),
    async (c) => {
      // Where this process does not sign (the public function), the key the signing processes stored.
      const raw = deps.signer ? await deps.signer.publicKey() : await deps.statusLists.publicKey();
      if (!raw) throw new AppError('NOT_FOUND', '证件签名公钥尚未发布', { reason: 'SIGNING_KEY_NOT_PUBLISHED' });
      c.header('Cache-Control', 'public, max-age=3600');
      return c.json({ alg: 'Ed25519', kid: keyId(raw), publicKey: Buffer.from(raw).toString('base64url') }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/certificates/{number}',
      tags: ['certificates'],
      summary: '执法证核验 — a certificate on a date (`at`, default today) with its history',
      request: { params: z.object({ number: CertificateNumberParam }), query: z.object({ at: DateQuery.optional() }) },
      responses: { 200: json('the certificate'), ...errorResponses },
    }),
    async (c) => {
      const { number } = c.req.valid('param');
      const { at } = c.req.valid('query');
      c.header('Cache-Control', MOVING);
      return c.json({ ...(await deps.service.check(number, at)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/certificates/{number}/credential',
      tags: ['certificates'],
      summary: '证件凭证 — the signed credential a card QR carries, and the QR text',
      request: { params: z.object({ number: CertificateNumberParam }) },
      responses: { 200: json('credential'), ...errorResponses },
    }),
    async (c) => {
      const { number } = c.req.valid('param');
      const out = await deps.cards.credential(number, new URL(c.req.url).origin);
      c.header('Cache-Control', MOVING);
      return c.json({ ...out }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/certificates/{number}/card.svg',
      tags: ['certificates'],
      summary: '证件卡面 — the printable card face (SVG) with its QR code',
      request: { params: z.object({ number: CertificateNumberParam }) },
      responses: { 200: { description: 'SVG' }, ...errorResponses },
    }),
    async (c) => {
      const { number } = c.req.valid('param');
      const svg = await deps.cards.card(number, new URL(c.req.url).origin);
      c.header('Cache-Control', MOVING);
      c.header('Content-Type', 'image/svg+xml; charset=utf-8');
      return c.body(svg, 200);
    },
  );
}
