/**
 * The streaming XLSX reader (shared/features/spreadsheets/xlsx.ts) reads every workbook into the same grid of cell
 * texts as the exceljs reader it replaced (testing/exceljs-sheets.ts): the real-list corpus, merges written after
 * the rows, every kind of cell value, hidden sheets and rows. What exceljs never read is specified on its own:
 * inline rich text, and a part that declares a DTD (XXE), which is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../shared/features/spreadsheets/index.js';
import { readSheetsWithExceljs } from '../testing/exceljs-sheets.js';
import { workbookBytes, zipBytes } from './fixtures/import/build.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const realWorkbooks = [
  ...readdirSync(join(FIXTURES, 'real-lists'))
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => `real-lists/${f}`),
  'sample-fuxin/v1/11210900156204595X/lists.xlsx',
];

async function streamed(bytes: Uint8Array) {
  const read = await readXlsx(bytes, { file: 'test.xlsx' });
  expect(read.errors).toEqual([]);
  return read.sheets;
}

describe('the streaming XLSX reader gives the grid the exceljs reader gave', () => {
  it('covers the real-list corpus and the sample workbook', () => {
    expect(realWorkbooks.length).toBeGreaterThanOrEqual(15);
  });

  it.each(realWorkbooks)('%s', async (file) => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, file)));
    expect(await streamed(bytes)).toEqual(await readSheetsWithExceljs(bytes));
  });

  it('applies merges written after the rows, down to the last row of the sheet', async () => {
    const bytes = await workbookBytes(
      {
        清单: [
          ['某县不予处罚事项清单', null, null, null],
          ['序号', '违法行为', '法律依据', null],
          [null, null, '违反条款', '处罚条款'],
          ['一、建设项目管理类', null, null, null],
          ['1', '未批先建', '第十九条', '第三十一条'],
          ['2', null, '第二十条', '第三十二条'],
          ['3', null, '第二十一条', '第三十三条'],
          ['备注：同一违法行为一年内再次发生的，不适用本清单。', null, null, null],
        ],
      },
      (wb) => {
        const ws = wb.getWorksheet('清单')!;
        ws.mergeCells('A1:D1'); // title across
        ws.mergeCells('C2:D2'); // two-level header: 法律依据 over 违反条款 / 处罚条款
        ws.mergeCells('A2:A3');
        ws.mergeCells('B2:B3');
        ws.mergeCells('A4:D4'); // section row
        ws.mergeCells('B5:B7'); // one violation over three tiers, down to the last item
        ws.mergeCells('A8:D8'); // the note at the foot, the sheet's last row
      },
    );
    const sheets = await streamed(bytes);
    expect(sheets).toEqual(await readSheetsWithExceljs(bytes));
    expect(sheets[0]!.rows.map((r) => r.cells)).toEqual([
      ['某县不予处罚事项清单', '', '', ''],
      ['序号', '违法行为', '法律依据', ''],
      ['序号', '违法行为', '违反条款', '处罚条款'],
      ['一、建设项目管理类', '', '', ''],
      ['1', '未批先建', '第十九条', '第三十一条'],
      ['2', '未批先建', '第二十条', '第三十二条'],
      ['3', '未批先建', '第二十一条', '第三十三条'],
      ['备注：同一违法行为一年内再次发生的，不适用本清单。', '', '', ''],
    ]);
  });

  it('reads shared strings, rich text, numbers, percentages, dates, booleans, errors, formulas, links', async () => {
    const bytes = await workbookBytes(
      { 值: [['文本', '富文本', '数字', '百分比', '日期', '是否', '错误', '公式']] },
      (wb) => {
        const ws = wb.getWorksheet('值')!;
        const r = ws.getRow(2);
        r.getCell(1).value = '首违不罚';
        r.getCell(2).value = { richText: [{ text: '重', font: { bold: true } }, { text: '點' }] };
        r.getCell(3).value = 1234.5;
        r.getCell(4).value = 0.2;
        r.getCell(4).numFmt = '0%';
        r.getCell(5).value = new Date(Date.UTC(2024, 2, 15));
        r.getCell(6).value = true;
        r.getCell(7).value = { error: '#N/A' };
        r.getCell(8).value = { formula: 'HYPERLINK("http://example.invalid","点击")', result: '点击' };
        r.getCell(9).value = { text: '链接文字', hyperlink: 'http://example.invalid' };
        r.getCell(10).value = 0.1 + 0.2;
        r.getCell(11).value = 45000;
        r.getCell(11).numFmt = 'yyyy"年"m"月"d"日"';
        r.commit();
        // A shared formula: its master holds the text, the other cells of the group are moved copies.
        // exceljs writes a shared formula's master from these fields, which its CellValue type does not list.
        ws.getCell('A3').value = {
          formula: 'C2*2',
          result: 2469,
          shareType: 'shared',
          ref: 'A3:A4',
        } as ExcelJS.CellFormulaValue;
        ws.getCell('A4').value = { sharedFormula: 'A3', result: 0 };
      },
    );
    const sheets = await streamed(bytes);
    expect(sheets).toEqual(await readSheetsWithExceljs(bytes));
    expect(sheets[0]!.rows[1]!.cells).toEqual([
      '首违不罚',
      '重點',
      '1234.5',
      '20%',
      '2024-03-15',
      'TRUE',
      '#N/A',
      '=HYPERLINK("http://example.invalid","点击")',
      '链接文字',
      '0.3',
      '2023-03-15',
    ]);
    expect(sheets[0]!.rows.slice(2).map((r) => r.cells[0])).toEqual(['=C2*2', '=C3*2']);
  });

  it('keeps hidden sheets and hidden rows, in tab order, and skips empty rows keeping row numbers', async () => {
    const bytes = await workbookBytes(
      { 说明: [['填表说明']], 不予处罚事项清单: [['序号', '违法行为'], ['1', '甲'], [], ['', '  '], ['3', '丙']] },
      (wb) => {
        wb.getWorksheet('说明')!.state = 'hidden';
        wb.getWorksheet('不予处罚事项清单')!.getRow(2).hidden = true;
      },
    );
    const sheets = await streamed(bytes);
    expect(sheets).toEqual(await readSheetsWithExceljs(bytes));
    expect(sheets.map((s) => s.name)).toEqual(['说明', '不予处罚事项清单']);
    expect(sheets[1]!.rows.map((r) => r.row)).toEqual([1, 2, 5]);
  });
});

/** A workbook written by hand, part by part, for XML that exceljs does not write. */
function handWrittenWorkbook(sheetXml: string): Uint8Array {
  const part = (name: string, xml: string) => ({ name, data: Buffer.from(xml, 'utf8') });
  return zipBytes([
    part(
      'xl/workbook.xml',
      '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/' +
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    part('xl/worksheets/sheet1.xml', sheetXml),
  ]);
}

describe('the streaming XLSX reader on XML exceljs never wrote', () => {
  it('joins the runs of an inline rich string, leaving out phonetic guides', async () => {
    const bytes = handWrittenWorkbook(
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>违反</t></r><r><t xml:space="preserve">' +
        '《条例》</t></r><rPh sb="0" eb="2"><t>いはん</t></rPh></is></c><c r="C1" t="inlineStr"><is><t>x_x000D_y</t>' +
        '</is></c></row></sheetData></worksheet>',
    );
    expect((await streamed(bytes))[0]!.rows).toEqual([{ row: 1, cells: ['违反《条例》', '', 'x\ry'] }]);
  });

  it('refuses a sheet that declares a DTD (XXE) as NOT_A_SPREADSHEET, reading nothing of it', async () => {
    const bytes = handWrittenWorkbook(
      '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
        '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData>' +
        '</worksheet>',
    );
    const read = await readXlsx(bytes, { file: 'xxe.xlsx' });
    expect(read.sheets).toEqual([]);
    expect(read.errors).toEqual([expect.objectContaining({ code: 'NOT_A_SPREADSHEET', file: 'xxe.xlsx' })]);
  });

  it('refuses ill-formed sheet XML as NOT_A_SPREADSHEET', async () => {
    const read = await readXlsx(handWrittenWorkbook('<worksheet><sheetData><row>'), { file: 'cut.xlsx' });
    expect(read.errors).toEqual([expect.objectContaining({ code: 'NOT_A_SPREADSHEET' })]);
  });
});
