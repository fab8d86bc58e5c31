/** The result of reading one list (a CSV file, one worksheet, or a JSON array). */
import type { FileIssue } from './issues.js';

export interface ParsedFile {
  file: string;
  /** Worksheet the list came from, for workbooks. */
  sheet?: string;
  /** Record kind id (a list kind, or `entity`). */
  kind: string;
  /**
   * Validated, canonical items in file order. Only the rows that passed: a file
   * with any error must not be published (callers check `errors.length`).
   */
  items: Array<Record<string, unknown>>;
  /** Every problem that rejects the file, file-level (no row) and row-level, all at once. */
  errors: FileIssue[];
  /** Findings that do not reject the file (unknown columns, retired region codes, ignored sheets). */
  warnings: FileIssue[];
  /** Data rows read (header and fully empty rows not counted). */
  rows: number;
  /** CSV: the encoding detected. */
  encoding?: string;
}

export interface ParsedWorkbook {
  file: string;
  /** One result per worksheet named after a kind, in workbook order. */
  lists: ParsedFile[];
  /** Problems with the workbook as a whole (not a spreadsheet, too large, no list sheets). */
  errors: FileIssue[];
  warnings: FileIssue[];
}

/** Every error of a workbook: its own and its sheets'. */
export function workbookErrors(wb: ParsedWorkbook): FileIssue[] {
  return [...wb.errors, ...wb.lists.flatMap((l) => l.errors)];
}
