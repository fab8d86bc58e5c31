/** Mapping spreadsheet header rows to record fields, by Chinese name, alias or English field name. */
import type { RecordKind } from './kinds/index.js';
import { matchKey } from './text.js';

export interface HeaderMapping {
  /** Field key for each column index (undefined: column ignored). */
  fields: Array<string | undefined>;
  /** Headers that matched no field; reported as warnings, never silently used. */
  unknown: string[];
  /** Required fields whose column is missing: the file is rejected. */
  missing: Array<{ field: string; column: string }>;
  /** Two columns mapping to the same field. */
  duplicated: Array<{ field: string; column: string }>;
}

const lookupCache = new WeakMap<RecordKind, Map<string, string>>();

function lookupFor(kind: RecordKind): Map<string, string> {
  let map = lookupCache.get(kind);
  if (!map) {
    map = new Map();
    for (const c of kind.columns) {
      map.set(matchKey(c.column), c.key);
      map.set(matchKey(c.key), c.key);
      for (const a of c.aliases ?? []) map.set(matchKey(a), c.key);
    }
    lookupCache.set(kind, map);
  }
  return map;
}

/** Fields a file must have a column for (its values may still be checked row by row). */
const requiredCache = new WeakMap<RecordKind, string[]>();

/** The fields an empty record is refused for: text, enumerations (检查类别) and codes alike. */
export function requiredFields(kind: RecordKind): string[] {
  let required = requiredCache.get(kind);
  if (!required) {
    const result = kind.schema.safeParse({}, { reportInput: true });
    const missing = new Set(
      result.success
        ? []
        : result.error.issues
            .filter((i) => (i as { input?: unknown }).input === undefined)
            .map((i) => String(i.path[0])),
    );
    required = kind.columns.map((c) => c.key).filter((k) => missing.has(k));
    requiredCache.set(kind, required);
  }
  return required;
}

export function mapHeaders(kind: RecordKind, header: readonly string[]): HeaderMapping {
  const lookup = lookupFor(kind);
  const fields: Array<string | undefined> = [];
  const unknown: string[] = [];
  const duplicated: HeaderMapping['duplicated'] = [];
  const used = new Set<string>();
  for (const h of header) {
    const key = h.trim() === '' ? undefined : lookup.get(matchKey(h));
    if (key && used.has(key)) {
      duplicated.push({ field: key, column: h });
      fields.push(undefined);
      continue;
    }
    if (key) used.add(key);
    else if (h.trim() !== '') unknown.push(h);
    fields.push(key);
  }
  const columnOf = new Map(kind.columns.map((c) => [c.key, c.column]));
  const missing = requiredFields(kind)
    .filter((f) => !used.has(f))
    .map((field) => ({ field, column: columnOf.get(field) ?? field }));
  return { fields, unknown, missing, duplicated };
}
