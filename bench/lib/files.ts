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

/**
 * A 不予处罚 list laid out as governments publish it, `rows` data rows: an attachment line and a title merged across,
 * real headings (法 律 依 据 spaced, 不予处罚的情形, 配套监管措施), a column of no field (投诉举报电话), a merged
 * section row every 500 items (第N部分 …), numbering as 1、 and a 备注 row at the foot.
 */
export async function realLayoutXlsx(rows: number): Promise<Buffer> {
  const header = ['序号', '违法行为', '法 律 依 据', '不予处罚的情形', '配套监管措施', '投诉举报电话', '备注'];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  const across = (text: string) => {
    const row = ws.addRow([text, ...Array(header.length - 1).fill(null)]);
    ws.mergeCells(row.number, 1, row.number, header.length);
  };
  across('附件1');
  across('XX市生态环境轻微违法行为不予处罚事项清单');
  ws.addRow(header);
  for (let i = 1; i <= rows; i++) {
    if (i % 500 === 1) across(`第${Math.ceil(i / 500)}部分 建设项目与大气污染防治类（${i}—${i + 499}项）`);
    ws.addRow([
      `${i}、`,
      `排污单位未按规定公开排放信息（第${i}项）`,
      `《中华人民共和国大气污染防治法》第二十四条、第一百条（第${i}项）`,
      '初次违法且危害后果轻微，并在责令改正期限内改正的',
      '责令改正，予以批评教育，跟踪回访',
      '0832-12345',
      i % 7 === 0 ? '需现场核实' : '',
    ]);
  }
  across('备注：同一违法行为在一年内再次发生的，不适用本清单。');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The workbook of the row-limit attack: `rows` small rows of four short cells (141,000 rows are about 1.8 MB). */
export async function smallRowsXlsx(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('不予处罚事项清单');
  ws.addRow(['序号', '违法行为', '法律依据', '适用条件']);
  for (let i = 1; i <= rows; i++) ws.addRow([i, `违法行为${i}`, '《某条例》第八条', '首次且及时改正']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
