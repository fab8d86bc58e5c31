/**
 * Entity registration and changes (执法主体登记): PUT /v1/units/{uscc} by an admin
 * creates an entity draft that a reviewer approves like any list (stream `entity`).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../core/errors.js';
import { entityKind } from '../../core/kinds/index.js';
import { validateJsonItems } from '../spreadsheets/index.js';
import { draftEtag } from './drafts.js';
import type { Workflow } from './service.js';
import { uploadError } from './uploads.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { Item, UsccParam } from '../../platform/http/schemas.js';
import { auditNote, principal } from './http/request-state.js';
import { DraftFields, DraftView, draftView, json, security, writeErrors } from './http/views.js';

const EntityRequest = DraftFields.extend({
  entity: Item.openapi({
    description:
      'the entity record: name, uscc, nature, domain, regionCode, authorityBasis, address, ' +
      'phone, complaintChannel, status',
  }),
}).openapi('EntityDraftRequest');

export function registerEntityAdminRoutes(app: OpenAPIHono<AppEnv>, workflow: Workflow): void {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/units/{uscc}',
      tags: ['drafts'],
      security,
      summary: '登记或变更执法主体 — an entity draft (admin) that follows the same review path',
      request: {
        params: z.object({ uscc: UsccParam }),
        headers: z.object({
          'if-match': z.string().optional().openapi({ description: 'content hash of the current entity record' }),
        }),
        body: { required: true, content: { 'application/json': { schema: EntityRequest } } },
      },
      responses: { 201: json(DraftView, 'the entity draft'), ...writeErrors },
    }),
    async (c) => {
      const p = principal(c);
      const note = auditNote(c);
      note.action = 'entity.draft';
      note.unit = c.req.valid('param').uscc;
      note.target = 'entity';
      const { uscc } = c.req.valid('param');
      const body = c.req.valid('json');
      // Role first: a non-admin learns nothing from validation messages.
      workflow.guard(p, 'entity.draft', { unit: uscc }, note);
      const parsed = validateJsonItems(entityKind, [body.entity], 'entity');
      if (parsed.errors.length > 0) throw uploadError(parsed.errors, parsed.warnings);
      const entity = parsed.items[0]!;
      if (entity.uscc !== uscc) {
        throw new AppError('UNPROCESSABLE', '请求体中的统一社会信用代码与路径不一致', {
          reason: 'USCC_MISMATCH',
          path: uscc,
          body: entity.uscc,
        });
      }
      const { entity: _e, ...fields } = body;
      const draft = await workflow.createDraft(
        p,
        {
          unit: uscc,
          stream: entityKind.id,
          action: 'entity',
          items: [entity],
          effectiveFrom: fields.effectiveFrom,
          documentNumber: fields.documentNumber,
          note: fields.note,
          revisionOf: fields.revisionOf,
          source: 'json',
          warnings: parsed.warnings,
          ifMatch: c.req.header('if-match'),
        },
        note,
      );
      c.header('ETag', draftEtag(draft));
      c.header('Location', `/v1/drafts/${draft.id}`);
      return c.json(draftView(draft), 201);
    },
  );
}
