/**
 * The workbook reader the importer used before it streamed worksheets: exceljs loads the whole workbook, and each
 * sheet becomes rows of cell texts with merges applied. Kept for the tests only, as the reference the streaming
 * reader (shared/features/spreadsheets/xlsx.ts) must agree with, grid for grid.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../shared/platform/lazy-exceljs.js';
import { IMPORT_LIMITS, type Sheet } from '../shared/features/spreadsheets/index.js';

const isEmptyRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

const SHEET_ROW_BOUND = IMPORT_LIMITS.maxDataRows + 100;

/** Every worksheet of the workbook, in tab order, as the old reader read it (the zip guard is not run here). */
export async function readSheetsWithExceljs(bytes: Uint8Array): Promise<Sheet[]> {
  const workbook = new (await loadExcel()).Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  return workbook.worksheets.map(readWorksheet);
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
function cellText(cell: ExcelJS.Cell): string {
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
