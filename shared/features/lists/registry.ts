/**
 * The registry's read and publish operations, in domain terms. HTTP routes, the
 * importer and the workflow call these; storage details stay in the store.
 */
import { chinaDate } from '../../core/dates.js';
import { AppError, notFound } from '../../core/errors.js';
import { findKind, isListKind, listKinds, entityKind } from '../../core/kinds/index.js';
import {
  knownAt,
  resolveInForce,
  type TimelineEntry,
  type VersionMeta,
  type VersionStatus,
} from '../../core/versions.js';
import { withLeafIndex } from '../../core/leaf-ranges.js';
import type { FormerRegion } from './former-regions.js';
import { RegionReader } from './region-reader.js';
import type { PublishInput, PublishResult, StreamHead, StreamStore } from './stream-store.js';

export interface TimeQuery {
  /** China date; default today in China. */
  at?: string;
  /** ISO instant; default now. */
  asOf?: string;
}

/** A version named by its number, or as the version in force on a China date. */
export type VersionRef = { version: number } | { at: string };

export interface ListSummary {
  kind: string;
  label: string;
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  status: VersionStatus;
  /** False when the list is repealed or not yet in force on the date asked. */
  inForce: boolean;
  itemCount?: number;
  /** Latest recorded version, which may not be in force yet. */
  latestVersion: number;
}

/** A problem with one item of a candidate list that only the store can tell (reported as that item's row error). */
export interface CandidateIssue {
  /** Index of the item in the candidate's items. */
  item: number;
  column: string;
  field: string;
  value?: string;
  code: string;
  message: string;
  /** A warning is shown beside the errors but does not refuse the list. */
  severity?: 'warning';
}

export class Registry {
  /** Called after each publication that created a version (the runtime wires the ledger sequencer here). */
  afterPublish?: (result: PublishResult) => void;
  /** Called before a list version is published; throws to refuse it (e.g. certificate numbers held elsewhere). */
  beforePublish?: (input: Omit<PublishInput, 'regionCode'>) => Promise<void>;
  /**
   * Checks a candidate list against what is stored, at upload and dry run, before any draft exists (e.g. certificate
   * numbers another unit lists); `beforePublish` still refuses at publication what changed in between.
   */
  checkCandidate?: (input: {
    uscc: string;
    stream: string;
    items: ReadonlyArray<Record<string, unknown>>;
  }) => Promise<CandidateIssue[]>;

  constructor(readonly store: StreamStore) {}

  today(): string {
    return chinaDate(this.store.now());
  }

  requireListKind(kind: string) {
    const def = findKind(kind);
    if (!def || !isListKind(kind))
      throw new AppError('UNKNOWN_KIND', `未知的清单类型：${kind}`, { kinds: listKinds.map((k) => k.id) });
    return def;
  }

  /**
   * The date `at` stands for when not given: the China date of `asOf` when that
   * is given (what the registry showed at that moment), else today in China.
   */
  atFor(q: TimeQuery): string {
    return q.at ?? (q.asOf ? chinaDate(new Date(q.asOf)) : this.today());
  }

  private resolve(head: StreamHead, q: TimeQuery): TimelineEntry {
    const at = this.atFor(q);
    const { entry, repealedBy } = resolveInForce(head.timeline, { at, asOf: q.asOf });
    if (repealedBy) {
      throw notFound(`该清单已于${repealedBy.effectiveFrom}废止，指定日期无生效版本`, {
        reason: 'REPEALED',
        repealedBy: repealedBy.version,
        at,
        asOf: q.asOf,
      });
    }
    if (!entry) throw notFound('指定日期无生效版本', { reason: 'NOT_YET_IN_FORCE', at, asOf: q.asOf });
    return entry;
  }

  private async entityHead(uscc: string): Promise<StreamHead> {
    const head = await this.store.getHead(uscc, entityKind.id);
    if (!head) throw notFound('未找到该执法主体', { uscc });
    return head;
  }

  // ------------------------------------------------------------------ entities
  async getEntity(uscc: string, q: TimeQuery = {}) {
    const head = await this.entityHead(uscc);
    const entry = this.resolve(head, q);
    const { meta, items } = await this.store.readContent(uscc, entityKind.id, entry);
    return { entity: items[0]!, meta: withLeafIndex(meta, head), immutable: false };
  }

  /**
   * The entity records in force on `at` (as known at `asOf`) of many units, by credit code: one BatchGetItem per
   * 100 entity heads (a head carries the latest record) and a content read only for a unit whose record in force
   * is an earlier version. Units without an entity head or a record in force are absent.
   */
  async entitiesInForce(usccs: readonly string[], q: TimeQuery = {}): Promise<Map<string, Record<string, unknown>>> {
    const at = this.atFor(q);
    const heads = await this.store.getHeads(usccs.map((uscc) => ({ uscc, stream: entityKind.id })));
    const found = await Promise.all(
      heads.map(async (head) => {
        const { entry } = resolveInForce(head.timeline, { at, asOf: q.asOf });
        if (!entry) return undefined;
        const entity =
          entry.version === head.version && head.entity
            ? head.entity
            : (await this.store.readContent(head.uscc, entityKind.id, entry)).items[0];
        return entity ? ([head.uscc, entity] as const) : undefined;
      }),
    );
    return new Map(found.filter((f) => f !== undefined));
  }

