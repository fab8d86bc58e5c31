/**
 * Reads for whole-region exports: every stream head of a region, and any one
 * version's items chunk by chunk. Heads are enumerated through gsi2 (all heads
 * by region code), never Scan; content is read a Query page at a time and not
 * cached, so an export holds one page in memory and leaves the hot cache of
 * the read API alone.
 */
import {
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createHash } from 'node:crypto';
import type { TimelineEntry, VersionMeta } from '../../core/versions.js';
import { batchGetAll } from '../../platform/dynamodb/batch.js';
import { formerRegionOf, type FormerRegion } from './former-regions.js';
import { listKeys } from './keys.js';
import { headFromItem, type StreamHead } from './stream-store.js';

type Item = Record<string, unknown>;

/** What a version's content yields: its metadata first, then its items in published order, a chunk at a time. */
export type VersionPart = { meta: VersionMeta } | { items: Item[] };

/** Where a walk over the heads stopped: the head last returned. */
export interface HeadPosition {
  regionCode: string;
  uscc: string;
  stream: string;
}

/** The index key of a head, to resume a walk just after it. */
function headIndexKey(p: HeadPosition) {
  return {
    pk: listKeys.unit(p.uscc),
    sk: listKeys.head(p.stream),
    gsi2pk: listKeys.headsIndex.pk,
    gsi2sk: listKeys.headsIndex.sk(p.regionCode, p.uscc, p.stream),
  };
}

/** BatchGetItem's limit. */
const BATCH_KEYS = 100;

export class RegionReader {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /**
   * Every head whose region code starts with `regionPrefix`, in region, unit,
   * stream order; only one stream when `stream` is given; after `startAfter`
   * when given. One gsi2 Query page
   * per 100 heads, plus one BatchGetItem for their timelines on a table whose
   * gsi2 does not project them.
   */
  async *heads(
    regionPrefix: string,
    stream?: string,
    startAfter?: HeadPosition,
    pageSize: number | undefined = BATCH_KEYS,
  ): AsyncGenerator<StreamHead> {
    for await (const entry of this.entries(regionPrefix, stream, startAfter, pageSize))
      if ('head' in entry) yield entry.head;
  }

