/**
 * Loads region snapshots from the store (the adapter around the pure index and
 * statistics) through the store's RegionReader. Reads, per refresh:
 * - ONE Query on gsi2 (every stream head of the region: keys, version, timeline;
 *   a page per MB of projected heads, ~4,000 heads per page), never a Scan;
 * - for heads whose gsi2 entry has no timeline (tables created before gsi2
 *   projected it), a BatchGetItem of those heads (100 per request);
 * - the content of each version in force that is not cached yet (readContent:
 *   immutable, cached without expiry; one Query per uncached version).
 */
import { isListKind, entityKind } from '../../core/kinds/index.js';
import { resolveInForce, type TimelineEntry } from '../../core/versions.js';
import { RegionReader } from '../lists/index.js';
import type { StreamHead, StreamStore } from '../lists/index.js';
import { finishSnapshot, type RegionSnapshot, type SnapshotList, type SnapshotUnit } from './snapshot.js';

/** A stream head as the search index needs it (the store's head: keys, version, timeline). */
export type RegionHead = StreamHead;

/** Every head whose region code starts with `prefix` ('' = all): gsi2 Query pages of 1 MB, never a Scan. */
export async function queryRegionHeads(store: StreamStore, prefix: string): Promise<RegionHead[]> {
  const heads: RegionHead[] = [];
  for await (const head of new RegionReader(store.client, store.tableName).heads(prefix, undefined, undefined, 0))
    heads.push(head);
  return heads;
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
export async function loadSnapshot(
  store: StreamStore,
  heads: readonly RegionHead[],
  prefix: string,
  at: string,
): Promise<RegionSnapshot> {
  const units: SnapshotUnit[] = [];
  const lists: SnapshotList[] = [];
  const entityHeads = heads.filter((h) => h.stream === entityKind.id);
  await eachLimited(entityHeads, 16, async (h) => {
    const { entry } = resolveInForce(h.timeline, { at });
    if (!entry) return;
    const { items } = await store.readContent(h.uscc, entityKind.id, entry);
    const entity = items[0];
    if (!entity || entity.status === 'revoked') return;
    units.push({ uscc: h.uscc, regionCode: String(entity.regionCode ?? h.regionCode), entity });
  });
  const active = new Set(units.map((u) => u.uscc));
  const listHeads = heads.filter((h) => h.stream !== entityKind.id && isListKind(h.stream) && active.has(h.uscc));
  await eachLimited(listHeads, 16, async (h) => {
    const { entry } = resolveInForce(h.timeline, { at });
    if (!entry) return;
    const { items } = await store.readContent(h.uscc, h.stream, entry);
    lists.push({
      uscc: h.uscc,
      kind: h.stream,
      version: entry.version,
      effectiveFrom: entry.effectiveFrom,
      publishedAt: entry.publishedAt,
      contentKey: contentKey(h.uscc, h.stream, entry),
      items,
    });
  });
  return finishSnapshot(prefix, at, units, lists);
}
