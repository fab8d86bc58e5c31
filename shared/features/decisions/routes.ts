/**
 * Public routes of 事后公示: lookups by unit, region and date range, by 决定书文号, by the party's credit code, and
 * one decision by id. Every answer is the public view (./service.ts `publicView`): redacted content while the
 * decision is in its publicity period, traces of withdrawals and expiries, overdue decisions without content.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { isValidIsoDate } from '../../core/dates.js';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { CursorQuery, errorResponses, LimitQuery, UsccParam } from '../../platform/http/schemas.js';
import { USCC_PATTERN } from '../../core/uscc.js';
import { DECISION_ID } from './keys.js';
import type { DecisionReports } from './reports.js';
import type { Decisions } from './service.js';
import { reportHtml, reportWorkbook } from './report-files.js';

const DateParam = (name: string) =>
  z
    .string()
    .refine(isValidIsoDate, `${name} 应为 YYYY-MM-DD`)
    .optional()
    .openapi({ example: '2026-01-01', description: `${name}: China date (YYYY-MM-DD)` });

/** The party's credit code as a query parameter (UsccParam names the path parameter `uscc`). */
const PartyQuery = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(USCC_PATTERN, '统一社会信用代码格式不正确'))
  .openapi({ example: '91210900MA0000001X', description: '当事人统一社会信用代码 (GB 32100)' });

const RangeQuery = z.object({
  from: DateParam('from'),
  to: DateParam('to'),
  limit: LimitQuery(500, 100),
  cursor: CursorQuery,
});

const Clock = z
  .object({
    dueBy: z.string(),
    provisional: z.boolean(),
    state: z.enum(['pending', 'on-time', 'late', 'overdue']),
    workingDaysLate: z.number().optional(),
    doneOn: z.string().optional(),
  })
  .openapi('DeadlineClock');

const PublicDecisionSchema = z
  .object({
    id: z.string(),
    unit: z.string(),
    regionCode: z.string(),
    number: z.string(),
    type: z.string(),
    decisionDate: z.string(),
    state: z.enum(['published', 'withdrawn', 'expired', 'overdue']),
    commitment: z.string().openapi({ description: 'salted SHA-256 commitment to the full record' }),
    publication: Clock,
    publicity: z.object({
      ruleSet: z.string().optional(),
      tier: z.string().optional(),
      months: z.number().optional(),
      expiresOn: z.string().optional(),
    }),
    content: z.record(z.string(), z.unknown()).optional().openapi({ description: 'redacted content' }),
    withdrawal: z.record(z.string(), z.unknown()).optional(),
    expired: z.object({ on: z.string(), ruleSet: z.string().optional() }).optional(),
  })
  .openapi('PublicDecision');

const DecisionPage = z
  .object({ items: z.array(PublicDecisionSchema), next: z.string().optional() })
  .openapi('DecisionPage');

const DecisionSearchPage = z
  .object({
    items: z.array(PublicDecisionSchema),
    read: z.number().int().openapi({ description: 'decisions this request read (at most 2,000)' }),
    next: z.string().optional().openapi({ description: 'cursor: continue after the last decision read' }),
  })
  .openapi('DecisionSearchPage');

