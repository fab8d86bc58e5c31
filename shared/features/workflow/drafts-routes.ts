/**
 * Drafts and legal review (法制审核): upload → dry run / draft → submit → review →
 * publish, and repeal drafts. Authenticated; every change is recorded in the audit
 * trail by the middleware (./../write/audit-trail.ts) from the note each route fills.
 */
import { entityKind } from '../../core/kinds/index.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { contentHash, sha256Hex } from '../../core/canonical-json.js';
import { diffVersions } from '../../core/diff.js';
import { AppError } from '../../core/errors.js';
import type { RecordKind } from '../../core/kinds/index.js';
import type { Registry } from '../lists/index.js';
import { versionNotes, type ColumnMapStore } from '../spreadsheets/index.js';
import { COLUMN_MAP_DOC, parseColumnMapField, WORKBOOK_COLUMN_MAP_DOC } from './http/column-map-field.js';
import type { IdempotencyStore } from './idempotency-store.js';
import { DRAFT_STATUSES, draftEtag, ReviewInputSchema, type Draft } from './drafts.js';
import type { Workflow } from './service.js';
import {
  fileCandidate,
  jsonCandidate,
  uploadError,
  withStoredChecks,
  workbookCandidates,
  type Candidate,
} from './uploads.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import type { ParseGate } from '../../platform/parse-gate.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import {
  CursorQuery,
  documented,
  ErrorSchema,
  Item,
  KindParam,
  LimitQuery,
  UsccParam,
  VersionMeta,
} from '../../platform/http/schemas.js';
import { idempotencyKey, withIdempotency } from './http/idempotency.js';
import { auditNote, principal } from './http/request-state.js';
import { readUpload } from './http/upload-body.js';
import {
  DraftFields,
  DraftIdParam,
  DraftView,
  draftView,
  DryRunQuery,
  ifMatchRev,
  json,
  parseFields,
  security,
  writeErrors,
  type DraftFieldsT,
} from './http/views.js';

export interface DraftRouteDeps {
  registry: Registry;
  workflow: Workflow;
  idempotency: IdempotencyStore;
  columnMaps: ColumnMapStore;
  parseGate: ParseGate;
}

const multipart = (extra: Record<string, unknown> = {}) => ({
  'multipart/form-data': {
    // A plain OpenAPI schema: documented, but parsed by the route itself (limits, all-at-once errors).
    schema: {
      type: 'object',
      required: ['file', 'effectiveFrom'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or .xlsx, ≤ 10 MB, ≤ 20,000 rows',
        },
        effectiveFrom: { type: 'string', example: '2024-07-01' },
        documentNumber: { type: 'string' },
        note: { type: 'string' },
        revisionOf: { type: 'string' },
        ...extra,
      },
    } as never,
  },
});

const DraftJsonBody = DraftFields.extend({
  items: z.array(Item).openapi({ description: 'list items: English field names or Chinese column names' }),
}).openapi('DraftUpload');

const FileIssueSchema = z
  .object({
    file: z.string(),
    sheet: z.string().optional(),
    row: z.number().optional(),
    column: z.string().optional(),
    field: z.string().optional(),
    value: z.string().optional(),
    code: z.string(),
    message: z.string(),
  })
  .openapi('FileIssue');

const DryRunList = z.object({
  kind: z.string(),
  sheet: z.string().optional(),
  valid: z.boolean(),
  rows: z.number(),
  encoding: z.string().optional(),
  itemCount: z.number(),
  items: z.array(Item),
  errors: z.array(FileIssueSchema),
  warnings: z.array(FileIssueSchema),
  mapping: z
    .array(
      z.object({
        index: z.number(),
        heading: z.string(),
        field: z.string().optional(),
        how: z.enum(['user', 'exact', 'rule', 'additional', 'empty']),
        why: z.string(),
      }),
    )
    .optional()
    .openapi({ description: 'every column: heading as published → field, how and why (files only)' }),
  headingKey: z.string().optional().openapi({ description: 'identity of the heading row (remembered maps)' }),
  columnMap: z
    .object({ source: z.enum(['request', 'remembered']), map: z.record(z.string(), z.string()) })
    .optional()
    .openapi({ description: 'the column map applied: sent with this request, or remembered for this heading row' }),
  base: z.object({ inForceVersion: z.number().nullable(), latestVersion: z.number() }),
  diff: z
    .unknown()
    .openapi({ description: 'added / removed / changed (with changed fields) / moved against the version in force' }),
});

