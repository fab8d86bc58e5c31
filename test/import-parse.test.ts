/** The importer's parsers: bytes → validated records, every problem reported at once. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { entityKind, findKind, type RecordKind } from '../shared/core/kinds/index.js';
import {
  IMPORT_LIMITS,
  inspectZip,
  parseEntitiesFile,
  parseListFile,
  parseUnrecognisedFile,
  parseWorkbook,
  validateJsonItems,
  workbookErrors,
} from '../shared/features/spreadsheets/index.js';
import { workbookBytes, zipBytes } from './fixtures/import/build.js';

const SAMPLE = join(import.meta.dirname, 'fixtures/sample-fuxin');
const sample = (path: string) => new Uint8Array(readFileSync(join(SAMPLE, path)));
const kind = (id: string) => findKind(id) as RecordKind;
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const withBom = (text: string) =>
  new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));

const NO_PENALTY_HEADER = '序号,事项编码,违法行为,违法依据,处罚依据,适用条件,处理措施,执法领域,备注';
const noPenaltyRow = (i: number, extra = '') =>
  `${i},BY-${i},餐饮服务提供者未按规定公示许可证（第${i}项）,《中华人民共和国食品安全法》第一百一十四条,《中华人民共和国食品安全法》第一百二十六条,` +
  `初次违法且危害后果轻微并在责令改正期限内改正的,责令改正,市场监管,${extra}`;

describe('CSV encodings', () => {
  it('reads UTF-8 with a BOM (Excel "CSV UTF-8")', async () => {
    const r = await parseListFile(kind('no-penalty'), sample('v1/112109001558878306/no-penalty.csv'), 'no-penalty.csv');
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.errors).toEqual([]);
    expect(r.items).toHaveLength(6);
    // The BOM never leaks into the first header: 序号 mapped to seq.
    expect(r.items[0]!.seq).toBe(1);
  });

  it('reads UTF-8 without a BOM', async () => {
    const r = await parseListFile(
      kind('no-penalty'),
      utf8(`${NO_PENALTY_HEADER}\n${noPenaltyRow(1)}\n${noPenaltyRow(2)}\n`),
      'no-penalty.csv',
    );
    expect(r.encoding).toBe('utf-8');
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => i.code)).toEqual(['BY-1', 'BY-2']);
  });

  it(
    'detects GB18030 (the first unit’s inspection items) and stores Traditional enumerations ' +
      'in Simplified form (重點 → 重点)',
    async () => {
      const bytes = sample('v1/112109001558878306/inspection-items.csv');
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      const r = await parseListFile(kind('inspection-items'), bytes, 'inspection-items.csv');
      expect(r.encoding).toBe('gb18030');
      expect(r.errors).toEqual([]);
      expect(r.items).toHaveLength(47);
      const categories = r.items.map((i) => i.category);
      expect(new Set(categories)).toEqual(new Set(['一般', '重点']));
      expect(categories.filter((c) => c === '一般')).toHaveLength(41);
      expect(categories.filter((c) => c === '重点')).toHaveLength(6);
      // Free text is stored as given (Traditional stays Traditional); only enumerations are canonicalised.
      expect(String(r.items[0]!.name)).toContain('網絡食品');
      expect(r.items[0]!.randomInspection).toBe(true);
    },
  );

  it('reads GBK written by iconv the same way', async () => {
    const r = await parseListFile(
      kind('no-penalty'),
      new Uint8Array(iconv.encode(`${NO_PENALTY_HEADER}\r\n${noPenaltyRow(1)}\r\n`, 'gbk')),
      'no-penalty.csv',
    );
    expect(r.encoding).toBe('gb18030');
    expect(r.items[0]!.violation).toBe('餐饮服务提供者未按规定公示许可证（第1项）');
  });

  it(
    'rejects bytes that are neither UTF-8 nor GB18030 as a bad encoding, and binary files as ' + 'not a spreadsheet',
    async () => {
      const bad = new Uint8Array([...Buffer.from('序号,违法行为\n1,', 'utf8'), 0x81, 0x20, 0xff, 0x0a]);
      const r = await parseListFile(kind('no-penalty'), bad, 'x.csv');
      expect(r.errors).toMatchObject([{ code: 'BAD_ENCODING', file: 'x.csv' }]);
      expect(r.errors[0]!.row).toBeUndefined();
      const binary = await parseListFile(kind('no-penalty'), new Uint8Array([0, 1, 2, 3, 0, 0, 7]), 'x.csv');
      expect(binary.errors[0]!.code).toBe('NOT_A_SPREADSHEET');
    },
  );
});

describe('CSV structure', () => {
  it('keeps quoted cells with commas, quotes and embedded newlines; row numbers are spreadsheet rows', async () => {
    const text = `${NO_PENALTY_HEADER}\n1,A-1,"违法行为，含逗号",依据,,"第一行\n第二行",措施,,"他说""是"""\n\n2,A-2,,依据,,条件,,,\n`;
    const r = await parseListFile(kind('no-penalty'), utf8(text), 'no-penalty.csv');
    expect(r.items[0]).toMatchObject({
      violation: '违法行为，含逗号',
      conditions: '第一行\n第二行',
      notes: '他说"是"',
    });
    // Row 3 is the empty line (skipped but counted), so the second record is row 4.
    expect(r.errors).toEqual([expect.objectContaining({ row: 4, column: '违法行为', code: 'REQUIRED' })]);
    expect(r.rows).toBe(2);
  });

  it('reports ragged rows instead of crashing, and an unclosed quote as a malformed file', async () => {
    const text = `${NO_PENALTY_HEADER}\n${noPenaltyRow(1)},多出来的,又一个\n2,B-2,短行\n`;
    const r = await parseListFile(kind('no-penalty'), utf8(text), 'no-penalty.csv');
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, code: 'EXTRA_CELLS', value: '多出来的,又一个' }),
        expect.objectContaining({ row: 3, column: '适用条件', code: 'REQUIRED' }),
      ]),
    );
    const broken = await parseListFile(
      kind('no-penalty'),
      utf8(`${NO_PENALTY_HEADER}\n1,"未闭合,x\n`),
      'no-penalty.csv',
    );
    expect(broken.errors).toMatchObject([{ code: 'MALFORMED_CSV' }]);
  });

  it('accepts English field names as headers, and a title row above the header', async () => {
    const english = 'seq,code,violation,penaltyProvision,conditions\n1,E-1,违法行为甲,《某法》第一条,初次违法\n';
    const r = await parseListFile(kind('no-penalty'), utf8(english), 'no-penalty.csv');
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual([
      { seq: 1, code: 'E-1', violation: '违法行为甲', penaltyProvision: '《某法》第一条', conditions: '初次违法' },
    ]);

    const titled = `阜新市市场监督管理局不予处罚事项清单,,,,,,,,\n${NO_PENALTY_HEADER}\n${noPenaltyRow(1)}\n`;
    const t = await parseListFile(kind('no-penalty'), withBom(titled), 'no-penalty.csv');
    expect(t.errors).toEqual([]);
    expect(t.items).toHaveLength(1);
    expect(t.warnings).toMatchObject([{ code: 'TITLE_ROW_KEPT', row: 1 }]);
    expect(t.notes).toEqual({ title: ['阜新市市场监督管理局不予处罚事项清单'] });
  });

  it('reports every invalid row at once, with file, row, column, value and reason', async () => {
    const text = [
      NO_PENALTY_HEADER,
      noPenaltyRow(1),
      '2,BY-1,,依据,,,,,',
      noPenaltyRow(3),
      'x,BY 4,违法,依据,,条件,,,',
    ].join('\n');
    const r = await parseListFile(kind('no-penalty'), utf8(text), 'u/no-penalty.csv');
    const brief = r.errors.map((e) => [e.row, e.column, e.code]);
    expect(brief).toEqual([
      [3, '违法行为', 'REQUIRED'],
      [3, '适用条件', 'REQUIRED'],
      [3, '事项编码', 'DUPLICATE_CODE'],
      [5, '序号', 'INVALID_TYPE'],
      [5, '事项编码', 'INVALID_FORMAT'],
    ]);
    for (const e of r.errors) expect(e).toMatchObject({ file: 'u/no-penalty.csv', message: expect.any(String) });
    expect(r.errors.find((e) => e.row === 5 && e.column === '事项编码')!.value).toBe('BY 4');
  });

  it('stores formula-like text and HTML exactly as given (edge/formula-and-html.csv)', async () => {
    const r = await parseListFile(kind('no-penalty'), sample('edge/formula-and-html.csv'), 'formula-and-html.csv');
    expect(r.errors).toEqual([]);
    expect(r.items[0]!.violation).toBe('=HYPERLINK("http://example.invalid","点击")');
    expect(r.items[0]!.notes).toBe('<script>alert(1)</script><img src=x onerror=alert(2)>');
  });
});

describe('every file under bad/ is rejected with its reasons', () => {
  it('missing required column: file-level, named in Chinese', async () => {
    const r = await parseListFile(
      kind('no-penalty'),
      sample('bad/missing-required-column.csv'),
      'missing-required-column.csv',
    );
    expect(r.errors).toEqual([expect.objectContaining({ code: 'MISSING_COLUMN', column: '适用条件' })]);
  });

  it('duplicate 事项编码: the second row, pointing at the first', async () => {
    const r = await parseListFile(kind('no-penalty'), sample('bad/duplicate-codes.csv'), 'duplicate-codes.csv');
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: '事项编码',
        value: 'DUP-1',
        code: 'DUPLICATE_CODE',
        message: '事项编码与第2行重复',
      }),
    ]);
  });

  it('empty required cell', async () => {
    const r = await parseListFile(kind('no-penalty'), sample('bad/empty-violation.csv'), 'empty-violation.csv');
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 2, column: '违法行为', code: 'REQUIRED', message: '必填项不能为空' }),
    ]);
  });

  it('a 200,000-character cell: one row error with its true length, the value cut', async () => {
    const header = NO_PENALTY_HEADER;
    const long = '长'.repeat(200_000);
    const text =
      `${header}\r\n1,L-1,网络食品交易第三方平台提供者未按规定标注食品生产日期,《中华人民共和国食品安全法》第七十四条,` +
      `《中华人民共和国食品安全法》第八十三条,${long},责令改正,市场监管,\r\n`;
    const r = await parseListFile(kind('no-penalty'), withBom(text), 'overlong-cell.csv');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 2, column: '适用条件', code: 'CELL_TOO_LONG' });
    expect(r.errors[0]!.message).toContain('200000');
    expect(r.errors[0]!.value!.length).toBeLessThan(300);
  });

  it('entities: invalid credit code and unknown region code, each on its row', async () => {
    const r = await parseEntitiesFile(sample('bad/entities-bad-uscc.csv'), 'entities.csv');
    expect(r.errors.map((e) => [e.row, e.column, e.value, e.code])).toEqual([
      [2, '统一社会信用代码', '112109001558878300', 'USCC_CHECK_CHARACTER'],
      [3, '行政区划代码', '999999', 'REGION_CODE_UNKNOWN'],
    ]);
  });

  it('not-a-spreadsheet.xlsx ("PK this is not really a zip")', async () => {
    const r = await parseListFile(kind('no-penalty'), sample('bad/not-a-spreadsheet.xlsx'), 'not-a-spreadsheet.xlsx');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'NOT_A_SPREADSHEET', file: 'not-a-spreadsheet.xlsx' })]);
    expect(r.errors[0]!.row).toBeUndefined();
    const wb = await parseWorkbook(sample('bad/not-a-spreadsheet.xlsx'), 'not-a-spreadsheet.xlsx');
    expect(workbookErrors(wb)[0]!.code).toBe('NOT_A_SPREADSHEET');
  });

  it('a misnamed file is still checked against the kind its header matches best', async () => {
    const r = await parseUnrecognisedFile(sample('bad/entities-bad-uscc.csv'), 'entities-bad-uscc.csv');
    expect(r.guessedKind?.id).toBe('entity');
    expect(r.errors.map((e) => e.code)).toEqual(['USCC_CHECK_CHARACTER', 'REGION_CODE_UNKNOWN']);
  });
});

describe('entities', () => {
  it('reads entities.csv with warnings that do not reject (retired region code 110103, 崇文区)', async () => {
    const r = await parseEntitiesFile(sample('v1/entities.csv'), 'entities.csv');
    expect(r.errors).toEqual([]);
    expect(r.items).toHaveLength(8);
    expect(r.items[0]).toMatchObject({
      name: '阜新市市场监督管理局',
      uscc: '112109001558878306',
      regionCode: '210900',
      status: 'active',
    });

    const retired = `名称,统一社会信用代码,行政区划代码\n某区司法局,11210900155967021X,110103\n`;
    const w = await parseEntitiesFile(utf8(retired), 'entities.csv');
    expect(w.errors).toEqual([]);
    expect(w.warnings).toEqual([
      expect.objectContaining({ row: 2, column: '行政区划代码', code: 'REGION_CODE_NOT_CURRENT' }),
    ]);
  });
});

describe('XLSX', () => {
  it('reads the workbook unit: one list per sheet named by its Chinese name', async () => {
    const wb = await parseWorkbook(sample('v1/11210900156204595X/lists.xlsx'), 'lists.xlsx');
    expect(wb.errors).toEqual([]);
    expect(wb.lists.map((l) => [l.sheet, l.kind, l.items.length, l.errors.length])).toEqual([
      ['检查事项目录', 'inspection-items', 38, 0],
      ['不予处罚事项清单', 'no-penalty', 10, 0],
      ['从轻处罚事项清单', 'lighter-penalty', 5, 0],
      ['减轻处罚事项清单', 'reduced-penalty', 4, 0],
    ]);
    const inspections = wb.lists[0]!.items;
    expect(inspections.filter((i) => i.category === '一般')).toHaveLength(33);
    expect(inspections.filter((i) => i.category === '重点')).toHaveLength(5);
    expect(inspections[0]!.seq).toBe(1);
  });

  it(
    'matches Traditional and alias sheet names, skips instruction sheets, warns about unknown ' +
      'sheets, rejects two sheets of one list',
    async () => {
      const header = NO_PENALTY_HEADER.split(',');
      const row = noPenaltyRow(1).split(',');
      const bytes = await workbookBytes({
        填写说明: [['请按模板填写']],
        不予處罰事項清單: [header, row],
        从轻行政处罚事项清单: [header, row],
        统计: [['合计', 1]],
      });
      const wb = await parseWorkbook(bytes, 'lists.xlsx');
      expect(wb.lists.map((l) => [l.sheet, l.kind])).toEqual([
        ['不予處罰事項清單', 'no-penalty'],
        ['从轻行政处罚事项清单', 'lighter-penalty'],
      ]);
      expect(wb.warnings).toEqual([expect.objectContaining({ code: 'UNKNOWN_SHEET', sheet: '统计' })]);

      const twice = await parseWorkbook(
        await workbookBytes({ 不予处罚事项清单: [header, row], 不予处罚清单: [header, row] }),
        'lists.xlsx',
      );
      expect(twice.errors).toEqual([expect.objectContaining({ code: 'DUPLICATE_SHEET', sheet: '不予处罚清单' })]);
    },
  );

  it(
    'stores a formula cell as its formula text, never evaluated; rich text, hyperlinks, dates, ' +
      'numbers and percentages as text',
    async () => {
      const bytes = await workbookBytes(
        {
          检查事项目录: [
            ['序号', '事项编码', '检查事项名称', '检查类别', '检查依据', '抽查比例', '备注', '是否双随机'],
          ],
        },
        (wb) => {
          const ws = wb.getWorksheet('检查事项目录')!;
          const r = ws.getRow(2);
          r.getCell(1).value = 1;
          r.getCell(2).value = 12345678901;
          r.getCell(3).value = { formula: 'HYPERLINK("http://example.invalid","点击")', result: '点击' };
          r.getCell(4).value = { richText: [{ text: '重', font: { bold: true } }, { text: '點' }] };
          r.getCell(5).value = { text: '《安全生产法》第十条', hyperlink: 'http://example.invalid/law' };
          r.getCell(6).value = 0.05;
          r.getCell(6).numFmt = '0%';
          r.getCell(7).value = new Date(Date.UTC(2024, 5, 1));
          r.getCell(8).value = true;
          r.commit();
        },
      );
      const parsed = await parseListFile(kind('inspection-items'), bytes, 'inspection-items.xlsx');
      expect(parsed.errors).toEqual([]);
      expect(parsed.items).toEqual([
        {
          seq: 1,
          code: '12345678901',
          name: '=HYPERLINK("http://example.invalid","点击")',
          category: '重点',
          basis: '《安全生产法》第十条',
          samplingRatio: '5%',
          notes: '2024-06-01',
          randomInspection: true,
        },
      ]);
    },
  );

  it('skips fully empty rows and keeps the sheet’s row numbers', async () => {
    const header = NO_PENALTY_HEADER.split(',');
    const bytes = await workbookBytes({
      不予处罚事项清单: [header, noPenaltyRow(1).split(','), [], ['', '', ''], ['2', 'X-2', '']],
    });
    const r = await parseListFile(kind('no-penalty'), bytes, 'no-penalty.xlsx');
    expect(r.rows).toBe(2);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [5, '违法行为'],
      [5, '适用条件'],
    ]);
    expect(r.errors[0]!.sheet).toBe('不予处罚事项清单');
  });

  it('rejects a zip bomb from its central directory, before expanding anything', async () => {
    // 120 entries each declaring 1 MB of XML: 120 MB declared, about 1 KB each compressed.
    const xml = Buffer.alloc(1024 * 1024, 0x20);
    const entries = Array.from({ length: 120 }, (_, i) => ({ name: `xl/worksheets/sheet${i}.xml`, data: xml }));
    const bomb = zipBytes(entries);
    expect(bomb.byteLength).toBeLessThan(200_000);
    const started = performance.now();
    const verdict = await inspectZip(bomb);
    expect(verdict).toMatchObject({ ok: false, code: 'ARCHIVE_TOO_LARGE' });
    expect(performance.now() - started).toBeLessThan(500);
    const r = await parseListFile(kind('no-penalty'), bomb, 'no-penalty.xlsx');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'ARCHIVE_TOO_LARGE' })]);
  });

  it('rejects an archive whose compression ratio is absurd, and one whose entries lie about their size', async () => {
    const ratio = zipBytes([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20) }]);
    expect(await inspectZip(ratio)).toMatchObject({ ok: false, code: 'ARCHIVE_TOO_LARGE' });
    const liar = zipBytes([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(512 * 1024, 0x20), declaredSize: 100 },
    ]);
    expect(await inspectZip(liar)).toMatchObject({ ok: false, code: 'ARCHIVE_TOO_LARGE' });
    expect(await inspectZip(sample('v1/11210900156204595X/lists.xlsx'))).toMatchObject({ ok: true });
  });

  it('refuses more sheets than the limit', async () => {
    const sheets = Object.fromEntries(
      Array.from({ length: IMPORT_LIMITS.maxSheets + 1 }, (_, i) => [`S${i}`, [['a']]]),
    );
    const wb = await parseWorkbook(await workbookBytes(sheets), 'lists.xlsx');
    expect(wb.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_SHEETS' })]);
  });
});

describe('limits', () => {
  it(`refuses files over ${IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB without parsing them`, async () => {
    const r = await parseListFile(kind('no-penalty'), new Uint8Array(IMPORT_LIMITS.maxFileBytes + 1), 'no-penalty.csv');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' })]);
  });

  it(`refuses more than ${IMPORT_LIMITS.maxDataRows} data rows as one file-level error`, async () => {
    const lines = [NO_PENALTY_HEADER];
    for (let i = 1; i <= IMPORT_LIMITS.maxDataRows + 1; i++) lines.push(`${i},,v${i},p,,c,,,`);
    const r = await parseListFile(kind('no-penalty'), utf8(lines.join('\n')), 'no-penalty.csv');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ROWS' })]);
    expect(r.errors[0]!.row).toBeUndefined();
  });

  it('accepts exactly the row limit', async () => {
    const lines = [NO_PENALTY_HEADER];
    for (let i = 1; i <= IMPORT_LIMITS.maxDataRows; i++) lines.push(`${i},,v${i},p,,c,,,`);
    const r = await parseListFile(kind('no-penalty'), utf8(lines.join('\n')), 'no-penalty.csv');
    expect(r.errors).toEqual([]);
    expect(r.items).toHaveLength(IMPORT_LIMITS.maxDataRows);
  });

  it('reports empty files and header-only files', async () => {
    expect((await parseListFile(kind('no-penalty'), new Uint8Array(), 'a.csv')).errors[0]!.code).toBe('EMPTY_FILE');
    expect((await parseListFile(kind('no-penalty'), utf8('\n\n'), 'a.csv')).errors[0]!.code).toBe('EMPTY_FILE');
    expect((await parseListFile(kind('no-penalty'), withBom(`${NO_PENALTY_HEADER}\n`), 'a.csv')).errors[0]!.code).toBe(
      'NO_DATA_ROWS',
    );
  });

  it('refuses legacy .xls and unknown file types', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await parseListFile(kind('no-penalty'), ole, 'no-penalty.xls')).errors[0]!.code).toBe('UNSUPPORTED_FORMAT');
    expect((await parseListFile(kind('no-penalty'), utf8('x'), 'no-penalty.pdf')).errors[0]!.code).toBe(
      'UNSUPPORTED_FORMAT',
    );
  });
});

describe('JSON items (uploads)', () => {
  it('validates an array of items with English or Chinese keys, every error with its position', () => {
    const r = validateJsonItems(kind('inspection-items'), [
      { name: '对排污单位的检查', category: 'key', basis: '《环境保护法》第二十四条', randomInspection: true },
      { 检查事项名称: '对施工扬尘的检查', 检查类别: '一般', 检查依据: '《大气污染防治法》第六十九条' },
      { name: '', category: '特别', basis: 'x', extra: 1 },
      'not an object',
    ]);
    expect(r.errors.map((e) => [e.row, e.code])).toEqual([[4, 'INVALID_ITEM']]);

    const ok = validateJsonItems(kind('inspection-items'), [
      { name: '对排污单位的检查', category: 'key', basis: '《环境保护法》第二十四条', randomInspection: true },
      { 检查事项名称: '对施工扬尘的检查', 检查类别: '一般', 检查依据: '《大气污染防治法》第六十九条' },
      { name: '', category: '特别', basis: 'x', extra: 1 },
    ]);
    expect(ok.items).toHaveLength(2);
    expect(ok.items[0]).toMatchObject({ category: '重点', randomInspection: true });
    expect(ok.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '检查事项名称', 'REQUIRED'],
      [3, '检查类别', 'INVALID_VALUE'],
    ]);
    expect(ok.warnings).toEqual([expect.objectContaining({ code: 'UNKNOWN_FIELD', column: 'extra' })]);
    expect(validateJsonItems(entityKind, { not: 'an array' }).errors[0]!.code).toBe('NOT_AN_ARRAY');
  });

  it('parses a .json file through the same entry point', async () => {
    const r = await parseListFile(
      kind('no-penalty'),
      utf8(JSON.stringify([{ violation: '甲', conditions: '乙', penaltyProvision: '丙' }])),
      'no-penalty.json',
    );
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual([{ violation: '甲', conditions: '乙', penaltyProvision: '丙' }]);
  });
});
