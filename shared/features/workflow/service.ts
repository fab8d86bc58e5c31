/**
 * The publication workflow: drafts → submit → legal review → publish. Every
 * operation authorises the caller first (./../auth/policy.ts), records what it
 * touches in the audit note, then changes state with conditional writes only.
 *
 * Approval, crash-safe without transactions:
 *  1. the draft records the version it intends to become (pendingVersion, with the
 *     review) — a conditional update that also keeps a second approver out;
 *  2. the registry publishes on top of the draft's base version (the head's
 *     conditional move decides races: exactly one draft becomes n+1);
 *  3. the draft is marked approved.
 * A crash between 2 and 3 is healed by anyone who next reads or reviews the draft:
 * the head holds version pendingVersion with source `draft:<id>`, so the draft is
 * approved; if it does not, the publish never happened and the draft stays submitted.
 *
 * The audit trail sees both ends of that window: the intent is recorded in the unit's
 * trail before step 2 (`draft.approve.intent`), and a heal records the completion
 * (`draft.approve.healed`, naming who read the draft), so a crash never leaves a
 * published version without an approval record.
 */
import { randomBytes } from 'node:crypto';
import { authorize, type Action, type Target } from '../auth/index.js';
import type { Principal } from '../auth/index.js';
import { AppError, conflict, notFound, type ErrorDetails } from '../../core/errors.js';
import { findKind, entityKind } from '../../core/kinds/index.js';
import { hashContent, sameListNotes, type ListNotes } from '../../core/versions.js';
import type { Registry } from '../lists/index.js';
import { DraftsStore, StaleDraftError } from './drafts-store.js';
import type { StreamHead } from '../lists/index.js';
import type { AuditNote } from './audit-note.js';
import type { AuditStore } from './audit-store.js';
import {
  checkReview,
  draftSource,
  newDraftId,
  requireStatus,
  type Draft,
  type DraftAction,
  type DraftReview,
  type DraftStatus,
  type ReviewInput,
} from './drafts.js';

/** A pending approval older than this is presumed crashed and may be taken over. */
const APPROVAL_LEASE_MS = 60_000;

export interface WorkflowOptions {
  grounds: readonly string[];
  /** Where approval intents and heals are recorded (the unit's audit trail); absent in pure service tests. */
  audit?: AuditStore;
}

export const unitRevoked = (uscc: string) =>
  conflict('该执法主体已撤销，不能再起草或审核通过新的公示内容', { reason: 'UNIT_REVOKED', uscc });

export interface NewDraft {
  unit: string;
  stream: string;
  action: DraftAction;
  items: Array<Record<string, unknown>>;
  effectiveFrom: string;
  documentNumber?: string;
  note?: string;
  /** The file's title, preface and foot notes, published with the version. */
  listNotes?: ListNotes;
  source: string;
  revisionOf?: string;
  warnings?: unknown[];
  /** If-Match on the list (or entity) head: its latest content hash, `*`, or absent. */
  ifMatch?: string;
}

export interface DraftList {
  drafts: Draft[];
  lastKey?: Record<string, unknown>;
}

export const forbidden = (message: string, details?: ErrorDetails) => new AppError('FORBIDDEN', message, details);

/** A unit whose latest entity record is revoked (撤销): nothing new is drafted or approved for it. */
const isRevoked = (entityHead: StreamHead | undefined) => entityHead?.entity?.status === 'revoked';

export class Workflow {
  readonly drafts: DraftsStore;

  constructor(
    readonly registry: Registry,
    drafts: DraftsStore,
    readonly options: WorkflowOptions,
  ) {
    this.drafts = drafts;
  }

  private now(): Date {
    return this.registry.store.now();
  }

  /** Authorises or throws 403, noting the role that acted (or the refusal) for the audit trail. */
  guard(p: Principal, action: Action, target: Target, note: AuditNote): void {
    const d = authorize(p, action, target);
    if (!d.allowed) {
      note.detail = { ...note.detail, denied: d.reason };
      throw forbidden(d.message, { reason: d.reason, action });
    }
    note.role = d.role;
  }

