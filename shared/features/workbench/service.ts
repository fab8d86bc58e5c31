/**
 * The workbench's use cases: what a clerk, a legal reviewer and an auditor do in the browser, built on the
 * publication workflow (drafts, submission, review and their authorisation live there, not here) and the
 * importer. Pages and routes only translate HTTP to these calls.
 */
import { chinaDate } from '../../core/dates.js';
import { diffVersions, type ListDiff } from '../../core/diff.js';
import { AppError, conflict, notFound } from '../../core/errors.js';
import {
  ADDITIONAL_FIELD,
  mappableFields,
  SECTION_COLUMN,
  SECTION_FIELD,
  type ColumnMatch,
} from '../../core/headers.js';
import { entityKind, type RecordKind } from '../../core/kinds/index.js';
import { resolveInForce, type ListNotes } from '../../core/versions.js';
import { regionFullName } from '../../core/region.js';
import { checkUscc } from '../../core/uscc.js';
import type { ParseGate } from '../../platform/parse-gate.js';
import {
  isRegionCode,
  migrateLegacyAssignments,
  UserIdSchema,
  userIdOf,
  type AssignableRole,
  type Assignment,
  type AssignmentResolver,
  type DirectoryUser,
  type LegacyAssignment,
  type MigrationReport,
  type Principal,
  type UserDirectory,
} from '../auth/index.js';
import type { Registry } from '../lists/index.js';
import {
  parseListFile,
  validateJsonItems,
  versionNotes,
  type AppliedColumnMap,
  type ColumnMapStore,
  type FileIssue,
  type ParseOptions,
} from '../spreadsheets/index.js';
import { withStoredChecks } from '../workflow/index.js';
import type {
  AuditNote,
  AuditQuery,
  AuditRecord,
  AuditStore,
  Draft,
  ReviewInput,
  Workflow,
} from '../workflow/index.js';
import { supplement } from './merge.js';
import { markedWorkbook } from './sheet-view.js';
import type { NewUpload, UploadMeta, UploadsStore } from './uploads-store.js';

type Item = Record<string, unknown>;

export interface CheckResult {
  upload: UploadMeta;
  kind: RecordKind;
  rows: number;
  /** Every column of the header: heading as published, the field it fills, how and why (the importer's). */
  mapping: ColumnMatch[];
  /** The rows the header was read from, and the worksheet. */
  headerRows?: number[];
  sheet?: string;
  /** The column map applied: the clerk's for this upload, or the one remembered for this heading row. */
  columnMap?: AppliedColumnMap;
  /** The identity of the heading row, which a confirmed map is remembered by. */
  headingKey?: string;
  errors: FileIssue[];
  warnings: FileIssue[];
  /** The list the draft would publish (in 增补修改 mode: the list in force with the file merged in). */
  items: Item[];
  inForceVersion?: number;
  diff: ListDiff;
  supplement?: { replaced: number; added: number; removed: number };
  /**
   * The notes the version keeps: the file's title, preface and foot rows in 完整替换; in 增补修改 those of the list in
   * force, since a supplement file holds only the rows it changes.
   */
  listNotes?: ListNotes;
  /** 施行日期 before today (China): submitting needs a stated reason. */
  pastDate: boolean;
  today: string;
}

export interface SubmitConfirmation {
  confirmRemoval: boolean;
  pastDateReason?: string;
}

export interface ListOverview {
  kind: RecordKind;
  inForce?: { version: number; effectiveFrom: string };
  scheduled: Array<{ version: number; effectiveFrom: string; status: string }>;
  drafts: Draft[];
}

/** An administrator's assignment form: who, as what, and of which unit (editor) or region (reviewer, auditor). */
export interface AssignmentInput {
  userId: string;
  role: AssignableRole;
  /** 统一社会信用代码 (editor) or GB/T 2260 region code (reviewer, auditor). */
  scope: string;
}

const regionLabel = (prefix: string | undefined) =>
  prefix ? `${regionFullName(prefix.padEnd(6, '0')) ?? prefix}（${prefix.padEnd(6, '0')}）` : '全国';

const unchanged = '，未作任何更改';

export interface AuditFilter {
  unit?: string;
  actor?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

const OPEN_STATUSES = new Set(['draft', 'submitted', 'rejected']);
const AUDIT_PAGE = 500;

export class WorkbenchService {
  constructor(
    readonly registry: Registry,
    readonly workflow: Workflow,
    readonly audit: AuditStore,
    readonly uploads: UploadsStore,
    readonly assignments: AssignmentResolver,
    /** Resolves sign-in names to users and holds their groups and scope attributes (the user pool on AWS). */
    readonly directory: UserDirectory,
    readonly columnMaps: ColumnMapStore,
    /** Bounds the uploads this process parses at once, shared with the API. */
    readonly parseGate: ParseGate,
  ) {}