/** A workbook's mapping: every list sheet's columns, each with its sheet. */
const sheetMapping = (c: Candidate) => (c.mapping ?? []).map((m) => ({ ...m, ...(c.sheet ? { sheet: c.sheet } : {}) }));

/** Uploads are parsed under the process's parse gate (shared/platform/parse-gate.ts). */
const busy = {
  503: {
    description: 'too many uploads being parsed in this process: retry after the Retry-After seconds',
    headers: { 'Retry-After': { schema: { type: 'integer' as const }, description: 'seconds' } },
    content: { 'application/json': { schema: ErrorSchema } },
  },
};

const ItemsCursor = z.object({ o: z.number().int().nonnegative() });

/** Diff of candidate items against the list in force today (nothing in force: everything is added). */
async function dryRunList(registry: Registry, unit: string, kind: RecordKind, c: Candidate) {
  const [head, inForce] = await Promise.all([
    registry.store.getHead(unit, kind.id),
    registry.getListInForce(unit, kind.id).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return undefined;
      throw e;
    }),
  ]);
  return {
    kind: kind.id,
    ...(c.sheet ? { sheet: c.sheet } : {}),
    valid: c.errors.length === 0,
    rows: c.rows,
    ...(c.encoding ? { encoding: c.encoding } : {}),
    itemCount: c.items.length,
    items: c.items,
    errors: c.errors,
    warnings: c.warnings,
    ...(c.mapping ? { mapping: c.mapping } : {}),
    ...(c.headingKey ? { headingKey: c.headingKey } : {}),
    ...(c.columnMap ? { columnMap: c.columnMap } : {}),
    base: { inForceVersion: inForce?.meta.version ?? null, latestVersion: head?.version ?? 0 },
    diff: diffVersions(kind, inForce?.items ?? [], c.items),
  };
}

function fingerprint(
  fields: DraftFieldsT,
  body: { file?: { sha256: string; name: string }; items?: unknown },
  columnMap?: Readonly<Record<string, string>>,
) {
  return {
    fields,
    ...(columnMap ? { columnMap } : {}),
    content: body.file
      ? { file: body.file.name, sha256: body.file.sha256 }
      : { items: requestHash(body.items ?? null) },
  };
}

/** The hash of raw request items: canonical JSON when it has one; ill-formed text (a lone surrogate) is
 * hashed as its JSON text instead, so the request reaches validation and gets its row errors. */
function requestHash(items: unknown): string {
  try {
    return contentHash(items);
  } catch {
    return sha256Hex(JSON.stringify(items));
  }
}

