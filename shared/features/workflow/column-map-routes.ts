/** The column maps remembered for a unit's list kind: what the next upload of each layout will apply. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Registry } from '../lists/index.js';
import type { ColumnMapStore } from '../spreadsheets/index.js';
import type { Workflow } from './service.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { KindParam, UsccParam } from '../../platform/http/schemas.js';
import { auditNote, principal } from './http/request-state.js';
import { json, security, writeErrors } from './http/views.js';

const RememberedColumnMapView = z
  .object({
    headingKey: z.string().openapi({ description: 'identity of the heading row the map applies to' }),
    headings: z.array(z.string()).openapi({ description: 'that heading row, as published' }),
    map: z.record(z.string(), z.string()).openapi({ description: 'heading as published → field (or additional)' }),
    confirmedBy: z.string(),
    confirmedAt: z.string(),
    source: z.string().openapi({ description: 'the file it was confirmed with' }),
  })
  .openapi('RememberedColumnMap');

export function registerColumnMapRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: { registry: Registry; workflow: Workflow; columnMaps: ColumnMapStore },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/lists/{kind}/column-maps',
      tags: ['drafts'],
      security,
      summary: '已确认的列映射 — column maps confirmed for this unit and kind, one per heading row, latest first',
      request: { params: z.object({ uscc: UsccParam, kind: KindParam }) },
      responses: {
        200: json(
          z.object({ unit: z.string(), kind: z.string(), columnMaps: z.array(RememberedColumnMapView) }),
          'remembered maps',
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      const { uscc, kind } = c.req.valid('param');
      const p = principal(c);
      const note = auditNote(c);
      note.unit = uscc;
      note.target = `list:${kind}`;
      deps.registry.requireListKind(kind);
      deps.workflow.guard(p, 'draft.read', { unit: uscc, regionCode: await deps.workflow.unitRegion(uscc) }, note);
      const maps = await deps.columnMaps.list(uscc, kind);
      c.header('Cache-Control', 'private, no-store');
      return c.json(
        {
          unit: uscc,
          kind,
          columnMaps: maps.map(({ unit: _u, kind: _k, ...view }) => ({ ...view, map: { ...view.map } })),
        },
        200,
      );
    },
  );
}
