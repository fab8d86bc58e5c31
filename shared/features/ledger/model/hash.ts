/**
 * RFC 9162 §2.1 hashing: leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right),
 * empty tree = SHA-256(""). The domain separation bytes make a leaf impossible to pass off as a node.
 */
import { createHash } from 'node:crypto';

export type Hash = Uint8Array;

export const HASH_SIZE = 32;

export function sha256(...parts: Uint8Array[]): Hash {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

export const EMPTY_ROOT: Hash = sha256();

export function leafHash(data: Uint8Array | string): Hash {
  return sha256(LEAF_PREFIX, typeof data === 'string' ? new TextEncoder().encode(data) : data);
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right);
}

export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export const toHex = (h: Uint8Array) => Buffer.from(h).toString('hex');
export const toBase64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
export const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
export const fromHex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
