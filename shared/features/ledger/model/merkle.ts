/**
 * RFC 9162 §2.1 Merkle tree algorithms over an abstract source of subtree hashes.
 *
 * Proof generation is split in two so storage can batch its reads: the proof
 * is first described as the ranges [start, end) whose Merkle Tree Hash it needs,
 * each range decomposes into complete, aligned subtrees (level, index), and only
 * those nodes are read. Arithmetic uses plain division (not bit shifts) so sizes
 * beyond 2^31 stay correct.
 */
import { EMPTY_ROOT, equalHashes, nodeHash, type Hash } from './hash.js';

export type Range = readonly [start: number, end: number];

/** A complete subtree: 2^level leaves starting at leaf index * 2^level. */
export interface NodeId {
  level: number;
  index: number;
}

export type NodeReader = (node: NodeId) => Hash;

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;

/** RFC 9162 §2.1.3.1 PATH(m, D[lo:hi]), bottom-up, as ranges. */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`index ${index} is outside a tree of size ${size}`);
  const out: Range[] = [];
  const walk = (lo: number, hi: number) => {
    if (hi - lo === 1) return;
    const k = splitPoint(hi - lo);
    if (index - lo < k) {
      walk(lo, lo + k);
      out.push([lo + k, hi]);
    } else {
      walk(lo + k, hi);
      out.push([lo, lo + k]);
    }
  };
  walk(0, size);
  return out;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) via SUBPROOF, as ranges. */
export function consistencyRanges(from: number, to: number): Range[] {
  if (!(from >= 0 && from <= to)) throw new RangeError(`cannot prove ${from} → ${to}`);
  if (from === 0 || from === to) return [];
  const out: Range[] = [];
  const sub = (m: number, lo: number, hi: number, complete: boolean) => {
    const n = hi - lo;
    if (m === n) {
      if (!complete) out.push([lo, hi]);
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, lo, lo + k, complete);
      out.push([lo + k, hi]);
    } else {
      sub(m - k, lo + k, hi, false);
      out.push([lo, lo + k]);
    }
  };
  sub(from, 0, to, true);
  return out;
}

/**
 * The complete aligned subtrees whose hashes make up MTH(D[start:end]), left to right.
 * Every range of an RFC 9162 proof starts on a boundary aligned to its split, so
 * this is the binary decomposition of its length.
 */
export function rangeNodes([start, end]: Range): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let size = 1;
    while (at % (size * 2) === 0 && at + size * 2 <= end) size *= 2;
    nodes.push({ level: Math.log2(size), index: at / size });
    at += size;
  }
  return nodes;
}

/** MTH(D[start:end]) from the hashes of its decomposition: fold right to left (smaller subtrees hang right). */
export function rangeHash(range: Range, read: NodeReader): Hash {
  const nodes = rangeNodes(range);
  if (nodes.length === 0) return EMPTY_ROOT;
  let acc = read(nodes.at(-1)!);
  for (let i = nodes.length - 2; i >= 0; i--) acc = nodeHash(read(nodes[i]!), acc);
  return acc;
}

/** All nodes a set of ranges needs, deduplicated. */
export function nodesFor(ranges: readonly Range[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const r of ranges) for (const n of rangeNodes(r)) seen.set(`${n.level}/${n.index}`, n);
  return [...seen.values()];
}

/** MTH over a list of leaf hashes, by the RFC 9162 recursion. */
export function rootFromLeafHashes(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_ROOT;
  const rec = (lo: number, hi: number): Hash => {
    if (hi - lo === 1) return hashes[lo]!;
    const k = splitPoint(hi - lo);
    return nodeHash(rec(lo, lo + k), rec(lo + k, hi));
  };
  return rec(0, hashes.length);
}

/** Inclusion proof computed in memory (items trees, tests). */
export function inclusionProofFromLeafHashes(hashes: readonly Hash[], index: number): Hash[] {
  return inclusionRanges(index, hashes.length).map(([a, b]) => rootFromLeafHashes(hashes.slice(a, b)));
}

export function consistencyProofFromLeafHashes(hashes: readonly Hash[], from: number, to: number): Hash[] {
  return consistencyRanges(from, to).map(([a, b]) => rootFromLeafHashes(hashes.slice(a, b)));
}

const lsb = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or undefined when the proof is malformed. */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Hash,
  proof: readonly Hash[],
): Hash | undefined {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== 32) return undefined;
    if (sn === 0) return undefined;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  const r = rootFromInclusionProof(index, size, leaf, proof);
  return r !== undefined && root.length === 32 && equalHashes(r, root);
}

/** RFC 9162 §2.1.4.2 (with the usual conventions for size 0 and equal sizes). */
export function verifyConsistency(
  from: number,
  to: number,
  proof: readonly Hash[],
  fromRoot: Hash,
  toRoot: Hash,
): boolean {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from <= to)) return false;
  if (from === to) return proof.length === 0 && equalHashes(fromRoot, toRoot);
  if (from === 0) return proof.length === 0;
  if (proof.length === 0 || proof.some((p) => p.length !== 32)) return false;
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalHashes(fr, fromRoot) && equalHashes(sr, toRoot);
}
