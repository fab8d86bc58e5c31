/**
 * XLSX bytes → sheets of text, with exceljs, after the zip guard has passed.
 * Cells become the text a reader of the sheet sees, except formulas: a formula is
 * stored as its own text (=HYPERLINK(…)), never evaluated and never replaced by a
 * cached result that the registry cannot vouch for.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/lazy-exceljs.js';
import { fileIssue, type FileIssue, type IssueLocation } from './issues.js';
import { IMPORT_LIMITS } from './limits.js';
import { isEmptyRow, type Sheet } from './table.js';
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
  // exceljs loads the workbook (a 141,000-row sheet would cost it seconds and hundreds of MB).
  const verdict = await inspectZip(bytes, IMPORT_LIMITS, SHEET_ROW_BOUND);
  if (!verdict.ok)
    return {
      sheets: [],
      errors: [
        fileIssue(at, verdict.code, verdict.message, verdict.details ? { value: JSON.stringify(verdict.details) } : {}),
      ],
    };

  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return {
      sheets: [],
      errors: [
        fileIssue(
          at,
          'NOT_A_SPREADSHEET',
          '无法读取该 .xlsx 工作簿（文件已损坏或不是 Excel 工作簿），请用 Excel 或 WPS 另存为 .xlsx',
        ),
      ],
    };
  }
  if (workbook.worksheets.length > IMPORT_LIMITS.maxSheets) {
    return {
      sheets: [],
      errors: [
        fileIssue(
          at,
          'TOO_MANY_SHEETS',
          `工作表过多（${workbook.worksheets.length} 个，上限 ${IMPORT_LIMITS.maxSheets} 个）`,
        ),
      ],
    };
  }
  const sheets = workbook.worksheets.map(readWorksheet);
  // The guard counts rows in the XML; should exceljs still find more rows with text than the bound, the sheet is
  // refused whole rather than cut short: a published row is never dropped.
  const over = sheets.find((s) => s.rows.length > SHEET_ROW_BOUND);
  if (over)
    return {
      sheets: [],
      errors: [
        fileIssue(
          { ...at, sheet: over.name },
          'TOO_MANY_ROWS',
          `工作表“${over.name}”行数过多（超过 ${SHEET_ROW_BOUND} 行，数据行上限 ${IMPORT_LIMITS.maxDataRows} 行），请拆分后导入`,
        ),
      ],
    };
  return { sheets, errors: [] };
}

function readWorksheet(ws: ExcelJS.Worksheet): Sheet {
  const rows: Sheet['rows'] = [];
  const acrossOf = spannedToTheRight(ws);
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // One row past the bound is enough to refuse the sheet; memory stays bounded.
    if (rows.length > SHEET_ROW_BOUND) return;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (col <= IMPORT_LIMITS.maxColumns + 1) cells[col - 1] = cellText(cell);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    // A merged cell's text belongs to its master's column: exceljs repeats it in every covered cell, so the
    // cells a merge spans to the right are emptied (a merge downwards keeps the text: it is the same item's).
    for (const m of acrossOf.get(rowNumber) ?? [])
      for (let c = m.left; c <= m.right && c <= cells.length; c++) cells[c - 1] = '';
    if (!isEmptyRow(cells)) rows.push({ row: rowNumber, cells });
  });
  return { name: ws.name, rows };
}

/** The text of one cell as the importer stores it. */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v, cell.numFmt);
  // Excel shows a boolean cell as TRUE/FALSE; 是否 columns accept both.
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if ('formula' in v || 'sharedFormula' in v) return `=${cell.formula ?? ''}`;
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) {
    const text = (v as { text: unknown }).text;
    return typeof text === 'string'
      ? text
      : text && typeof text === 'object' && 'richText' in text
        ? (text as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('')
        : '';
  }
  if ('error' in v) return String(v.error);
  return String(cell.text ?? '');
}

/** Excel stores dates as day numbers shown in local time; exceljs hands them over as UTC instants of that wall time. */
function dateText(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

/** A number as its text; percentages as shown (0.2 formatted 0% is 20%), never as 0.2. */
function numberText(n: number, numFmt: string | undefined): string {
  if (numFmt && numFmt.includes('%')) return `${Number((n * 100).toPrecision(12))}%`;
  return String(Number(n.toPrecision(15)));
}

/** For each row, the column ranges (1-based) that a merge covers to the right of its master column. */
function spannedToTheRight(ws: ExcelJS.Worksheet): Map<number, Array<{ left: number; right: number }>> {
  const out = new Map<number, Array<{ left: number; right: number }>>();
  const merges = (
    ws as unknown as {
      _merges?: Record<string, { model: { top: number; left: number; bottom: number; right: number } }>;
    }
  )._merges;
  for (const range of Object.values(merges ?? {})) {
    const { top, left, bottom, right } = range.model;
    if (right <= left) continue;
    for (let r = top; r <= bottom; r++) {
      const list = out.get(r) ?? [];
      list.push({ left: left + 1, right });
      out.set(r, list);
    }
  }
  return out;
}
