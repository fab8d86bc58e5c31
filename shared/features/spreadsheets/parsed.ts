/** The result of reading one list (a CSV file, one worksheet, or a JSON array). */
import type { ColumnMatch } from '../../core/headers.js';
import type { ListNotes } from '../../core/versions.js';
import type { AppliedColumnMap } from './column-maps.js';
import type { FileIssue } from './issues.js';

/** What a list says besides its items (kept as the version's notes), and the conditions its preamble states. */
export interface ParsedNotes extends ListNotes {
  /** The preamble, when it states the conditions of every item (and so is every item's conditions). */
  listWideConditions?: string;
}
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
  /** The row each item came from, as the spreadsheet shows it (for checks made after parsing). */
  itemRows?: number[];
  /** Every problem that rejects the file, file-level (no row) and row-level, all at once. */
  errors: FileIssue[];
  /** Findings that do not reject the file (unknown columns, retired region codes, ignored sheets). */
  warnings: FileIssue[];
  /** Data rows read (header and fully empty rows not counted). */
  rows: number;
  /** CSV: the encoding detected. */
  encoding?: string;
  /** Heading → field, and why, for every column of the header. */
  mapping?: ColumnMatch[];
  /** Rows the header was read from (two for a two-level header). */
  headerRows?: number[];
  /** Title, preface and foot notes of the list. */
  notes?: ParsedNotes;
  /** Identity of the header row as published (headingKey): remembered column maps are found by it. */
  headingKey?: string;
  /** The column map applied, and whether it came with the request or was remembered for this heading row. */
  columnMap?: AppliedColumnMap;
  /** When the file's name says another kind than its content: what it said and why this kind was used. */
  kindNote?: string;
  /** With `markedRemovals`: the rows a 操作 / 删除 column marked 删除 (taken out of the list), and what they name. */
  removals?: Array<{ row: number; identity: string }>;
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

/**
 * The notes a version keeps: the title, preface and foot rows as published, or none. The list-wide conditions are
 * left out: they are already every item's conditions, and the preamble that stated them is kept as published.
 */
export function versionNotes(parsed: Pick<ParsedFile, 'notes'>): ListNotes | undefined {
  const { title, preamble, footnotes } = parsed.notes ?? {};
  const notes: ListNotes = {
    ...(title?.length ? { title } : {}),
    ...(preamble?.length ? { preamble } : {}),
    ...(footnotes?.length ? { footnotes } : {}),
  };
  return Object.keys(notes).length > 0 ? notes : undefined;
}
