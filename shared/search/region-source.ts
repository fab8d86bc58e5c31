/**
 * Loads region snapshots from the store (the adapter around the pure index and
 * statistics). Reads, per refresh:
 * - ONE Query on gsi2 (every stream head of the region: keys, version, timeline;
 *   a page per MB of projected heads, ~4,000 heads per page), never a Scan;
 * - for heads whose gsi2 entry has no timeline (tables created before gsi2
 *   projected it), a BatchGetItem of those heads, once per head version;
 * - the content of each version in force that is not cached yet (readContent:
 *   immutable, cached without expiry; one Query per uncached version).
 */
import { BatchGetItemCommand, QueryCommand, type AttributeValue, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isListKind } from '../domain/kinds.js';
import { resolveInForce, type TimelineEntry } from '../domain/versions.js';
import { ENTITY_STREAM, keys } from '../store/keys.js';
import { decodeTimeline, type StreamStore } from '../store/stream-store.js';
import { finishSnapshot, type RegionSnapshot, type SnapshotList, type SnapshotUnit } from './snapshot.js';

export interface RegionHead {
  uscc: string;
  stream: string;
  version: number;
  contentHash: string;
  regionCode: string;
  updatedAt: string;
  timeline: TimelineEntry[];
}

/** Timelines fetched by BatchGetItem, by uscc|stream|version (a head version's timeline never changes). */
const timelineCache = new Map<string, TimelineEntry[]>();

/** Every head whose region code starts with `prefix` ('' = all): one Query on gsi2, paginated. */
export async function queryRegionHeads(store: StreamStore, prefix: string): Promise<RegionHead[]> {
  const heads: RegionHead[] = [];
  const missing: RegionHead[] = [];
  let start: Record<string, AttributeValue> | undefined;
  const values: Record<string, string> = { ':pk': keys.headsIndex.pk };
  if (prefix) values[':prefix'] = prefix;
  do {
    const out: QueryCommandOutput = await store.client.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: keys.headsIndex.name,
        KeyConditionExpression: prefix ? 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)' : 'gsi2pk = :pk',
        ExpressionAttributeValues: marshall(values),
        ExclusiveStartKey: start,
      }),
    );
    for (const raw of out.Items ?? []) {
      const item = unmarshall(raw);
      const head: RegionHead = {
        uscc: item.uscc,
        stream: item.stream,
        version: item.version,
        contentHash: item.contentHash,
        regionCode: item.regionCode,
        updatedAt: item.updatedAt,
        timeline: typeof item.timeline === 'string' ? decodeTimeline(item.timeline) : [],
      };
      if (typeof item.timeline !== 'string') {
        const cached = timelineCache.get(`${head.uscc}|${head.stream}|${head.version}`);
        if (cached) head.timeline = cached;
        else missing.push(head);
      }
      heads.push(head);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  if (missing.length) await fillTimelines(store, missing);
  return heads;
}

async function fillTimelines(store: StreamStore, heads: RegionHead[]): Promise<void> {
  const byKey = new Map(heads.map((h) => [`${keys.unit(h.uscc)}|${keys.head(h.stream)}`, h]));
  let pending = heads.map((h) => marshall({ pk: keys.unit(h.uscc), sk: keys.head(h.stream) }));
  for (let attempt = 0; pending.length > 0 && attempt < 10; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    const batch = pending.slice(0, 100);
    pending = pending.slice(100);
    const out = await store.client.send(
      new BatchGetItemCommand({ RequestItems: { [store.tableName]: { Keys: batch, ProjectionExpression: 'pk, sk, timeline, version' } } }),
    );
    for (const raw of out.Responses?.[store.tableName] ?? []) {
      const item = unmarshall(raw);
      const head = byKey.get(`${item.pk}|${item.sk}`);
      if (!head || typeof item.timeline !== 'string') continue;
      head.timeline = decodeTimeline(item.timeline);
      timelineCache.set(`${head.uscc}|${head.stream}|${head.version}`, head.timeline);
    }
    pending.push(...(out.UnprocessedKeys?.[store.tableName]?.Keys ?? []));
  }
}

const contentKey = (uscc: string, stream: string, e: TimelineEntry) => `${uscc}#${stream}#${e.version}#${e.attempt}`;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/**
 * The units (entity in force on `at` and not revoked) and their lists in force on
 * `at`, with items. Content reads go through the store's immutable-content cache.
 */
export async function loadSnapshot(store: StreamStore, heads: readonly RegionHead[], prefix: string, at: string): Promise<RegionSnapshot> {
  const units: SnapshotUnit[] = [];
  const lists: SnapshotList[] = [];
  const entityHeads = heads.filter((h) => h.stream === ENTITY_STREAM);
  await eachLimited(entityHeads, 16, async (h) => {
    const { entry } = resolveInForce(h.timeline, { at });
    if (!entry) return;
    const { items } = await store.readContent(h.uscc, ENTITY_STREAM, entry);
    const entity = items[0];
    if (!entity || entity.status === 'revoked') return;
    units.push({ uscc: h.uscc, regionCode: String(entity.regionCode ?? h.regionCode), entity });
  });
  const active = new Set(units.map((u) => u.uscc));
  const listHeads = heads.filter((h) => h.stream !== ENTITY_STREAM && isListKind(h.stream) && active.has(h.uscc));
  await eachLimited(listHeads, 16, async (h) => {
    const { entry } = resolveInForce(h.timeline, { at });
    if (!entry) return;
    const { items } = await store.readContent(h.uscc, h.stream, entry);
    lists.push({ uscc: h.uscc, kind: h.stream, version: entry.version, effectiveFrom: entry.effectiveFrom, publishedAt: entry.publishedAt, contentKey: contentKey(h.uscc, h.stream, entry), items });
  });
  return finishSnapshot(prefix, at, units, lists);
}
