/**
 * Validation of records against their kind: every row, every failing column,
 * all at once. Used by the importer and by uploads alike.
 */
import type { z } from 'zod';
import { itemIdentity } from './identity.js';
import type { RecordKind } from './kinds/index.js';
import { ADDITIONAL_FIELD, SECTION_COLUMN, SECTION_FIELD } from './headers.js';
import { LIMITS } from './fields.js';
import { memoisedMatchKey, normaliseText } from './text.js';

export interface RowIssue {
  /** Row number as the spreadsheet shows it (header is row 1), or array index + 1 for JSON. */
  row: number;
  /** Chinese column name. */
  column: string;
  /** camelCase field name. */
  field: string;
  /** The value as given, cut to 200 characters. */
  value?: string;
  /** Stable English code. */
  code: string;
  /** Chinese reason. */
  message: string;
}

export interface RawRecord {
  row: number;
  values: Record<string, unknown>;
  /** Tiered kinds: the row each tier came from, for reports. */
  tierRows?: number[];
}

/** One column of the source that matches no field: kept with the item, in source order. */
export interface AdditionalAttribute {
  heading: string;
  text: string;
}

export interface ValidatedRecords {
  items: Array<Record<string, unknown>>;
  /** The row each item came from (items[i] from itemRows[i]). */
  itemRows: number[];
  errors: RowIssue[];
  /**
   * The kind's `oneOfFields` groups the list has no value of at all (no such column): each group's message, for a
   * list-level warning. Absent when there are none.
   */
  oneOfFieldsAbsent?: Array<{ field: string; message: string }>;
}

const isBlank = (value: unknown) => value === undefined || value === null || String(value).trim() === '';

const MAX_SHOWN = 200;

