/**
 * A workbook far over the row limit is refused while the zip guard inflates it (rows with content counted in the
 * sheet XML), before exceljs loads it; a workbook within the limit still imports.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findKind, type RecordKind } from '../shared/core/kinds/index.js';
import { parseListFile } from '../shared/features/spreadsheets/index.js';

const kind = findKind('no-penalty') as RecordKind;

async function workbook(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('不予处罚事项清单');
  ws.addRow(['序号', '违法行为', '法律依据', '适用条件']);
  for (let i = 1; i <= rows; i++) ws.addRow([i, `违法行为${i}`, '《某条例》第八条', '首次且及时改正']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('XLSX row limit', () => {
  it('refuses a 141,000-row workbook from its sheet XML, quickly, with TOO_MANY_ROWS', async () => {
    const bytes = await workbook(141_000);
    const t0 = performance.now();
    const parsed = await parseListFile(kind, bytes, 'no-penalty.xlsx');
    const ms = performance.now() - t0;
    expect(parsed.items).toEqual([]);
    expect(parsed.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ROWS' })]);
    expect(parsed.errors[0]!.message).toMatch(/行数过多/);
    // Timing belongs to the benchmark; this only shows the refusal did not load the workbook (seconds).
    console.log(`141,000 rows refused in ${ms.toFixed(0)} ms`);
  }, 120_000);

  it('still imports a workbook within the limit', async () => {
    const parsed = await parseListFile(kind, await workbook(50), 'no-penalty.xlsx');
    expect(parsed.errors).toEqual([]);
    expect(parsed.items).toHaveLength(50);
  });
});
