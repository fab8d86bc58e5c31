/**
 * Versioned streams in DynamoDB: a unit's entity record and each of its lists.
 *
 * Publishing writes the new version's content under a fresh attempt id (chunks,
 * metadata, history summary: immutable, invisible), then moves the stream head
 * with one conditional UpdateItem on the expected version. That update is the
 * commit: readers resolve versions only through the head's timeline, so they
 * never see a half-written version; of two concurrent publishers exactly one
 * moves the head and the other gets a conflict; a crash before the head moves
 * leaves only unreachable orphans, and a retry writes under a new attempt.
 * No transactions are needed (dynalite has none).
 */
import { entityKind } from '../../core/kinds/index.js';
import {
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { randomBytes } from 'node:crypto';
import { AppError, conflict } from '../../core/errors.js';
import {
  hashContent,
  sameListNotes,
  type ListNotes,
  type TimelineEntry,
  type VersionMeta,
  type VersionStatus,
} from '../../core/versions.js';
import { batchGetAll, batchWriteAll } from '../../platform/dynamodb/batch.js';
import { recordFormerRegion } from './former-regions.js';
import { parseVersionSummaryKey, listKeys } from './keys.js';
import { ByteLru } from '../../core/lru.js';
import { chunkItems } from '../../platform/dynamodb/chunks.js';
import { queryAll, queryUpTo } from '../../platform/dynamodb/query.js';

export interface StreamHead {
  uscc: string;
  stream: string;
  version: number;
  contentHash: string;
  timeline: TimelineEntry[];
  updatedAt: string;
  /** The unit's GB/T 2260 region code (from its entity record when the list was published). */
  regionCode: string;
  /** Entity heads: the latest published entity record. */
  entity?: Record<string, unknown>;
  /** Set by the ledger sequencer: the last version in the transparency log. */
  loggedVersion?: number;
  /**
   * Set by the ledger sequencer: [first version, first leaf index] per run
   * (shared/features/ledger/model/leaf-ranges.ts).
   */
  leafRanges?: Array<[number, number]>;
}

export interface PublishInput {
  uscc: string;
  stream: string;
  /** The unit's region code, kept on every head for region queries. */
  regionCode: string;
  status: VersionStatus;
  /** Items in published order; the entity stream has exactly one (the record). */
  items: Array<Record<string, unknown>>;
  effectiveFrom: string;
  publishedBy: string;
  source: string;
  documentNumber?: string;
  note?: string;
  /** The list's own title, preface and foot notes, as published. */
  listNotes?: ListNotes;
  /** Fail with 412 unless the head is at this version (0: stream must not exist yet). */
  expectedVersion?: number;
  /** Identical content to the latest version publishes nothing (default true). */
  skipIfUnchanged?: boolean;
}

export type PublishResult =
  | { outcome: 'published'; meta: VersionMeta; head: StreamHead }
  | { outcome: 'unchanged'; head: StreamHead };

export interface ContentPage {
  meta: VersionMeta;
  items: Array<Record<string, unknown>>;
  /** Index of the first item after this page, when there are more. */
  nextOffset?: number;
}

interface StoredMeta extends VersionMeta {
  chunkStarts: number[];
}

export interface StreamStoreOptions {
  clock?: () => Date;
  /** Bytes of immutable content cached in memory (0 disables). */
  cacheBytes?: number;
}

const encodeTimeline = (t: TimelineEntry[]) =>
  JSON.stringify(
    t.map((e) => [e.version, e.effectiveFrom, e.publishedAt, e.status === 'repealed' ? 'r' : 'p', e.attempt]),
  );

export const decodeTimeline = (s: string): TimelineEntry[] =>
  (JSON.parse(s) as Array<[number, string, string, string, string]>).map(
    ([version, effectiveFrom, publishedAt, st, attempt]) => ({
      version,
      effectiveFrom,
      publishedAt,
      status: st === 'r' ? 'repealed' : 'published',
      attempt,
    }),
  );

export function headFromItem(raw: Record<string, AttributeValue>): StreamHead {
  const item = unmarshall(raw);
  return {
    uscc: item.uscc,
    stream: item.stream,
    version: item.version,
    contentHash: item.contentHash,
    timeline: decodeTimeline(item.timeline),
    updatedAt: item.updatedAt,
    regionCode: item.regionCode,
    entity: item.entity,
    ...(item.loggedVersion !== undefined
      ? { loggedVersion: item.loggedVersion, leafRanges: item.leafRanges ?? [] }
      : {}),
  };
}

function metaFromItem(raw: Record<string, AttributeValue>): StoredMeta {
  const { pk: _pk, sk: _sk, chunkStarts, ...rest } = unmarshall(raw);
  return { ...(rest as VersionMeta), chunkStarts: chunkStarts ?? [] };
}

const publicMeta = ({ chunkStarts: _c, attempt: _a, ...meta }: StoredMeta & { attempt?: string }): VersionMeta => meta;

export class StreamStore {
  readonly clock: () => Date;
  private readonly cache: ByteLru<unknown>;

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
    options: StreamStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.cache = new ByteLru(options.cacheBytes ?? 64 * 1024 * 1024);
  }

  now(): Date {
    return this.clock();
  }

  // ------------------------------------------------------------------ heads
  async getHead(uscc: string, stream: string, consistent = false): Promise<StreamHead | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: listKeys.unit(uscc), sk: listKeys.head(stream) }),
        ConsistentRead: consistent,
      }),
    );
    return out.Item ? headFromItem(out.Item) : undefined;
  }

  /** The heads of many streams, 100 per BatchGetItem; streams with no head are absent. */
  async getHeads(streams: ReadonlyArray<{ uscc: string; stream: string }>): Promise<StreamHead[]> {
    const keys = streams.map(({ uscc, stream }) => marshall({ pk: listKeys.unit(uscc), sk: listKeys.head(stream) }));
    return (await batchGetAll(this.client, this.tableName, keys)).map(headFromItem);
  }

  /** All heads of a unit (entity and lists) in one Query. */
  async getUnitHeads(uscc: string, consistent = false): Promise<StreamHead[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
      ExpressionAttributeValues: marshall({ ':pk': listKeys.unit(uscc), ':h': listKeys.headPrefix }),
      ConsistentRead: consistent,
    });
    return items.map(headFromItem);
  }

  // ------------------------------------------------------------------ publish
  async publish(input: PublishInput): Promise<PublishResult> {
    const head = await this.getHead(input.uscc, input.stream, true);
    const current = head?.version ?? 0;
    if (input.expectedVersion !== undefined && input.expectedVersion !== current) {
      throw new AppError('PRECONDITION_FAILED', '清单已被更新，请刷新后重试', {
        expectedVersion: input.expectedVersion,
        currentVersion: current,
      });
    }
    const items = input.status === 'repealed' ? [] : input.items;
    const hash = hashContent(input.stream === entityKind.id ? items[0] : items);
    const latest = head?.timeline.at(-1);
    if (
      head &&
      latest &&
      (input.skipIfUnchanged ?? true) &&
      latest.status === input.status &&
      head.contentHash === hash &&
      (input.status === 'repealed' || sameListNotes(await this.latestListNotes(head), input.listNotes))
    ) {
      return { outcome: 'unchanged', head };
    }

    const version = current + 1;
    const attempt = randomBytes(5).toString('hex');
    const previous = head?.timeline.at(-1)?.publishedAt;
    let publishedAt = this.clock().toISOString();
    // publishedAt orders versions in recorded time; keep it strictly increasing even if clocks step back.
    if (previous && publishedAt <= previous) publishedAt = new Date(Date.parse(previous) + 1).toISOString();

    const chunks = chunkItems(items);
    const meta: StoredMeta & { attempt: string } = {
      unit: input.uscc,
      kind: input.stream,
      version,
      status: input.status,
      effectiveFrom: input.effectiveFrom,
      publishedAt,
      publishedBy: input.publishedBy,
      source: input.source,
      ...(input.documentNumber ? { documentNumber: input.documentNumber } : {}),
      ...(input.note ? { note: input.note } : {}),
      ...(input.listNotes ? { listNotes: input.listNotes } : {}),
      itemCount: items.length,
      contentHash: hash,
      previousHash: head?.contentHash ?? null,
      chunkStarts: chunks.map((c) => c.start),
      attempt,
    };

    const contentPk = listKeys.content(input.uscc, input.stream, version, attempt);
    await batchWriteAll(this.client, this.tableName, [
      {
        PutRequest: {
          Item: marshall({ pk: contentPk, sk: listKeys.contentMeta, ...meta }, { removeUndefinedValues: true }),
        },
      },
      {
        PutRequest: {
          Item: marshall(
            { pk: listKeys.unit(input.uscc), sk: listKeys.versionSummary(input.stream, version, attempt), ...meta },
            { removeUndefinedValues: true },
          ),
        },
      },
      ...chunks.map((c) => ({
        PutRequest: { Item: marshall({ pk: contentPk, sk: listKeys.chunk(c.start), d: c.json }) },
      })),
    ]);

    const entry: TimelineEntry = {
      version,
      effectiveFrom: input.effectiveFrom,
      publishedAt,
      status: input.status,
      attempt,
    };
    const timeline = [...(head?.timeline ?? []), entry];
    const newHead: StreamHead = {
      uscc: input.uscc,
      stream: input.stream,
      version,
      contentHash: hash,
      timeline,
      updatedAt: publishedAt,
      regionCode: input.regionCode,
    };
    await this.moveHead(
      newHead,
      current,
      input.stream === entityKind.id && input.status === 'published' ? items[0] : undefined,
    );
    if (newHead.stream === entityKind.id) newHead.entity = input.status === 'published' ? items[0] : head?.entity;
    const movedFrom = head?.regionCode;
    if (newHead.stream === entityKind.id && input.status === 'published' && movedFrom && movedFrom !== input.regionCode)
      await this.followRegionMove(input.uscc, movedFrom, input.regionCode, publishedAt);
    return { outcome: 'published', meta: publicMeta(meta), head: newHead };
  }

  /**
   * After an entity version moved a unit to another region: a marker for the region it left (./former-regions.ts)
   * and its list heads indexed under the new region, since the region index reads each head's region. Each head is
   * re-keyed on its version; one a publication moved meanwhile is read again. Both steps are idempotent, so the next
   * move or a repeated publication completes what a crash here left undone.
   */
  private async followRegionMove(uscc: string, from: string, to: string, movedAt: string): Promise<void> {
    await recordFormerRegion(this.client, this.tableName, { uscc, regionCode: from, movedTo: to, movedAt });
    for (const listHead of await this.getUnitHeads(uscc, true))
      if (listHead.stream !== entityKind.id) await this.indexHeadUnder(listHead, to);
  }

  /**
   * Indexes a list head under region `to` (its `regionCode` and gsi2 key), conditional on the head's version; a head a
   * publication moved meanwhile is read again (up to 5 times). Nothing is written when it is already there.
   */
  async indexHeadUnder(listHead: StreamHead, to: string): Promise<void> {
    const { uscc } = listHead;
    let head: StreamHead | undefined = listHead;
    for (let attempt = 0; head && head.regionCode !== to && attempt < 5; attempt++) {
      const rekeyed: unknown = await conditionalWrite(
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: marshall({ pk: listKeys.unit(uscc), sk: listKeys.head(head.stream) }),
            UpdateExpression: 'SET regionCode = :to, gsi2sk = :sk',
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: marshall({
              ':to': to,
              ':sk': listKeys.headsIndex.sk(to, uscc, head.stream),
              ':v': head.version,
            }),
          }),
        ),
      );
      head = rekeyed ? undefined : await this.getHead(uscc, head.stream, true);
    }
  }

  /** The commit point: one conditional write on the expected version. */
  private async moveHead(head: StreamHead, expected: number, entity?: Record<string, unknown>): Promise<void> {
    const fields: Record<string, unknown> = {
      version: head.version,
      contentHash: head.contentHash,
      timeline: encodeTimeline(head.timeline),
      updatedAt: head.updatedAt,
      uscc: head.uscc,
      stream: head.stream,
      regionCode: head.regionCode,
      gsi2pk: listKeys.headsIndex.pk,
      gsi2sk: listKeys.headsIndex.sk(head.regionCode, head.uscc, head.stream),
      ledgerPk: listKeys.ledgerPendingIndex.pk,
    };
    if (entity) {
      Object.assign(fields, {
        entity,
        gsi1pk: listKeys.unitsIndex.pk,
        gsi1sk: listKeys.unitsIndex.sk(head.regionCode, head.uscc),
        entityStatus: entity.status ?? 'active',
      });
    }
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields).map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
    // The first unlogged version keeps its place in the ledger queue until the sequencer logs it.
    names['#lsk'] = 'ledgerSk';
    values[':lsk'] = listKeys.ledgerPendingIndex.sk(head.updatedAt, head.uscc, head.stream);
    sets.push('#lsk = if_not_exists(#lsk, :lsk)');
    let condition = 'attribute_not_exists(pk)';
    if (expected > 0) {
      condition = '#f0 = :expected';
      values[':expected'] = expected;
    }
    const moved = await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: listKeys.unit(head.uscc), sk: listKeys.head(head.stream) }),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        }),
      ),
    );
    if (!moved) {
      throw conflict('该清单已由其他操作发布新版本，本次发布未生效，请重试', {
        unit: head.uscc,
        kind: head.stream,
        attemptedVersion: head.version,
      });
    }
  }

  // ------------------------------------------------------------------ content
  /** The notes (title, preface, foot notes) of the stream's latest version: its metadata only, cached once read. */
  async latestListNotes(head: StreamHead): Promise<ListNotes | undefined> {
    const latest = head.timeline.at(-1);
    return latest ? (await this.readContent(head.uscc, head.stream, latest, { limit: 0 })).meta.listNotes : undefined;
  }

  /**
   * Reads a committed version's metadata and items [offset, offset + limit).
   * Costs the Query pages the bytes need (nothing when cached): content is
   * immutable, so it is cached without expiry.
   */
  async readContent(
    uscc: string,
    stream: string,
    entry: TimelineEntry,
    range: { offset?: number; limit?: number } = {},
  ): Promise<ContentPage> {
    const offset = range.offset ?? 0;
    const limit = range.limit ?? Number.POSITIVE_INFINITY;
    const pk = listKeys.content(uscc, stream, entry.version, entry.attempt);
    let meta = this.cache.get(`${pk}|meta`) as StoredMeta | undefined;
    const chunks = new Map<number, Array<Record<string, unknown>>>();

    const neededStarts = (m: StoredMeta) => {
      const end = Math.min(m.itemCount, offset + limit);
      return m.chunkStarts.filter((s, i) => {
        const next = m.chunkStarts[i + 1] ?? m.itemCount;
        return next > offset && s < end;
      });
    };

    const missing = meta ? neededStarts(meta).filter((s) => !this.fromCache(pk, s, chunks)) : undefined;
    if (!meta || (missing && missing.length > 0)) {
      const from = meta && missing ? listKeys.chunk(missing[0]!) : listKeys.contentMeta;
      const until = meta && missing ? listKeys.chunk(missing.at(-1)!) : undefined;
      const read = await this.queryContent(pk, from, until, meta ? undefined : (m) => neededStarts(m).at(-1));
      meta ??= read.meta;
      if (!meta) throw new Error(`version content missing for ${pk}`);
      for (const [start, list] of read.chunks) chunks.set(start, list);
      // Eventually consistent reads may trail a just-committed write; read again strongly if so.
      const stillMissing = neededStarts(meta).filter((s) => !chunks.has(s));
      if (stillMissing.length) {
        const again = await this.queryContent(
          pk,
          listKeys.chunk(stillMissing[0]!),
          listKeys.chunk(stillMissing.at(-1)!),
          undefined,
          true,
        );
        for (const [start, list] of again.chunks) chunks.set(start, list);
      }
    }

    const items: Array<Record<string, unknown>> = [];
    const end = Math.min(meta.itemCount, offset + limit);
    for (const start of neededStarts(meta)) {
      const list = chunks.get(start);
      if (!list) throw new Error(`chunk ${start} of ${pk} missing`);
      for (let i = 0; i < list.length; i++) {
        const index = start + i;
        if (index >= offset && index < end) items.push(list[i]!);
      }
    }
    return { meta: publicMeta(meta), items, ...(end < meta.itemCount ? { nextOffset: end } : {}) };
  }

  private fromCache(pk: string, start: number, into: Map<number, Array<Record<string, unknown>>>): boolean {
    const hit = this.cache.get(`${pk}|${start}`) as Array<Record<string, unknown>> | undefined;
    if (hit) into.set(start, hit);
    return hit !== undefined;
  }

  private async queryContent(
    pk: string,
    from: string,
    until: string | undefined,
    lastNeeded?: (meta: StoredMeta) => number | undefined,
    consistent = false,
  ): Promise<{ meta?: StoredMeta; chunks: Map<number, Array<Record<string, unknown>>> }> {
    const chunks = new Map<number, Array<Record<string, unknown>>>();
    let meta: StoredMeta | undefined;
    let stopAfter: string | undefined = until;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: stopAfter ? 'pk = :pk AND sk BETWEEN :from AND :until' : 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: marshall({
            ':pk': pk,
            ':from': from,
            ...(stopAfter ? { ':until': stopAfter } : {}),
          }),
          ExclusiveStartKey: start,
          ConsistentRead: consistent,
        }),
      );
      for (const raw of out.Items ?? []) {
        const sk = raw.sk!.S!;
        if (sk === listKeys.contentMeta) {
          meta = metaFromItem(raw);
          this.cache.set(`${pk}|meta`, meta, 1024);
          const last = lastNeeded?.(meta);
          if (last !== undefined && !stopAfter) stopAfter = listKeys.chunk(last);
          if (last === undefined && lastNeeded) return { meta, chunks };
        } else {
          const startIndex = Number(sk.slice(listKeys.chunkPrefix.length));
          const json = raw.d!.S!;
          const list = JSON.parse(json) as Array<Record<string, unknown>>;
          chunks.set(startIndex, list);
          this.cache.set(`${pk}|${startIndex}`, list, json.length * 3);
        }
      }
      start = out.LastEvaluatedKey;
      if (stopAfter && start && String(unmarshall(start).sk) >= stopAfter) start = undefined;
    } while (start);
    return { meta, chunks };
  }

  // ------------------------------------------------------------------ history
  /**
   * Metadata of every committed version, oldest first: the head (for what is committed) and the summaries, read in
   * parallel.
   */
  async listVersions(uscc: string, stream: string): Promise<{ head?: StreamHead; versions: VersionMeta[] }> {
    const [head, items] = await Promise.all([
      this.getHead(uscc, stream),
      this.queryUnitPartition(uscc, listKeys.versionSummaryPrefix(stream)),
    ]);
    if (!head) return { versions: [] };
    return { head, versions: committedVersions(head, items) };
  }

  /**
   * Everything a unit has published, in one Query of its partition: the heads of its entity and lists,
   * and the history of each (committed versions only, oldest first).
   */
  async readUnit(uscc: string): Promise<{ heads: StreamHead[]; versions: Map<string, VersionMeta[]> }> {
    const items = await this.queryUnitPartition(uscc);
    const heads = items.filter((raw) => raw.sk!.S!.startsWith(listKeys.headPrefix)).map(headFromItem);
    const versions = new Map(heads.map((h) => [h.stream, committedVersions(h, items)]));
    return { heads, versions };
  }

  private queryUnitPartition(uscc: string, skPrefix?: string): Promise<Array<Record<string, AttributeValue>>> {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :p)' : 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': listKeys.unit(uscc), ...(skPrefix ? { ':p': skPrefix } : {}) }),
    });
  }

  // ------------------------------------------------------------------ units
  /** Entity heads by region prefix, in region-code order, a page at a time. */
  async listUnitHeads(options: {
    regionPrefix?: string;
    limit: number;
    startKey?: Record<string, unknown>;
    includeRevoked?: boolean;
  }): Promise<{
    heads: StreamHead[];
    lastKey?: Record<string, unknown>;
  }> {
    const values: Record<string, unknown> = { ':pk': listKeys.unitsIndex.pk };
    let condition = 'gsi1pk = :pk';
    if (options.regionPrefix) {
      condition += ' AND begins_with(gsi1sk, :prefix)';
      values[':prefix'] = options.regionPrefix;
    }
    if (!options.includeRevoked) values[':revoked'] = 'revoked';
    const { items, lastKey } = await queryUpTo(
      this.client,
      {
        TableName: this.tableName,
        IndexName: listKeys.unitsIndex.name,
        KeyConditionExpression: condition,
        ...(options.includeRevoked ? {} : { FilterExpression: 'entityStatus <> :revoked' }),
        ExpressionAttributeValues: marshall(values),
      },
      options.limit,
      options.startKey ? marshall(options.startKey) : undefined,
    );
    return { heads: items.map(headFromItem), ...(lastKey ? { lastKey: unmarshall(lastKey) } : {}) };
  }
}

/** The version summaries a head's timeline names (orphans of failed attempts are left out), oldest first. */
function committedVersions(head: StreamHead, partition: Array<Record<string, AttributeValue>>): VersionMeta[] {
  const committed = new Map(head.timeline.map((e) => [e.version, e.attempt]));
  const prefix = listKeys.versionSummaryPrefix(head.stream);
  const out: VersionMeta[] = [];
  for (const raw of partition) {
    const sk = raw.sk!.S!;
    if (!sk.startsWith(prefix)) continue;
    const { version, attempt } = parseVersionSummaryKey(sk);
    if (committed.get(version) === attempt)
      out.push(publicMeta({ ...metaFromItem(raw), version, attempt } as StoredMeta & { attempt: string }));
  }
  return out.sort((a, b) => a.version - b.version);
}
