/**
 * Public routes of 事后公示: lookups by unit, region and date range, by 决定书文号, by the party's credit code, and
 * one decision by id. Every answer is the public view (./service.ts `publicView`): redacted content while the
 * decision is in its publicity period, traces of withdrawals and expiries, overdue decisions without content.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { isValidIsoDate } from '../../core/dates.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { CursorQuery, errorResponses, LimitQuery, UsccParam } from '../../platform/http/schemas.js';
import { DECISION_ID } from './keys.js';
import type { Decisions } from './service.js';

const DateParam = (name: string) =>
  z
    .string()
    .refine(isValidIsoDate, `${name} 应为 YYYY-MM-DD`)
    .optional()
    .openapi({ example: '2026-01-01', description: `${name}: China date (YYYY-MM-DD)` });

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

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The default range: the current China year up to today. */
function range(decisions: Decisions, q: { from?: string; to?: string }) {
  const today = decisions.today();
  return { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today };
}

export function registerDecisionRoutes(app: OpenAPIHono<AppEnv>, decisions: Decisions): void {
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
      request: {
        params: z.object({ regionCode: z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字') }),
        query: RangeQuery,
      },
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
      path: '/v1/decisions',
      tags: ['decisions'],
      summary: '按决定书文号或当事人统一社会信用代码查询 — by 文号 or by the party’s credit code',
      request: {
        query: z
          .object({ number: z.string().min(1).max(100).optional(), party: UsccParam.optional() })
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
}
