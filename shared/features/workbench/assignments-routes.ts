/**
 * Role assignments as JSON for administrators (the API twin of the 人员指派 pages): list those in the
 * administrator's region, assign, revoke. Both call the same WorkbenchService methods, so the refusals, their
 * codes and Chinese messages are the pages' own; the write routes' audit trail records every attempt.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ASSIGNABLE_ROLES, AssignmentSchema, LegacyAssignmentSchema } from '../auth/index.js';
import { auditNote, json, principal, security, writeErrors } from '../workflow/index.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import type { WorkbenchService } from './service.js';

const AssignmentRequest = z
  .object({
    userId: z.string().openapi({ description: 'sign-in name: the Cognito username, the local user id' }),
    role: z.enum(ASSIGNABLE_ROLES),
    scope: z
      .string()
      .openapi({ description: '统一社会信用代码 (editor) or GB/T 2260 region code (reviewer, auditor)' }),
  })
  .openapi('AssignmentRequest');

const AssignmentList = z
  .object({
    regionPrefix: z.string().openapi({ description: 'the administrator’s region prefix (empty: every region)' }),
    assignments: z.array(AssignmentSchema),
  })
  .openapi('AssignmentList');

const MigrationAnswer = z
  .object({
    migrated: z.array(AssignmentSchema).openapi({ description: 'moved to the `sub` of the user holding the name now' }),
    dropped: z
      .array(
        z.object({
          assignment: LegacyAssignmentSchema,
          why: z.enum(['NO_SUCH_USER', 'USER_CREATED_LATER']).openapi({
            description: 'no user has the name now, or its user was created after the grant (it is not inherited)',
          }),
        }),
      )
      .openapi({ description: 'removed; each is named in the audit record' }),
  })
  .openapi('AssignmentMigration');

export function registerAssignmentRoutes(app: OpenAPIHono<AppEnv>, service: WorkbenchService): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/assignments',
      tags: ['assignments'],
      security,
      summary: '人员指派 — the role assignments in the administrator’s region, by region, role and scope',
      responses: { 200: json(AssignmentList, 'the assignments'), ...writeErrors },
    }),
    async (c) => {
      const p = principal(c);
      const note = auditNote(c);
      note.action = 'assignment.list';
      const assignments = await service.assignmentsInRegion(p, note);
      c.header('Cache-Control', 'private, no-store');
      return c.json({ regionPrefix: p.regionPrefix ?? '', assignments }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/assignments',
      tags: ['assignments'],
      security,
      summary: '指派 — make a user the editor of a unit or the reviewer or auditor of a region within the admin’s',
      request: { body: { required: true, content: { 'application/json': { schema: AssignmentRequest } } } },
      responses: { 201: json(AssignmentSchema, 'assigned'), ...writeErrors },
    }),
    async (c) => {
      const assignment = await service.assign(principal(c), c.req.valid('json'), auditNote(c));
      return c.json(assignment, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/assignments/revoke',
      tags: ['assignments'],
      security,
      summary: '撤销指派 — revoke an assignment granted in the administrator’s region',
      request: { body: { required: true, content: { 'application/json': { schema: AssignmentRequest } } } },
      responses: { 200: json(AssignmentSchema, 'the revoked assignment'), ...writeErrors },
    }),
    async (c) => {
      const removed = await service.revoke(principal(c), c.req.valid('json'), auditNote(c));
      return c.json(removed, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/assignments/migrate',
      tags: ['assignments'],
      security,
      summary: '迁移旧授权 — move the region’s grants stored under a sign-in name (before `sub`) to their users',
      responses: { 200: json(MigrationAnswer, 'what was moved and what was dropped, and why'), ...writeErrors },
    }),
    async (c) => c.json(await service.migrateLegacyAssignments(principal(c), auditNote(c)), 200),
  );
}
