/** What the importer reports: one shape for errors and warnings, file-level or row-level. */
import { IMPORT_LIMITS } from './limits.js';

export interface FileIssue {
  /** File name (or path relative to the imported folder), as the user knows it. */
  file: string;
  /** Worksheet name, for workbooks. */
  sheet?: string;
  /** Row as the spreadsheet shows it (header is row 1); absent for file-level issues. */
  row?: number;
  /** Chinese column name. */
  column?: string;
  /** camelCase field name. */
  field?: string;
  /** The value as given, cut for display. */
  value?: string;
  /** Stable English code, e.g. REQUIRED, MISSING_COLUMN, NOT_A_SPREADSHEET. */
  code: string;
  /** Chinese reason. */
  message: string;
}

/** Where an issue happened, added to every issue a parser reports. */
export interface IssueLocation {
  file: string;
  sheet?: string;
}

export function fileIssue(at: IssueLocation, code: string, message: string, extra: Partial<FileIssue> = {}): FileIssue {
  return { ...at, ...extra, code, message };
}

/** A value cut for display in a report, with its true length when cut. */
export function shownValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value);
  const max = IMPORT_LIMITS.maxShownChars;
  return s.length > max ? `${s.slice(0, max)}…（共${s.length}字）` : s;
}

/** Issues in report order: file-level first, then by sheet, row and column position. */
export function sortIssues(issues: FileIssue[]): FileIssue[] {
  return [...issues].sort((a, b) => {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    if ((a.sheet ?? '') !== (b.sheet ?? '')) return (a.sheet ?? '') < (b.sheet ?? '') ? -1 : 1;
    return (a.row ?? 0) - (b.row ?? 0);
  });
}