  /** The unit's region (from its entity head), or 404 for an unregistered unit. */
  async unitRegion(uscc: string): Promise<string> {
    const head = await this.registry.store.getHead(uscc, entityKind.id);
    if (!head) throw notFound('未找到该执法主体', { uscc });
    return head.regionCode;
  }

  /**
   * A stream head's ETag: its latest version and content, as the public list routes tag a version (`"v<n>-<hash>"`).
   */
  static headEtag(head: StreamHead | undefined): string | undefined {
    return head ? `"v${head.version}-${head.contentHash}"` : undefined;
  }

  private checkIfMatch(ifMatch: string | undefined, current: string | undefined, what: string): void {
    if (ifMatch === undefined) return;
    const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (tags.includes('*') ? current !== undefined : current !== undefined && tags.includes(current)) return;
    throw new AppError('PRECONDITION_FAILED', `${what}已被更新，请刷新后重试`, {
      reason: 'STALE_ETAG',
      current: current ?? null,
    });
  }

  // ------------------------------------------------------------------ drafts
  /** Checks scope and preconditions of a new list draft without storing anything (dry runs and uploads alike). */
  async prepareListDraft(
    p: Principal,
    unit: string,
    kind: string,
    action: 'publish' | 'repeal',
    note: AuditNote,
  ): Promise<{ regionCode: string; head?: StreamHead }> {
    note.unit = unit;
    note.target = `list:${kind}`;
    const def = findKind(kind);
    if (!def || kind === entityKind.id) {
      // Scope first, so a stranger learns nothing about the unit; then the unknown kind.
      this.guard(p, 'list.draft', { unit }, note);
      this.registry.requireListKind(kind);
    }
    const [entity, head] = await Promise.all([
      this.registry.store.getHead(unit, entityKind.id, true),
      this.registry.store.getHead(unit, kind, true),
    ]);
    if (entity) note.regionCode = entity.regionCode;
    this.guard(p, 'list.draft', { unit, regionCode: entity?.regionCode }, note);
    if (!entity) throw notFound('未找到该执法主体，请先登记执法主体', { uscc: unit });
    if (isRevoked(entity)) throw unitRevoked(unit);
    note.beforeHash = head?.contentHash;
    if (action === 'repeal') {
      if (!head) throw notFound(`该执法主体尚未公示${def!.label}，无需废止`, { uscc: unit, kind });
      if (head.timeline.at(-1)?.status === 'repealed') throw conflict('该清单已废止', { reason: 'ALREADY_REPEALED' });
    }
    return { regionCode: entity.regionCode, head };
  }

