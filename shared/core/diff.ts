/**
 * What changed between two versions of a list. Pure and in memory: items are
 * matched through identity maps (O(n)); only the order check sorts (O(n log n)).
 *
 * - Items are matched by `itemIdentity`: the 事项编码 when present, otherwise the
 *   key derived from the kind's identity fields.
 * - An item without 事项编码 whose identity fields were edited has a new derived
 *   key; when exactly one such removed item and one such added item carry
 *   identical other content (and, for kinds identified by two fields, keep one
 *   of them), they are paired as a rename (`matchedBy: content`) rather than
 *   reported as one removal and one addition.
 * - 序号 and position are not content: an item that only moved is reported under
 *   `moved`, not `changed`. Moves are the items outside the longest run kept in
 *   the same relative order, so one insertion at the top does not mark every
 *   later item as moved.
 */
import { charDiff, type TextSegment } from './char-diff.js';
import { itemIdentity } from './identity.js';
import type { RecordKind } from './kinds/index.js';

type Item = Record<string, unknown>;

export interface FieldChange {
  field: string;
  /** Chinese column name. */
  column: string;
  old?: unknown;
  new?: unknown;
  /** Text fields: character-level segments from old to new, for highlighting. */
  segments?: TextSegment[];
}

export interface PlacedItem {
  identity: string;
  /** 1-based position in its version's published order. */
  position: number;
  item: Item;
}

export interface ChangedItem {
  identity: string;
  /** The old identity when it differs (a rename matched by content). */
  oldIdentity?: string;
  matchedBy: 'identity' | 'content';
  oldPosition: number;
  newPosition: number;
  changes: FieldChange[];
  old: Item;
  item: Item;
}

export interface MovedItem {
  identity: string;
  oldPosition: number;
  newPosition: number;
  oldSeq?: unknown;
  newSeq?: unknown;
}

export interface ListDiff {
  summary: {
    added: number;
    removed: number;
    changed: number;
    renamed: number;
    moved: number;
    unchanged: number;
    oldCount: number;
    newCount: number;
  };
  added: PlacedItem[];
  removed: PlacedItem[];
  changed: ChangedItem[];
  moved: MovedItem[];
}

/** Fields that order items rather than describe them. */
const ORDER_FIELDS = new Set(['seq']);

export function diffVersions(kind: RecordKind, oldItems: readonly Item[], newItems: readonly Item[]): ListDiff {
  const fields = comparedFields(kind, oldItems, newItems);
  const columnOf = new Map(kind.columns.map((c) => [c.key, c.column]));
  // Fields every kind may carry besides its columns: the section and the source's additional columns.
  columnOf.set('section', '所属分类').set('additional', '附加信息');
  if (kind.tiers) columnOf.set(kind.tiers.field, kind.tiers.label);

  const oldIds = lazyIdentities(kind, oldItems);
  const newIds = lazyIdentities(kind, newItems);

  // Unchanged items are most of any real revision; matching them on their exact
  // content first spares the identity key (Traditional→Simplified folding is the
  // costly part) for all but the items that changed. Equal content implies equal
  // identity, so this never pairs differently from matching by identity.
  const pairs: Array<{ oldIndex: number; newIndex: number; matchedBy: 'identity' | 'content' }> = [];
  const matchedOld = new Uint8Array(oldItems.length);
  const oldByContent = new Map<string, number>();
  oldItems.forEach((item, i) => oldByContent.set(contentKey(item), i));
  const pending: number[] = [];
  newItems.forEach((item, newIndex) => {
    const oldIndex = oldByContent.get(contentKey(item));
    if (oldIndex === undefined || matchedOld[oldIndex]) return void pending.push(newIndex);
    matchedOld[oldIndex] = 1;
    pairs.push({ oldIndex, newIndex, matchedBy: 'identity' });
  });

  const oldById = new Map<string, number>();
  oldItems.forEach((_, i) => {
    if (!matchedOld[i]) oldById.set(oldIds(i), i);
  });
  const unmatchedNew: number[] = [];
  for (const newIndex of pending) {
    const oldIndex = oldById.get(newIds(newIndex));
    if (oldIndex === undefined || matchedOld[oldIndex]) {
      unmatchedNew.push(newIndex);
      continue;
    }
    matchedOld[oldIndex] = 1;
    pairs.push({ oldIndex, newIndex, matchedBy: 'identity' });
  }
  const unmatchedOld: number[] = [];
  for (let i = 0; i < oldItems.length; i++) if (!matchedOld[i]) unmatchedOld.push(i);

  const renames = pairRenames(kind, fields, oldItems, unmatchedOld, newItems, unmatchedNew);
  for (const r of renames) pairs.push({ ...r, matchedBy: 'content' });
  const renamedOld = new Set(renames.map((r) => r.oldIndex));
  const renamedNew = new Set(renames.map((r) => r.newIndex));

  const changed: ChangedItem[] = [];
  let unchanged = 0;
  for (const p of pairs) {
    const before = oldItems[p.oldIndex]!;
    const after = newItems[p.newIndex]!;
    const changes = fieldChanges(fields, columnOf, before, after);
    if (changes.length === 0) {
      unchanged++;
      continue;
    }
    const identity = newIds(p.newIndex);
    const oldIdentity = p.matchedBy === 'content' ? oldIds(p.oldIndex) : identity;
    changed.push({
      identity,
      ...(oldIdentity !== identity ? { oldIdentity } : {}),
      matchedBy: p.matchedBy,
      oldPosition: p.oldIndex + 1,
      newPosition: p.newIndex + 1,
      changes,
      old: before,
      item: after,
    });
  }
  changed.sort((a, b) => a.newPosition - b.newPosition);

  const added = unmatchedNew
    .filter((i) => !renamedNew.has(i))
    .map((i) => ({ identity: newIds(i), position: i + 1, item: newItems[i]! }));
  const removed = unmatchedOld
    .filter((i) => !renamedOld.has(i))
    .map((i) => ({ identity: oldIds(i), position: i + 1, item: oldItems[i]! }));
  const moved = movedItems(pairs, oldItems, newItems, newIds);

  return {
    summary: {
      added: added.length,
      removed: removed.length,
      changed: changed.length,
      renamed: changed.filter((c) => c.matchedBy === 'content').length,
      moved: moved.length,
      unchanged,
      oldCount: oldItems.length,
      newCount: newItems.length,
    },
    added,
    removed,
    changed,
    moved,
  };
}

