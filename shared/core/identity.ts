import { sha256Hex } from './canonical-json.js';
import type { RecordKind } from './kinds/index.js';
import { matchKey } from './text.js';

/**
 * The identity of an item across versions, which diffs match on:
 * - `code:<事项编码>` when the item has a code (case-insensitive);
 * - otherwise `key:<16 hex>`: SHA-256 of the kind's identity fields (name for
 *   inspection items; violation + conditions for discretion items), each reduced
 *   with `matchKey` (Traditional→Simplified, width and case folded, spaces and
 *   brackets dropped) and joined by U+241F. So re-typing 重點 as 重点 or adding a
 *   space keeps the identity; changing the words makes it a new item.
 * `keyOf` is matchKey, or a memoised matchKey when a whole list is identified at once (`memoisedMatchKey`).
 */
export function itemIdentity(
  kind: RecordKind,
  item: Record<string, unknown>,
  keyOf: (text: string) => string = matchKey,
): string {
  const code = item.code;
  if (typeof code === 'string' && code !== '') return `code:${code.toUpperCase()}`;
  const parts = kind.identityFields.map((f) => keyOf(String(item[f] ?? '')));
  return `key:${sha256Hex(parts.join('\u241f')).slice(0, 16)}`;
}