  async createDraft(
    p: Principal,
    input: NewDraft,
    note: AuditNote,
    prepared?: { regionCode: string; head?: StreamHead },
  ): Promise<Draft> {
    let regionCode: string;
    let head: StreamHead | undefined;
    if (input.stream === entityKind.id) {
      note.unit = input.unit;
      note.target = 'entity';
      regionCode = String(input.items[0]?.regionCode ?? '');
      note.regionCode = regionCode;
      this.guard(p, 'entity.draft', { unit: input.unit, regionCode }, note);
      head = await this.registry.store.getHead(input.unit, entityKind.id, true);
      // Moving a unit to another region is a change of the region it is in now, too.
      if (head && head.regionCode !== regionCode)
        this.guard(p, 'entity.draft', { unit: input.unit, regionCode: head.regionCode }, note);
      if (isRevoked(head)) throw unitRevoked(input.unit);
      note.beforeHash = head?.contentHash;
    } else {
      ({ regionCode, head } =
        prepared ??
        (await this.prepareListDraft(
          p,
          input.unit,
          input.stream,
          input.action === 'repeal' ? 'repeal' : 'publish',
          note,
        )));
    }
    this.checkIfMatch(input.ifMatch, Workflow.headEtag(head), '清单');

    const content = input.stream === entityKind.id ? input.items[0] : input.items;
    const contentHash = hashContent(input.action === 'repeal' ? [] : content);
    const latest = head?.timeline.at(-1);
    if (
      input.action !== 'repeal' &&
      head &&
      latest?.status === 'published' &&
      head.contentHash === contentHash &&
      sameListNotes(await this.registry.store.latestListNotes(head), input.listNotes)
    ) {
      throw new AppError('UNPROCESSABLE', '事项及清单标题、说明与现行最新版本均相同，无需发布新版本', {
        reason: 'NO_CHANGES',
        version: head.version,
      });
    }
    if (input.revisionOf) {
      const previous = await this.drafts.get(input.revisionOf);
      if (!previous || previous.unit !== input.unit || previous.stream !== input.stream)
        throw notFound('未找到被修订的草稿', { revisionOf: input.revisionOf });
      if (previous.status !== 'rejected')
        throw conflict('只能修订已退回的草稿', { reason: 'NOT_REJECTED', status: previous.status });
    }
    const now = this.now();
    const draft: Draft = {
      id: newDraftId(now, randomBytes(6).toString('hex')),
      unit: input.unit,
      stream: input.stream,
      action: input.action,
      status: 'draft',
      rev: 1,
      regionCode,
      effectiveFrom: input.effectiveFrom,
      ...(input.documentNumber ? { documentNumber: input.documentNumber } : {}),
      ...(input.note ? { note: input.note } : {}),
      ...(input.listNotes && input.action !== 'repeal' ? { listNotes: input.listNotes } : {}),
      itemCount: input.action === 'repeal' ? 0 : input.items.length,
      contentHash,
      baseVersion: head?.version ?? 0,
      baseHash: head?.contentHash ?? null,
      source: input.source,
      ...(input.revisionOf ? { revisionOf: input.revisionOf } : {}),
      createdBy: p.sub,
      createdAt: now.toISOString(),
      ...(input.warnings?.length ? { warnings: input.warnings.slice(0, 200) } : {}),
    };
    await this.drafts.create(draft, input.action === 'repeal' ? [] : input.items);
    note.target = `draft:${draft.id}`;
    note.afterHash = contentHash;
    note.detail = {
      ...note.detail,
      stream: draft.stream,
      action: draft.action,
      itemCount: draft.itemCount,
      baseVersion: draft.baseVersion,
    };
    return draft;
  }

  /**
   * Loads a draft the caller may see (404 before 403 would leak existence to strangers, so scope is checked on what
   * exists).
   */
  async getDraft(p: Principal, id: string, note: AuditNote = {}): Promise<Draft> {
    const draft = await this.drafts.get(id);
    if (!draft) throw notFound('未找到该草稿', { id });
    this.noteDraft(draft, note);
    this.guard(p, 'draft.read', { unit: draft.unit, regionCode: draft.regionCode }, note);
    return this.heal(draft, p.sub);
  }

  private noteDraft(d: Draft, note: AuditNote): void {
    note.unit = d.unit;
    note.regionCode = d.regionCode;
    note.target = `draft:${d.id}`;
    note.beforeHash ??= d.contentHash;
  }

  async submit(p: Principal, id: string, ifMatchRev: number | undefined, note: AuditNote): Promise<Draft> {
    const d = await this.drafts.get(id);
    if (!d) throw notFound('未找到该草稿', { id });
    this.noteDraft(d, note);
    this.guard(
      p,
      d.stream === entityKind.id ? 'entity.submit' : 'list.submit',
      { unit: d.unit, regionCode: d.regionCode },
      note,
    );
    this.checkRev(d, ifMatchRev);
    requireStatus(d, 'draft', '提交审核');
    const now = this.now().toISOString();
    const next = await this.move(
      d,
      { status: 'draft', rev: ifMatchRev },
      { status: 'submitted', submittedBy: p.sub, submittedAt: now },
    );
    note.afterHash = next.contentHash;
    return next;
  }

