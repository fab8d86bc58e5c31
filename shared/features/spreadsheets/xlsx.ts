/**
 * XLSX bytes → sheets of text, after the zip guard has passed. Each worksheet is streamed (xlsx-sheet.ts): memory
 * holds the shared strings and the grid of cell texts, never a workbook object model, and reading stops at the row
 * bound. Cell texts are described in xlsx-cell.ts.
 */
import { fileIssue, type FileIssue, type IssueLocation } from './issues.js';
import { IMPORT_LIMITS } from './limits.js';
import type { Sheet } from './table.js';
import { WorkbookArchive } from './xlsx-parts.js';
import { readWorksheetGrid, SheetOverRowBound } from './xlsx-sheet.js';
import { readWorkbookParts } from './xlsx-workbook.js';
import { inspectZip } from './zip-guard.js';

/** Rows a sheet may hold besides its data rows: titles, a two-row header, section and note rows. */
const ROWS_BESIDE_DATA = 100;
/**
 * Rows with content one worksheet may hold. The zip guard refuses a sheet over it, and the reader keeps every row up
 * to it: the data-row limit is judged later, once titles, header, sections and notes are told apart from data rows.
 */
const SHEET_ROW_BOUND = IMPORT_LIMITS.maxDataRows + ROWS_BESIDE_DATA;

export interface XlsxRead {
  sheets: Sheet[];
  errors: FileIssue[];
}

export async function readXlsx(bytes: Uint8Array, at: IssueLocation): Promise<XlsxRead> {
  // Rows are counted while the guard inflates each sheet: a sheet far over the row limit is refused here, before
  // a single cell is parsed (a 141,000-row sheet would otherwise be read to its end).
  const verdict = await inspectZip(bytes, IMPORT_LIMITS, SHEET_ROW_BOUND);
  if (!verdict.ok)
    return refused(
      fileIssue(at, verdict.code, verdict.message, verdict.details ? { value: JSON.stringify(verdict.details) } : {}),
    );

  let archive: WorkbookArchive | undefined;
  try {
    archive = await WorkbookArchive.open(bytes);
    const workbook = await readWorkbookParts(archive);
    if (workbook.sheets.length > IMPORT_LIMITS.maxSheets)
      return refused(
        fileIssue(
          at,
          'TOO_MANY_SHEETS',
          `工作表过多（${workbook.sheets.length} 个，上限 ${IMPORT_LIMITS.maxSheets} 个）`,
        ),
      );
    const sheets: Sheet[] = [];
    for (const part of workbook.sheets) sheets.push(await readWorksheetGrid(archive, workbook, part, SHEET_ROW_BOUND));
    return { sheets, errors: [] };
  } catch (e) {
    // The guard counts rows in the XML; should the reader still find more rows with text than the bound (rows a
    // vertical merge fills), the sheet is refused whole rather than cut short: a published row is never dropped.
    if (e instanceof SheetOverRowBound)
      return refused(
        fileIssue(
          { ...at, sheet: e.sheet },
          'TOO_MANY_ROWS',
          `工作表“${e.sheet}”行数过多（超过 ${SHEET_ROW_BOUND} 行，数据行上限 ${IMPORT_LIMITS.maxDataRows} 行），请拆分后导入`,
        ),
      );
    // Ill-formed XML, a missing part, a DTD (XXE): the workbook cannot be read as published.
    return refused(
      fileIssue(
        at,
        'NOT_A_SPREADSHEET',
        '无法读取该 .xlsx 工作簿（文件已损坏或不是 Excel 工作簿），请用 Excel 或 WPS 另存为 .xlsx',
      ),
    );
  } finally {
    archive?.close();
  }
}

const refused = (issue: FileIssue): XlsxRead => ({ sheets: [], errors: [issue] });