  now(): Date {
    return this.registry.store.now();
  }

  today(): string {
    return chinaDate(this.now());
  }

  get grounds(): readonly string[] {
    return this.workflow.options.grounds;
  }

  // ------------------------------------------------------------------ clerk
  /** A unit's entity record and, per list kind, what is in force, what is scheduled and the open drafts. */
  async unitOverview(p: Principal, uscc: string, kinds: readonly RecordKind[]) {
    const note: AuditNote = {};
    this.workflow.guard(p, 'draft.read', { unit: uscc, regionCode: await this.workflow.unitRegion(uscc) }, note);
    const [entity, lists] = await Promise.all([
      this.registry.getEntity(uscc).then((e) => e.entity),
      Promise.all(kinds.map((k) => this.listOverview(p, uscc, k))),
    ]);
    return { entity, lists };
  }

  async listOverview(p: Principal, uscc: string, kind: RecordKind): Promise<ListOverview> {
    const today = this.today();
    const [head, drafts] = await Promise.all([
      this.registry.store.getHead(uscc, kind.id),
      this.workflow.draftsOfList(p, uscc, kind.id),
    ]);
    const timeline = head?.timeline ?? [];
    const { entry } = resolveInForce(timeline, { at: today });
    return {
      kind,
      ...(entry ? { inForce: { version: entry.version, effectiveFrom: entry.effectiveFrom } } : {}),
      scheduled: timeline
        .filter((e) => e.effectiveFrom > today)
        .map((e) => ({ version: e.version, effectiveFrom: e.effectiveFrom, status: e.status })),
      drafts: drafts.filter((d) => OPEN_STATUSES.has(d.status) || d.status === 'approved').reverse(),
    };
  }

  /** 检查: parses the upload, stores it for submission, and answers what submitting it would do. */
  async check(p: Principal, input: Omit<NewUpload, 'owner'>, bytes: Uint8Array, note: AuditNote) {
    note.action = 'workbench.check';
    await this.workflow.prepareListDraft(p, input.unit, input.kind, 'publish', note);
    if (input.revisionOf) await this.requireRevisable(p, input.revisionOf, input.unit, input.kind);
    // The upload is stored only once it has a place to be parsed: one refused as busy leaves nothing behind.
    return this.parseGate.run(async () => {
      const upload = await this.uploads.put({ ...input, owner: p.sub }, bytes, this.now());
      return this.evaluate(upload, bytes, false);
    });
  }

  /** The check of a stored upload again (its owner only). */
  async recheck(p: Principal, uploadId: string): Promise<CheckResult> {
    const upload = await this.ownUpload(p, uploadId);
    return this.evaluate(upload, await this.uploads.bytes(upload));
  }

  async markedCopy(p: Principal, uploadId: string): Promise<{ fileName: string; bytes: Uint8Array }> {
    const upload = await this.ownUpload(p, uploadId);
    const bytes = await this.uploads.bytes(upload);
    const kind = this.registry.requireListKind(upload.kind);
    // Reading the file and writing the marked copy are one heavy step: both under the parse gate.
    const marked = await this.parseGate.run(async () => {
      const parsed = await parseListFile(kind, bytes, upload.fileName, {
        ...this.parseOptions(upload),
        markedRemovals: true,
      });
      return markedWorkbook(kind, bytes, upload.fileName, parsed.errors);
    });
    const base = upload.fileName.replace(/\.[^.]+$/, '');
    return { fileName: `${base}-错误标注.xlsx`, bytes: marked };
  }

  /**
   * A plan table with errors (抽查工作计划, `kind`), kept for the uploads' own hours so that its marked copy can be
   * downloaded as a list upload's is; it never becomes a draft.
   */
  async keepPlanTable(p: Principal, unit: string, kind: RecordKind, fileName: string, bytes: Uint8Array) {
    const input: NewUpload = {
      owner: p.sub,
      unit,
      kind: kind.id,
      fileName,
      mode: 'replace',
      effectiveFrom: this.today(),
      removals: [],
    };
    return (await this.uploads.put(input, bytes, this.now())).id;
  }

