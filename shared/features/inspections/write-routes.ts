/**
 * Authenticated routes of random inspections (the write app, behind the auth policy and the audit trail): import a
 * unit's plans, commit a draw, run it once its round exists, record the inspections' results (the outcome and
 * results are published together once every drawn target has one). The targets directory is a list
 * (`inspection-targets`) and is uploaded as any list is: a CSV or XLSX draft, reviewed and published.
 * These routes translate HTTP; the use cases are InspectionService's.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { USCC_PATTERN } from '../../core/uscc.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { UsccParam } from '../../platform/http/schemas.js';
import {
  auditNote,
  DryRunQuery,
  principal,
  readUpload,
  security,
  writeErrors,
  type Workflow,
} from '../workflow/index.js';
import type { Action } from '../auth/index.js';
import { TargetFilterSchema } from './model/commitment.js';
import { InspectionResultSchema } from './model/draw.js';
import { DrawIdParam, PublicDrawSchema } from './routes.js';
import type { InspectionService } from './service.js';
import type { PlanIntake } from './plan-intake.js';

const Uscc = z.string().regex(USCC_PATTERN, '统一社会信用代码格式不正确');
const Text = (max: number) => z.string().trim().min(1).max(max);

const PlanTableRequest = z
  .object({
    header: z.array(z.string().max(200)).min(1).max(50),
    rows: z
      .array(z.object({ row: z.number().int().min(2), cells: z.array(z.string().max(2000)).max(50) }).strict())
      .min(1)
      .max(2000),
  })
  .strict()
  .openapi('InspectionPlanTable', {
    description: '抽查工作计划 as a table: the heading row (计划名称, 任务名称, 抽查事项, …) and the data rows',
  });

const PlanView = z
  .object({ planId: z.string(), unit: z.string(), year: z.number(), tasks: z.array(z.record(z.string(), z.unknown())) })
  .passthrough();

const PlanTableFileBody = {
  'multipart/form-data': {
    // A plain OpenAPI schema: documented, but read by the route itself (the intake's limits, all-at-once errors).
    schema: {
      type: 'object' as const,
      required: ['file'],
      properties: {
        file: {
          type: 'string' as const,
          format: 'binary',
          description: '抽查工作计划 as CSV (UTF-8, UTF-8 with BOM, GB18030/GBK), .xlsx or .docx (its largest table)',
        },
      },
    },
  },
};

const Issue = z.object({
  file: z.string(),
  sheet: z.string().optional(),
  row: z.number().optional(),
  column: z.string().optional(),
  field: z.string().optional(),
  value: z.string().optional(),
  code: z.string(),
  message: z.string(),
});

const PlanTableFileAnswer = z
  .object({
    dryRun: z.boolean(),
    file: z.string(),
    sheet: z.string().optional(),
    encoding: z.string().optional(),
    mapping: z.array(
      z.object({
        index: z.number(),
        heading: z.string(),
        field: z.string().optional(),
        how: z.string(),
        why: z.string(),
      }),
    ),
    headerRows: z.array(z.number()),
    rows: z.number(),
    plans: z.array(PlanView),
    errors: z.array(Issue),
    warnings: z.array(Issue),
  })
  .openapi('InspectionPlanTableFileAnswer', {
    description: 'how the file was read (heading → field, and why), its plans, every error and warning',
  });

const CommitRequest = z
  .object({
    planId: Text(100),
    taskId: Text(100),
    category: Text(50).openapi({ description: '执法类别 the inspectors must hold', example: '市场监管' }),
    targetsUnit: Uscc.optional().openapi({ description: 'whose targets directory (default: the unit’s own)' }),
    filter: TargetFilterSchema.optional(),
    count: z.number().int().min(1).max(1_000_000).optional(),
    inspectorsPerTarget: z.number().int().min(2).max(20).optional(),
    inspectorUnits: z
      .array(Uscc)
      .min(1)
      .max(20)
      .optional()
      .openapi({ description: '部门联合抽查: units whose officers' }),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD')
      .optional(),
    conflicts: z
      .array(z.object({ uscc: Uscc, certificateNumber: Text(50) }).strict())
      .max(10_000)
      .optional(),
    round: z.number().int().positive().optional().openapi({ description: 'a later round than the next one' }),
    redrawOf: DrawIdParam.optional(),
    reason: Text(500).optional(),
  })
  .strict()
  .openapi('DrawCommitRequest');

const ResultsRequest = z
  .object({ results: z.array(InspectionResultSchema.strict()).min(1).max(100_000) })
  .strict()
  .openapi('DrawResultsRequest');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export function registerInspectionWriteRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: { inspections: InspectionService; plans: PlanIntake; workflow: Workflow },
): void {
  const { inspections, plans, workflow } = deps;

  /** The caller may do `action` for the unit (a registered one); the audit note names the unit and target. */
  async function allow(c: Context, action: Action, uscc: string, target: string) {
    const note = auditNote(c);
    note.action = action;
    note.unit = uscc;
    note.target = target;
    const p = principal(c);
    // Role and unit first: a caller outside them learns nothing about the unit.
    workflow.guard(p, action, { unit: uscc }, note);
    note.regionCode = await workflow.unitRegion(uscc);
    workflow.guard(p, action, { unit: uscc, regionCode: note.regionCode }, note);
    return note;
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/inspection-plans',
      tags: ['inspections'],
      security,
      summary: '导入抽查工作计划 — every failing row and column at once, nothing stored unless all are valid',
      request: {
        params: z.object({ uscc: UsccParam }),
        body: { required: true, content: { 'application/json': { schema: PlanTableRequest } } },
      },
      responses: { 201: json(z.object({ plans: z.array(PlanView) }), 'the imported plans'), ...writeErrors },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const note = await allow(c, 'inspection.plan', uscc, 'inspection-plans');
      const plans = await inspections.importPlans(uscc, c.req.valid('json'));
      note.detail = { plans: plans.map((p) => p.planId) };
      return c.json({ plans }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/inspection-plans/table',
      tags: ['inspections'],
      security,
      summary:
        '上传抽查工作计划表 — CSV, XLSX or DOCX through the list intake; every error at once, nothing stored on error',
      description:
        'The plan table as published (计划名称 / 任务名称, 抽查事项, 抽查对象范围, 抽查比例(及频次), 实施时间, ' +
        '发起部门, 配合部门; docs/random-draws.md). `dryRun=true` answers how the file reads and stores nothing; ' +
        'otherwise its plans are stored (201) or, with any error, the errors come as 422 INVALID_ROWS.',
      request: {
        params: z.object({ uscc: UsccParam }),
        query: DryRunQuery,
        body: { required: true, content: PlanTableFileBody },
      },
      responses: {
        200: json(PlanTableFileAnswer, 'dry run: the mapping, the plans it would store, every error; nothing stored'),
        201: json(PlanTableFileAnswer, 'the plans stored'),
        ...writeErrors,
      },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const { dryRun } = c.req.valid('query');
      const note = await allow(c, 'inspection.plan', uscc, 'inspection-plans');
      const { file } = await readUpload(c, { fileRequired: true });
      const read = await plans.importPlanFile(uscc, { bytes: file!.bytes, name: file!.name }, { dryRun });
      note.detail = { file: file!.name, sha256: file!.sha256, dryRun, plans: read.plans.map((p) => p.planId) };
      return dryRun ? c.json({ dryRun, ...read }, 200) : c.json({ dryRun, ...read }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/draws',
      tags: ['inspections'],
      security,
      summary: '承诺一次抽取 — fixes every input and a future drand round, logged before the round exists',
      request: {
        params: z.object({ uscc: UsccParam }),
        body: { required: true, content: { 'application/json': { schema: CommitRequest } } },
      },
      responses: { 201: json(PublicDrawSchema, 'the committed draw'), ...writeErrors },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const body = c.req.valid('json');
      const note = await allow(c, 'inspection.draw', uscc, `draws/${body.planId}/${body.taskId}`);
      const draw = await inspections.commitDraw(uscc, body);
      note.target = `draws/${draw.drawId}`;
      note.afterHash = draw.commitmentHash;
      c.header('Location', `/v1/units/${uscc}/draws/${draw.drawId}`);
      return c.json(draw, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/draws/{drawId}/draw',
      tags: ['inspections'],
      security,
      summary: '执行抽取 — once the committed round exists: verified, sampled, the outcome hash logged',
      request: { params: z.object({ uscc: UsccParam, drawId: DrawIdParam }) },
      responses: { 200: json(PublicDrawSchema, 'the drawn draw (outcome withheld)'), ...writeErrors },
    }),
    async (c) => {
      const { uscc, drawId } = c.req.valid('param');
      const note = await allow(c, 'inspection.draw', uscc, `draws/${drawId}`);
      const draw = await inspections.executeDraw(uscc, drawId);
      note.afterHash = draw.outcomeHash;
      return c.json(draw, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/draws/{drawId}/assignment',
      tags: ['inspections'],
      security,
      summary: '抽取结果（内部）— the drawn targets and inspectors, for the unit that inspects them before publication',
      request: { params: z.object({ uscc: UsccParam, drawId: DrawIdParam }) },
      responses: {
        200: json(
          z.object({
            drawId: z.string(),
            state: z.string(),
            targets: z.array(z.object({ uscc: z.string(), inspectors: z.array(z.string()) })),
          }),
          'the outcome in draw order (empty before the draw)',
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      const { uscc, drawId } = c.req.valid('param');
      // The outcome stays withheld from the public until published; reading it is the unit's and is audited.
      await allow(c, 'inspection.draw', uscc, `draws/${drawId}/assignment`);
      const draw = await inspections.getDraw(uscc, drawId);
      const targets = await inspections.drawnTargets(uscc, drawId);
      c.header('Cache-Control', 'private, no-store');
      return c.json({ drawId, state: draw.state, targets }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/draws/{drawId}/results',
      tags: ['inspections'],
      security,
      summary: '记录检查结果 — once every drawn target has one, the outcome and results are published',
      request: {
        params: z.object({ uscc: UsccParam, drawId: DrawIdParam }),
        body: { required: true, content: { 'application/json': { schema: ResultsRequest } } },
      },
      responses: { 200: json(PublicDrawSchema, 'the draw, published when complete'), ...writeErrors },
    }),
    async (c) => {
      const { uscc, drawId } = c.req.valid('param');
      const note = await allow(c, 'inspection.draw', uscc, `draws/${drawId}/results`);
      const draw = await inspections.recordResults(uscc, drawId, c.req.valid('json').results);
      note.afterHash = draw.resultsHash;
      return c.json(draw, 200);
    },
  );
}