  async review(
    p: Principal,
    id: string,
    input: ReviewInput,
    ifMatchRev: number | undefined,
    note: AuditNote,
  ): Promise<Draft> {
    const found = await this.drafts.get(id);
    if (!found) throw notFound('未找到该草稿', { id });
    this.noteDraft(found, note);
    note.detail = { ...note.detail, decision: input.decision, grounds: input.grounds };
    // Scope is the unit's region now (the draft may have been made before a move); a move needs both regions.
    const entityHead = await this.registry.store.getHead(found.unit, entityKind.id, true);
    const regions = [...new Set([entityHead?.regionCode ?? found.regionCode, found.regionCode])];
    for (const regionCode of regions) {
      this.guard(
        p,
        'draft.review',
        { unit: found.unit, regionCode, createdBy: found.createdBy, submittedBy: found.submittedBy },
        note,
      );
    }
    if (regions.length > 1) note.detail = { ...note.detail, regions };
    checkReview(input, this.options.grounds);
    if (input.decision === 'approve' && found.status === 'submitted' && isRevoked(entityHead)) {
      throw unitRevoked(found.unit);
    }
    const d = await this.heal(found, p.sub);
    // A retried approval that already went through answers as the first one did.
    if (d.status === 'approved' && input.decision === 'approve' && d.review?.by === p.sub) {
      note.detail = { ...note.detail, replay: true, publishedVersion: d.publishedVersion };
      return d;
    }
    this.checkRev(d, ifMatchRev);
    requireStatus(d, 'submitted', input.decision === 'approve' ? '通过' : '退回');
    const review: DraftReview = {
      by: p.sub,
      at: this.now().toISOString(),
      decision: input.decision,
      grounds: input.grounds,
      ...(input.comment ? { comment: input.comment } : {}),
    };
    const noApprovalInFlight = this.noLiveApproval(p.sub);
    if (input.decision === 'reject') {
      const next = await this.move(
        d,
        { status: 'submitted', rev: ifMatchRev },
        { status: 'rejected', review },
        { condition: noApprovalInFlight, remove: ['pendingVersion'] },
      );
      return next;
    }
    return this.approve(d, review, ifMatchRev, note);
  }

  /** No approval in flight: none recorded, one presumed crashed (lease over), or the caller's own (a retry). */
  private noLiveApproval(me: string) {
    return {
      expr: 'attribute_not_exists(#pv) OR #pr.#at < :stale OR #pr.#by = :me',
      names: { '#pv': 'pendingVersion', '#pr': 'pendingReview', '#at': 'at', '#by': 'by' },
      values: { ':stale': new Date(this.now().getTime() - APPROVAL_LEASE_MS).toISOString(), ':me': me },
    };
  }

