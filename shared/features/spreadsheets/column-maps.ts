/**
 * The column map of an upload: heading as published → field, confirmed or corrected by the clerk. Given with an
 * upload it overrides detection; once a draft is created with it, it is remembered for the unit and kind and applied
 * to the next upload whose heading row is the same (by `headingKey`).
 */
import { z } from 'zod';
import { sha256Hex } from '../../core/canonical-json.js';
import { mappableFields, normaliseHeading, type ColumnMap } from '../../core/headers.js';
import type { RecordKind } from '../../core/kinds/index.js';
import { fileIssue, type FileIssue, type IssueLocation } from './issues.js';

/** Columns a map may name: as many as a row may have. */
const MAX_MAPPED_COLUMNS = 200;

export const ColumnMapSchema = z
  .record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(64))
  .refine((m) => Object.keys(m).length <= MAX_MAPPED_COLUMNS, `列映射最多 ${MAX_MAPPED_COLUMNS} 列`);

/** Where the map applied to a parse came from. */
export type ColumnMapSource = 'request' | 'remembered';

export interface AppliedColumnMap {
  source: ColumnMapSource;
  map: ColumnMap;
}

/**
 * The identity of a heading row: its headings normalised as recognition compares them (法 律 依 据 is 法律依据),
 * in order, hashed. Two files with the same published header have the same key.
 */
export function headingKey(headings: readonly string[]): string {
  const normalised = headings.map((h) => normaliseHeading(h).base);
  while (normalised.length > 0 && normalised[normalised.length - 1] === '') normalised.pop();
  return sha256Hex(JSON.stringify(normalised)).slice(0, 32);
}

/**
 * The entries of a map whose heading is (`present`, the default) or is not among `headings`, compared normalised:
 * a workbook's one map is split over its sheets this way.
 */
export function restrictColumnMap(map: ColumnMap, headings: readonly string[], present = true): ColumnMap {
  const known = new Set(headings.map((h) => normaliseHeading(h).base).filter(Boolean));
  return Object.fromEntries(Object.entries(map).filter(([h]) => known.has(normaliseHeading(h).base) === present));
}

/**
 * A map given with an upload, against the kind and the file's heading row: every entry naming a field the kind does
 * not have, and every heading that is not in the file, is an error (all at once). Headings compare normalised.
 */
export function columnMapIssues(
  kind: RecordKind,
  map: ColumnMap,
  headings: readonly string[],
  at: IssueLocation & { row?: number },
): FileIssue[] {
  const fields = mappableFields(kind);
  const present = new Set(headings.map((h) => normaliseHeading(h).base).filter(Boolean));
  const issues: FileIssue[] = [];
  for (const [heading, field] of Object.entries(map)) {
    if (!fields.has(field))
      issues.push(
        fileIssue(
          at,
          'UNKNOWN_FIELD',
          `列映射中“${heading}”对应的字段“${field}”不是${kind.label}的字段（可用：${[...fields].join('、')}）`,
          { column: heading, field, value: field },
        ),
      );
    if (!present.has(normaliseHeading(heading).base))
      issues.push(
        fileIssue(at, 'COLUMN_NOT_FOUND', `列映射中的列“${heading}”不在文件的表头中`, { column: heading, field }),
      );
  }
  return issues;
}
