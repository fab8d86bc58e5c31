/**
 * Mapping spreadsheet header rows to record fields. Real lists name the same field many
 * ways (法律依据, 法 律 依 据, 違法行為（列舉）, 不予处罚的情形 …), so a heading is recognised by rules,
 * not only by a list of names:
 *
 * 1. the user's confirmed mapping (`--map 法律依据=legalBasis`, the upload's column map) wins;
 * 2. then exact names: the kind's column name, its aliases or its English field name, compared after
 *    normalisation (NFKC, Traditional→Simplified, no spaces, the text in brackets dropped);
 * 3. then the kind's heading rules, in priority order: the first rule whose pattern the heading names
 *    and whose field is still free (违法情形 is a violation, 不予处罚的情形 a condition);
 * 4. every other heading is kept: its cells are stored with the item as additional attributes
 *    (heading → text), never dropped.
 *
 * Every decision is explained (`explained`), for dry runs and import reports.
 */
import type { RecordKind } from './kinds/index.js';
import { matchKey, toSimplified } from './text.js';

/** A heading rule: a heading whose normalised text matches `pattern` names `field`. */
export interface HeadingRule {
  field: string;
  pattern: RegExp;
  /** Chinese reason shown in reports, e.g. 列名含“依据”. */
  why: string;
}

/** The field every kind keeps unmatched columns in, as an ordered list of heading → text. */
export const ADDITIONAL_FIELD = 'additional';
/** The field a section row (一、建设项目管理类) fills for the items below it. */
export const SECTION_FIELD = 'section';
/** The column the section is exported under, recognised again on import. */
export const SECTION_COLUMN = '所属分类';

export type MatchHow = 'user' | 'exact' | 'rule' | 'additional' | 'empty';

export interface ColumnMatch {
  /** Column position, from 0. */
  index: number;
  /** Heading as published. */
  heading: string;
  /** Field it fills; undefined for an additional attribute or an empty heading. */
  field?: string;
  how: MatchHow;
  /** Chinese reason. */
  why: string;
}

export interface HeaderMapping {
  /** Field key for each column index (undefined: kept as an additional attribute, or an empty heading). */
  fields: Array<string | undefined>;
  /** Headings that matched no field: their cells are kept as additional attributes. */
  unknown: string[];
  /** Required fields whose column is missing: the file is rejected. */
  missing: Array<{ field: string; column: string }>;
  /** Columns that name a field another column already fills (kept as additional attributes). */
  duplicated: Array<{ field: string; column: string }>;
  /** Heading → field, and why, for every column. */
  explained: ColumnMatch[];
  /** Columns recognised by a rule rather than an exact name: worth confirming. */
  unsure: number;
}

/** A user's correction: heading as published (or its normalised form) → field key, or `additional`. */
export type ColumnMap = Readonly<Record<string, string>>;

/**
 * A heading as compared: NFKC (so full-width letters and compatibility forms fold), Simplified, lower case,
 * no whitespace anywhere (法 律 依 据 is 法律依据), and without the text in brackets, which is returned as hints
 * (事项类别（一般检查事项、重点检查事项）→ 事项类别, hints 一般检查事项、重点检查事项).
 */
export function normaliseHeading(heading: string): { base: string; hints: string[] } {
  const folded = toSimplified(heading.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '');
  const hints: string[] = [];
  const base = folded
    .replace(/[(（[【〔]([^)）\]】〕]*)[)）\]】〕]/g, (_m, inner: string) => {
      if (inner) hints.push(inner);
      return '';
    })
    .replace(/[*＊:：、，,.。;；"“”'‘’]/g, '');
  return { base, hints };
}

const lookupCache = new WeakMap<RecordKind, Map<string, string>>();

function lookupFor(kind: RecordKind): Map<string, string> {
  let map = lookupCache.get(kind);
  if (!map) {
    map = new Map();
    for (const c of kind.columns) {
      for (const name of [c.column, c.key, ...(c.aliases ?? [])]) {
        map.set(matchKey(name), c.key);
        map.set(normaliseHeading(name).base, c.key);
      }
    }
    // The section a section row names, as exported, comes back to the same field.
    map.set(normaliseHeading(SECTION_COLUMN).base, SECTION_FIELD);
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

/** The fields a kind accepts in a column map: its columns, the section, and `additional`. */
export function mappableFields(kind: RecordKind): Set<string> {
  return new Set([...kind.columns.map((c) => c.key), SECTION_FIELD, ADDITIONAL_FIELD]);
}

export function mapHeaders(kind: RecordKind, header: readonly string[], userMap: ColumnMap = {}): HeaderMapping {
  const lookup = lookupFor(kind);
  const columnOf = new Map(kind.columns.map((c) => [c.key, c.column]));
  const user = new Map<string, string>();
  for (const [heading, field] of Object.entries(userMap)) {
    user.set(heading, field);
    user.set(normaliseHeading(heading).base, field);
  }
  const explained: ColumnMatch[] = header.map((heading, index) => ({
    index,
    heading,
    how: heading.trim() === '' ? 'empty' : 'additional',
    why: heading.trim() === '' ? '空表头' : '未对应任何字段，作为附加信息保留',
  }));
  const used = new Set<string>();
  const duplicated: HeaderMapping['duplicated'] = [];
  const claim = (m: ColumnMatch, field: string, how: MatchHow, why: string) => {
    if (field === ADDITIONAL_FIELD) {
      m.how = how;
      m.why = `${why}：作为附加信息保留`;
      return;
    }
    if (used.has(field)) {
      duplicated.push({ field, column: m.heading });
      m.why = `与前一列同为“${columnOf.get(field) ?? field}”，作为附加信息保留`;
      return;
    }
    used.add(field);
    m.field = field;
    m.how = how;
    m.why = why;
  };
  const open = () =>
    explained.filter((m) => m.how === 'additional' && m.field === undefined && !m.why.includes('前一列'));

  // A mapping to a field this kind does not have is not followed: the column would be dropped by the schema.
  const mappable = mappableFields(kind);
  for (const m of open()) {
    const field = user.get(m.heading) ?? user.get(normaliseHeading(m.heading).base);
    if (field && mappable.has(field)) claim(m, field, 'user', '按确认的列映射');
  }
  for (const m of open()) {
    const { base } = normaliseHeading(m.heading);
    const field = lookup.get(matchKey(m.heading)) ?? lookup.get(base);
    if (field) claim(m, field, 'exact', `与“${columnOf.get(field) ?? SECTION_COLUMN}”同名或为其别名`);
  }
  for (const rule of kind.headingRules ?? []) {
    if (used.has(rule.field)) continue;
    const m = open().find((c) => rule.pattern.test(normaliseHeading(c.heading).base));
    if (m) claim(m, rule.field, 'rule', rule.why);
  }
  const fields = explained.map((m) => m.field);
  const unknown = explained.filter((m) => m.field === undefined && m.how !== 'empty').map((m) => m.heading);
  const missing = requiredFields(kind)
    .filter((f) => !used.has(f))
    .map((field) => ({ field, column: columnOf.get(field) ?? field }));
  return {
    fields,
    unknown,
    missing,
    duplicated,
    explained,
    unsure: explained.filter((m) => m.how === 'rule').length,
  };
}

/** How well a row maps as the header: fields recognised, less required fields missing. */
export function headerScore(mapping: HeaderMapping): number {
  return mapping.fields.filter(Boolean).length * 2 - mapping.missing.length * 3;
}
