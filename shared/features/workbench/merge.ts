/**
 * 增补修改 (supplement): the file holds only new and changed items. Each file item replaces the item in force
 * with the same identity (事项编码, or the kind's identity fields, as the diff matches them) in its place, or is
 * added at the end; items the clerk lists for removal (by 事项编码 or name) are taken out. A removal that
 * matches nothing is an error, never silently ignored.
 */
import { itemIdentity } from '../../core/identity.js';
import type { RecordKind } from '../../core/kinds/index.js';
import { matchKey } from '../../core/text.js';

type Item = Record<string, unknown>;

export interface Supplement {
  items: Item[];
  replaced: number;
  added: number;
  removed: number;
  /** Removal lines that named no item in force. */
  unmatched: string[];
}

/** One removal per line (or separated by ，、;); blank lines ignored. */
export function parseRemovals(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\r\n;；、]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

function matches(kind: RecordKind, item: Item, line: string): boolean {
  const code = typeof item.code === 'string' ? item.code : '';
  if (code && code.toUpperCase() === line.toUpperCase()) return true;
  const key = matchKey(line);
  return kind.identityFields.some((f) => matchKey(String(item[f] ?? '')) === key);
}

export function supplement(kind: RecordKind, inForce: readonly Item[], file: readonly Item[], removals: string[]) {
  const byIdentity = new Map(file.map((item) => [itemIdentity(kind, item), item]));
  const used = new Set<string>();
  const unmatched = removals.filter((line) => !inForce.some((item) => matches(kind, item, line)));
  const out: Item[] = [];
  let replaced = 0;
  let removed = 0;
  for (const item of inForce) {
    if (removals.some((line) => matches(kind, item, line))) {
      removed++;
      continue;
    }
    const id = itemIdentity(kind, item);
    const next = byIdentity.get(id);
    if (next) {
      used.add(id);
      replaced++;
      out.push(next);
    } else out.push(item);
  }
  const added = file.filter((item) => !used.has(itemIdentity(kind, item)));
  return { items: [...out, ...added], replaced, added: added.length, removed, unmatched } satisfies Supplement;
}
