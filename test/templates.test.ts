/** Upload templates: Chinese header, 填表说明, drop-downs; a template filled in by hand uploads without errors. */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listKinds } from '../shared/core/kinds/index.js';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import { createHarness, fileForm, type Harness } from './fixtures/workflow/harness.js';
import { UNIT_A } from './support/fixtures.js';

let h: Harness;
let editor: string;

beforeAll(async () => {
  h = await createHarness();
  editor = await h.token('editor', { units: [UNIT_A] });
});

async function download(path: string): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const res = await h.app.request(path);
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}

describe('templates', () => {
  it('xlsx: header row in Chinese, an instructions sheet, drop-downs for enumerations', async () => {
    const res = await download('/v1/templates/inspection-items.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['检查事项目录', '填表说明']);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([
      '序号',
      '事项编码',
      '检查事项名称',
      '检查类别',
      '检查依据',
      '检查对象',
      '检查方式',
      '检查频次',
      '是否双随机',
      '抽查比例',
      '备注',
    ]);
    expect(sheet.getCell('D2').dataValidation).toMatchObject({ type: 'list', formulae: ['"一般,重点"'] });
    expect(sheet.getCell('I500').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    expect(sheet.getCell('C2').dataValidation).toBeUndefined();
    const help = wb.worksheets[1]!;
    const rows = help
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).slice(1));
    expect(rows.find((r) => r[0] === '检查类别')).toEqual([
      '检查类别',
      'category',
      '必填',
      '必填：一般 或 重点',
      '一般、重点',
    ]);
    expect(rows.find((r) => r[0] === '备注')?.[2]).toBe('选填');
    // Cacheable and conditional.
    const etag = res.headers.get('etag')!;
    expect(
      (await h.app.request('/v1/templates/inspection-items.xlsx', { headers: { 'If-None-Match': etag } })).status,
    ).toBe(304);
  });

  it('the entity template offers the three 主体性质', async () => {
    const res = await download('/v1/templates/entity.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('C2').dataValidation).toMatchObject({
      formulae: ['"法定行政机关,法律法规授权组织,受委托组织"'],
    });
  });

  it('csv: UTF-8 with BOM, the header row', async () => {
    const res = await download('/v1/templates/no-coercive-measures.csv');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(res.bytes);
    expect(text).toBe(
      '\ufeff序号,事项编码,违法行为,违法依据,强制依据,法律依据,适用条件,处理措施,执法领域,类别,实施机关,备注\r\n',
    );
  });

  it('unknown kinds and file types are 404/400', async () => {
    expect((await h.app.request('/v1/templates/nothing.xlsx')).status).toBe(404);
    expect((await h.app.request('/v1/templates/no-penalty.pdf')).status).toBe(400);
  });

  it.each(listKinds.map((k) => k.id))('a %s template filled in by hand uploads without errors', async (kind) => {
    const res = await download(`/v1/templates/${kind}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.bytes) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    // What a clerk types: numbers as numbers, a choice from each drop-down, long provisions.
    const value = (column: string, i: number): ExcelJS.CellValue => {
      switch (column) {
        case '序号':
          return i;
        case '事项编码':
          return `T-${kind}-${i}`;
        case '检查类别':
          return i === 1 ? '重点' : '一般';
        case '是否双随机':
          return i === 1 ? '是' : '否';
        case '抽查比例':
          return '10%';
        case '执法证号':
          return `210900Z${String(i).padStart(6, '0')}`;
        case '证件类型':
          return '行政执法证';
        case '发证日期':
          return '2023-01-01';
        case '有效期至':
          return '2028-01-01';
        case '状态':
          return '有效';
        case '注销日期':
        case '注销原因':
          return '';
        case '统一社会信用代码':
          return `91431202MA4L0000${i}` + usccCheckCharacter(`91431202MA4L0000${i}`);
        case '行政区划':
          return '431202';
        case '违法依据':
        case '处罚依据':
        case '强制依据':
        case '检查依据':
          return '《中华人民共和国行政处罚法》第三十三条第一款';
        default:
          return `${column}（第${i}项）`;
      }
    };
    for (let i = 1; i <= 3; i++) sheet.addRow(header.map((c) => value(c, i)));
    const filled = new Uint8Array(await wb.xlsx.writeBuffer());
    const dry = await h.call('POST', `/v1/units/${UNIT_A}/lists/${kind}/drafts?dryRun=true`, {
      token: editor,
      form: fileForm(filled, `${kind}.xlsx`, { effectiveFrom: '2024-01-01' }),
    });
    expect(dry.status).toBe(200);
    expect(dry.body.lists[0].errors).toEqual([]);
    expect(dry.body.lists[0].warnings).toEqual([]);
    expect(dry.body.lists[0].itemCount).toBe(3);
    const created = await h.call('POST', `/v1/units/${UNIT_A}/lists/${kind}/drafts`, {
      token: editor,
      form: fileForm(filled, `${kind}.xlsx`, { effectiveFrom: '2024-01-01' }),
    });
    expect(created.status).toBe(201);
  });
});