  /** The kept plan table's copy with its failing cells marked (red, with the reasons as comments). */
  async markedPlanTable(
    p: Principal,
    uploadId: string,
    kind: RecordKind,
    errorsOf: (bytes: Uint8Array, fileName: string) => Promise<FileIssue[]>,
  ): Promise<{ unit: string; fileName: string; bytes: Uint8Array }> {
    const upload = await this.ownUpload(p, uploadId);
    if (upload.kind !== kind.id) throw notFound('未找到该上传文件（可能已过期），请重新上传', { id: uploadId });
    const bytes = await this.uploads.bytes(upload);
    const marked = await this.parseGate.run(async () =>
      markedWorkbook(kind, bytes, upload.fileName, await errorsOf(bytes, upload.fileName)),
    );
    const base = upload.fileName.replace(/\.[^.]+$/, '');
    return { unit: upload.unit, fileName: `${base}-错误标注.xlsx`, bytes: marked };
  }

  /**
   * 按所选列映射重新检查: the clerk's choice of field per column (by position in the header) becomes the upload's
   * column map, applied to the same bytes. A choice of a field the kind does not have, of a column the header does
   * not have, or of one field for two columns refuses the whole map, naming the columns; nothing is stored.
   */
  async correctMapping(
    p: Principal,
    uploadId: string,
    chosen: ReadonlyMap<number, string>,
    note: AuditNote,
  ): Promise<CheckResult> {
    note.action = 'workbench.column-map';
    const upload = await this.ownUpload(p, uploadId);
    note.unit = upload.unit;
    note.target = `list:${upload.kind}`;
    const kind = this.registry.requireListKind(upload.kind);
    const bytes = await this.uploads.bytes(upload);
    const current = await this.evaluate(upload, bytes);
    const columns = current.mapping.filter((m) => m.heading.trim() !== '');
    const fields = mappableFields(kind);
    const label = (field: string) =>
      field === SECTION_FIELD ? SECTION_COLUMN : (kind.columns.find((c) => c.key === field)?.column ?? field);
    const problems: string[] = [];
    const map: Record<string, string> = {};
    const headingsOf = new Map<string, string[]>();
    for (const [index, field] of chosen) {
      const column = columns.find((m) => m.index === index);
      if (!column) problems.push(`第 ${index + 1} 列不在文件的表头中`);
      else if (!fields.has(field)) problems.push(`列“${column.heading}”对应的“${field}”不是${kind.label}的字段`);
      else {
        map[column.heading] = field;
        if (field !== ADDITIONAL_FIELD) headingsOf.set(field, [...(headingsOf.get(field) ?? []), column.heading]);
      }
    }
    for (const [field, headings] of headingsOf)
      if (headings.length > 1)
        problems.push(`列“${headings.join('”与“')}”都对应“${label(field)}”，一个字段只能对应一列`);
    if (problems.length > 0)
      throw new AppError('UNPROCESSABLE', `列映射有误，未采用：${problems.join('；')}`, {
        reason: 'BAD_COLUMN_MAP',
        problems,
      });
    note.detail = { ...note.detail, columnMap: map };
    return this.evaluate(await this.uploads.setColumnMap(upload, map), bytes);
  }

  /** The upload's own column map (checked against the kind and header), else the map remembered for its layout. */
  private parseOptions(upload: UploadMeta): ParseOptions {
    return {
      ...(upload.columnMap ? { columnMap: upload.columnMap, checkColumnMap: true } : {}),
      rememberedColumnMap: (key) => this.columnMaps.get(upload.unit, upload.kind, key).then((r) => r?.map),
    };
  }

  private async ownUpload(p: Principal, id: string): Promise<UploadMeta> {
    const upload = await this.uploads.meta(id, this.now());
    // Someone else's upload is answered as missing: its existence is nobody else's business.
    if (!upload || upload.owner !== p.sub) throw notFound('未找到该上传文件（可能已过期），请重新上传', { id });
    return upload;
  }

  private async requireRevisable(p: Principal, id: string, unit: string, kind: string): Promise<void> {
    const d = await this.workflow.getDraft(p, id);
    if (d.unit !== unit || d.stream !== kind) throw notFound('未找到被修订的草稿', { revisionOf: id });
    if (d.status !== 'rejected') throw new AppError('CONFLICT', '只能修订已退回的草稿', { reason: 'NOT_REJECTED' });
  }

  private async inForceItems(
    unit: string,
    kind: string,
  ): Promise<{ version?: number; items: Item[]; listNotes?: ListNotes }> {
    try {
      const list = await this.registry.getListInForce(unit, kind);
      const { listNotes } = list.meta;
      return { version: list.meta.version, items: list.items, ...(listNotes ? { listNotes } : {}) };
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return { items: [] };
      throw e;
    }
  }