export function registerDraftRoutes(app: OpenAPIHono<AppEnv>, deps: DraftRouteDeps): void {
  const { registry, workflow } = deps;
  const now = () => registry.store.now();

  // ------------------------------------------------------------------ upload one list
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/lists/{kind}/drafts',
      tags: ['drafts'],
      security,
      summary:
        '上传清单草稿 — a new version of a list as a draft (JSON items or a CSV/XLSX file); ' +
        '?dryRun=true validates and diffs only',
      request: {
        params: z.object({ uscc: UsccParam, kind: KindParam }),
        query: DryRunQuery,
        headers: z.object({
          'idempotency-key': z
            .string()
            .optional()
            .openapi({ description: 'same key and body: the first response is replayed; another body: 422' }),
          'if-match': z
            .string()
            .optional()
            .openapi({ description: 'ETag (content hash) of the list head the draft is based on' }),
        }),
        body: {
          required: false,
          content: { 'application/json': { schema: DraftJsonBody }, ...multipart({ columnMap: COLUMN_MAP_DOC }) },
        },
      },
      responses: {
        200: json(
          z.object({ dryRun: z.literal(true), unit: z.string(), lists: z.array(DryRunList) }),
          'dry run: parsed items, every row error, the diff; nothing stored',
        ),
        201: json(DraftView, 'the draft'),
        ...writeErrors,
        ...busy,
      },
    }),
    async (c) => {
      const p = principal(c);
      const note = auditNote(c);
      const { uscc, kind } = c.req.valid('param');
      const { dryRun } = c.req.valid('query');
      note.action = dryRun ? 'draft.dry-run' : 'draft.create';
      const prepared = await workflow.prepareListDraft(p, uscc, kind, 'publish', note);
      const def = registry.requireListKind(kind);
      const body = await readUpload(c);
      const { columnMap: columnMapField, ...rest } = body.fields;
      const fields = parseFields(rest);
      const columnMap = parseColumnMapField(columnMapField);
      const remembered = (key: string) => deps.columnMaps.get(uscc, def.id, key).then((r) => r?.map);
      const file = body.file;
      const parse = async () =>
        withStoredChecks(
          registry,
          uscc,
          file
            ? await deps.parseGate.run(() => fileCandidate(def, file.bytes, file.name, columnMap, remembered))
            : jsonCandidate(def, body.items),
        );
      if (dryRun) {
        const candidate = await parse();
        return c.json(
          { dryRun: true as const, unit: uscc, lists: [await dryRunList(registry, uscc, def, candidate)] },
          200,
        );
      }
      return withIdempotency(
        c,
        deps.idempotency,
        now(),
        p.sub,
        idempotencyKey(c),
        fingerprint(fields, body, columnMap),
        async () => {
          const candidate = await parse();
          if (candidate.errors.length > 0) throw uploadError(candidate.errors, candidate.warnings, candidate.mapping);
          const draft = await workflow.createDraft(
            p,
            {
              unit: uscc,
              stream: def.id,
              action: 'publish',
              items: candidate.items,
              effectiveFrom: fields.effectiveFrom,
              documentNumber: fields.documentNumber,
              note: fields.note,
              listNotes: versionNotes(candidate),
              revisionOf: fields.revisionOf,
              source: body.file ? body.file.name : 'json',
              warnings: candidate.warnings,
              ifMatch: c.req.header('if-match'),
            },
            note,
            prepared,
          );
          // The map the clerk sent is confirmed by creating the draft: remembered for the next upload of this layout.
          if (body.file && columnMap && candidate.headingKey)
            await deps.columnMaps.put({
              unit: uscc,
              kind: def.id,
              headingKey: candidate.headingKey,
              headings: (candidate.mapping ?? []).map((m) => m.heading),
              map: columnMap,
              confirmedBy: p.sub,
              confirmedAt: now().toISOString(),
              source: body.file.name,
            });
          return {
            status: 201,
            body: draftView(draft),
            headers: { ETag: draftEtag(draft), Location: `/v1/drafts/${draft.id}` },
          };
        },
      ) as never;
    },
  );

  // ------------------------------------------------------------------ upload a workbook: one draft per list sheet
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/drafts',
      tags: ['drafts'],
      security,
      summary:
        '上传多清单工作簿 — a workbook whose sheets are named by list names becomes one draft per sheet; a combined ' +
        'list (免罚轻罚清单, by its file name; CSV, .xlsx or .docx) one draft per kind it holds (all or none)',
      request: {
        params: z.object({ uscc: UsccParam }),
        query: DryRunQuery,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: { required: true, content: multipart({ columnMap: WORKBOOK_COLUMN_MAP_DOC }) },
      },
      responses: {
        200: json(
          z.object({
            dryRun: z.literal(true),
            unit: z.string(),
            lists: z.array(DryRunList),
            warnings: z.array(FileIssueSchema),
          }),
          'dry run',
        ),
        201: json(
          z.object({ drafts: z.array(DraftView), warnings: z.array(FileIssueSchema) }),
          'one draft per list sheet',
        ),
        ...writeErrors,
        ...busy,
      },
    }),
    async (c) => {
      const p = principal(c);
      const note = auditNote(c);
      const { uscc } = c.req.valid('param');
      const { dryRun } = c.req.valid('query');
      note.action = dryRun ? 'draft.dry-run' : 'draft.create';
      note.target = 'workbook';
      // Scope is checked against the unit before the file is even read.
      await workflow.prepareListDraft(p, uscc, 'inspection-items', 'publish', note);
      note.target = 'workbook';
      const body = await readUpload(c, { fileRequired: true });
      const { columnMap: columnMapField, ...rest } = body.fields;
      const fields = parseFields(rest);
      const columnMap = parseColumnMapField(columnMapField);
      const file = body.file!;
      const remembered = (kind: string, key: string) => deps.columnMaps.get(uscc, kind, key).then((r) => r?.map);
      const parse = () => deps.parseGate.run(() => workbookCandidates(file.bytes, file.name, columnMap, remembered));
      if (dryRun) {
        const wb = await parse();
        if (wb.errors.length > 0) throw uploadError(wb.errors, wb.warnings);
        const lists = await Promise.all(
          wb.candidates.map(async (cand) =>
            dryRunList(
              registry,
              uscc,
              registry.requireListKind(cand.kind),
              await withStoredChecks(registry, uscc, cand),
            ),
          ),
        );
        return c.json({ dryRun: true as const, unit: uscc, lists, warnings: wb.warnings }, 200);
      }
      return withIdempotency(
        c,
        deps.idempotency,
        now(),
        p.sub,
        idempotencyKey(c),
        fingerprint(fields, body, columnMap),
        async () => {
          const parsed = await parse();
          const candidates = await Promise.all(parsed.candidates.map((x) => withStoredChecks(registry, uscc, x)));
          const wb = { ...parsed, candidates };
          const errors = [...wb.errors, ...wb.candidates.flatMap((x) => x.errors)];
          if (errors.length > 0)
            throw uploadError(errors, wb.warnings, columnMap ? wb.candidates.flatMap(sheetMapping) : undefined);
          const drafts: Draft[] = [];
          const ids: string[] = [];
          for (const cand of wb.candidates) {
            const sub = { ...note };
            const prepared = await workflow.prepareListDraft(p, uscc, cand.kind, 'publish', sub);
            const draft = await workflow.createDraft(
              p,
              {
                unit: uscc,
                stream: cand.kind,
                action: 'publish',
                items: cand.items,
                effectiveFrom: fields.effectiveFrom,
                documentNumber: fields.documentNumber,
                note: fields.note,
                listNotes: versionNotes(cand),
                source: `${file.name}#${cand.part}`,
                warnings: cand.warnings,
              },
              sub,
              prepared,
            );
            drafts.push(draft);
            ids.push(draft.id);
            // Each sheet remembers the entries of the workbook's map its header has.
            if (cand.columnMap?.source === 'request' && cand.headingKey)
              await deps.columnMaps.put({
                unit: uscc,
                kind: cand.kind,
                headingKey: cand.headingKey,
                headings: (cand.mapping ?? []).map((m) => m.heading),
                map: cand.columnMap.map,
                confirmedBy: p.sub,
                confirmedAt: now().toISOString(),
                source: `${file.name}#${cand.part}`,
              });
          }
          note.target = ids.map((id) => `draft:${id}`).join(',');
          note.afterHash = contentHash(drafts.map((d) => d.contentHash));
          note.detail = {
            ...note.detail,
            drafts: drafts.map((d) => ({ id: d.id, stream: d.stream, itemCount: d.itemCount })),
          };
          return { status: 201, body: { drafts: drafts.map(draftView), warnings: wb.warnings } };
        },
      ) as never;
    },
  );

  // ------------------------------------------------------------------ repeal
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/{uscc}/lists/{kind}/repeal',
      tags: ['drafts'],
      security,
      summary: '废止清单草稿 — a draft that repeals the list from effectiveFrom, reviewed like any other',
      request: {
        params: z.object({ uscc: UsccParam, kind: KindParam }),
        headers: z.object({ 'if-match': z.string().optional() }),
        body: {
          required: true,
          content: { 'application/json': { schema: DraftFields.omit({ revisionOf: true }).openapi('RepealRequest') } },
        },
      },
      responses: { 201: json(DraftView, 'the repeal draft'), ...writeErrors },
    }),
    async (c) => {
      const p = principal(c);
      const note = auditNote(c);
      note.action = 'list.repeal';
      const { uscc, kind } = c.req.valid('param');
      const prepared = await workflow.prepareListDraft(p, uscc, kind, 'repeal', note);
      const fields = parseFields(c.req.valid('json'));
      const draft = await workflow.createDraft(
        p,
        {
          unit: uscc,
          stream: kind,
          action: 'repeal',
          items: [],
          effectiveFrom: fields.effectiveFrom,
          documentNumber: fields.documentNumber,
          note: fields.note,
          source: 'repeal',
          ifMatch: c.req.header('if-match'),
        },
        note,
        prepared,
      );
      c.header('ETag', draftEtag(draft));
      return c.json(draftView(draft), 201);
    },
  );

  // ------------------------------------------------------------------ reading drafts
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/drafts',
      tags: ['drafts'],
      security,
      summary:
        '草稿列表 — drafts the caller may see (editors: their units; reviewers and auditors: their region; admins: all)',
      request: {
        query: z.object({
          unit: UsccParam.optional().openapi({ param: { name: 'unit', in: 'query' } }),
          status: z.enum(DRAFT_STATUSES).optional(),
          kind: z.string().optional(),
          limit: LimitQuery(200, 50),
          cursor: CursorQuery,
        }),
      },
      responses: {
        200: json(
          z.object({ drafts: z.array(DraftView), nextCursor: z.string().optional() }),
          'drafts, oldest first within a unit',
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const startKey = q.cursor
        ? decodeCursor(q.cursor, z.object({ k: z.record(z.string(), z.string()) })).k
        : undefined;
      const page = await workflow.listDrafts(
        principal(c),
        { unit: q.unit, status: q.status, kind: q.kind, limit: q.limit, startKey },
        auditNote(c),
      );
      c.header('Cache-Control', 'private, no-store');
      return c.json(
        {
          drafts: page.drafts.map(draftView),
          ...(page.lastKey ? { nextCursor: encodeCursor({ k: page.lastKey }) } : {}),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/drafts/{id}',
      tags: ['drafts'],
      security,
      summary: '草稿 — one draft with a page of its items',
      request: {
        params: z.object({ id: DraftIdParam }),
        query: z.object({ limit: LimitQuery(5000, 1000), cursor: CursorQuery }),
      },
      responses: {
        200: json(
          z.object({ draft: DraftView, items: z.array(Item), offset: z.number(), nextCursor: z.string().optional() }),
          'the draft',
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const draft = await workflow.getDraft(principal(c), id, auditNote(c));
      const offset = cursor ? decodeCursor(cursor, ItemsCursor).o : 0;
      const all = draft.itemCount > 0 ? await workflow.drafts.items(id) : [];
      const items = all.slice(offset, offset + limit);
      const next = offset + limit < all.length ? offset + limit : undefined;
      c.header('ETag', draftEtag(draft));
      c.header('Cache-Control', 'private, no-store');
      return c.json(
        {
          draft: draftView(draft),
          items,
          offset,
          ...(next !== undefined ? { nextCursor: encodeCursor({ o: next }) } : {}),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/drafts/{id}/diff',
      tags: ['drafts'],
      security,
      summary: '草稿与基准版本的差异 — what approving this draft would change (against the version it was based on)',
      request: { params: z.object({ id: DraftIdParam }) },
      responses: {
        200: json(z.object({ draft: DraftView, baseVersion: z.number(), diff: z.unknown() }), 'the diff'),
        ...writeErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const draft = await workflow.getDraft(principal(c), id, auditNote(c));
      const kind = draft.stream === entityKind.id ? undefined : registry.requireListKind(draft.stream);
      const [items, base] = await Promise.all([
        workflow.drafts.items(id),
        draft.baseVersion > 0
          ? registry.getVersion(draft.unit, draft.stream, draft.baseVersion).then((v) => v.items)
          : Promise.resolve([]),
      ]);
      const diff = kind ? diffVersions(kind, base, items) : { old: base[0] ?? null, new: items[0] ?? null };
      c.header('Cache-Control', 'private, no-store');
      return c.json({ draft: draftView(draft), baseVersion: draft.baseVersion, diff }, 200);
    },
  );

  // ------------------------------------------------------------------ submit and review
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/drafts/{id}/submit',
      tags: ['drafts'],
      security,
      summary: '提交审核 — submit a draft for legal review',
      request: {
        params: z.object({ id: DraftIdParam }),
        headers: z.object({ 'if-match': z.string().optional().openapi({ description: 'the draft ETag' }) }),
      },
      responses: { 200: json(DraftView, 'the submitted draft'), ...writeErrors },
    }),
    async (c) => {
      const note = auditNote(c);
      note.action = 'draft.submit';
      const { id } = c.req.valid('param');
      const draft = await workflow.submit(principal(c), id, ifMatchRev(c, id), note);
      c.header('ETag', draftEtag(draft));
      return c.json(draftView(draft), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/drafts/{id}/review',
      tags: ['drafts'],
      security,
      summary: '法制审核 — approve (publishes the next version) or reject (with grounds)',
      request: {
        params: z.object({ id: DraftIdParam }),
        headers: z.object({ 'if-match': z.string().optional() }),
        body: {
          required: true,
          content: { 'application/json': { schema: documented(ReviewInputSchema, 'ReviewRequest') } },
        },
      },
      responses: { 200: json(DraftView, 'the reviewed draft (approved: with publishedVersion)'), ...writeErrors },
    }),
    async (c) => {
      const note = auditNote(c);
      const input = c.req.valid('json');
      note.action = input.decision === 'approve' ? 'draft.approve' : 'draft.reject';
      const { id } = c.req.valid('param');
      const draft = await workflow.review(principal(c), id, input, ifMatchRev(c, id), note);
      c.header('ETag', draftEtag(draft));
      return c.json(draftView(draft), 200);
    },
  );

  // ------------------------------------------------------------------ versions with drafts (auditors)
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/lists/{kind}/drafts',
      tags: ['drafts'],
      security,
      summary:
        '清单的版本与草稿 — published versions with every draft, including rejections and their grounds (not public)',
      request: { params: z.object({ uscc: UsccParam, kind: KindParam }) },
      responses: {
        200: json(
          z.object({ unit: z.string(), kind: z.string(), versions: z.array(VersionMeta), drafts: z.array(DraftView) }),
          'versions and drafts',
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
      registry.requireListKind(kind);
      workflow.guard(p, 'draft.read', { unit: uscc, regionCode: await workflow.unitRegion(uscc) }, note);
      const [versions, drafts] = await Promise.all([
        registry.listVersions(uscc, kind).catch((e: unknown) => {
          if (e instanceof AppError && e.code === 'NOT_FOUND') return [];
          throw e;
        }),
        workflow.draftsOfList(p, uscc, kind),
      ]);
      c.header('Cache-Control', 'private, no-store');
      return c.json({ unit: uscc, kind, versions, drafts: drafts.map(draftView) }, 200);
    },
  );
}
