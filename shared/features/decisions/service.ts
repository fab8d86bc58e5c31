/**
 * The decisions use cases (事后公示): record a decision (checked against officers' certificates and the discretion
 * lists in force), publish it redacted, withdraw it with a trace, end its publicity period, and read it back as the
 * public may see it with its deadline clock. Routes, the importer (./import.ts), the scheduled job and the portal call
 * these.
 */
import { chinaDate } from '../../core/dates.js';
import { AppError, notFound } from '../../core/errors.js';
import { discretionKinds, entityKind } from '../../core/kinds/index.js';
import type { LogEventQueue } from '../ledger/index.js';
import { queryTerms } from '../search/index.js';
import { matchesAll, SEARCH_READ_LIMIT } from './search.js';
import type { Registry } from '../lists/index.js';
import { decisionLogEvent, isDocumentSubject } from './log-leaves.js';
import { WorkingDayCalendar } from './calendar/working-days.js';
import { commitTo, newSalt } from './commitment.js';
import { readClock, type ClockReading } from './deadlines.js';
import { decisionId, numberHash, parseDecisionId } from './keys.js';
import { DecisionInput, publicationWorkingDays, WITHDRAWAL_WORKING_DAYS } from './model.js';
import type { CertificateLookup } from './ports.js';
import { addMonths, PUBLICITY_RULES, publicityFor, type PublicityRuleSet } from './publicity-rules.js';
import { publicContent, scrubText, type PublicDecisionContent } from './redaction.js';
import type { DecisionRecord, DecisionStore, Withdrawal, WithdrawalGround } from './store.js';

export interface DecisionsDeps {
  store: DecisionStore;
  registry: Registry;
  certificates: CertificateLookup;
  now: () => Date;
  calendar?: WorkingDayCalendar;
  rules?: readonly PublicityRuleSet[];
  /** The transparency log's event queue: publications, withdrawals and expiries are logged through it. */
  log?: Pick<
    LogEventQueue,
    | 'enqueue'
    | 'enqueueNew'
    | 'hold'
    | 'release'
    | 'drop'
    | 'heldBefore'
    | 'holdBatch'
    | 'dropBatch'
    | 'heldBatchesBefore'
  >;
  /** Called after events were queued (the local process nudges its sequencer). */
  onLogged?: () => void;
}

/** One problem with one decision (a spreadsheet row, or the API body when `row` is absent). */
export interface DecisionIssue {
  row?: number;
  field: string;
  code: string;
  message: string;
  value?: string;
}

/** What the public sees of a decision. */
export interface PublicDecision {
  id: string;
  unit: string;
  regionCode: string;
  number: string;
  type: string;
  decisionDate: string;
  /** published, withdrawn, expired, or overdue (recorded, not public, deadline passed). */
  state: 'published' | 'withdrawn' | 'expired' | 'overdue';
  commitment: string;
  publication: ClockReading;
  publicity: { ruleSet?: string; tier?: string; months?: number; expiresOn?: string };
  content?: PublicDecisionContent;
  withdrawal?: Omit<Withdrawal, 'recordedAt'> & { clock: ClockReading };
  expired?: { on: string; ruleSet?: string };
}

type DecisionEvent = 'published' | 'withdrawn' | 'expired';

/** Whether the decision's stored state shows the event's change was made. */
function changeStored(d: DecisionRecord, event: DecisionEvent): boolean {
  if (event === 'published') return d.publishedAt !== undefined && d.state !== 'recorded';
  return d.state === event;
}

/** The time the event records, as the change stored it. */
function eventTime(d: DecisionRecord, event: DecisionEvent): string {
  if (event === 'published') return d.publishedAt!;
  if (event === 'withdrawn') return d.withdrawal!.recordedAt;
  return d.expiredAt ?? `${d.expiredOn}T00:00:00.000Z`;
}

/** Officers needed on a decision: two for 处罚 (行政处罚法 第四十二条), 强制 (行政强制法 第十八条) and 检查. */
const TWO_OFFICERS = new Set(['行政处罚', '行政强制', '行政检查']);

