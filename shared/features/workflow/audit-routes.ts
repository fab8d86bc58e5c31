/**
 * The audit trail (全过程记录) for auditors: one unit's records in order with their
 * hash links checked, or every unit of the auditor's region in time order; as
 * JSON pages, or exported whole as CSV or JSON Lines.
 */
import { entityKind } from '../../core/kinds/index.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { stringify } from 'csv-stringify/sync';
import { isValidIsoDate } from '../../core/dates.js';
import { neutraliseCell } from '../../core/neutralise.js';
import type { AuditQuery, AuditStore } from './audit-store.js';
import { ANONYMOUS_AUDIT_STREAM, GLOBAL_AUDIT_STREAM, verifyChain, type AuditRecord } from './audit.js';
import type { Workflow } from './service.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { CursorQuery, LimitQuery } from '../../platform/http/schemas.js';
import { attachment } from '../../platform/http/content-disposition.js';
import { AppError } from '../../core/errors.js';
import { auditNote, principal } from './http/request-state.js';
import { security, writeErrors } from './http/views.js';

/** A bare date means the start (from) or end (to) of that China day. */
const Bound = (end: boolean) =>
  z
    .string()
    .refine(
      (s) =>
        (isValidIsoDate(s) || /^\d{4}-\d{2}-\d{2}T/.test(s)) &&
        !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00+08:00` : s)),
      '时间应为 YYYY-MM-DD 或 ISO 8601',
    )
    .transform((s) =>
      new Date(s.length === 10 ? `${s}T${end ? '23:59:59.999' : '00:00:00.000'}+08:00` : s).toISOString(),
    )
    .optional();

const AuditRecordSchema = z
  .object({
    seq: z.number(),
    time: z.string(),
    actor: z.string(),
    role: z.string(),
    unit: z.string(),
    regionCode: z.string(),
    action: z.string(),
    target: z.string(),
    outcome: z.enum(['succeeded', 'denied', 'refused', 'failed']),
    status: z.number(),
    code: z.string().optional(),
    beforeHash: z.string().optional(),
    afterHash: z.string().optional(),
    requestId: z.string(),
    sourceIp: z.string(),
    userAgent: z.string(),
    detail: z.record(z.string(), z.unknown()).optional(),
    prevHash: z.string().nullable(),
    hash: z.string(),
  })
  .openapi('AuditRecord');

const COLUMNS: Array<keyof AuditRecord> = [
  'unit',
  'seq',
  'time',
  'actor',
  'role',
  'action',
  'target',
  'outcome',
  'status',
  'code',
  'beforeHash',
  'afterHash',
  'requestId',
  'sourceIp',
  'userAgent',
  'detail',
  'prevHash',
  'hash',
];
const EXPORT_MAX = 100_000;

export function registerAuditRoutes(app: OpenAPIHono<AppEnv>, deps: { audit: AuditStore; workflow: Workflow }): void {
  const { audit, workflow } = deps;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit',
      tags: ['audit'],
      security,
      summary:
        '全过程记录 — the audit trail (auditors, within their region); format=csv|jsonl exports every matching record',
      request: {
        query: z.object({
          unit: z
            .string()
            .regex(/^[0-9A-Za-z]{1,18}$/, '应为统一社会信用代码、GLOBAL 或 ANONYMOUS')
            .optional()
            .openapi({
              description:
                `a credit code, ${GLOBAL_AUDIT_STREAM} for requests that named no ` +
                `unit, or ${ANONYMOUS_AUDIT_STREAM} for refusals of callers without a valid token ` +
                `(rate-limited); absent: every unit of the caller's region, in time order`,
            }),
          actor: z.string().max(200).optional(),
          action: z.string().max(100).optional(),
          from: Bound(false),
          to: Bound(true),
          limit: LimitQuery(1000, 100),
          cursor: CursorQuery,
          format: z.enum(['json', 'csv', 'jsonl']).default('json'),
        }),
      },
      responses: {
        200: {
          description: 'records (JSON page), or the whole export',
          content: {
            'application/json': {
              schema: z.object({
                records: z.array(AuditRecordSchema),
                chain: z.unknown(),
                nextCursor: z.string().optional(),
              }),
            },
            'text/csv': { schema: z.string() },
            'application/x-ndjson': { schema: z.string() },
          },
        },
        ...writeErrors,
      },
    }),
    async (c) => {
      const p = principal(c);
      const note = auditNote(c);
      note.action = 'audit.read';
      const q = c.req.valid('query');
      if (q.from && q.to && q.from > q.to)
        throw new AppError('VALIDATION_FAILED', '起始时间不能晚于结束时间', [
          { path: 'from', code: 'custom', message: `from（${q.from}）晚于 to（${q.to}）` },
        ]);
      const unit = q.unit?.toUpperCase();
      let fetch: (query: AuditQuery) => Promise<{ records: AuditRecord[]; lastKey?: Record<string, unknown> }>;
      if (unit === GLOBAL_AUDIT_STREAM || unit === ANONYMOUS_AUDIT_STREAM) {
        workflow.guard(p, 'audit.read', { global: true }, note);
        fetch = (query) => audit.listUnit(unit, query);
      } else if (unit) {
        note.unit = unit;
        const head = await workflow.registry.store.getHead(unit, entityKind.id);
        workflow.guard(p, 'audit.read', { unit, regionCode: head?.regionCode }, note);
        fetch = (query) => audit.listUnit(unit, query);
      } else {
        workflow.guard(p, 'audit.read', { regionCode: p.regionPrefix }, note);
        const prefix = p.regionPrefix ?? '\u0000';
        fetch = (query) => audit.listAcross(prefix, query);
      }
      const base = { actor: q.actor, action: q.action, from: q.from, to: q.to };
      c.header('Cache-Control', 'private, no-store');

      if (q.format !== 'json') {
        const records: AuditRecord[] = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await fetch({ ...base, limit: 1000, startKey });
          records.push(...page.records);
          startKey = page.lastKey;
        } while (startKey && records.length < EXPORT_MAX);
        const name = `audit-${unit ?? 'region'}`;
        c.header('Content-Disposition', attachment(`${name}.${q.format === 'csv' ? 'csv' : 'jsonl'}`));
        if (q.format === 'jsonl') {
          c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
          return c.body(records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''), 200) as never;
        }
        const rows = records.map((r) =>
          COLUMNS.map((k) =>
            neutraliseCell(
              r[k] === undefined || r[k] === null ? '' : typeof r[k] === 'object' ? JSON.stringify(r[k]) : String(r[k]),
            ),
          ),
        );
        c.header('Content-Type', 'text/csv; charset=utf-8');
        return c.body(`\ufeff${stringify([COLUMNS, ...rows], { record_delimiter: 'windows' })}`, 200) as never;
      }

      const startKey = q.cursor
        ? decodeCursor(q.cursor, z.object({ k: z.record(z.string(), z.union([z.string(), z.number()])) })).k
        : undefined;
      const page = await fetch({ ...base, limit: q.limit, startKey });
      // Links are checkable only on one unit's unfiltered, contiguous records.
      const contiguous = unit && !q.actor && !q.action && !q.from && !q.to;
      return c.json(
        {
          records: page.records,
          chain: contiguous
            ? verifyChain(page.records)
            : { checked: false, reason: 'records of several units or filtered: check per unit without filters' },
          ...(page.lastKey ? { nextCursor: encodeCursor({ k: page.lastKey }) } : {}),
        },
        200,
      );
    },
  );
}
