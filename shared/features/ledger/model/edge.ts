/**
 * The log's right edge: for each tile level, the hashes of its rightmost,
 * partial tile. Everything left of the edge sits in full tiles, which never
 * change once written. The edge alone yields the root (every subtree of the
 * size's binary decomposition lies in the partial tile of its level) and takes
 * appends, so it lives in the log state item and is committed with it.
 */
import { EMPTY_ROOT, type Hash } from './hash.js';
import { rangeHash, type NodeId } from './merkle.js';
import { foldPowerOfTwo, hashesAtLevel, locateNode, TILE_WIDTH, type TileId } from './tiles.js';

export interface TreeEdge {
  size: number;
  /** tiles[L]: hashes of the partial tile at level L (length hashesAtLevel(L, size) mod 256). */
  tiles: Hash[][];
}

export const emptyEdge = (): TreeEdge => ({ size: 0, tiles: [] });

export interface FullTile {
  tile: TileId;
  hashes: Hash[];
}

/** Appends leaf hashes; returns the new edge and every tile that became full (each exactly once). */
export function appendLeaves(edge: TreeEdge, leafHashes: readonly Hash[]): { edge: TreeEdge; full: FullTile[] } {
  const tiles = edge.tiles.map((t) => [...t]);
  const full: FullTile[] = [];
  let size = edge.size;
  const push = (level: number, hash: Hash, sizeAfter: number) => {
    while (tiles.length <= level) tiles.push([]);
    const row = tiles[level]!;
    row.push(hash);
    if (row.length === TILE_WIDTH) {
      const index = Math.floor(hashesAtLevel(level, sizeAfter) / TILE_WIDTH) - 1;
      full.push({ tile: { level, index }, hashes: row.slice() });
      tiles[level] = [];
      push(level + 1, foldPowerOfTwo(row), sizeAfter);
    }
  };
  for (const h of leafHashes) {
    size += 1;
    push(0, h, size);
  }
  while (tiles.length > 0 && tiles.at(-1)!.length === 0 && hashesAtLevel(tiles.length - 1, size) === 0) tiles.pop();
  return { edge: { size, tiles }, full };
}

/** Reads a node from the partial tiles of the edge (only nodes of the size's decomposition are there). */
export function edgeNode(edge: TreeEdge, node: NodeId): Hash {
  const { tile, offset, count } = locateNode(node);
  const partialIndex = Math.floor(hashesAtLevel(tile.level, edge.size) / TILE_WIDTH);
  const row = edge.tiles[tile.level] ?? [];
  if (tile.index !== partialIndex || offset + count > row.length)
    throw new Error(`node ${node.level}/${node.index} is not on the right edge`);
  return foldPowerOfTwo(row.slice(offset, offset + count));
}

export function edgeRoot(edge: TreeEdge): Hash {
  if (edge.size === 0) return EMPTY_ROOT;
  return rangeHash([0, edge.size], (n) => edgeNode(edge, n));
}