export class Decisions {
  readonly calendar: WorkingDayCalendar;
  readonly rules: readonly PublicityRuleSet[];

  constructor(readonly deps: DecisionsDeps) {
    this.calendar = deps.calendar ?? new WorkingDayCalendar();
    this.rules = deps.rules ?? PUBLICITY_RULES;
  }

  today(): string {
    return chinaDate(this.deps.now());
  }

  /** The unit's region now (its entity head). */
  async regionOf(unit: string): Promise<string> {
    const head = await this.deps.registry.store.getHead(unit, entityKind.id);
    if (!head) throw notFound('未找到该执法主体', { uscc: unit });
    return head.regionCode;
  }

  // ------------------------------------------------------------------ recording
  /**
   * Validates and checks decisions without writing: every problem of every decision at once. The checks that read
   * (certificates, discretion lists) are cached per certificate and date, and per list and date.
   */
  async prepare(
    unit: string,
    bodies: ReadonlyArray<{ row?: number; body: unknown }>,
    options: { recordedBy?: string } = {},
  ): Promise<{ records: Array<DecisionRecord & { salt: string }>; issues: DecisionIssue[] }> {
    const regionCode = await this.regionOf(unit);
    const issues: DecisionIssue[] = [];
    const records: Array<DecisionRecord & { salt: string }> = [];
    const certificateCache = new Map<string, ReturnType<CertificateLookup['certificateOn']>>();
    const listCache = new Map<string, Promise<{ version: number; codes: Set<string> } | undefined>>();
    const seen = new Map<string, number | undefined>();
    const recordedAt = this.deps.now().toISOString();
    for (const { row, body } of bodies) {
      const parsed = DecisionInput.safeParse(body);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          issues.push({
            ...(row !== undefined ? { row } : {}),
            field: issue.path.join('.'),
            code: issue.code === 'custom' ? 'INVALID' : issue.code.toUpperCase(),
            message: issue.message,
          });
        }
        continue;
      }
      const input = parsed.data;
      const at = (field: string, code: string, message: string, value?: string) =>
        issues.push({ ...(row !== undefined ? { row } : {}), field, code, message, ...(value ? { value } : {}) });
      const hash = numberHash(input.number);
      if (seen.has(hash))
        at('number', 'DUPLICATE_NUMBER', `文件中决定书文号重复（另见第${seen.get(hash)}行）`, input.number);
      seen.set(hash, row);
      const rowIssues = issues.length;
      if (input.decisionDate > this.today())
        at('decisionDate', 'FUTURE_DATE', '决定日期不得晚于今天', input.decisionDate);
      await this.checkOfficers(unit, input, certificateCache, at);
      await this.checkDiscretion(unit, input, listCache, at);
      if (issues.length > rowIssues) continue;
      const publicity = publicityFor(input, regionCode, this.rules);
      const shown = publicContent(input);
      const salt = newSalt();
      const exemptReason = !shown ? '当事人为未成年人，不予公示' : !publicity.publish ? publicity.reason : undefined;
      records.push({
        id: decisionId(unit, input.decisionDate, hash),
        unit,
        regionCode,
        hash,
        number: input.number,
        type: input.type,
        decisionDate: input.decisionDate,
        ...(input.party.uscc && input.party.type !== '自然人' ? { partyUscc: input.party.uscc } : {}),
        state: exemptReason ? 'exempt' : 'recorded',
        record: input,
        ...(shown && !exemptReason ? { publicContent: shown } : {}),
        commitment: commitTo(input, salt),
        publicity,
        ...(exemptReason ? { exemptReason } : {}),
        recordedAt,
        ...(options.recordedBy ? { recordedBy: options.recordedBy } : {}),
        checks: { officers: [] },
        salt,
      });
    }
    return { records, issues };
  }

  private async checkOfficers(
    unit: string,
    input: DecisionInput,
    cache: Map<string, ReturnType<CertificateLookup['certificateOn']>>,
    at: (field: string, code: string, message: string, value?: string) => void,
  ) {
    const numbers = [...new Set(input.officers)];
    const needed = TWO_OFFICERS.has(input.type) ? 2 : 1;
    if (numbers.length < needed)
      at(
        'officers',
        'TOO_FEW_OFFICERS',
        `${input.type}决定须由不少于${needed}名执法人员作出`,
        input.officers.join('、'),
      );
    for (const n of numbers) {
      const key = `${n}|${input.decisionDate}`;
      if (!cache.has(key)) cache.set(key, this.deps.certificates.certificateOn(n, input.decisionDate));
      const cert = await cache.get(key)!;
      if (!cert) at('officers', 'UNKNOWN_CERTIFICATE', `未找到执法证：${n}`, n);
      else if (cert.uscc !== unit) at('officers', 'CERTIFICATE_OTHER_UNIT', `执法证${n}不属于本执法主体`, n);
      else if (cert.certificateType !== '行政执法证')
        at('officers', 'NOT_ENFORCEMENT_CERTIFICATE', `执法证${n}为${cert.certificateType}，不能用于作出执法决定`, n);
      else if (!cert.validOnDate)
        at('officers', 'CERTIFICATE_NOT_VALID', `执法证${n}在决定日期${input.decisionDate}无效（${cert.status}）`, n);
    }
  }

  private async checkDiscretion(
    unit: string,
    input: DecisionInput,
    cache: Map<string, Promise<{ version: number; codes: Set<string> } | undefined>>,
    at: (field: string, code: string, message: string, value?: string) => void,
  ) {
    const d = input.discretion;
    if (!d) return;
    const kind = discretionKinds.find((k) => k.id === d.kind || k.label === d.kind || k.shortLabel === d.kind);
    if (!kind) {
      at('discretion.kind', 'UNKNOWN_KIND', `不是裁量清单类型：${d.kind}`, d.kind);
      return;
    }
    const key = `${kind.id}|${input.decisionDate}`;
    if (!cache.has(key)) {
      cache.set(
        key,
        this.deps.registry
          .getListInForce(unit, kind.id, { at: input.decisionDate, limit: 100_000 })
          .then(({ meta, items }) => ({
            version: meta.version,
            codes: new Set(items.map((i) => String(i.code ?? ''))),
          }))
          .catch((e) => {
            if (e instanceof AppError && e.code === 'NOT_FOUND') return undefined;
            throw e;
          }),
      );
    }
    const inForce = await cache.get(key)!;
    if (!inForce) {
      at('discretion', 'LIST_NOT_IN_FORCE', `决定日期${input.decisionDate}本单位没有生效的${kind.label}`, d.itemCode);
    } else if (inForce.version !== d.version) {
      at(
        'discretion.version',
        'VERSION_NOT_IN_FORCE',
        `${kind.label}第${d.version}版在决定日期${input.decisionDate}不是生效版本（生效的是第${inForce.version}版）`,
        String(d.version),
      );
    } else if (!inForce.codes.has(d.itemCode)) {
      at('discretion.itemCode', 'ITEM_NOT_IN_LIST', `${kind.label}第${d.version}版中没有事项${d.itemCode}`, d.itemCode);
    }
    if (kind) d.kind = kind.id;
  }

  /** Records one decision (optionally publishing it now); refuses with every problem listed. */
  async record(unit: string, body: unknown, options: { publish?: boolean; recordedBy?: string } = {}) {
    const { records, issues } = await this.prepare(unit, [{ body }], options);
    if (issues.length > 0) throw rejected(issues);
    const { salt, ...record } = records[0]!;
    await this.deps.store.putNew(record);
    const stored = options.publish && record.state === 'recorded' ? await this.publishRecord(record) : record;
    return { decision: this.unitView(stored), salt };
  }

  /** Records many decisions (a spreadsheet): all or nothing; 文号 already used by the unit are refused. */
  async recordMany(
    unit: string,
    rows: ReadonlyArray<{ row?: number; body: unknown }>,
    options: { publish?: boolean; recordedBy?: string } = {},
  ) {
    const { records, issues } = await this.prepare(unit, rows, options);
    const claimed = await this.deps.store.claimedNumbers(records.map((r) => ({ unit, number: r.number })));
    records.forEach((r, i) => {
      if (claimed.has(`${unit}|${r.number}`))
        issues.push({
          ...(rows[i]?.row !== undefined ? { row: rows[i]!.row } : {}),
          field: 'number',
          code: 'DUPLICATE_NUMBER',
          message: `决定书文号已登记：${r.number}`,
          value: r.number,
        });
    });
    if (issues.length > 0) throw rejected(issues);
    const publishedAt = this.deps.now().toISOString();
    const stored = records.map(({ salt: _salt, ...r }) =>
      options.publish && r.state === 'recorded' ? this.asPublished(r, publishedAt) : r,
    );
    // The publications' log events are held before the decisions are written (one batch item per 500 events) and
    // queued after, so a crash in between leaves a held batch for `completeHeldEvents`, never a public decision the
    // log does not know.
    const events = stored
      .filter((r) => r.state === 'published')
      .map((r) => decisionLogEvent(r, 'published', r.publishedAt!));
    const log = events.length > 0 ? this.deps.log : undefined;
    const held = await log?.holdBatch(events);
    await this.deps.store.putMany(stored);
    if (log && held) {
      // New subjects: their events are put as queued in batches, then the held batch goes (no job completes a hold
      // this young).
      await log.enqueueNew(events);
      await log.dropBatch(held);
      this.deps.onLogged?.();
    }
    return {
      recorded: stored.length,
      published: stored.filter((r) => r.state === 'published').length,
      exempt: stored.filter((r) => r.state === 'exempt').length,
      salts: records.map((r) => ({ id: r.id, number: r.number, salt: r.salt })),
    };
  }

  private expiresOn(r: DecisionRecord, publishedOn: string): string | undefined {
    if (!r.publicity.publish) return undefined;
    const from = r.publicity.periodFrom === 'decision' ? r.decisionDate : publishedOn;
    return addMonths(from, r.publicity.months);
  }

  private asPublished(r: DecisionRecord, publishedAt: string): DecisionRecord {
    const publishedOn = chinaDate(new Date(publishedAt));
    const expiresOn = this.expiresOn(r, publishedOn);
    return { ...r, state: 'published', publishedAt, publishedOn, ...(expiresOn ? { expiresOn } : {}) };
  }

  private async publishRecord(r: DecisionRecord): Promise<DecisionRecord> {
    const published = this.asPublished(r, this.deps.now().toISOString());
    await this.logged(published, 'published', published.publishedAt!, () =>
      this.deps.store.markPublished(r, {
        publishedAt: published.publishedAt!,
        publishedOn: published.publishedOn!,
        ...(published.expiresOn ? { expiresOn: published.expiresOn } : {}),
      }),
    );
    return published;
  }

  /**
   * Makes a public state change with its log event and no transaction: holds the event, stores the change, then
   * queues the event. A crash after the hold leaves it for `completeHeldEvents`; a refused change leaves it too
   * (a concurrent attempt may be the one that succeeded and will queue it).
   */
  private async logged<T>(d: DecisionRecord, event: DecisionEvent, at: string, change: () => Promise<T>): Promise<T> {
    const log = this.deps.log;
    const e = decisionLogEvent(d, event, at);
    await log?.hold(e);
    const result = await change();
    if (log) {
      await log.release(e, e);
      this.deps.onLogged?.();
    }
    return result;
  }

  /**
   * Completes the log events held longer than `olderThanMs` (a crash between hold and queue): each decision is
   * read; an event whose change is stored is queued with the body the decision now gives, one whose change never
   * happened is dropped. A held import batch is done event by event the same way (queued unless already queued),
   * then deleted. Idempotent; the daily job runs it.
   */
  async completeHeldEvents(olderThanMs = 60 * 60 * 1000): Promise<{ queued: number; dropped: number }> {
    const log = this.deps.log;
    if (!log) return { queued: 0, dropped: 0 };
    const before = new Date(this.deps.now().getTime() - olderThanMs).toISOString();
    // Held document events (statements, reports) are DecisionReports.completeHeldDocuments' to complete.
    const held = (await log.heldBefore(before)).filter((h) => !isDocumentSubject(h.subject));
    let queued = 0;
    for (const h of held) {
      const d = await this.deps.store.get(h.subject);
      const event = h.event as DecisionEvent;
      if (!d || !changeStored(d, event)) {
        await log.drop(h);
        continue;
      }
      const at = eventTime(d, event);
      // A publication held and then withdrawn before this ran: the hold's own body still has the content hash.
      await log.release(
        h,
        event === 'published' && d.state !== 'published' ? undefined : decisionLogEvent(d, event, at),
      );
      queued++;
    }
    let dropped = held.length - queued;
    for (const batch of await log.heldBatchesBefore(before)) {
      for (const h of batch.events) {
        const d = await this.deps.store.get(h.subject);
        const event = h.event as DecisionEvent;
        if (!d || !changeStored(d, event)) {
          dropped++;
          continue;
        }
        const e = decisionLogEvent(d, event, eventTime(d, event));
        // Published, then withdrawn or expired before this ran: the content is gone, the batch kept its hash.
        if (event === 'published' && d.state !== 'published') e.body.contentHash = h.contentHash;
        // Queued already when the import crashed after queueing some of its events: not queued twice.
        if (await log.enqueue(e)) queued++;
      }
      await log.dropBatch(batch);
    }
    if (queued > 0) this.deps.onLogged?.();
    return { queued, dropped };
  }

  private async require(id: string, unit?: string): Promise<DecisionRecord> {
    const key = parseDecisionId(id);
    if (!key || (unit && key.unit !== unit)) throw notFound('未找到该执法决定', { id });
    const d = await this.deps.store.get(id);
    if (!d) throw notFound('未找到该执法决定', { id });
    return d;
  }

  /** Makes a recorded decision public now. */
  async publish(id: string, unit?: string) {
    const d = await this.require(id, unit);
    if (d.state === 'exempt')
      throw new AppError('UNPROCESSABLE', `该决定不予公示：${d.exemptReason}`, { reason: 'EXEMPT', id });
    return this.unitView(await this.publishRecord(d));
  }

  /**
   * Withdraws a published decision after its revoking act (变更、撤销、确认违法或无效: 行政处罚法 第四十八条第二款), or
   * ends its publicity early after 信用修复. The content leaves the public view; the act and the reason stay public.
   */
  async withdraw(
    id: string,
    act: { ground: WithdrawalGround; actNumber: string; actDate: string; reason: string },
    unit?: string,
  ) {
    const d = await this.require(id, unit);
    const now = this.deps.now();
    const recordedOn = chinaDate(now);
    if (act.actDate > recordedOn)
      throw new AppError('UNPROCESSABLE', '撤回依据的决定日期不得晚于今天', { field: 'actDate' });
    if (act.actDate < d.decisionDate)
      throw new AppError('UNPROCESSABLE', '撤回依据的决定日期不得早于原决定日期', { field: 'actDate' });
    // The reason is published: personal numbers and the party's details are scrubbed from it like the content.
    const reason = scrubText(act.reason, { party: d.record.party, thirdParties: d.record.thirdParties });
    const withdrawal: Withdrawal = { ...act, reason, recordedAt: now.toISOString(), recordedOn };
    const { publicContent: _gone, ...rest } = d;
    const withdrawn: DecisionRecord = { ...rest, state: 'withdrawn', withdrawal };
    await this.logged(withdrawn, 'withdrawn', withdrawal.recordedAt, () => this.deps.store.withdraw(id, withdrawal));
    return this.publicView(withdrawn, recordedOn)!;
  }

  // ------------------------------------------------------------------ the expiry job
  /**
   * Ends the publicity periods due from the day after the last run up to `today`: Queries of the sparse expiry
   * index over those days (one per month touched), one conditional update per decision due. Reads nothing else.
   */
  async runExpiry(today = this.today()): Promise<{ from: string; to: string; expired: number }> {
    const last = await this.deps.store.expiryWatermark();
    const from = last ? addDaysIso(last, 1) : today;
    let expired = 0;
    if (from <= today) {
      const due = await this.deps.store.expiringBetween(from, today);
      for (let i = 0; i < due.length; i += 16) {
        const done = await Promise.all(due.slice(i, i + 16).map((d) => this.expireOne(d.key, d.on)));
        expired += done.filter(Boolean).length;
      }
      await this.deps.store.setExpiryWatermark(today);
    }
    return { from, to: today, expired };
  }

  /** One due decision: read it (to hold its event), then end its period unless it changed meanwhile. */
  private async expireOne(key: { pk: string; sk: string }, on: string): Promise<boolean> {
    const d = await this.deps.store.getByKey(key);
    if (d?.state !== 'published' || d.expiresOn !== on) return false;
    const at = this.deps.now().toISOString();
    const { publicContent: _gone, ...rest } = d;
    const after: DecisionRecord = { ...rest, state: 'expired', expiredOn: on, expiredAt: at };
    return Boolean(await this.logged(after, 'expired', at, () => this.deps.store.expire(key, on, at)));
  }

  // ------------------------------------------------------------------ views
  /** The unit's own view: the whole record, with the public preview. */
  unitView(d: DecisionRecord) {
    const today = this.today();
    return {
      ...d,
      publication: this.publicationClock(d, today),
      preview: d.publicContent ?? null,
    };
  }

  publicationClock(d: DecisionRecord, today = this.today()): ClockReading {
    return readClock(this.calendar, d.decisionDate, publicationWorkingDays(d.type), d.publishedOn, today);
  }

  /** What the public may see, or undefined when nothing is public (exempt, or recorded within its deadline). */
  publicView(d: DecisionRecord, today = this.today()): PublicDecision | undefined {
    if (d.state === 'exempt') return undefined;
    const publication = this.publicationClock(d, today);
    if (d.state === 'recorded' && publication.state !== 'overdue') return undefined;
    const lapsed = d.state === 'published' && d.expiresOn !== undefined && d.expiresOn <= today;
    const state = d.state === 'recorded' ? 'overdue' : lapsed ? 'expired' : d.state;
    const p = d.publicity;
    const view: PublicDecision = {
      id: d.id,
      unit: d.unit,
      regionCode: d.regionCode,
      number: d.number,
      type: d.type,
      decisionDate: d.decisionDate,
      state,
      commitment: d.commitment,
      publication,
      publicity: {
        ...(p.ruleSet ? { ruleSet: p.ruleSet } : {}),
        ...(p.publish ? { tier: p.tier, months: p.months } : {}),
        ...(d.expiresOn ? { expiresOn: d.expiresOn } : {}),
      },
    };
    if (state === 'published' && d.publicContent) view.content = d.publicContent;
    if (d.withdrawal) {
      const { recordedAt: _at, ...w } = d.withdrawal;
      view.withdrawal = {
        ...w,
        clock: readClock(this.calendar, w.actDate, WITHDRAWAL_WORKING_DAYS, w.recordedOn, today),
      };
    }
    if (state === 'expired')
      view.expired = { on: d.expiredOn ?? d.expiresOn!, ...(p.ruleSet ? { ruleSet: p.ruleSet } : {}) };
    return view;
  }

  private visible(items: DecisionRecord[], today = this.today()): PublicDecision[] {
    return items.flatMap((d) => this.publicView(d, today) ?? []);
  }

  // ------------------------------------------------------------------ lookups (public)
  async get(id: string): Promise<PublicDecision> {
    const d = await this.deps.store.get(id);
    const view = d && this.publicView(d);
    if (!view) throw notFound('未找到该执法决定', { id });
    return view;
  }

  async byUnit(unit: string, q: { from: string; to: string; limit: number; cursor?: string }) {
    const page = await this.deps.store.byUnit(unit, q);
    return { items: this.visible(page.items), ...(page.next ? { next: page.next } : {}) };
  }

  async byRegion(regionCode: string, q: { from: string; to: string; limit: number; cursor?: string }) {
    const page = await this.deps.store.byRegion(regionCode, q);
    return { items: this.visible(page.items), ...(page.next ? { next: page.next } : {}) };
  }

  /**
   * The deadline clock over a unit's or a region's decisions in a date range (exempt ones left out): how many were
   * published on time, late, are overdue or still pending, and which were late or are overdue.
   */
  async deadlines(scope: { unit: string } | { regionCode: string }, q: { from: string; to: string }) {
    const today = this.today();
    const counts = { 'on-time': 0, late: 0, overdue: 0, pending: 0, provisional: 0 };
    const flagged: Array<{ id: string; number: string; unit: string; decisionDate: string } & ClockReading> = [];
    const withdrawals = { 'on-time': 0, late: 0 };
    let cursor: string | undefined;
    do {
      const page =
        'unit' in scope
          ? await this.deps.store.byUnit(scope.unit, { ...q, limit: 1000, cursor })
          : await this.deps.store.byRegion(scope.regionCode, { ...q, limit: 1000, cursor });
      for (const d of page.items) {
        if (d.state === 'exempt') continue;
        const clock = this.publicationClock(d, today);
        counts[clock.state]++;
        if (clock.provisional) counts.provisional++;
        if (clock.state === 'late' || clock.state === 'overdue')
          flagged.push({ id: d.id, number: d.number, unit: d.unit, decisionDate: d.decisionDate, ...clock });
        if (d.withdrawal) {
          const w = readClock(
            this.calendar,
            d.withdrawal.actDate,
            WITHDRAWAL_WORKING_DAYS,
            d.withdrawal.recordedOn,
            today,
          );
          if (w.state === 'on-time' || w.state === 'late') withdrawals[w.state]++;
        }
      }
      cursor = page.next;
    } while (cursor);
    return { ...scope, ...q, asOf: today, calendar: this.calendar.source, counts, withdrawals, flagged };
  }

  /**
   * Published decisions of a region in a date range whose public text holds every term (./search.ts), in date
   * order. Reads at most SEARCH_READ_LIMIT decisions; `next` continues after the last one read or returned.
   */
  async search(regionCode: string, q: { q: string; from: string; to: string; limit: number; cursor?: string }) {
    const terms = queryTerms(q.q);
    if (terms.length === 0)
      throw new AppError('BAD_REQUEST', '请输入检索词（标点和空格不计）', { reason: 'EMPTY_QUERY', field: 'q' });
    const today = this.today();
    const items: PublicDecision[] = [];
    let cursor = q.cursor;
    let read = 0;
    while (items.length < q.limit && read < SEARCH_READ_LIMIT) {
      const page = await this.deps.store.byRegion(regionCode, {
        from: q.from,
        to: q.to,
        limit: Math.min(500, SEARCH_READ_LIMIT - read),
        cursor,
      });
      let last = page.items.length - 1;
      for (let i = 0; i < page.items.length; i++) {
        const view = this.publicView(page.items[i]!, today);
        if (view && matchesAll(view, terms)) items.push(view);
        // The page holds more than the answer needs: the cursor resumes right after this decision.
        if (items.length === q.limit) {
          last = i;
          break;
        }
      }
      read += last + 1;
      const stoppedEarly = last < page.items.length - 1;
      cursor = stoppedEarly ? this.deps.store.cursorAfter(page.items[last]!) : page.next;
      if (!cursor) break;
    }
    return { items, read, ...(cursor ? { next: cursor } : {}) };
  }

  async byParty(uscc: string, limit = 50) {
    return { items: this.visible(await this.deps.store.byParty(uscc, limit)) };
  }

  async byNumber(number: string) {
    return { items: this.visible(await this.deps.store.byNumber(number)) };
  }
}

function rejected(issues: DecisionIssue[]): AppError {
  return new AppError('UNPROCESSABLE', `执法决定未通过校验（${issues.length}处问题），未作任何更改`, {
    reason: 'INVALID_DECISIONS',
    errors: issues,
  });
}

function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
