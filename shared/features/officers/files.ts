/** The cancellations feed as a file: CSV (UTF-8 with BOM, as Excel on Chinese Windows opens it) or XLSX. */
import { stringify } from 'csv-stringify/sync';
import { loadExcel } from '../../platform/lazy-exceljs.js';
import { regionFullName } from '../../core/region.js';
import type { OfficerCertificate } from './model.js';

export const CANCELLATION_HEADER = [
  '执法证号',
  '姓名',
  '执法主体',
  '统一社会信用代码',
  '行政区划',
  '证件类型',
  '执法类别',
  '事由',
  '日期',
  '注销原因',
  '有效期至',
] as const;

export type CancellationRow = OfficerCertificate & { event: string; date: string };

function cells(r: CancellationRow): string[] {
  return [
    r.certificateNumber,
    r.name,
    r.unitName ?? '',
    r.uscc,
    regionFullName(r.regionCode) ?? r.regionCode,
    r.certificateType,
    r.category,
    r.event,
    r.date,
    r.cancelReason ?? '',
    r.validUntil,
  ];
}

export function cancellationsCsv(rows: readonly CancellationRow[]): string {
  return `\uFEFF${stringify([[...CANCELLATION_HEADER], ...rows.map(cells)], { record_delimiter: 'windows' })}`;
}

export async function cancellationsXlsx(rows: readonly CancellationRow[]): Promise<Uint8Array> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet('公示注销');
  ws.addRow([...CANCELLATION_HEADER]);
  for (const r of rows) ws.addRow(cells(r));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