/** The kind's columns in registry order, then any other field either side carries, so nothing changes unseen. */
/** Identities computed on first use and remembered, since most items never need one. */
function lazyIdentities(kind: RecordKind, items: readonly Item[]): (index: number) => string {
  const cache = new Array<string | undefined>(items.length);
  return (i) => (cache[i] ??= itemIdentity(kind, items[i]!));
}

/** The item's content without its order fields, for exact matching. */
function contentKey(item: Item): string {
  if (!('seq' in item)) return JSON.stringify(item);
  const { seq: _seq, ...rest } = item;
  return JSON.stringify(rest);
}

function comparedFields(kind: RecordKind, oldItems: readonly Item[], newItems: readonly Item[]): string[] {
  const known = kind.columns.map((c) => c.key).filter((k) => !ORDER_FIELDS.has(k));
  const seen = new Set(kind.columns.map((c) => c.key));
  const extra: string[] = [];
  for (const list of [oldItems, newItems]) {
    for (const item of list) {
      for (const key of Object.keys(item)) {
        if (!seen.has(key)) {
          seen.add(key);
          extra.push(key);
        }
      }
    }
  }
  return [...known, ...extra];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function fieldChanges(
  fields: readonly string[],
  columnOf: Map<string, string>,
  before: Item,
  after: Item,
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fields) {
    const a = before[field];
    const b = after[field];
    if (sameValue(a, b)) continue;
    const change: FieldChange = { field, column: columnOf.get(field) ?? field };
    if (a !== undefined) change.old = a;
    if (b !== undefined) change.new = b;
    const isText = (v: unknown) => v === undefined || typeof v === 'string';
    if (isText(a) && isText(b))
      change.segments = charDiff((a as string | undefined) ?? '', (b as string | undefined) ?? '');
    out.push(change);
  }
  return out;
}

/** Pairs coded-less removals and additions whose content outside the identity fields is identical and unambiguous. */
function pairRenames(
  kind: RecordKind,
  fields: readonly string[],
  oldItems: readonly Item[],
  unmatchedOld: readonly number[],
  newItems: readonly Item[],
  unmatchedNew: readonly number[],
): Array<{ oldIndex: number; newIndex: number }> {
  if (unmatchedOld.length === 0 || unmatchedNew.length === 0) return [];
  const identityFields = new Set(kind.identityFields);
  const restFields = fields.filter((f) => !identityFields.has(f) && f !== 'code');
  const restKey = (item: Item) => JSON.stringify(restFields.map((f) => item[f] ?? null));
  const uncoded = (item: Item) => typeof item.code !== 'string' || item.code === '';

  const group = (items: readonly Item[], indexes: readonly number[]) => {
    const byKey = new Map<string, number[]>();
    for (const i of indexes) {
      if (!uncoded(items[i]!)) continue;
      const key = restKey(items[i]!);
      const list = byKey.get(key);
      if (list) list.push(i);
      else byKey.set(key, [i]);
    }
    return byKey;
  };
  const olds = group(oldItems, unmatchedOld);
  const news = group(newItems, unmatchedNew);
  const out: Array<{ oldIndex: number; newIndex: number }> = [];
  // With two identity fields (违法行为 + 适用条件) one must survive, or two unrelated
  // items that merely cite the same provisions would be shown as one edited item.
  const keepsOne = (a: Item, b: Item) =>
    kind.identityFields.length < 2 || kind.identityFields.some((f) => sameValue(a[f], b[f]));
  for (const [key, o] of olds) {
    const n = news.get(key);
    if (o.length === 1 && n?.length === 1 && keepsOne(oldItems[o[0]!]!, newItems[n[0]!]!))
      out.push({ oldIndex: o[0]!, newIndex: n[0]! });
  }
  return out;
}

/**
 * Matched items outside the longest increasing subsequence of old positions
 * (taken in new order) changed their relative order.
 */
function movedItems(
  pairs: ReadonlyArray<{ oldIndex: number; newIndex: number }>,
  oldItems: readonly Item[],
  newItems: readonly Item[],
  newIds: (index: number) => string,
): MovedItem[] {
  const ordered = [...pairs].sort((a, b) => a.newIndex - b.newIndex);
  const kept = longestIncreasing(ordered.map((p) => p.oldIndex));
  const out: MovedItem[] = [];
  ordered.forEach((p, i) => {
    if (kept.has(i)) return;
    const oldSeq = oldItems[p.oldIndex]!.seq;
    const newSeq = newItems[p.newIndex]!.seq;
    out.push({
      identity: newIds(p.newIndex),
      oldPosition: p.oldIndex + 1,
      newPosition: p.newIndex + 1,
      ...(oldSeq !== undefined ? { oldSeq } : {}),
      ...(newSeq !== undefined ? { newSeq } : {}),
    });
  });
  return out;
}

/** Indexes (into `values`) of one longest strictly increasing subsequence; patience sorting, O(n log n). */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = []; // index into values of the smallest tail of each length
  const previous = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i]!) out.add(i);
  return out;
}
