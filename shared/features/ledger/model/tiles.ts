/**
 * C2SP tlog-tiles: the tree's hashes cut into tiles of 256 hashes.
 *
 * A tile at level L holds hashes of complete subtrees of height 8·L (level 0:
 * leaf hashes; level 1: roots of 256-leaf subtrees, …). Tile N of level L covers
 * those hashes N·256 … N·256+255; a tile with fewer (the right edge) is partial
 * and named by its width W. Any node of height h with 8·L ≤ h < 8·L+8 is
 * computed from 2^(h−8·L) consecutive hashes of one level-L tile, so a proof
 * needs at most a few tiles per level. Entry bundles hold the leaves' data.
 */
import { HASH_SIZE, nodeHash, type Hash } from './hash.js';
import type { NodeId } from './merkle.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

export interface TileId {
  level: number;
  index: number;
}

/** Hashes stored at tile level L for a tree of `size` leaves. */
export function hashesAtLevel(level: number, size: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** Width of tile (level, index) in a tree of `size` leaves: 256 when full, 0 when absent. */
export function tileWidth(tile: TileId, size: number): number {
  const count = hashesAtLevel(tile.level, size) - tile.index * TILE_WIDTH;
  return Math.max(0, Math.min(TILE_WIDTH, count));
}

/** Where a complete subtree's hash is found: which tile, and which hashes of it to fold. */
export function locateNode(node: NodeId): { tile: TileId; offset: number; count: number } {
  const tileLevel = Math.floor(node.level / TILE_HEIGHT);
  const span = 2 ** (node.level - tileLevel * TILE_HEIGHT);
  const first = node.index * span; // index of the first hash at tile level
  return { tile: { level: tileLevel, index: Math.floor(first / TILE_WIDTH) }, offset: first % TILE_WIDTH, count: span };
}

/** Folds 2^k consecutive hashes of one level into the root of the subtree they form. */
export function foldPowerOfTwo(hashes: readonly Hash[]): Hash {
  let layer = [...hashes];
  while (layer.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(nodeHash(layer[i]!, layer[i + 1]!));
    layer = next;
  }
  return layer[0]!;
}

/** A tile's content: its hashes concatenated. */
export function encodeTile(hashes: readonly Hash[]): Uint8Array {
  const out = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => out.set(h, i * HASH_SIZE));
  return out;
}

export function decodeTile(data: Uint8Array): Hash[] {
  if (data.length % HASH_SIZE !== 0) throw new Error(`tile length ${data.length} is not a multiple of ${HASH_SIZE}`);
  const out: Hash[] = [];
  for (let i = 0; i < data.length; i += HASH_SIZE) out.push(data.slice(i, i + HASH_SIZE));
  return out;
}

/** Entry bundle: each entry as a big-endian uint16 length and its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  const total = entries.reduce((n, e) => n + 2 + e.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const e of entries) {
    if (e.length > 0xffff) throw new Error('entry longer than 65535 bytes');
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

export function decodeEntryBundle(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 2 > data.length) throw new Error('truncated entry bundle');
    const len = (data[at]! << 8) | data[at + 1]!;
    if (at + 2 + len > data.length) throw new Error('truncated entry bundle');
    out.push(data.slice(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

/** The tile index as path elements: 1234067 → x001/x234/067. */
export function encodeTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`bad tile index ${index}`);
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** `<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]` (without the `tile/` prefix). */
export function tilePath(level: number | 'entries', index: number, width?: number): string {
  const partial = width !== undefined && width < TILE_WIDTH ? `.p/${width}` : '';
  return `${level}/${encodeTileIndex(index)}${partial}`;
}

export interface ParsedTileIndex {
  index: number;
  /** Undefined for a full tile. */
  width?: number;
}

/** Parses the `<N>[.p/<W>]` part; undefined when malformed (non-canonical forms are refused). */
export function parseTileIndex(path: string): ParsedTileIndex | undefined {
  const m = /^((?:x\d{3}\/)*)(\d{3})(?:\.p\/(\d{1,3}))?$/.exec(path);
  if (!m) return undefined;
  const groups = [
    ...(m[1]
      ? m[1]
          .split('/')
          .filter(Boolean)
          .map((g) => g.slice(1))
      : []),
    m[2]!,
  ];
  if (groups.length > 1 && groups[0] === '000') return undefined;
  const index = Number(groups.join(''));
  if (!Number.isSafeInteger(index)) return undefined;
  if (m[3] === undefined) return { index };
  const width = Number(m[3]);
  if (String(width) !== m[3] || width < 1 || width >= TILE_WIDTH) return undefined;
  return { index, width };
}
