/**
 * Proofs from tiles: which tiles a proof needs, and the proof once they are read.
 * Storage reads the listed tiles in one batch and passes their committed hashes.
 */
import type { Hash } from './hash.js';
import {
  consistencyRanges,
  inclusionRanges,
  nodesFor,
  rangeHash,
  type NodeId,
  type NodeReader,
  type Range,
} from './merkle.js';
import { foldPowerOfTwo, locateNode, tileWidth, type TileId } from './tiles.js';

export const tileKey = (t: TileId) => `${t.level}/${t.index}`;

/** Tiles holding the given nodes, each with the width a tree of `size` gives it. */
export function tilesFor(nodes: readonly NodeId[], size: number): Array<TileId & { width: number }> {
  const out = new Map<string, TileId & { width: number }>();
  for (const n of nodes) {
    const { tile } = locateNode(n);
    out.set(tileKey(tile), { ...tile, width: tileWidth(tile, size) });
  }
  return [...out.values()];
}

/** Reads nodes from tiles, remembering each node it folded (a node above a tile level costs up to 127 hashes). */
export function nodeReader(tiles: ReadonlyMap<string, readonly Hash[]>): NodeReader {
  const memo = new Map<string, Hash>();
  return (node) => {
    const key = `${node.level}/${node.index}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const { tile, offset, count } = locateNode(node);
    const hashes = tiles.get(tileKey(tile));
    if (!hashes || hashes.length < offset + count)
      throw new Error(`tile ${tileKey(tile)} lacks hashes for node ${node.level}/${node.index}`);
    const h = foldPowerOfTwo(hashes.slice(offset, offset + count));
    memo.set(key, h);
    return h;
  };
}

export interface ProofPlan {
  ranges: Range[];
  tiles: Array<TileId & { width: number }>;
}

export function planInclusion(index: number, size: number): ProofPlan {
  const ranges = inclusionRanges(index, size);
  return { ranges, tiles: tilesFor(nodesFor(ranges), size) };
}

export function planConsistency(from: number, to: number): ProofPlan {
  const ranges = consistencyRanges(from, to);
  return { ranges, tiles: tilesFor(nodesFor(ranges), to) };
}

/** The tiles needed for the root of a tree of `size`. */
export function planRoot(size: number): ProofPlan {
  const ranges: Range[] = size > 0 ? [[0, size]] : [];
  return { ranges, tiles: tilesFor(nodesFor(ranges), size) };
}

export function proofFromTiles(plan: ProofPlan, tiles: ReadonlyMap<string, readonly Hash[]> | NodeReader): Hash[] {
  const read = typeof tiles === 'function' ? tiles : nodeReader(tiles);
  return plan.ranges.map((r) => rangeHash(r, read));
}
