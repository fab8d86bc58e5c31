import { createHash } from 'node:crypto';
import canonicalizeImpl from 'canonicalize';

const canonicalizeFn = canonicalizeImpl as unknown as (value: unknown) => string | undefined;

/** RFC 8785 (JSON Canonicalization Scheme) text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalizeFn(value);
  if (text === undefined) throw new TypeError('value cannot be canonicalised as JSON');
  return text;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The content hash of a record: SHA-256 over its RFC 8785 canonical JSON, hex. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** Stands in for a list whose items are encoded already; a NUL-delimited string no real value holds. */
const LIST_SLOT = '\u0000canonical-json-encoded-list\u0000';

/**
 * The RFC 8785 text of `value` with a list at `value[key]`, cut where the list's items go: the text before them
 * (ending in `[`) and after them (starting with `]`). Joining the two around the items' canonical texts, separated
 * by commas, gives `canonicalJson({ ...value, [key]: items })` without walking the items again: a list of 100,000
 * small objects costs a join instead of a generic recursive canonicalisation (keys sorted per object).
 */
export function canonicalJsonAroundList(value: Record<string, unknown>, key: string): [string, string] {
  const text = canonicalJson({ ...value, [key]: LIST_SLOT });
  const slot = JSON.stringify(LIST_SLOT);
  const at = text.indexOf(slot);
  if (at < 0 || text.indexOf(slot, at + 1) >= 0) throw new TypeError('the encoded list slot is ambiguous');
  return [`${text.slice(0, at)}[`, `]${text.slice(at + slot.length)}`];
}
