/**
 * Upload templates for each kind: the Chinese header row, a 填表说明 sheet with
 * every column's meaning and rules (from the kinds registry), and drop-down
 * validation on enumerated columns. Generated from the same registry that
 * validates uploads, so a template filled in by hand uploads cleanly.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/lazy-exceljs.js';
import { stringify } from 'csv-stringify/sync';
import { requiredFields } from '../../core/headers.js';
import type { RecordKind } from '../../core/kinds/index.js';
import { IMPORT_LIMITS } from './limits.js';

/** The instructions sheet's name; the importer skips sheets named like this. */
export const INSTRUCTIONS_SHEET = '填表说明';

/** Drop-downs cover as many rows as an upload may have. */
const VALIDATED_ROWS = IMPORT_LIMITS.maxDataRows + 1;

const columnLetter = (n: number): string =>
  n <= 26
    ? String.fromCharCode(64 + n)
    : columnLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26));

export async function templateXlsx(kind: RecordKind): Promise<Uint8Array> {
  const wb = new (await loadExcel()).Workbook();
  // Fixed document dates keep the file byte-stable, so its ETag is too.
  wb.creator = 'Gongshi 公示';
  wb.created = new Date('2024-01-01T00:00:00Z');
  wb.modified = new Date('2024-01-01T00:00:00Z');
  // Enumerations report a missing value differently from text; their help text says 必填 too.
  const required = new Set([
    ...requiredFields(kind),
    ...kind.columns.filter((c) => c.help.startsWith('必填')).map((c) => c.key),
  ]);

  const ws = wb.addWorksheet(kind.label, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(kind.columns.map((c) => c.column));
  ws.getRow(1).font = { bold: true };
  kind.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, Math.min(40, c.column.length * 2 + 4));
    // Text format: codes and numbers keep their leading zeros and are not turned into dates.
    col.numFmt = '@';
    if (required.has(c.key)) ws.getCell(1, i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
    if (c.options?.length) {
      const letter = columnLetter(i + 1);
      // exceljs supports range validations (written as one sqref) but does not declare them in its types.
      (
        ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
      ).dataValidations.add(`${letter}2:${letter}${VALIDATED_ROWS}`, {
        type: 'list',
        allowBlank: !required.has(c.key),
        formulae: [`"${c.options.join(',')}"`],
        showErrorMessage: true,
        errorTitle: c.column,
        error: `请从下拉列表中选择：${c.options.join('、')}`,
      });
    }
  });

  const help = wb.addWorksheet(INSTRUCTIONS_SHEET);
  help.addRow([`${kind.label} 填表说明`]).font = { bold: true, size: 14 };
  help.addRow([
    `在工作表“${kind.label}”中从第2行起每行填写一项；请勿修改表头。文件 ≤ ${IMPORT_LIMITS.maxFileBytes / 1024 / 1024} ` +
      `MB，≤ ${IMPORT_LIMITS.maxDataRows} 行。也可另存为 CSV（UTF-8 或 GBK）上传。`,
  ]);
  help.addRow([]);
  const header = help.addRow(['列名', '字段名（API）', '是否必填', '说明与规则', '可选值']);
  header.font = { bold: true };
  for (const c of kind.columns) {
    help.addRow([c.column, c.key, required.has(c.key) ? '必填' : '选填', c.help || '', c.options?.join('、') ?? '']);
  }
  help.getColumn(1).width = 16;
  help.getColumn(2).width = 20;
  help.getColumn(3).width = 10;
  help.getColumn(4).width = 60;
  help.getColumn(5).width = 36;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** CSV: UTF-8 with BOM (Excel opens it correctly), header row only. */
export function templateCsv(kind: RecordKind): string {
  return `\ufeff${stringify([kind.columns.map((c) => c.column)], { record_delimiter: 'windows' })}`;
}
