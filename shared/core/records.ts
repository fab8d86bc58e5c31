/**
 * Validation of records against their kind: every row, every failing column,
 * all at once. Used by the importer and by uploads alike.
 */
import type { z } from 'zod';
import { itemIdentity } from './identity.js';
import type { RecordKind } from './kinds/index.js';

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
}

export interface ValidatedRecords {
  items: Array<Record<string, unknown>>;
  errors: RowIssue[];
}

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
  const errors: RowIssue[] = [];
  const seen = new Map<string, number>();

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

    // reportInput: issueCode tells an empty cell (REQUIRED) from a wrong value (INVALID_TYPE) by the issue's input.
    const parsed = kind.schema.safeParse(record.values, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        errors.push({
          row: record.row,
          column: columnOf.get(field) ?? field,
          field,
          value: shown(record.values[field]),
          code: issueCode(issue),
          message: issue.message,
        });
      }
    }
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
    const identity = itemIdentity(kind, item);
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
  }
  return { items, errors };
}

/** Stored records never carry undefined: absent optional fields are simply absent. */
export function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}