  async entityVersions(uscc: string, asOf?: string): Promise<VersionMeta[]> {
    const { head, versions } = await this.store.listVersions(uscc, entityKind.id);
    if (!head) throw notFound('未找到该执法主体', { uscc });
    return filterKnown(versions, asOf).map((v) => withLeafIndex(v, head));
  }

  /**
   * Entities in force on `at` as known at `asOf` (revoked ones left out), by region
   * prefix, a page at a time, in region order. Walks the entity heads of the region
   * index; reads an entity version only when the one in force is not the latest
   * (the head carries the latest record).
   */
  async unitsInForce(
    q: TimeQuery & {
      regionPrefix?: string;
      limit: number;
      startAfter?: { regionCode: string; uscc: string };
      includeRevoked?: boolean;
    },
  ) {
    const at = this.atFor(q);
    const walk = new RegionReader(this.store.client, this.store.tableName)
      .heads(q.regionPrefix ?? '', entityKind.id, q.startAfter && { ...q.startAfter, stream: entityKind.id })
      [Symbol.asyncIterator]();
    const units: Array<{ head: StreamHead; entry: TimelineEntry; entity: Record<string, unknown> }> = [];
    let last: StreamHead | undefined;
    let exhausted = false;
    while (units.length < q.limit && !exhausted) {
      const group: Array<{ head: StreamHead; entry: TimelineEntry }> = [];
      while (group.length < q.limit - units.length) {
        const next = await walk.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        last = next.value;
        const { entry } = resolveInForce(next.value.timeline, { at, asOf: q.asOf });
        if (entry) group.push({ head: next.value, entry });
      }
      const records = await Promise.all(
        group.map(async ({ head, entry }) =>
          entry.version === head.version && head.entity
            ? head.entity
            : (await this.store.readContent(head.uscc, entityKind.id, entry)).items[0]!,
        ),
      );
      group.forEach((g, i) => {
        if (q.includeRevoked || records[i]!.status !== 'revoked') units.push({ ...g, entity: records[i]! });
      });
    }
    await walk.return?.(undefined);
    return { units, ...(!exhausted && last ? { next: { regionCode: last.regionCode, uscc: last.uscc } } : {}) };
  }

  /**
   * Units that have left a region under `regionPrefix`, each with the region it left (./former-regions.ts): the
   * markers of the region's gsi2 pages, the heads filtered out by the engine. A unit that moved within the prefix is
   * listed too; its entity versions say which dates it spent where.
   */
  formerMembers(regionPrefix: string): Promise<FormerRegion[]> {
    return new RegionReader(this.store.client, this.store.tableName).formerMembers(regionPrefix);
  }

  // ------------------------------------------------------------------ lists
  /** The list in force on `at` as known at `asOf`, one page of its items. */
  async getListInForce(uscc: string, kind: string, q: TimeQuery & { offset?: number; limit?: number } = {}) {
    this.requireListKind(kind);
    const head = await this.listHead(uscc, kind);
    const entry = this.resolve(head, q);
    const page = await this.store.readContent(uscc, kind, entry, { offset: q.offset, limit: q.limit });
    return { ...page, meta: withLeafIndex(page.meta, head) };
  }

  async getVersion(
    uscc: string,
    kind: string,
    version: number,
    range: { offset?: number; limit?: number; asOf?: string } = {},
  ) {
    if (kind !== entityKind.id) this.requireListKind(kind);
    const head = kind === entityKind.id ? await this.entityHead(uscc) : await this.listHead(uscc, kind);
    const page = await this.store.readContent(uscc, kind, knownVersion(head, version, range.asOf), range);
    return { ...page, meta: withLeafIndex(page.meta, head) };
  }

  /**
   * Two versions of one list, for a diff: each a version number or the version
   * in force on a date, as known at `asOf`. One head read, then both contents.
   */
  async readPair(uscc: string, kind: string, refs: readonly [VersionRef, VersionRef], asOf?: string) {
    this.requireListKind(kind);
    const head = await this.listHead(uscc, kind);
    const entries = refs.map((ref) =>
      'version' in ref ? knownVersion(head, ref.version, asOf) : this.resolve(head, { at: ref.at, asOf }),
    );
    const [from, to] = await Promise.all(entries.map((e) => this.store.readContent(uscc, kind, e)));
    return { from: from!, to: to! };
  }

  async listVersions(uscc: string, kind: string, asOf?: string): Promise<VersionMeta[]> {
    this.requireListKind(kind);
    const { head, versions } = await this.store.listVersions(uscc, kind);
    if (!head) await this.missingList(uscc, kind);
    return filterKnown(versions, asOf).map((v) => withLeafIndex(v, head));
  }

  private async listHead(uscc: string, kind: string): Promise<StreamHead> {
    const head = await this.store.getHead(uscc, kind);
    if (!head) return this.missingList(uscc, kind);
    return head;
  }

