/** Public read routes for draws: what anyone needs to re-run a draw (the verifier reads only these). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { MOVING } from '../../platform/http/caching.js';
import { errorResponses, UsccParam } from '../../platform/http/schemas.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import type { DrawReads } from './reads.js';
import { CommitmentSchema } from './model/commitment.js';
import { PlanSchema } from './model/plan-schema.js';
import { planCsv } from './plan-export.js';

export type DrawReader = Pick<
  DrawReads,
  'getDraw' | 'listDraws' | 'inspectorsOf' | 'drawLog' | 'statistics' | 'listPlans' | 'getPlan'
>;

export const DrawIdParam = z
  .string()
  .regex(/^[\w.-]{1,100}$/, '抽取编号格式不正确')
  .openapi({ param: { name: 'drawId', in: 'path' }, example: '2023-1.T01.1' });

export const PlanIdParam = z
  .string()
  .regex(/^[\w.-]{1,100}$/, '计划编号格式不正确')
  .openapi({ param: { name: 'planId', in: 'path' }, example: '2024-1' });

const PublicPlanSchema = PlanSchema.openapi('InspectionPlan', {
  description: '抽查工作计划: a unit’s yearly plan and its tasks (items, target scope, sampling, period, departments)',
});

const DrawnTarget = z.object({ uscc: z.string(), inspectors: z.array(z.string()) });
const Result = z.object({ uscc: z.string(), result: z.string(), inspectedOn: z.string(), note: z.string().optional() });

export const PublicDrawSchema = z
  .object({
    drawId: z.string(),
    unit: z.string(),
    state: z.enum(['committed', 'drawn', 'published', 'refused']),
    commitment: CommitmentSchema,
    commitmentHash: z.string(),
    beacon: z.object({
      chain: z.string(),
      round: z.number().int(),
      roundTime: z.string(),
      label: z.string().optional(),
      randomness: z.string().optional(),
      signature: z.string().optional(),
    }),
    outcomeHash: z.string().optional(),
    drawnCount: z.number().int().optional(),
    outcome: z.array(DrawnTarget).optional().openapi({ description: 'only once the inspections are done' }),
    salt: z
      .string()
      .optional()
      .openapi({ description: 'the salt the commitment’s saltHash names (hex, 32 bytes): revealed with the outcome' }),
    results: z.array(Result).optional(),
    resultsHash: z.string().optional(),
    resultsDue: z.string(),
    overdue: z.boolean(),
    publishedAt: z.string().optional(),
    refusal: z.object({ reason: z.string(), message: z.string() }).optional(),
    replacedBy: z.string().optional(),
    leaves: z
      .record(z.string(), z.number().int())
      .optional()
      .openapi({ description: 'transparency-log leaf index of each logged event (committed, drawn, …)' }),
  })
  .openapi('Draw', {
    description: '双随机 draw: commitment, beacon round, outcome hash; outcome and results once published',
  });

const Inspector = z.object({
  certificateNumber: z.string(),
  name: z.string(),
  uscc: z.string(),
  category: z.string(),
  validUntil: z.string(),
});
const LogEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  type: z.string(),
  drawId: z.string(),
  subjectHash: z.string(),
  previous: z.string().nullable(),
  hash: z.string(),
});

export function registerInspectionRoutes(app: OpenAPIHono<AppEnv>, draws: DrawReader): void {
  const json = (description: string, schema: z.ZodType) => ({
    200: { description, content: { 'application/json': { schema } } },
    ...errorResponses,
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/inspection-plans',
      tags: ['inspections'],
      summary: '抽查工作计划 — the unit’s plans and their tasks, as the draws name them (planId, taskId)',
      request: { params: z.object({ uscc: UsccParam }) },
      responses: json('plans', z.object({ plans: z.array(PublicPlanSchema) })),
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      c.header('Cache-Control', MOVING);
      return c.json({ plans: await draws.listPlans(uscc) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/inspection-plans/{planId}',
      tags: ['inspections'],
      summary: '一个抽查工作计划 — its tasks: items, target scope, sampling rule, period, departments',
      description:
        '`format=csv`: the plan as its table (one row a task, every additional column under its heading as ' +
        'published), which the plan table upload reads back to the same tasks',
      request: {
        params: z.object({ uscc: UsccParam, planId: PlanIdParam }),
        query: z.object({ format: z.enum(['json', 'csv']).optional() }),
      },
      responses: {
        200: {
          description: 'plan',
          content: {
            'application/json': { schema: PublicPlanSchema },
            'text/csv': { schema: z.string().openapi({ description: '抽查工作计划 as CSV (UTF-8 with BOM)' }) },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc, planId } = c.req.valid('param');
      c.header('Cache-Control', MOVING);
      const plan = await draws.getPlan(uscc, planId);
      if (c.req.valid('query').format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${plan.name}.csv`)}`);
        return c.body(planCsv(plan), 200);
      }
      return c.json(plan, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/draws',
      tags: ['inspections'],
      summary: '双随机抽取 — every draw of the unit, re-draws beside the draws they replace',
      request: { params: z.object({ uscc: UsccParam }) },
      responses: json('draws', z.object({ draws: z.array(PublicDrawSchema) })),
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      c.header('Cache-Control', MOVING);
      return c.json({ draws: await draws.listDraws(uscc) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/draws/{drawId}',
      tags: ['inspections'],
      summary: '一次抽取 — commitment, beacon round and outcome hash; the outcome once the inspections are done',
      request: { params: z.object({ uscc: UsccParam, drawId: DrawIdParam }) },
      responses: json('draw', PublicDrawSchema),
    }),
    async (c) => {
      const { uscc, drawId } = c.req.valid('param');
      c.header('Cache-Control', MOVING);
      return c.json(await draws.getDraw(uscc, drawId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/draws/{drawId}/inspectors',
      tags: ['inspections'],
      summary: '执法检查人员名录 as committed — the sorted snapshot whose hash the commitment names',
      request: { params: z.object({ uscc: UsccParam, drawId: DrawIdParam }) },
      responses: json('inspectors', z.object({ inspectors: z.array(Inspector) })),
    }),
    async (c) => {
      const { uscc, drawId } = c.req.valid('param');
      c.header('Cache-Control', MOVING);
      return c.json({ inspectors: await draws.inspectorsOf(uscc, drawId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/draw-log',
      tags: ['inspections'],
      summary: '抽取日志 — append-only, hash-chained: commitments, outcome hashes, refusals, results',
      request: { params: z.object({ uscc: UsccParam }) },
      responses: json('log', z.object({ entries: z.array(LogEntry) })),
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      c.header('Cache-Control', MOVING);
      return c.json({ entries: await draws.drawLog(uscc) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/inspection-stats',
      tags: ['inspections'],
      summary: '双随机统计 — per year: tasks, draws, targets inspected, share of the directory, problems found',
      request: {
        params: z.object({ uscc: UsccParam }),
        query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
      },
      responses: json('statistics', z.record(z.string(), z.unknown())),
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const { year } = c.req.valid('query');
      c.header('Cache-Control', MOVING);
      return c.json(await draws.statistics(uscc, year), 200);
    },
  );
}