  private async approve(
    d: Draft,
    review: DraftReview,
    ifMatchRev: number | undefined,
    note: AuditNote,
  ): Promise<Draft> {
    const version = d.baseVersion + 1;
    // The list's content before and after this approval (not the draft's, which is unchanged by review).
    note.beforeHash = d.baseHash ?? undefined;
    // 1. Record the intent (and keep a second approver out while it is live).
    await this.move(
      d,
      { status: 'submitted', rev: ifMatchRev },
      { pendingVersion: version, pendingReview: review },
      { bumpRev: false, condition: this.noLiveApproval(review.by) },
    );
    await this.recordApproval(d, 'draft.approve.intent', review.by, 202, { intendedVersion: version });
    // 2. Publish on top of the base version only.
    const items = d.action === 'repeal' ? [] : await this.drafts.items(d.id);
    let publishedAt: string;
    try {
      const result = await this.registry.publish({
        uscc: d.unit,
        stream: d.stream,
        status: d.action === 'repeal' ? 'repealed' : 'published',
        items,
        effectiveFrom: d.effectiveFrom,
        publishedBy: review.by,
        source: draftSource(d.id),
        ...(d.documentNumber ? { documentNumber: d.documentNumber } : {}),
        ...(d.note ? { note: d.note } : {}),
        ...(d.listNotes ? { listNotes: d.listNotes } : {}),
        expectedVersion: d.baseVersion,
        skipIfUnchanged: false,
      });
      if (result.outcome !== 'published') throw new Error('publish with skipIfUnchanged=false did not publish');
      publishedAt = result.meta.publishedAt;
      note.afterHash = result.meta.contentHash;
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'CONFLICT' && e.code !== 'PRECONDITION_FAILED')) throw e;
      const mine = await this.publishedByDraft(d, version);
      if (!mine) {
        // Someone else's version came first: this draft stays submitted, its intent withdrawn.
        await this.drafts
          .transition(
            d.id,
            { status: 'submitted' },
            {},
            { bumpRev: false, remove: ['pendingVersion', 'pendingReview'] },
          )
          .catch(() => undefined);
        const head = await this.registry.store.getHead(d.unit, d.stream, true);
        throw conflict('该清单已有更新的版本，本草稿未发布，仍为待审核；请基于最新版本修订后重新提交', {
          reason: 'BASE_VERSION_MOVED',
          baseVersion: d.baseVersion,
          currentVersion: head?.version ?? 0,
        });
      }
      publishedAt = mine.publishedAt;
      note.afterHash = mine.contentHash;
    }
    note.detail = { ...note.detail, publishedVersion: version };
    // 3. Mark the draft approved.
    return this.markApproved(d.id, review, version, publishedAt);
  }

  private async markApproved(id: string, review: DraftReview, version: number, publishedAt: string): Promise<Draft> {
    try {
      return await this.drafts.transition(
        id,
        { status: 'submitted' },
        { status: 'approved', review, publishedVersion: version, publishedAt },
        { remove: ['pendingVersion', 'pendingReview'] },
      );
    } catch (e) {
      if (e instanceof StaleDraftError && e.current?.status === 'approved' && e.current.publishedVersion === version)
        return e.current;
      throw e;
    }
  }

  /** The metadata of `version` when it was published from this draft. */
  private async publishedByDraft(
    d: Draft,
    version: number,
  ): Promise<{ publishedAt: string; contentHash: string } | undefined> {
    const head = await this.registry.store.getHead(d.unit, d.stream, true);
    const entry = head?.timeline.find((e) => e.version === version);
    if (!entry) return undefined;
    const { meta } = await this.registry.store.readContent(d.unit, d.stream, entry, { limit: 0 });
    return meta.source === draftSource(d.id) ? meta : undefined;
  }

  /** Completes an approval that crashed after publishing (see the module comment), and records that it did. */
  async heal(d: Draft, by = 'system'): Promise<Draft> {
    if (d.status !== 'submitted' || d.pendingVersion === undefined || !d.pendingReview) return d;
    const mine = await this.publishedByDraft(d, d.pendingVersion);
    if (!mine) return d;
    const healed = await this.markApproved(d.id, d.pendingReview, d.pendingVersion, mine.publishedAt);
    await this.recordApproval(d, 'draft.approve.healed', d.pendingReview.by, 200, {
      publishedVersion: d.pendingVersion,
      publishedAt: mine.publishedAt,
      healedBy: by,
      decision: 'approve',
      grounds: d.pendingReview.grounds,
    });
    return healed;
  }

  /** One record in the unit's trail about an approval, written by the service itself (not per request). */
  private async recordApproval(
    d: Draft,
    action: string,
    actor: string,
    status: number,
    detail: Record<string, unknown>,
  ): Promise<void> {
    if (!this.options.audit) return;
    await this.options.audit.appendOrPend({
      time: this.now().toISOString(),
      actor,
      role: 'reviewer',
      unit: d.unit,
      regionCode: d.regionCode,
      action,
      target: `draft:${d.id}`,
      outcome: 'succeeded',
      status,
      ...(d.baseHash ? { beforeHash: d.baseHash } : {}),
      afterHash: d.contentHash,
      requestId: '',
      sourceIp: 'internal',
      userAgent: 'gongshi-workflow',
      detail: { stream: d.stream, ...detail },
    });
  }

  private checkRev(d: Draft, ifMatchRev: number | undefined): void {
    if (ifMatchRev !== undefined && ifMatchRev !== d.rev) {
      throw new AppError('PRECONDITION_FAILED', '草稿已被他人更新，请刷新后重试', {
        reason: 'STALE_ETAG',
        current: `"${d.id}.${d.rev}"`,
      });
    }
  }

  /** A conditional state change; a lost race becomes 412 (stale ETag) or 409 (state moved on). */
  private async move(
    d: Draft,
    from: { status: DraftStatus; rev?: number },
    set: Partial<Draft>,
    options: Parameters<DraftsStore['transition']>[3] = {},
  ): Promise<Draft> {
    try {
      return await this.drafts.transition(d.id, from, set, options);
    } catch (e) {
      if (!(e instanceof StaleDraftError)) throw e;
      const current = e.current;
      if (current && from.rev !== undefined && current.rev !== from.rev) {
        throw new AppError('PRECONDITION_FAILED', '草稿已被他人更新，请刷新后重试', {
          reason: 'STALE_ETAG',
          current: `"${current.id}.${current.rev}"`,
        });
      }
      if (current && current.status === from.status)
        throw conflict('该草稿正在由他人审核，请稍后再试', { reason: 'REVIEW_IN_PROGRESS' });
      throw conflict('草稿状态已变更，请刷新后重试', { reason: 'WRONG_STATUS', status: current?.status });
    }
  }

  // ------------------------------------------------------------------ listing
  /**
   * Drafts the caller may see: of one unit (any role in scope), or, without a unit,
   * of the caller's region (reviewers, auditors), everything (admins), or the
   * editor's single unit.
   */
  async listDrafts(
    p: Principal,
    q: { unit?: string; status?: DraftStatus; kind?: string; limit: number; startKey?: Record<string, unknown> },
    note: AuditNote = {},
  ): Promise<DraftList> {
    if (q.unit) {
      note.unit = q.unit;
      const head = await this.registry.store.getHead(q.unit, entityKind.id);
      this.guard(p, 'draft.read', { unit: q.unit, regionCode: head?.regionCode }, note);
      if (head) note.regionCode = head.regionCode;
      // An unregistered unit can only have entity drafts; they are found by the unit filter.
      const prefix = head ? `${head.regionCode}#${q.unit}#` : (this.widestPrefix(p) ?? '');
      return this.drafts.list({
        keyPrefix: prefix,
        unit: q.unit,
        status: q.status,
        stream: q.kind,
        limit: q.limit,
        startKey: q.startKey,
      });
    }
    const prefix = this.widestPrefix(p);
    if (prefix === undefined) {
      const [only] = p.units;
      if (!p.roles.includes('editor')) this.guard(p, 'draft.read', { global: true }, note);
      if (only && p.units.length === 1) return this.listDrafts(p, { ...q, unit: only }, note);
      throw new AppError('BAD_REQUEST', '请用 unit 参数指定执法主体', { reason: 'UNIT_REQUIRED', units: p.units });
    }
    return this.drafts.list({
      keyPrefix: prefix,
      status: q.status,
      stream: q.kind,
      limit: q.limit,
      startKey: q.startKey,
    });
  }

  private widestPrefix(p: Principal): string | undefined {
    if (p.roles.includes('admin')) return '';
    if ((p.roles.includes('auditor') || p.roles.includes('reviewer')) && p.regionPrefix !== undefined)
      return p.regionPrefix;
    return undefined;
  }

  /**
   * For the versions listing : the drafts of one list with their state and
   * review (rejections with grounds), when the caller may see drafts of that unit;
   * an empty list for anyone else, the public included.
   */
  async draftsOfList(p: Principal | undefined, unit: string, kind: string): Promise<Draft[]> {
    if (!p) return [];
    const head = await this.registry.store.getHead(unit, entityKind.id);
    if (!authorize(p, 'draft.read', { unit, regionCode: head?.regionCode }).allowed) return [];
    const out: Draft[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.drafts.list({
        keyPrefix: head ? `${head.regionCode}#${unit}#` : '',
        unit,
        stream: kind,
        limit: 500,
        startKey,
      });
      out.push(...page.drafts);
      startKey = page.lastKey;
    } while (startKey);
    return out;
  }
}