  /** `gated`: false when the caller already holds a place at the parse gate. */
  private async evaluate(upload: UploadMeta, bytes: Uint8Array, gated = true): Promise<CheckResult> {
    const kind = this.registry.requireListKind(upload.kind);
    const parse = () =>
      parseListFile(kind, bytes, upload.fileName, { ...this.parseOptions(upload), markedRemovals: true });
    const [parsed, base] = await Promise.all([
      (gated ? this.parseGate.run(parse) : parse()).then((c) => withStoredChecks(this.registry, upload.unit, c)),
      this.inForceItems(upload.unit, upload.kind),
    ]);
    const errors = [...parsed.errors];
    const marked = parsed.removals ?? [];
    let items = parsed.items;
    let merged: CheckResult['supplement'];
    if (upload.mode === 'supplement') {
      for (const r of marked.filter((m) => !m.identity))
        errors.push({
          file: upload.fileName,
          row: r.row,
          code: 'REMOVAL_WITHOUT_IDENTITY',
          message: '标记“删除”的行须填写事项编码或名称，以确定删除哪一项',
        });
      const lines = [...new Set([...upload.removals, ...marked.map((m) => m.identity).filter(Boolean)])];
      const s = supplement(kind, base.items, parsed.items, lines);
      items = s.items;
      merged = { replaced: s.replaced, added: s.added, removed: s.removed };
      for (const line of s.unmatched)
        errors.push({
          file: upload.fileName,
          code: 'REMOVAL_NOT_FOUND',
          message: `要删除的“${line}”不是现行清单中的事项（按事项编码或名称匹配）`,
          value: line,
        });
    } else if (marked.length > 0) {
      for (const r of marked)
        errors.push({
          file: upload.fileName,
          row: r.row,
          code: 'REMOVAL_MARK_IN_REPLACE_MODE',
          message: '完整替换模式下不标记“删除”：文件中没有的事项都将删除；请删去该行，或改用增补修改',
        });
    } else if (upload.removals.length > 0) {
      errors.push({
        file: upload.fileName,
        code: 'REMOVALS_IN_REPLACE_MODE',
        message: '完整替换模式下不列出删除事项：文件中没有的事项都将删除',
      });
    }
    const today = this.today();
    const listNotes = upload.mode === 'supplement' ? base.listNotes : versionNotes(parsed);
    return {
      upload,
      kind,
      rows: parsed.rows,
      mapping: parsed.mapping ?? [],
      ...(parsed.headerRows ? { headerRows: parsed.headerRows } : {}),
      ...(parsed.sheet ? { sheet: parsed.sheet } : {}),
      ...(parsed.columnMap ? { columnMap: parsed.columnMap } : {}),
      ...(parsed.headingKey ? { headingKey: parsed.headingKey } : {}),
      errors,
      warnings: parsed.warnings,
      items,
      ...(base.version !== undefined ? { inForceVersion: base.version } : {}),
      diff: diffVersions(kind, base.items, items),
      ...(merged ? { supplement: merged } : {}),
      ...(listNotes ? { listNotes } : {}),
      pastDate: upload.effectiveFrom < today,
      today,
    };
  }

