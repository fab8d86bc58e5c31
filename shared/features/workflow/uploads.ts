/**
 * Uploaded content → draft candidates, through the importer (shared/features/spreadsheets), so an
 * upload is parsed and validated exactly as `gongshi import` does: encodings,
 * Traditional characters, Chinese headers or English field names, every limit.
 */
import { AppError, type ErrorReason } from '../../core/errors.js';
import type { RecordKind } from '../../core/kinds/index.js';
import type { Registry } from '../lists/index.js';
import {
  combinedKindsOfFileName,
  parseCombinedList,
  parseListFile,
  parseWorkbook,
  validateJsonItems,
  type FileIssue,
  type ParsedFile,
} from '../spreadsheets/index.js';

/** One list ready to become a draft (when it has no errors). */
export type Candidate = ParsedFile;

/** Importer codes that mean "too big" (413) rather than "wrong content" (422). */
const SIZE_LIMIT_CODES = new Set<string>([
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_ROWS',
  'ARCHIVE_TOO_LARGE',
  'TOO_MANY_SHEETS',
  'TOO_MANY_COLUMNS',
]);

export function jsonCandidate(kind: RecordKind, items: unknown): Candidate {
  return validateJsonItems(kind, items, 'items');
}

/**
 * `columnMap`: the uploader's confirmed mapping, heading as published → field (or `additional`), checked against
 * the kind and the file's header; without it, `remembered` gives the map confirmed earlier for the same heading row.
 */
export function fileCandidate(
  kind: RecordKind,
  bytes: Uint8Array,
  fileName: string,
  columnMap?: Readonly<Record<string, string>>,
  remembered?: (headingKey: string) => Promise<Readonly<Record<string, string>> | undefined>,
): Promise<Candidate> {
  return parseListFile(kind, bytes, fileName, {
    ...(columnMap ? { columnMap, checkColumnMap: true } : {}),
    ...(remembered ? { rememberedColumnMap: remembered } : {}),
  });
}

/**
 * The candidate with the registry's stored-state checks added as row errors (an officers list's certificate
 * numbers another unit lists): the same rows and columns as the file's own errors, so a dry run shows them all.
 */
export async function withStoredChecks<C extends Candidate>(registry: Registry, uscc: string, c: C): Promise<C> {
  if (!registry.checkCandidate || c.items.length === 0) return c;
  const issues = await registry.checkCandidate({ uscc, stream: c.kind, items: c.items });
  if (issues.length === 0) return c;
  const at = { file: c.file, ...(c.sheet ? { sheet: c.sheet } : {}) };
  const rowIssue = ({ item, column, field, value, code, message }: (typeof issues)[number]) => ({
    ...at,
    row: c.itemRows?.[item] ?? item + 2,
    column,
    field,
    ...(value !== undefined ? { value } : {}),
    code,
    message,
  });
  const byRow = (a: { row?: number }, b: { row?: number }) => (a.row ?? 0) - (b.row ?? 0);
  const errors = [...c.errors, ...issues.filter((i) => i.severity !== 'warning').map(rowIssue)].sort(byRow);
  const warnings = [...c.warnings, ...issues.filter((i) => i.severity === 'warning').map(rowIssue)].sort(byRow);
  return { ...c, errors, warnings };
}

/**
 * A workbook whose sheets are named by list names: one candidate per sheet; or a combined list (免罚轻罚清单, by its
 * name): one candidate per kind it holds. `columnMap` is one map for the workbook
 * (each sheet takes the entries its header has); without it, `remembered` gives each sheet the map confirmed earlier
 * for its kind and heading row.
 */
export async function workbookCandidates(
  bytes: Uint8Array,
  fileName: string,
  columnMap?: Readonly<Record<string, string>>,
  remembered?: (kind: string, headingKey: string) => Promise<Readonly<Record<string, string>> | undefined>,
): Promise<{ candidates: Array<Candidate & { part: string }>; errors: FileIssue[]; warnings: FileIssue[] }> {
  const options = {
    ...(columnMap ? { columnMap, checkColumnMap: true } : {}),
    ...(remembered ? { rememberedColumnMap: remembered } : {}),
  };
  // A file named as a combined list (免罚轻罚清单) is split into the kinds it holds; any other is a workbook.
  const combined = combinedKindsOfFileName(fileName).length > 0;
  const wb = combined
    ? await parseCombinedList(bytes, fileName, options)
    : await parseWorkbook(bytes, fileName, undefined, options);
  // A version's source names its part of the file: the sheet of a workbook, the kind of a combined list.
  const part = (c: Candidate) => (combined ? c.kind : (c.sheet ?? c.kind));
  return { candidates: wb.lists.map((c) => ({ ...c, part: part(c) })), errors: wb.errors, warnings: wb.warnings };
}

/**
 * The error for a rejected upload: every failing row and column at once. Size
 * limits answer 413, content problems 422; `details.reason` names the limit.
 */
export function uploadError(
  unsorted: FileIssue[],
  warnings: FileIssue[] = [],
  mapping?: ParsedFile['mapping'],
): AppError {
  // Sheets in workbook order; within a sheet file-level first, then by row (stable: columns keep their order).
  const sheets = [...new Set(unsorted.map((e) => e.sheet ?? ''))];
  const errors = [...unsorted].sort(
    (a, b) => sheets.indexOf(a.sheet ?? '') - sheets.indexOf(b.sheet ?? '') || (a.row ?? 0) - (b.row ?? 0),
  );
  const limit = errors.find((e) => SIZE_LIMIT_CODES.has(e.code));
  if (limit)
    return new AppError('PAYLOAD_TOO_LARGE', limit.message, { reason: limit.code as ErrorReason, errors, warnings });
  const rows = new Set(errors.filter((e) => e.row !== undefined).map((e) => `${e.sheet ?? ''}|${e.row}`)).size;
  return new AppError(
    'UNPROCESSABLE',
    rows > 0
      ? `文件中有 ${rows} 行存在错误（共 ${errors.length} 处），请修改后重新上传`
      : (errors[0]?.message ?? '文件无法导入'),
    {
      reason: 'INVALID_ROWS',
      errorCount: errors.length,
      errors,
      warnings,
      // Every column of the file with the field it was given, so a client can show and correct the mapping.
      ...(mapping ? { mapping } : {}),
    },
  );
}