  /** Only on the not-found path: tell an unknown unit from a unit without this list. */
  private async missingList(uscc: string, kind: string): Promise<never> {
    await this.entityHead(uscc);
    throw notFound(`该执法主体尚未公示${findKind(kind)?.label ?? kind}`, { uscc, kind });
  }

  /** A unit's lists with the version in force on `at`: one Query for all heads. */
  async unitLists(uscc: string, q: TimeQuery = {}): Promise<ListSummary[]> {
    const heads = await this.store.getUnitHeads(uscc);
    if (!heads.some((h) => h.stream === entityKind.id)) throw notFound('未找到该执法主体', { uscc });
    return this.summariseLists(heads, q);
  }

  /**
   * A unit's whole public record for its page: the entity in force, each list's version in force (with
   * item counts) and every stream's history. One Query of the unit's partition, plus the entity's content
   * (cached) when the version in force is not the latest.
   */
  async unitRecord(uscc: string, q: TimeQuery = {}) {
    const { heads, versions } = await this.store.readUnit(uscc);
    const entityHead = heads.find((h) => h.stream === entityKind.id);
    if (!entityHead) throw notFound('未找到该执法主体', { uscc });
    const entry = this.resolve(entityHead, q);
    const entity =
      entry.version === entityHead.version && entityHead.entity
        ? entityHead.entity
        : (await this.store.readContent(uscc, entityKind.id, entry)).items[0]!;
    const known = (stream: string) => filterKnown(versions.get(stream) ?? [], q.asOf);
    const lists = this.summariseLists(heads, q).map((l) => ({
      ...l,
      itemCount: known(l.kind).find((v) => v.version === l.version)?.itemCount,
    }));
    const history = [
      { kind: entityKind.id, versions: known(entityKind.id) },
      ...lists.map((l) => ({ kind: l.kind, versions: known(l.kind) })),
    ];
    return { entity, lists, history };
  }

  private summariseLists(heads: StreamHead[], q: TimeQuery): ListSummary[] {
    const at = this.atFor(q);
    const out: ListSummary[] = [];
    for (const kind of listKinds) {
      const head = heads.find((h) => h.stream === kind.id);
      if (!head) continue;
      const { entry, repealedBy } = resolveInForce(head.timeline, { at, asOf: q.asOf });
      const latest = knownAt(head.timeline, q.asOf).at(-1);
      if (!latest) continue;
      // In force, else the repeal that ended it, else (not yet in force) the latest recorded version.
      const shown = entry ?? repealedBy ?? latest;
      out.push({
        kind: kind.id,
        label: kind.label,
        version: shown.version,
        effectiveFrom: shown.effectiveFrom,
        publishedAt: shown.publishedAt,
        status: shown.status,
        inForce: entry !== undefined,
        latestVersion: latest.version,
      });
    }
    return out;
  }

  // ------------------------------------------------------------------ publishing
  /** Publishes a version of a list (the unit must exist) or of an entity record. */
  async publish(input: Omit<PublishInput, 'regionCode'>): Promise<PublishResult> {
    const result = await this.publishNow(input);
    if (result.outcome === 'published') this.afterPublish?.(result);
    return result;
  }

  private async publishNow(input: Omit<PublishInput, 'regionCode'>): Promise<PublishResult> {
    if (input.stream === entityKind.id) {
      return this.store.publish({ ...input, regionCode: String(input.items[0]?.regionCode ?? '') });
    }
    this.requireListKind(input.stream);
    const entity = await this.store.getHead(input.uscc, entityKind.id, true);
    if (!entity) throw notFound('未找到该执法主体，请先登记执法主体', { uscc: input.uscc });
    await this.beforePublish?.(input);
    const result = await this.store.publish({ ...input, regionCode: entity.regionCode });
    if (result.outcome === 'published') await this.followMoveDuring(result.head);
    return result;
  }

  /**
   * An entity move that committed while this list version was being published re-keys the unit's list heads it
   * reads, which may be before this head committed under the region read first. So after the commit the entity head
   * is read again (strongly): a region that differs re-keys this head. Either the move's re-keying sees this head, or
   * this read sees the move.
   */
  private async followMoveDuring(listHead: StreamHead): Promise<void> {
    const entity = await this.store.getHead(listHead.uscc, entityKind.id, true);
    if (entity && entity.regionCode !== listHead.regionCode) {
      await this.store.indexHeadUnder(listHead, entity.regionCode);
      listHead.regionCode = entity.regionCode;
    }
  }
}

/** Version `n` of the stream, if it was recorded by `asOf`. */
function knownVersion(head: StreamHead, version: number, asOf?: string): TimelineEntry {
  const entry = knownAt(head.timeline, asOf).find((e) => e.version === version);
  if (!entry)
    throw notFound(`未找到第${version}版`, { uscc: head.uscc, kind: head.stream, version, ...(asOf ? { asOf } : {}) });
  return entry;
}

function filterKnown(versions: VersionMeta[], asOf?: string): VersionMeta[] {
  if (asOf === undefined) return versions;
  const t = Date.parse(asOf);
  return versions.filter((v) => Date.parse(v.publishedAt) <= t);
}
