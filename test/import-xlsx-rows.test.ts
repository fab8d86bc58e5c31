/**
 * The XLSX row limits. A workbook far over the row limit is refused while the zip guard inflates it (rows with
 * content counted in the sheet XML), before exceljs loads it. Within the guard's bound every row is read: titles,
 * section and note rows do not count against the 20,000 data rows, and no row is ever cut off silently.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findKind, type RecordKind } from '../shared/core/kinds/index.js';
import { IMPORT_LIMITS, parseListFile } from '../shared/features/spreadsheets/index.js';
import { SheetRowCounter } from '../shared/features/spreadsheets/sheet-row-count.js';

const kind = findKind('no-penalty') as RecordKind;

async function workbook(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('不予处罚事项清单');
  ws.addRow(['序号', '违法行为', '法律依据', '适用条件']);
  for (let i = 1; i <= rows; i++) ws.addRow([i, `违法行为${i}`, '《某条例》第八条', '首次且及时改正']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const SECTIONS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'].flatMap((a) => [
  `${a}、甲类`,
  `${a}、乙类`,
]);

/** A published layout: three title rows, the header, 20 section rows over the items, two notes at the foot. */
async function publishedLayout(dataRows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('不予处罚事项清单');
  ws.addRow(['某市生态环境局不予处罚事项清单']);
  ws.addRow(['（2024年版）']);
  ws.addRow(['发布单位：某市生态环境局']);
  ws.addRow(['序号', '违法行为', '法律依据', '适用条件']);
  const perSection = Math.ceil(dataRows / SECTIONS.length);
  for (let i = 1; i <= dataRows; i++) {
    if ((i - 1) % perSection === 0) {
      const r = ws.addRow([SECTIONS[(i - 1) / perSection]]);
      ws.mergeCells(r.number, 1, r.number, 4);
    }
    ws.addRow([i, `违法行为${i}`, '《某条例》第八条', '首次且及时改正']);
  }
  ws.addRow(['备注：本清单自发布之日起施行。']);
  ws.addRow(['备注：未列明事项依法处理。']);
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

  it('keeps every one of 20,000 data rows under titles, 20 sections and foot notes (20,026 rows in all)', async () => {
    const parsed = await parseListFile(kind, await publishedLayout(IMPORT_LIMITS.maxDataRows), 'no-penalty.xlsx');
    expect(parsed.errors).toEqual([]);
    expect(parsed.items).toHaveLength(20_000);
    expect(parsed.items.at(-1)).toMatchObject({ seq: 20_000, violation: '违法行为20000' });
    expect(parsed.notes?.footnotes).toEqual(['备注：本清单自发布之日起施行。', '备注：未列明事项依法处理。']);
  }, 120_000);

  it('refuses 20,001 data rows whole with TOO_MANY_ROWS naming count and limit, never cutting them', async () => {
    const parsed = await parseListFile(kind, await publishedLayout(IMPORT_LIMITS.maxDataRows + 1), 'no-penalty.xlsx');
    expect(parsed.items).toEqual([]);
    expect(parsed.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ROWS' })]);
    expect(parsed.errors[0]!.message).toContain('20001 行');
    expect(parsed.errors[0]!.message).toContain('上限 20000 行');
  }, 120_000);

  it('refuses a sheet over the guard bound (20,101 rows: data limit + 100), naming the limit', async () => {
    const parsed = await parseListFile(kind, await workbook(IMPORT_LIMITS.maxDataRows + 100), 'no-penalty.xlsx');
    expect(parsed.items).toEqual([]);
    expect(parsed.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ROWS' })]);
    expect(parsed.errors[0]!.message).toContain('数据行上限 20000 行');
  }, 120_000);
});

describe('the zip guard’s row count (SheetRowCounter)', () => {
  // Three rows with content (a value, an inline string, a formula), one with formatting only, and markup whose names
  // begin like a token's (<rowBreaks>, <filterMode>, <vml>, <iso>) that is none.
  const xml =
    '<worksheet><sheetPr filterMode="0"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>' +
    '<row r="2" s="3"><c r="A2" s="3"/></row><row r="3"><c r="A3" t="inlineStr"><is><t>甲</t></is></c></row>' +
    '<row r="4"><c r="A4"><f>A1+1</f></c></row></sheetData><rowBreaks count="1"><brk id="2"/></rowBreaks>' +
    '<vml/><iso/></worksheet>';
  const count = (chunks: string[]) => {
    const counter = new SheetRowCounter();
    for (const c of chunks) counter.push(Buffer.from(c, 'latin1'));
    return counter.finish();
  };

  it('counts rows with a value, an inline string or a formula, however the XML is cut into chunks', () => {
    expect(count([xml])).toBe(3);
    for (let size = 1; size <= 13; size++) {
      const chunks = Array.from({ length: Math.ceil(xml.length / size) }, (_, i) =>
        xml.slice(i * size, (i + 1) * size),
      );
      expect(count(chunks), `chunks of ${size}`).toBe(3);
    }
  });
});
