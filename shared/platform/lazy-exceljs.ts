/**
 * exceljs (with jszip, archiver, unzipper…) is a third of a bundle but only XLSX files need it:
 * loading it on first use keeps it out of every cold start that serves JSON.
 */
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

export function loadExcel(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then(
    (m) => (m as { default?: typeof ExcelJS }).default ?? (m as unknown as typeof ExcelJS),
  );
  return loading;
}
