/**
 * The uploaded file as the clerk sees it: its header row and how each column was recognised, and a copy of
 * the workbook with every failing cell filled red and commented with the reason (what Excel and WPS users
 * expect). A CSV upload gets an XLSX copy of its rows, a Word upload an XLSX copy of the table it was read from
 * (same row numbers as the errors name). Header recognition is the importer's (core/headers.ts).
 */
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { mapHeaders } from '../../core/headers.js';
import type { RecordKind } from '../../core/kinds/index.js';
import { decodeText, detectFormat, readDocx, type FileIssue } from '../spreadsheets/index.js';
import { loadExcel } from '../../platform/lazy-exceljs.js';

const HEADER_SEARCH_ROWS = 10;

interface ColumnMapping {
  /** 1-based column number. */
  index: number;
  header: string;
  /** The field's published column name; undefined: not recognised (not imported). */
  column?: string;
  field?: string;
}

interface SheetView {
  sheet?: string;
  headerRow: number;
  columns: ColumnMapping[];
}

interface RawSheet {
  name?: string;
  rows: Array<{ row: number; cells: string[] }>;
}

async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new (await loadExcel()).Workbook();
  await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  return wb;
}

function sheetOf(ws: ExcelJS.Worksheet, maxRows: number): RawSheet {
  const rows: RawSheet['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (rows.length >= maxRows) return;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text ?? '';
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    rows.push({ row: n, cells });
  });
  return { name: ws.name, rows };
}

function csvRows(bytes: Uint8Array, maxRows = Number.POSITIVE_INFINITY): RawSheet {
  const { text } = decodeText(bytes);
  const records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  return { rows: records.slice(0, maxRows).map((cells, i) => ({ row: i + 1, cells })) };
}

function pickSheet(kind: RecordKind, wb: ExcelJS.Workbook, preferred?: string): ExcelJS.Worksheet | undefined {
  return (
    (preferred ? wb.getWorksheet(preferred) : undefined) ??
    wb.worksheets.find((w) => w.name === kind.label || kind.sheetAliases.includes(w.name)) ??
    wb.worksheets[0]
  );
}

function headerOf(kind: RecordKind, sheet: RawSheet): SheetView {
  const candidates = sheet.rows.slice(0, HEADER_SEARCH_ROWS);
  const scored = candidates.map((r) => ({ r, known: mapHeaders(kind, r.cells).fields.filter(Boolean).length }));
  const best = scored.reduce(
    (a, b) => (b.known > a.known ? b : a),
    scored[0] ?? { r: { row: 1, cells: [] }, known: 0 },
  );
  const mapping = mapHeaders(kind, best.r.cells);
  const columnOf = new Map(kind.columns.map((c) => [c.key, c.column]));
  return {
    ...(sheet.name ? { sheet: sheet.name } : {}),
    headerRow: best.r.row,
    columns: best.r.cells
      .map((header, i) => {
        const field = mapping.fields[i];
        return { index: i + 1, header, ...(field ? { field, column: columnOf.get(field) ?? field } : {}) };
      })
      .filter((c) => c.header.trim() !== ''),
  };
}

const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/**
 * A copy of the upload with failing cells marked: red fill and a comment per cell (several reasons joined);
 * an issue without a column marks the row's first cell; a file-level issue comments cell A1.
 */
export async function markedWorkbook(
  kind: RecordKind,
  bytes: Uint8Array,
  fileName: string,
  errors: readonly FileIssue[],
): Promise<Uint8Array> {
  const Excel = await loadExcel();
  let wb: ExcelJS.Workbook;
  let ws: ExcelJS.Worksheet;
  const format = detectFormat(bytes, fileName);
  if (format === 'xlsx') {
    wb = await readWorkbook(bytes);
    ws = pickSheet(kind, wb, errors.find((e) => e.sheet)?.sheet) ?? wb.addWorksheet(kind.label);
  } else if (format === 'docx') {
    // The table (or numbered prose) the importer read, row for row: a Word file cannot carry red cells and notes.
    const read = await readDocx(bytes, { file: fileName });
    wb = new Excel.Workbook();
    ws = wb.addWorksheet(read.sheets[0]?.name ?? kind.label);
    for (const r of read.sheets[0]?.rows ?? []) ws.getRow(r.row).values = r.cells;
  } else {
    wb = new Excel.Workbook();
    ws = wb.addWorksheet(kind.label);
    for (const r of csvRows(bytes).rows) ws.getRow(r.row).values = r.cells;
  }
  const view = headerOf(kind, sheetOf(ws, HEADER_SEARCH_ROWS));
  const columnOfField = new Map(view.columns.filter((c) => c.field).map((c) => [c.field!, c.index]));
  const columnOfHeader = new Map(view.columns.map((c) => [c.header.trim(), c.index]));
  const notes = new Map<string, { row: number; col: number; reasons: string[] }>();
  for (const e of errors) {
    const row = e.row ?? 1;
    const col =
      (e.field ? columnOfField.get(e.field) : undefined) ?? (e.column ? columnOfHeader.get(e.column) : undefined) ?? 1;
    const key = `${row}:${col}`;
    const entry = notes.get(key) ?? { row, col, reasons: [] };
    entry.reasons.push(e.column ? `${e.column}：${e.message}` : e.message);
    notes.set(key, entry);
  }
  for (const { row, col, reasons } of notes.values()) {
    const cell = ws.getRow(row).getCell(col);
    cell.fill = ERROR_FILL;
    cell.note = reasons.join('\n');
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
