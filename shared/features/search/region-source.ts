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

/**
 * Every head whose region code starts with `prefix` ('' = all): gsi2 Query pages of 1 MB, never a Scan; and the
 * heads of units that have left a region under the prefix (one Query of the unit's heads each: moves are rare), so a
 * snapshot for a date they were still there includes them. `loadSnapshot` decides by the entity in force on the date.
 */
export async function queryRegionHeads(store: StreamStore, prefix: string): Promise<RegionHead[]> {
  const heads = new Map<string, RegionHead>();
  const formerMembers = new Set<string>();
  const reader = new RegionReader(store.client, store.tableName);
  for await (const entry of reader.entries(prefix, undefined, undefined, 0)) {
    if ('formerMember' in entry) formerMembers.add(entry.formerMember.uscc);
    else heads.set(`${entry.head.uscc}#${entry.head.stream}`, entry.head);
  }
  for (const uscc of formerMembers)
    for (const head of await store.getUnitHeads(uscc)) {
      const key = `${head.uscc}#${head.stream}`;
      if ((heads.get(key)?.version ?? 0) < head.version) heads.set(key, head);
    }
  return [...heads.values()];
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
    // The region the unit was in on `at`: a unit that moved since belongs to its former region for that date.
    const regionCode = String(entity.regionCode ?? h.regionCode);
    if (!regionCode.startsWith(prefix)) return;
    units.push({ uscc: h.uscc, regionCode, entity });
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