  /**
   * 提交审核 of a checked upload: refused while it has errors, while removals are not confirmed, or while a
   * past 施行日期 has no stated reason; then a draft is created and submitted (two audited steps).
   */
  async submitUpload(
    p: Principal,
    uploadId: string,
    confirm: SubmitConfirmation,
    notes: { create: AuditNote; submit: AuditNote },
  ): Promise<Draft> {
    notes.create.action = 'draft.create';
    const check = await this.recheck(p, uploadId);
    const { upload } = check;
    notes.create.unit = upload.unit;
    notes.create.target = `list:${upload.kind}`;
    if (check.errors.length > 0)
      throw new AppError('UNPROCESSABLE', `文件中有 ${check.errors.length} 处错误，请修改后重新上传`, {
        reason: 'INVALID_ROWS',
        errorCount: check.errors.length,
      });
    const removed = check.diff.summary.removed;
    if (removed > 0 && !confirm.confirmRemoval)
      throw new AppError('UNPROCESSABLE', `提交后将删除 ${removed} 项，请勾选确认后再提交`, {
        reason: 'REMOVAL_NOT_CONFIRMED',
        removed,
      });
    const reason = confirm.pastDateReason?.trim();
    if (check.pastDate && !reason)
      throw new AppError('UNPROCESSABLE', `施行日期 ${upload.effectiveFrom} 早于今日，请说明理由`, {
        reason: 'PAST_DATE_REASON_REQUIRED',
        effectiveFrom: upload.effectiveFrom,
        today: check.today,
      });
    const prepared = await this.workflow.prepareListDraft(p, upload.unit, upload.kind, 'publish', notes.create);
    const draft = await this.workflow.createDraft(
      p,
      {
        unit: upload.unit,
        stream: upload.kind,
        action: 'publish',
        items: check.items,
        effectiveFrom: upload.effectiveFrom,
        ...(upload.documentNumber ? { documentNumber: upload.documentNumber } : {}),
        ...(check.pastDate && reason ? { note: `施行日期早于提交日的理由：${reason}` } : {}),
        ...(upload.revisionOf ? { revisionOf: upload.revisionOf } : {}),
        ...(check.listNotes ? { listNotes: check.listNotes } : {}),
        source: `${upload.fileName}（${upload.mode === 'supplement' ? '增补修改' : '完整替换'}）`,
        warnings: check.warnings,
      },
      notes.create,
      prepared,
    );
    notes.create.detail = { ...notes.create.detail, mode: upload.mode, removed, via: 'workbench' };
    // The map the clerk chose is confirmed by creating the draft: remembered for the next upload of this layout.
    if (upload.columnMap && check.headingKey)
      await this.columnMaps.put({
        unit: upload.unit,
        kind: upload.kind,
        headingKey: check.headingKey,
        headings: check.mapping.map((m) => m.heading),
        map: upload.columnMap,
        confirmedBy: p.sub,
        confirmedAt: this.now().toISOString(),
        source: upload.fileName,
      });
    notes.submit.action = 'draft.submit';
    return this.workflow.submit(p, draft.id, draft.rev, notes.submit);
  }

