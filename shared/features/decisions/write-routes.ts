/**
 * Authenticated routes of 事后公示, for the editors of a unit (the same role and scope as drafting its lists:
 * `list.draft` in the auth policy): record a decision (or preview its public form without recording), import a
 * CSV/XLSX file of decisions, publish, withdraw with the revoking act, state a month's counts. Answers to these
 * routes carry the private record and are never cached.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../core/errors.js';
import { isValidIsoDate } from '../../core/dates.js';
import { authorize, type Authenticator, type Principal } from '../auth/index.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { errorResponses, UsccParam } from '../../platform/http/schemas.js';
import { DECISION_ID, parseDecisionId } from './keys.js';
import type { DecisionReports } from './reports.js';
import type { Decisions } from './service.js';
import { WITHDRAWAL_GROUNDS } from './store.js';
import { importDecisionFile } from './import.js';

export interface DecisionWriteDeps {
  decisions: Decisions;
  reports: DecisionReports;
  auth: Authenticator;
}

interface LambdaEnv {
  event?: { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } };
}

/** The caller, allowed to act for `unit` as its editor; 401 or 403 otherwise. */
async function editorOf(c: Context, auth: Authenticator, unit: string): Promise<Principal> {
  const env = c.env as LambdaEnv | undefined;
  const p = await auth.authenticate({
    authorization: c.req.header('authorization'),
    lambdaClaims: env?.event?.requestContext?.authorizer?.jwt?.claims,
  });
  const verdict = authorize(p, 'list.draft', { unit });
  if (!verdict.allowed) throw new AppError('FORBIDDEN', verdict.message, { reason: verdict.reason, unit });
  c.header('Cache-Control', 'no-store');
  return p;
}

const Body = z.record(z.string(), z.unknown()).openapi('DecisionBody', {
  description: 'a decision: number, type, party, facts, basis, penaltyKinds, fineYuan, content, procedure, …',
});
const Result = z.record(z.string(), z.unknown());
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const security = [{ bearerAuth: [] }];
const errors = {
  ...errorResponses,
  401: json(Result, 'not signed in'),
  403: json(Result, 'not an editor of this unit'),
  409: json(Result, 'conflict'),
  422: json(Result, 'every problem, by row and column'),
};
const IdParam = z.object({ id: z.string().regex(DECISION_ID, '决定编号格式无效') });
const unitOfId = (id: string) => parseDecisionId(id)!.unit;

export function registerDecisionWriteRoutes(app: OpenAPIHono<AppEnv>, deps: DecisionWriteDeps): void {
  const { decisions, reports, auth } = deps;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/decisions',
      tags: ['decisions'],
      security,
      summary: '登记执法决定 — record a decision (publish=true publishes it now); returns the salt for the party',
      request: {
        params: z.object({ uscc: UsccParam }),
        query: z.object({ publish: z.enum(['true', 'false']).optional() }),
        body: { required: true, content: { 'application/json': { schema: Body } } },
      },
      responses: { 201: json(Result, 'the decision as recorded, its public preview and the salt'), ...errors },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const p = await editorOf(c, auth, uscc);
      const out = await decisions.record(uscc, c.req.valid('json'), {
        publish: c.req.valid('query').publish === 'true',
        recordedBy: p.sub,
      });
      return c.json(out, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/decisions/preview',
      tags: ['decisions'],
      security,
      summary:
        '公示预览 — what the public would see of a decision, its publicity rule and deadline; nothing is written',
      request: {
        params: z.object({ uscc: UsccParam }),
        body: { required: true, content: { 'application/json': { schema: Body } } },
      },
      responses: { 200: json(Result, 'the preview'), ...errors },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      await editorOf(c, auth, uscc);
      const { records, issues } = await decisions.prepare(uscc, [{ body: c.req.valid('json') }]);
      if (issues.length > 0)
        throw new AppError('UNPROCESSABLE', `执法决定未通过校验（${issues.length}处问题）`, {
          reason: 'INVALID_DECISIONS',
          errors: issues,
        });
      const { salt: _salt, ...record } = records[0]!;
      const view = decisions.unitView(record);
      return c.json(
        { preview: view.preview, state: view.state, publicity: view.publicity, publication: view.publication },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/decisions/import',
      tags: ['decisions'],
      security,
      summary: '批量导入执法决定 — a CSV or XLSX file as the request body (?file=name.xlsx); all rows or none',
      request: {
        params: z.object({ uscc: UsccParam }),
        query: z.object({ file: z.string().min(1).max(200), publish: z.enum(['true', 'false']).optional() }),
      },
      responses: { 201: json(Result, 'counts and the salt of each decision'), ...errors },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const p = await editorOf(c, auth, uscc);
      const q = c.req.valid('query');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const out = await importDecisionFile(decisions, uscc, bytes, q.file, {
        publish: q.publish === 'true',
        recordedBy: p.sub,
      });
      return c.json(out, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/decisions/{id}/publish',
      tags: ['decisions'],
      security,
      summary: '公示 — make a recorded decision public (redacted)',
      request: { params: IdParam },
      responses: { 200: json(Result, 'the decision'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await editorOf(c, auth, unitOfId(id));
      return c.json(await decisions.publish(id, unitOfId(id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/decisions/{id}/withdrawal',
      tags: ['decisions'],
      security,
      summary: '撤回公示 — withdraw after the revoking act (or 信用修复); the act and its reason stay public',
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                ground: z.enum(WITHDRAWAL_GROUNDS),
                actNumber: z.string().trim().min(1).max(100),
                actDate: z.string().refine(isValidIsoDate, 'actDate 应为 YYYY-MM-DD'),
                reason: z.string().trim().min(1).max(2000),
              }),
            },
          },
        },
      },
      responses: { 200: json(Result, 'the public trace of the withdrawal'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await editorOf(c, auth, unitOfId(id));
      return c.json(await decisions.withdraw(id, c.req.valid('json'), unitOfId(id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/units/{uscc}/decision-statements/{month}',
      tags: ['decisions'],
      security,
      summary: '月度数量声明 — a signed statement of how many decisions of each type the unit made in a month',
      request: {
        params: z.object({ uscc: UsccParam, month: z.string().regex(/^\d{4}-\d{2}$/, '月份格式应为 YYYY-MM') }),
        body: {
          required: true,
          content: {
            'application/json': { schema: z.object({ counts: z.record(z.string(), z.number().int().min(0)) }) },
          },
        },
      },
      responses: { 201: json(Result, 'the signed statement'), ...errors },
    }),
    async (c) => {
      const { uscc, month } = c.req.valid('param');
      const p = await editorOf(c, auth, uscc);
      return c.json(await reports.stateMonth(uscc, month, c.req.valid('json').counts, p.sub), 201);
    },
  );
}
