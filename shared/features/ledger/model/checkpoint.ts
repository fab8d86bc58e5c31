/**
 * C2SP tlog-checkpoint bodies: the origin line, the tree size in decimal, the
 * root hash in base64, each ending in a newline. Extension lines are not used.
 */
import { fromBase64, toBase64, type Hash } from './hash.js';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
}

export function formatCheckpoint(c: Checkpoint): string {
  if (!c.origin || /[\n]/.test(c.origin)) throw new Error('origin must be one non-empty line');
  return `${c.origin}\n${c.size}\n${toBase64(c.root)}\n`;
}

export function parseCheckpoint(body: string): Checkpoint {
  const lines = body.split('\n');
  if (lines.length < 4 || lines.at(-1) !== '') throw new Error('checkpoint body must have origin, size and root lines');
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (!origin) throw new Error('checkpoint origin is empty');
  if (!/^(0|[1-9]\d*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    throw new Error(`bad checkpoint size ${JSON.stringify(sizeText)}`);
  const root = fromBase64(rootText);
  if (root.length !== 32 || toBase64(root) !== rootText) throw new Error('checkpoint root is not base64 of 32 bytes');
  return { origin, size: Number(sizeText), root };
}