  // ------------------------------------------------------------------ administrator
  /** The entity record in force, to amend or revoke (undefined: a new registration). */
  async entityRecord(uscc: string): Promise<Record<string, unknown> | undefined> {
    return this.registry
      .getEntity(uscc)
      .then((e) => e.entity)
      .catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return undefined;
        throw e;
      });
  }

  /**
   * Registers, amends or revokes (状态 撤销) an entity through the review path: an entity draft, submitted at
   * once; a reviewer of the entity's region approves it like any list. Validation errors come back all at once.
   */
  async submitEntity(
    p: Principal,
    values: Record<string, string>,
    fields: { effectiveFrom: string; documentNumber?: string },
    notes: { create: AuditNote; submit: AuditNote },
  ): Promise<{ draft?: Draft; errors: FileIssue[] }> {
    notes.create.action = 'entity.draft';
    notes.create.target = 'entity';
    this.workflow.guard(p, 'entity.draft', {}, notes.create);
    const parsed = validateJsonItems(entityKind, [values], '执法主体登记表');
    if (parsed.errors.length > 0) return { errors: parsed.errors };
    const record = parsed.items[0]!;
    const uscc = String(record.uscc);
    notes.create.unit = uscc;
    const draft = await this.workflow.createDraft(
      p,
      {
        unit: uscc,
        stream: entityKind.id,
        action: 'entity',
        items: [record],
        effectiveFrom: fields.effectiveFrom,
        ...(fields.documentNumber ? { documentNumber: fields.documentNumber } : {}),
        source: 'workbench',
        warnings: parsed.warnings,
      },
      notes.create,
    );
    notes.submit.action = 'draft.submit';
    return { draft: await this.workflow.submit(p, draft.id, draft.rev, notes.submit), errors: [] };
  }

  // ------------------------------------------------------------------ drafts and review
  /** A draft with its diff against the version it was based on. */
  async draftWithDiff(p: Principal, id: string) {
    const draft = await this.workflow.getDraft(p, id);
    const kind = draft.stream === entityKind.id ? entityKind : this.registry.requireListKind(draft.stream);
    const [items, base] = await Promise.all([
      this.workflow.drafts.items(id),
      draft.baseVersion > 0
        ? this.registry.getVersion(draft.unit, draft.stream, draft.baseVersion).then((v) => v.items)
        : Promise.resolve([]),
    ]);
    return { draft, kind, items, diff: diffVersions(kind, base, items) };
  }

  review(p: Principal, id: string, input: ReviewInput, note: AuditNote): Promise<Draft> {
    note.action = input.decision === 'approve' ? 'draft.approve' : 'draft.reject';
    return this.workflow.review(p, id, input, undefined, note);
  }

  /** Submitted drafts of the reviewer's region, oldest submission first, with whole days waiting. */
  async reviewQueue(p: Principal): Promise<Array<{ draft: Draft; daysWaiting: number }>> {
    this.workflow.guard(p, 'draft.review', { regionCode: p.regionPrefix }, {});
    const drafts = await this.allDrafts(p, 'submitted');
    const now = this.now().getTime();
    return drafts
      .sort((a, b) => (a.submittedAt ?? a.createdAt).localeCompare(b.submittedAt ?? b.createdAt))
      .map((draft) => ({
        draft,
        daysWaiting: Math.floor((now - Date.parse(draft.submittedAt ?? draft.createdAt)) / 86_400_000),
      }));
  }

  /** The reviewer's own past decisions, newest first. */
  async pastReviews(p: Principal): Promise<Draft[]> {
    const [approved, rejected] = await Promise.all([this.allDrafts(p, 'approved'), this.allDrafts(p, 'rejected')]);
    return [...approved, ...rejected]
      .filter((d) => d.review?.by === p.sub)
      .sort((a, b) => (b.review?.at ?? '').localeCompare(a.review?.at ?? ''));
  }

  private async allDrafts(p: Principal, status: Draft['status']): Promise<Draft[]> {
    const out: Draft[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.workflow.listDrafts(p, { status, limit: 200, startKey });
      out.push(...page.drafts);
      startKey = page.lastKey;
    } while (startKey && out.length < 2000);
    return out;
  }

  // ------------------------------------------------------------------ auditor
  /** Audit records in the auditor's scope: one unit's in sequence, or the region's in time order. */
  async auditTrail(p: Principal, f: AuditFilter, note: AuditNote, max = 5000): Promise<AuditRecord[]> {
    note.action = 'audit.read';
    let fetch: (q: AuditQuery) => Promise<{ records: AuditRecord[]; lastKey?: Record<string, unknown> }>;
    if (f.unit) {
      note.unit = f.unit;
      const head = await this.registry.store.getHead(f.unit, entityKind.id);
      this.workflow.guard(p, 'audit.read', { unit: f.unit, regionCode: head?.regionCode }, note);
      fetch = (q) => this.audit.listUnit(f.unit!, q);
    } else {
      this.workflow.guard(p, 'audit.read', { regionCode: p.regionPrefix }, note);
      fetch = (q) => this.audit.listAcross(p.regionPrefix ?? '\u0000', q);
    }
    const records: AuditRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await fetch({
        actor: f.actor,
        action: f.action,
        from: f.from,
        to: f.to,
        limit: AUDIT_PAGE,
        startKey,
      });
      records.push(...page.records.filter((r) => !f.outcome || r.outcome === f.outcome));
      startKey = page.lastKey;
    } while (startKey && records.length < max);
    return records;
  }

  /** A list as it was in force on `at` as known at `asOf` (auditors, within their region). */
  async listAsKnown(p: Principal, uscc: string, kind: string, at: string, asOf: string) {
    this.workflow.guard(p, 'audit.read', { unit: uscc, regionCode: await this.workflow.unitRegion(uscc) }, {});
    return this.registry.getListInForce(uscc, kind, { at, asOf, limit: 5000 });
  }

  // ------------------------------------------------------------------ administrator: role assignments
  /** The assignments in the administrator's region, by region, role and scope. */
  async assignmentsInRegion(p: Principal, note: AuditNote = {}): Promise<Assignment[]> {
    this.guardAssigning(p, note);
    return this.assignments.store.inRegion(p.regionPrefix ?? '\u0000');
  }

  /**
   * Makes a user the editor of a registered unit, or the reviewer or auditor of a region, both within the
   * administrator's region. The user must exist in the directory; the assignment is stored under its `sub`, then
   * written to the directory (the user pool's group and attribute on AWS). Nothing is kept unless every step passes.
   */
  async assign(p: Principal, input: AssignmentInput, note: AuditNote): Promise<Assignment> {
    note.action = 'assignment.grant';
    const { userId, role, scope, regionCode } = await this.checkAssignment(p, input, note);
    const user = await this.directory.find(userId);
    if (!user)
      throw notFound(`未找到用户 ${userId}，请先创建该用户（AWS 上在用户池中）${unchanged}`, {
        reason: 'UNKNOWN_USER',
        userId,
      });
    note.detail = { ...note.detail, sub: user.sub };
    if (user.sub === p.sub)
      throw new AppError('FORBIDDEN', `不得为本人指派角色${unchanged}`, { reason: 'OWN_ASSIGNMENT' });
    if (role !== 'editor') await this.checkOneRegion(user, regionCode);
    const assignment: Assignment = {
      sub: user.sub,
      userId,
      role,
      scope,
      regionCode,
      grantedBy: userIdOf(p),
      grantedAt: this.now().toISOString(),
    };
    if (!(await this.assignments.store.add(assignment)))
      throw conflict(`该用户已有此项指派${unchanged}`, { reason: 'ALREADY_ASSIGNED', userId, role, scope });
    try {
      await this.directory.grant(user, assignment);
    } catch (e) {
      // The directory refused or failed: the stored assignment is taken back, so nothing has changed.
      await this.assignments.store.remove(assignment);
      throw e;
    }
    this.assignments.forget(user.sub);
    return assignment;
  }

  /**
   * The administrator's region's assignments stored before they were keyed by `sub` (under a sign-in name): they
   * grant nothing until migrated (./migrate-assignments.ts in the auth feature).
   */
  async legacyAssignmentsInRegion(p: Principal, note: AuditNote = {}): Promise<LegacyAssignment[]> {
    this.guardAssigning(p, note);
    return this.assignments.store.legacy(p.regionPrefix ?? '\u0000');
  }

  /**
   * Moves the region's legacy assignments to the `sub` of the user who holds each sign-in name now and writes them
   * to the directory; drops those whose name has no user or a user created after the grant. The audit note names
   * every one, moved or dropped, so the trail says what became of each earlier grant.
   */
  async migrateLegacyAssignments(p: Principal, note: AuditNote): Promise<MigrationReport> {
    note.action = 'assignment.migrate';
    this.guardAssigning(p, note);
    if (p.regionPrefix !== undefined) note.regionCode = p.regionPrefix;
    const report = await migrateLegacyAssignments(this.assignments.store, this.directory, p.regionPrefix ?? '\u0000');
    for (const a of report.migrated) this.assignments.forget(a.sub);
    const named = (a: LegacyAssignment) => `${a.userId} ${a.role} ${a.scope}`;
    note.detail = {
      ...note.detail,
      migrated: report.migrated.map(named),
      dropped: report.dropped.map((d) => `${named(d.assignment)} ${d.why}`),
    };
    return report;
  }

  /** One region per person: in the stored assignments, and in the region the user pool holds for the user. */
  private async checkOneRegion(user: DirectoryUser, regionCode: string): Promise<void> {
    const held = await this.assignments.store.ofUser(user.sub);
    const other = held.find((a) => a.role !== 'editor' && a.regionCode !== regionCode);
    if (other)
      throw conflict(
        `该用户已负责 ${regionLabel(other.regionCode)}；一人只负责一个行政区划，请先撤销原指派${unchanged}`,
        {
          reason: 'ONE_REGION_PER_USER',
          userId: user.username,
          regionCode: other.regionCode,
        },
      );
    // A region set on the account by hand (how the first administrators are made) is not the workbench's to change.
    if (user.region !== undefined && !held.some((a) => a.role !== 'editor' && a.regionCode === user.region))
      throw conflict(`该用户的行政区划已在用户池中直接设定（${user.region}），不能再指派${unchanged}`, {
        reason: 'REGION_SET_IN_POOL',
        userId: user.username,
        regionCode: user.region,
      });
  }

  /**
   * Revokes an assignment within the administrator's region: the directory's group and attribute first (so no new
   * token carries it), then the stored item. An assignment whose account was deleted (or re-created, with a new
   * `sub`) is found by its sign-in name in the administrator's region and removed from the store only.
   */
  async revoke(p: Principal, input: AssignmentInput, note: AuditNote): Promise<Assignment> {
    note.action = 'assignment.revoke';
    const { stored, user } = await this.checkRevocation(p, input, note);
    if (user?.sub === stored.sub) {
      const remaining = (await this.assignments.store.ofUser(stored.sub)).filter(
        (a) => a.role !== stored.role || a.scope !== stored.scope,
      );
      await this.directory.revoke(user, stored, remaining);
    }
    const removed = await this.assignments.store.remove(stored);
    if (!removed) throw notAssigned(stored);
    this.assignments.forget(stored.sub);
    return removed;
  }

  /** The stored assignment a revocation names, in a region the administrator manages; the user when it exists. */
  private async checkRevocation(
    p: Principal,
    input: AssignmentInput,
    note: AuditNote,
  ): Promise<{ stored: Assignment; user?: DirectoryUser }> {
    const { userId, role, scope } = await this.checkAssignment(p, input, note, { revoking: true });
    const same = (a: Assignment) => a.role === role && a.scope === scope;
    const user = await this.directory.find(userId);
    const stored =
      (user ? (await this.assignments.store.ofUser(user.sub)).find(same) : undefined) ??
      (await this.assignments.store.inRegion(p.regionPrefix ?? '\u0000')).find((a) => a.userId === userId && same(a));
    if (!stored) throw notAssigned({ userId, role, scope });
    note.detail = { ...note.detail, sub: stored.sub };
    // The region it was granted in decides who may revoke it, wherever the unit is registered now.
    note.regionCode = stored.regionCode;
    this.checkInRegion(p, stored);
    return { stored, ...(user ? { user } : {}) };
  }

  /** An administrator with a region of its own (the token's custom:region) may assign; others may not. */
  private guardAssigning(p: Principal, note: AuditNote): void {
    if (p.roles.includes('admin') && p.regionPrefix === undefined)
      throw new AppError('FORBIDDEN', '您的账号未设定所管理的行政区划，不能指派人员；请联系上级管理员', {
        reason: 'REGION_SCOPE',
      });
    this.workflow.guard(p, 'assignment.manage', { regionCode: p.regionPrefix }, note);
  }

  /** Validates an assignment form; a grant is placed in a region the administrator manages. */
  private async checkAssignment(
    p: Principal,
    input: AssignmentInput,
    note: AuditNote,
    opts: { revoking?: boolean } = {},
  ): Promise<Omit<Assignment, 'sub' | 'grantedBy' | 'grantedAt'>> {
    this.guardAssigning(p, note);
    const user = UserIdSchema.safeParse(input.userId);
    if (!user.success)
      throw new AppError('UNPROCESSABLE', `请填写用户名（字母、数字或 . _ @ + -，至多 128 个字符）${unchanged}`, {
        reason: 'INVALID_USER',
      });
    const userId = user.data;
    const role = input.role;
    const scope = role === 'editor' ? input.scope.trim().toUpperCase() : input.scope.trim();
    note.target = `${userId} ${role} ${scope}`;
    note.detail = { ...note.detail, user: userId, assignedRole: role, scope };
    if (!opts.revoking && userId === userIdOf(p))
      throw new AppError('FORBIDDEN', `不得为本人指派角色${unchanged}`, { reason: 'OWN_ASSIGNMENT' });
    if (role === 'editor' && !checkUscc(scope).valid)
      throw new AppError('UNPROCESSABLE', `统一社会信用代码格式不正确（18位，GB 32100）${unchanged}`, {
        reason: 'INVALID_SCOPE',
        scope,
      });
    if (role !== 'editor' && !isRegionCode(scope))
      throw new AppError('UNPROCESSABLE', `行政区划代码应为 GB/T 2260 的6位代码${unchanged}`, {
        reason: 'INVALID_SCOPE',
        scope,
      });
    if (role === 'editor') note.unit = scope;
    if (opts.revoking) return { userId, role, scope, regionCode: '' };
    let regionCode: string;
    if (role === 'editor') {
      const head = await this.registry.store.getHead(scope, entityKind.id);
      if (!head)
        throw new AppError('UNPROCESSABLE', `执法主体 ${scope} 尚未登记，请先登记后再指派填报人员${unchanged}`, {
          reason: 'UNIT_NOT_REGISTERED',
          scope,
        });
      regionCode = head.regionCode;
    } else regionCode = scope;
    note.regionCode = regionCode;
    this.checkInRegion(p, { role, scope, regionCode });
    return { userId, role, scope, regionCode };
  }

  /** Refuses an assignment whose region lies outside the administrator's. */
  private checkInRegion(p: Principal, a: Pick<Assignment, 'role' | 'scope' | 'regionCode'>): void {
    const mine = p.regionPrefix ?? '\u0000';
    if (a.regionCode.startsWith(mine)) return;
    const where =
      a.role === 'editor' ? `执法主体 ${a.scope} 位于 ${regionLabel(a.regionCode)}` : `${regionLabel(a.scope)}`;
    throw new AppError('FORBIDDEN', `${where}，不在您管理的行政区划（${regionLabel(p.regionPrefix)}）内${unchanged}`, {
      reason: 'REGION_SCOPE',
      scope: a.scope,
    });
  }
}

const notAssigned = (a: Pick<Assignment, 'userId' | 'role' | 'scope'>) =>
  notFound(`未找到该指派，可能已被撤销${unchanged}`, {
    reason: 'NOT_ASSIGNED',
    userId: a.userId,
    role: a.role,
    scope: a.scope,
  });
