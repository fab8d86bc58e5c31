/**
 * Spreadsheet files as units upload them: Chinese headers in the kind's column
 * order, 是/否 for booleans; CSV encoded GB18030 (what Excel saves on Chinese
 * Windows), XLSX written by exceljs.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { stringify } from 'csv-stringify/sync';
import type { RecordKind } from '../../shared/core/kinds/index.js';

const cell = (v: unknown): string | number =>
  v === undefined || v === null
    ? ''
    : typeof v === 'boolean'
      ? v
        ? '是'
        : '否'
      : typeof v === 'number'
        ? v
        : String(v);

export function rowsOf(kind: RecordKind, items: ReadonlyArray<Record<string, unknown>>): Array<Array<string | number>> {
  return [kind.columns.map((c) => c.column), ...items.map((item) => kind.columns.map((c) => cell(item[c.key])))];
}

export function gb18030Csv(kind: RecordKind, items: ReadonlyArray<Record<string, unknown>>): Buffer {
  return iconv.encode(stringify(rowsOf(kind, items), { record_delimiter: 'windows' }), 'gb18030');
}

export async function xlsx(kind: RecordKind, items: ReadonlyArray<Record<string, unknown>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(kind.label);
  for (const row of rowsOf(kind, items)) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