function shown(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…（共${s.length}字）` : s;
}

function issueCode(issue: z.core.$ZodIssue): string {
  const custom = (issue as { params?: { code?: string } }).params?.code;
  if (custom) return custom;
  switch (issue.code) {
    case 'too_big':
      return 'TOO_LONG';
    case 'invalid_value':
      return 'INVALID_VALUE';
    case 'invalid_type':
      return (issue as { input?: unknown }).input === undefined ? 'REQUIRED' : 'INVALID_TYPE';
    case 'invalid_format':
      return 'INVALID_FORMAT';
    default:
      return 'INVALID';
  }
}

export function validateRecords(kind: RecordKind, records: readonly RawRecord[]): ValidatedRecords {
  const columnOf = new Map(kind.columns.map((c) => [c.key, c.column]));
  const items: Array<Record<string, unknown>> = [];
  const itemRows: number[] = [];
  const errors: RowIssue[] = [];
  const seen = new Map<string, number>();
  const keyOf = memoisedMatchKey();

  // A group is required on every item when the list uses it at all (some item has a value for it), else absent.
  const groups = kind.oneOfFields ?? [];
  const used = groups.filter((g) => records.some((r) => g.fields.some((f) => !isBlank(r.values[f]))));

  const rowsByCode = new Map<string, number>();
  for (const record of records) {
    // 事项编码 duplicates are reported even on rows that fail otherwise: the user fixes both at once.
    const rawCode = record.values.code;
    const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode).trim().toUpperCase() : '';
    let duplicateOf: number | undefined;
    if (code !== '') {
      duplicateOf = rowsByCode.get(code);
      if (duplicateOf === undefined) rowsByCode.set(code, record.row);
    }

    // The additional attributes and the section are kept by every kind alike, outside its schema: the kinds' object
    // schemas leave out keys they do not define, so the values are parsed as they are, without a copy per row.
    const fieldValues = record.values;
    const extras = checkExtras(fieldValues[ADDITIONAL_FIELD], fieldValues[SECTION_FIELD]);
    for (const e of extras.errors) errors.push({ row: record.row, ...e });
    // reportInput: issueCode tells an empty cell (REQUIRED) from a wrong value (INVALID_TYPE) by the issue's input.
    const parsed = kind.schema.safeParse(fieldValues, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        let field = String(issue.path[0] ?? '');
        let row = record.row;
        let value = record.values[field];
        // A tier's field (裁量阶次 …): reported on the tier's own row and column.
        if (kind.tiers && field === kind.tiers.field && typeof issue.path[1] === 'number' && issue.path[2]) {
          const tier = issue.path[1];
          row = record.tierRows?.[tier] ?? row;
          field = String(issue.path[2]);
          value = (record.values[kind.tiers.field] as Array<Record<string, unknown>> | undefined)?.[tier]?.[field];
        }
        errors.push({
          row,
          column: columnOf.get(field) ?? (kind.tiers?.field === field ? kind.tiers.label : field),
          field,
          value: shown(value),
          code: issueCode(issue),
          message: issue.message,
        });
      }
    }
    let lacksOneOf = false;
    for (const group of used) {
      if (!group.fields.every((f) => isBlank(fieldValues[f]))) continue;
      lacksOneOf = true;
      const field = group.fields[0]!;
      errors.push({
        row: record.row,
        column: columnOf.get(field) ?? field,
        field,
        code: 'REQUIRED',
        message: group.message,
      });
    }
    if (extras.errors.length > 0 || lacksOneOf) continue;
    if (duplicateOf !== undefined) {
      errors.push({
        row: record.row,
        column: columnOf.get('code') ?? 'code',
        field: 'code',
        value: shown(rawCode),
        code: 'DUPLICATE_CODE',
        message: `事项编码与第${duplicateOf}行重复`,
      });
      continue;
    }
    if (!parsed.success) continue;
    const item = dropUndefined(parsed.data);
    if (extras.section) item[SECTION_FIELD] = extras.section;
    if (extras.additional.length > 0) item[ADDITIONAL_FIELD] = extras.additional;
    const identity = itemIdentity(kind, item, keyOf);
    const firstRow = seen.get(identity);
    if (firstRow !== undefined) {
      const field = kind.identityFields[0]!;
      errors.push({
        row: record.row,
        column: columnOf.get(field) ?? field,
        field,
        value: shown(item[field]),
        code: 'DUPLICATE_ITEM',
        message: `与第${firstRow}行为同一事项（内容重复且无事项编码）`,
      });
      continue;
    }
    seen.set(identity, record.row);
    items.push(item);
    itemRows.push(record.row);
  }
  const absent = records.length > 0 ? groups.filter((g) => !used.includes(g)) : [];
  return {
    items,
    itemRows,
    errors,
    ...(absent.length > 0
      ? { oneOfFieldsAbsent: absent.map((g) => ({ field: g.fields[0]!, message: g.absentMessage })) }
      : {}),
  };
}

/** Stored records never carry undefined: absent optional fields are simply absent. */
export function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const k in value) if (value[k] !== undefined) out[k] = value[k];
  return out as T;
}

/** Shared by every row without additional attributes; never changed. */
const NO_ADDITIONAL: AdditionalAttribute[] = [];
const NO_ERRORS: Array<Omit<RowIssue, 'row'>> = [];
const NO_EXTRAS: ReturnType<typeof checkExtras> = { additional: NO_ADDITIONAL, errors: NO_ERRORS };

/** The additional attributes and section as stored: normalised text, empty texts left out, headings unique. */
function checkExtras(
  additional: unknown,
  section: unknown,
): { additional: AdditionalAttribute[]; section?: string; errors: Array<Omit<RowIssue, 'row'>> } {
  // Most rows have no additional attribute, and many no section either: no arrays are made for them.
  const hasSection = section !== undefined && section !== null;
  if (additional === undefined && !hasSection) return NO_EXTRAS;
  const errors: Array<Omit<RowIssue, 'row'>> = additional === undefined ? NO_ERRORS : [];
  const out: AdditionalAttribute[] = additional === undefined ? NO_ADDITIONAL : [];
  if (additional !== undefined) {
    const list = Array.isArray(additional) ? additional : [];
    if (!Array.isArray(additional)) {
      errors.push({
        column: ADDITIONAL_FIELD,
        field: ADDITIONAL_FIELD,
        code: 'INVALID_TYPE',
        message: '附加信息应为 { heading, text } 数组',
      });
    }
    const headings = new Set<string>();
    for (const entry of list) {
      const heading = typeof entry?.heading === 'string' ? normaliseText(entry.heading) : '';
      const text = typeof entry?.text === 'string' ? normaliseText(entry.text) : undefined;
      if (heading === '' || text === undefined || headings.has(heading) || text.length > LIMITS.longText) {
        errors.push({
          column: heading || ADDITIONAL_FIELD,
          field: ADDITIONAL_FIELD,
          value: shown(text),
          code: text !== undefined && text.length > LIMITS.longText ? 'TOO_LONG' : 'INVALID_VALUE',
          message:
            text !== undefined && text.length > LIMITS.longText
              ? `不得超过${LIMITS.longText}个字符`
              : '附加信息的每一项应有不重复的列名（heading）和文本（text）',
        });
        continue;
      }
      headings.add(heading);
      if (text !== '') out.push({ heading, text });
    }
  }
  let sectionText: string | undefined;
  if (hasSection) {
    sectionText = typeof section === 'string' ? normaliseText(section) : undefined;
    if (sectionText === undefined || sectionText.length > LIMITS.shortText) {
      return {
        additional: out,
        errors: [
          ...errors,
          {
            column: SECTION_COLUMN,
            field: SECTION_FIELD,
            value: shown(section),
            code: 'INVALID_VALUE',
            message: `所属分类应为不超过${LIMITS.shortText}字的文本`,
          },
        ],
      };
    }
  }
  return { additional: out, ...(sectionText ? { section: sectionText } : {}), errors };
}
