/**
 * What search and statistics read: the units of a region and the list versions in
 * force on one date, with their items. Plain data, so the index and the statistics
 * stay pure; `region-source.ts` loads it from the store, and `snapshotFromUnits`
 * builds one from generated data for benchmarks.
 */
import { listKinds } from '../../core/kinds/index.js';

export interface SnapshotUnit {
  uscc: string;
  regionCode: string;
  /** The entity record in force on the snapshot's date. */
  entity: Record<string, unknown>;
}

export interface SnapshotList {
  uscc: string;
  kind: string;
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  /** Identifies the immutable content (uscc/stream/version/attempt); caches key on it. */
  contentKey: string;
  items: ReadonlyArray<Record<string, unknown>>;
}

export interface RegionSnapshot {
  /** Region code prefix ('' for every region). */
  prefix: string;
  /** China date the lists are in force on. */
  at: string;
  /** Units in region-code then credit-code order. */
  units: SnapshotUnit[];
  /** Lists of those units, unit order then kind order. */
  lists: SnapshotList[];
  /** Changes whenever any unit or list version in the snapshot changes. */
  signature: string;
}

const kindOrder = new Map(listKinds.map((k, i) => [k.id, i]));

/** Sorts units and lists into the snapshot's canonical order and computes its signature. */
export function finishSnapshot(
  prefix: string,
  at: string,
  units: SnapshotUnit[],
  lists: SnapshotList[],
): RegionSnapshot {
  units.sort((a, b) =>
    a.regionCode + a.uscc < b.regionCode + b.uscc ? -1 : a.regionCode + a.uscc > b.regionCode + b.uscc ? 1 : 0,
  );
  const unitOrder = new Map(units.map((u, i) => [u.uscc, i]));
  lists.sort(
    (a, b) => unitOrder.get(a.uscc)! - unitOrder.get(b.uscc)! || kindOrder.get(a.kind)! - kindOrder.get(b.kind)!,
  );
  const signature = `${units.map((u) => u.uscc).join(',')}|${lists.map((l) => l.contentKey).join(',')}`;
  return { prefix, at, units, lists, signature };
}

/** A snapshot straight from generated units (see shared/features/demo/generate.ts): for benchmarks and pure tests. */
export function snapshotFromUnits(
  units: Array<{ entity: Record<string, unknown>; lists: Record<string, Array<Record<string, unknown>>> }>,
  options: { prefix?: string; at?: string; effectiveFrom?: string } = {},
): RegionSnapshot {
  const effectiveFrom = options.effectiveFrom ?? '2023-01-01';
  const outUnits: SnapshotUnit[] = [];
  const lists: SnapshotList[] = [];
  for (const u of units) {
    const uscc = String(u.entity.uscc);
    outUnits.push({ uscc, regionCode: String(u.entity.regionCode), entity: u.entity });
    for (const [kind, items] of Object.entries(u.lists)) {
      lists.push({
        uscc,
        kind,
        version: 1,
        effectiveFrom,
        publishedAt: `${effectiveFrom}T00:00:00.000Z`,
        contentKey: `${uscc}#${kind}#1`,
        items,
      });
    }
  }
  return finishSnapshot(options.prefix ?? '', options.at ?? effectiveFrom, outUnits, lists);
}