  /**
   * The heads of `heads()` and, in the same index pages, the markers of units that have left a region under the
   * prefix (./former-regions.ts), for reads of a past date.
   */
  async *entries(
    regionPrefix: string,
    stream?: string,
    startAfter?: HeadPosition,
    pageSize: number | undefined = BATCH_KEYS,
  ): AsyncGenerator<{ head: StreamHead } | { formerMember: FormerRegion }> {
    let start: Record<string, AttributeValue> | undefined = startAfter ? marshall(headIndexKey(startAfter)) : undefined;
    do {
      const out: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: listKeys.headsIndex.name,
          // No prefix: every head (an empty begins_with value is not allowed).
          KeyConditionExpression: regionPrefix ? 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)' : 'gsi2pk = :pk',
          ...(stream
            ? { FilterExpression: '#stream = :stream', ExpressionAttributeNames: { '#stream': 'stream' } }
            : {}),
          ExpressionAttributeValues: marshall({
            ':pk': listKeys.headsIndex.pk,
            ...(regionPrefix ? { ':prefix': regionPrefix } : {}),
            ...(stream ? { ':stream': stream } : {}),
          }),
          // Exports walk 100 heads a page (one BatchGetItem if timelines are not projected); search takes whole 1 MB
          // pages.
          ...(pageSize ? { Limit: pageSize } : {}),
          ExclusiveStartKey: start,
        }),
      );
      const rows = out.Items ?? [];
      // Where the index projects the timeline the row is the head; otherwise fetch the heads it names.
      const missing = rows
        .filter((raw) => !raw.timeline && !formerRegionOf(raw))
        .map((raw) => unmarshall(raw) as { uscc: string; stream: string });
      const fetched = missing.length > 0 ? await this.getHeads(missing) : undefined;
      for (const raw of rows) {
        const formerMember = formerRegionOf(raw);
        if (formerMember) {
          yield { formerMember };
          continue;
        }
        const head = raw.timeline ? headFromItem(raw) : fetched?.get(`${raw.uscc?.S}#${raw.stream?.S}`);
        if (head) yield { head };
      }
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /** The markers of units that have left a region under the prefix (moves are rare: the heads are filtered out). */
  async formerMembers(regionPrefix: string): Promise<FormerRegion[]> {
    const out: FormerRegion[] = [];
    for await (const entry of this.entries(regionPrefix, listKeys.formerRegionStream, undefined, 0))
      if ('formerMember' in entry) out.push(entry.formerMember);
    return out;
  }

  private async getHeads(wanted: ReadonlyArray<{ uscc: string; stream: string }>): Promise<Map<string, StreamHead>> {
    const keys = wanted.map((w) => marshall({ pk: listKeys.unit(w.uscc), sk: listKeys.head(w.stream) }));
    const found = new Map<string, StreamHead>();
    for (const raw of await batchGetAll(this.client, this.tableName, keys)) {
      const head = headFromItem(raw);
      found.set(`${head.uscc}#${head.stream}`, head);
    }
    return found;
  }

  /**
   * A fingerprint of everything recorded in a region: it changes whenever any
   * head moves (a version is published) and only then. Keys-only gsi2 pages.
   */
  async fingerprint(regionPrefix: string): Promise<string> {
    const hash = createHash('sha256');
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: listKeys.headsIndex.name,
          KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
          ProjectionExpression: 'gsi2sk, version, contentHash',
          ExpressionAttributeValues: marshall({ ':pk': listKeys.headsIndex.pk, ':prefix': regionPrefix }),
          ExclusiveStartKey: start,
        }),
      );
      for (const raw of out.Items ?? []) hash.update(`${raw.gsi2sk?.S}|${raw.version?.N}|${raw.contentHash?.S}\n`);
      start = out.LastEvaluatedKey;
    } while (start);
    return hash.digest('hex');
  }

  /**
   * One committed version: its metadata, then its items chunk by chunk. Content
   * is immutable once the head names it; an eventually consistent page that
   * trails the write is read again strongly from the first missing chunk.
   */
  async *version(uscc: string, stream: string, entry: TimelineEntry): AsyncGenerator<VersionPart> {
    const pk = listKeys.content(uscc, stream, entry.version, entry.attempt);
    let chunkStarts: number[] | undefined;
    let next = 0; // index into chunkStarts of the chunk expected next
    for (let consistent = false; ; consistent = true) {
      const from = chunkStarts ? listKeys.chunk(chunkStarts[next]!) : listKeys.contentMeta;
      let start: Record<string, AttributeValue> | undefined;
      let gap = false;
      do {
        const out: QueryCommandOutput = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk >= :from',
            ExpressionAttributeValues: marshall({ ':pk': pk, ':from': from }),
            ExclusiveStartKey: start,
            ConsistentRead: consistent,
          }),
        );
        for (const raw of out.Items ?? []) {
          const sk = raw.sk!.S!;
          if (sk === listKeys.contentMeta) {
            if (chunkStarts) continue;
            const { pk: _pk, sk: _sk, chunkStarts: starts, attempt: _attempt, ...meta } = unmarshall(raw);
            chunkStarts = (starts as number[] | undefined) ?? [];
            yield { meta: meta as VersionMeta };
            continue;
          }
          if (!sk.startsWith(listKeys.chunkPrefix) || !chunkStarts) continue;
          if (Number(sk.slice(listKeys.chunkPrefix.length)) !== chunkStarts[next]) {
            gap = true;
            break;
          }
          next++;
          yield { items: JSON.parse(raw.d!.S!) as Item[] };
        }
        start = gap ? undefined : out.LastEvaluatedKey;
      } while (start);
      if (chunkStarts && next >= chunkStarts.length) return;
      if (consistent) throw new Error(`version content incomplete for ${pk}`);
    }
  }
}