const RegionParam = z.object({ regionCode: z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字') });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The default range: the current China year up to today. */
function range(decisions: Decisions, q: { from?: string; to?: string }) {
  const today = decisions.today();
  return { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today };
}

/** A report's version: every recomputation is a new one, each kept and logged. */
const ReportVersion = z.coerce
  .number()
  .int()
  .min(1)
  .max(9999)
  .optional()
  .openapi({ param: { name: 'version', in: 'query' }, description: 'one version (default: the latest)' });

export function registerDecisionRoutes(app: OpenAPIHono<AppEnv>, decisions: Decisions, reports: DecisionReports): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/decisions/{id}',
      tags: ['decisions'],
      summary: '一项执法决定的公示信息 — one decision as published (redacted), or its trace',
      request: { params: z.object({ id: z.string().regex(DECISION_ID, '决定编号格式无效') }) },
      responses: { 200: json(PublicDecisionSchema, 'the decision'), ...errorResponses },
    }),
    async (c) => c.json(await decisions.get(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/decisions',
      tags: ['decisions'],
      summary: '执法主体的执法决定 — a unit’s decisions by decision date',
      request: { params: z.object({ uscc: UsccParam }), query: RangeQuery },
      responses: { 200: json(DecisionPage, 'a page of decisions'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await decisions.byUnit(c.req.valid('param').uscc, {
        ...range(decisions, q),
        limit: q.limit,
        cursor: q.cursor,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/regions/{regionCode}/decisions',
      tags: ['decisions'],
      summary: '行政区划内的执法决定 — a region’s decisions by decision date',
      request: { params: RegionParam, query: RangeQuery },
      responses: { 200: json(DecisionPage, 'a page of decisions'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await decisions.byRegion(c.req.valid('param').regionCode, {
        ...range(decisions, q),
        limit: q.limit,
        cursor: q.cursor,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/regions/{regionCode}/decisions/search',
      tags: ['decisions'],
      summary: '行政区划内执法决定全文检索 — full-text search of a region’s published decisions (简繁 folded)',
      description:
        'Every term must occur in the public text of a decision in its publicity period (文号, type, masked ' +
        'party, facts, basis, content). Redacted fields are never searched. A request reads at most 2,000 ' +
        'decisions of the date range (default: from 1 January three years back to today); `next` continues.',
      request: {
        params: RegionParam,
        query: RangeQuery.extend({
          q: z.string().max(200, '检索词不得超过200个字符').openapi({ example: '經營者 罰款' }),
          limit: LimitQuery(100, 20),
        }),
      },
      responses: { 200: json(DecisionSearchPage, 'matching decisions'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const today = decisions.today();
      const page = await decisions.search(c.req.valid('param').regionCode, {
        q: q.q,
        // By default the decisions that can still be in their period: up to three years back (SAMR 45号, 信用修复).
        from: q.from ?? `${Number(today.slice(0, 4)) - 3}-01-01`,
        to: q.to ?? today,
        limit: q.limit,
        cursor: q.cursor,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/decisions',
      tags: ['decisions'],
      summary: '按决定书文号或当事人统一社会信用代码查询 — by 文号 or by the party’s credit code',
      request: {
        query: z
          .object({ number: z.string().min(1).max(100).optional(), party: PartyQuery.optional() })
          .refine((q) => (q.number === undefined) !== (q.party === undefined), '请只指定 number 或 party 之一'),
      },
      responses: { 200: json(DecisionPage, 'the decisions found'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const found = q.number ? await decisions.byNumber(q.number) : await decisions.byParty(q.party!);
      return c.json(found, 200);
    },
  );

  const Deadlines = z.record(z.string(), z.unknown()).openapi('DecisionDeadlines');
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/decision-deadlines',
      tags: ['decisions'],
      summary: '公示时限 — on time, late (working days), overdue and pending, for a unit',
      request: { params: z.object({ uscc: UsccParam }), query: RangeQuery.pick({ from: true, to: true }) },
      responses: { 200: json(Deadlines, 'the deadline clock'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await decisions.deadlines({ unit: c.req.valid('param').uscc }, range(decisions, c.req.valid('query'))),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/regions/{regionCode}/decision-deadlines',
      tags: ['decisions'],
      summary: '公示时限 — the deadline clock over a county’s decisions',
      request: {
        params: z.object({ regionCode: z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字') }),
        query: RangeQuery.pick({ from: true, to: true }),
      },
      responses: { 200: json(Deadlines, 'the deadline clock'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await decisions.deadlines(
          { regionCode: c.req.valid('param').regionCode },
          range(decisions, c.req.valid('query')),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/decision-statements/{month}',
      tags: ['decisions'],
      summary: '月度数量声明核对 — the signed statement of a month against what was recorded and published',
      request: {
        params: z.object({
          uscc: UsccParam,
          month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
        }),
      },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'the comparison'), ...errorResponses },
    }),
    async (c) => {
      const { uscc, month } = c.req.valid('param');
      return c.json(await reports.checkMonth(uscc, month), 200);
    },
  );

  const Keys = z
    .object({
      alg: z.literal('Ed25519'),
      keys: z.array(
        z.object({
          keyId: z.string().openapi({ description: 'first 16 hex digits of SHA-256 over the raw public key' }),
          publicKey: z.string().openapi({ description: 'raw 32-byte Ed25519 public key, base64url' }),
          firstUsedAt: z.string().optional(),
          current: z.literal(true).optional(),
        }),
      ),
    })
    .openapi('DecisionStatementKeys');
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/decision-statement-keys',
      tags: ['decisions'],
      summary: '数量声明签名公钥 — the Ed25519 keys monthly statements are signed with (RFC 8785 JSON of the body)',
      responses: { 200: json(Keys, 'every key used, and the current one'), ...errorResponses },
    }),
    async (c) => c.json({ alg: 'Ed25519' as const, keys: await reports.signingKeys() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/decision-reports/{year}',
      tags: ['decisions'],
      summary: '年度执法数据 — the unit’s yearly report (latest version, or `version`): JSON, XLSX or printable HTML',
      request: {
        params: z.object({ uscc: UsccParam, year: z.coerce.number().int().min(2019).max(2100) }),
        query: z.object({ format: z.enum(['json', 'xlsx', 'html']).default('json'), version: ReportVersion }),
      },
      responses: {
        200: {
          description: 'the report',
          content: {
            'application/json': { schema: z.record(z.string(), z.unknown()) },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() },
            'text/html': { schema: z.string() },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc, year } = c.req.valid('param');
      const { format, version } = c.req.valid('query');
      const report = version
        ? await reports.reportVersion(uscc, year, version)
        : await reports.latestReport(uscc, year);
      if (!report)
        throw new AppError('NOT_FOUND', `${year}年度执法数据${version ? `第${version}版不存在` : '尚未生成'}`, {
          uscc,
          year,
          ...(version ? { version } : {}),
        });
      if (format === 'xlsx') {
        const bytes = await reportWorkbook(report);
        return c.body(bytes, 200, {
          'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Content-Disposition': `attachment; filename="decisions-${uscc}-${year}-v${report.version}.xlsx"`,
        });
      }
      if (format === 'html') return c.html(reportHtml(report), 200);
      return c.json(report, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/regions/{regionCode}/decision-reports/{year}',
      tags: ['decisions'],
      summary: '行政区划年度执法数据 — a county’s yearly report (latest version, or `version`), its units’ sum',
      request: {
        params: z.object({
          regionCode: z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字'),
          year: z.coerce.number().int().min(2019).max(2100),
        }),
        query: z.object({ version: ReportVersion }),
      },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'the report'), ...errorResponses },
    }),
    async (c) => {
      const { regionCode, year } = c.req.valid('param');
      const { version } = c.req.valid('query');
      const report = version
        ? await reports.regionReportVersion(regionCode, year, version)
        : await reports.latestRegionReport(regionCode, year);
      if (!report)
        throw new AppError('NOT_FOUND', `${year}年度执法数据${version ? `第${version}版不存在` : '尚未生成'}`, {
          regionCode,
          year,
          ...(version ? { version } : {}),
        });
      return c.json(report, 200);
    },
  );
}
