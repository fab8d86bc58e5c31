/**
 * The items tree of one version: an RFC 9162 tree whose leaves are the items'
 * RFC 8785 canonical JSON, sorted by item identity (shared/core/identity.ts)
 * in UTF-8 byte order, ties by the canonical JSON itself. Sorting by identity
 * makes absence provable: an item is not in a version when its two would-be
 * neighbours are adjacent leaves (or it would sort before the first / after the
 * last). Its root, `itemsRoot`, is part of every log leaf.
 */
import { canonicalJson } from '../../../core/canonical-json.js';
import { itemIdentity } from '../../../core/identity.js';
import type { RecordKind } from '../../../core/kinds/index.js';
import { fromBase64, fromHex, leafHash, toBase64, toHex, type Hash } from './hash.js';
import { inclusionProofFromLeafHashes, rootFromLeafHashes, verifyInclusion } from './merkle.js';

export type Item = Record<string, unknown>;

export interface ItemsTree {
  ids: string[];
  items: Item[];
  hashes: Hash[];
  root: Hash;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
export const compareIds = (a: string, b: string) => Buffer.compare(utf8(a), utf8(b));

export function buildItemsTree(kind: RecordKind, items: readonly Item[]): ItemsTree {
  const rows = items.map((item) => ({ id: itemIdentity(kind, item), json: canonicalJson(item), item }));
  rows.sort((x, y) => compareIds(x.id, y.id) || Buffer.compare(utf8(x.json), utf8(y.json)));
  const hashes = rows.map((r) => leafHash(r.json));
  return { ids: rows.map((r) => r.id), items: rows.map((r) => r.item), hashes, root: rootFromLeafHashes(hashes) };
}

/** itemsRoot as it appears in a log leaf (hex). */
export function itemsRootHex(kind: RecordKind, items: readonly Item[]): string {
  return toHex(buildItemsTree(kind, items).root);
}

/** What `?item=` accepts: an identity (`code:…`, `key:…`) or a bare 事项编码. */
export function normaliseItemQuery(q: string): string {
  const t = q.trim();
  if (t.startsWith('key:')) return t;
  if (t.startsWith('code:')) return `code:${t.slice(5).toUpperCase()}`;
  return `code:${t.toUpperCase()}`;
}

export interface ItemPath {
  index: number;
  item: Item;
  /** Inclusion proof in the items tree, base64 hashes. */
  proof: string[];
}

export type ItemProof = { present: true; found: ItemPath } | { present: false; left?: ItemPath; right?: ItemPath };

function pathAt(tree: ItemsTree, index: number): ItemPath {
  return { index, item: tree.items[index]!, proof: inclusionProofFromLeafHashes(tree.hashes, index).map(toBase64) };
}

export function proveItem(tree: ItemsTree, id: string): ItemProof {
  // First leaf whose identity sorts at or after the query.
  let lo = 0;
  let hi = tree.ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareIds(tree.ids[mid]!, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo < tree.ids.length && tree.ids[lo] === id) return { present: true, found: pathAt(tree, lo) };
  return {
    present: false,
    ...(lo > 0 ? { left: pathAt(tree, lo - 1) } : {}),
    ...(lo < tree.ids.length ? { right: pathAt(tree, lo) } : {}),
  };
}

/**
 * Checks an item proof against an itemsRoot (hex) and item count taken from a
 * verified log leaf. Returns the reason it fails, or undefined when it holds.
 */
export function checkItemProof(
  kind: RecordKind,
  itemCount: number,
  itemsRoot: string,
  id: string,
  proof: ItemProof,
): string | undefined {
  const root = fromHex(itemsRoot);
  const holds = (p: ItemPath) =>
    verifyInclusion(p.index, itemCount, leafHash(canonicalJson(p.item)), p.proof.map(fromBase64), root);
  if (proof.present) {
    if (itemIdentity(kind, proof.found.item) !== id) return 'the proven item has a different identity';
    return holds(proof.found) ? undefined : 'the item is not in the version’s items tree';
  }
  const { left, right } = proof;
  if (!left && !right) return itemCount === 0 ? undefined : 'absence needs at least one neighbour';
  if (left && !holds(left)) return 'the left neighbour is not in the items tree';
  if (right && !holds(right)) return 'the right neighbour is not in the items tree';
  if (left && compareIds(itemIdentity(kind, left.item), id) >= 0)
    return 'the left neighbour does not sort before the item';
  if (right && compareIds(itemIdentity(kind, right.item), id) <= 0)
    return 'the right neighbour does not sort after the item';
  if (left && right && right.index !== left.index + 1) return 'the neighbours are not adjacent';
  if (!left && right!.index !== 0) return 'the right neighbour is not the first item';
  if (!right && left!.index !== itemCount - 1) return 'the left neighbour is not the last item';
  return undefined;
}
