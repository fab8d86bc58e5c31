/**
 * A Word upload in the workbench, over HTTP (the app's own fetch, cookies kept like a browser): the clerk form
 * accepts .docx; a Word table with errors is refused with every error on its table row and published column; the
 * marked copy is an XLSX of that table with the failing cells red and commented; the corrected document passes and
 * is submitted for review.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusBytes } from './fixtures/real-lists/build.js';
import { UNIT_A, entity, publishUnits } from './support/fixtures.js';
import { WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

type Rt = Awaited<ReturnType<typeof workbenchRuntime>>;
const LIST = `/workbench/units/${UNIT_A}/lists/no-penalty`;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const HEADER = ['序号', '违法行为', '法律依据', '不予处罚的情形'];
const ROW_3 = ['2', '未按规定办理备案', '《某某管理办法》第五条', '危害后果轻微并及时改正'];

/** A 不予处罚 list as a Word table: a title row merged over the four columns, the header, three items. */
async function wordList(rows: string[][]): Promise<File> {
  const bytes = await corpusBytes({
    format: 'docx-table',
    rows: [['XX县文化和旅游局不予处罚事项清单', '', '', ''], HEADER, ...rows],
    merges: [[1, 1, 1, 4]],
  });
  return new File([bytes], 'XX县文化和旅游局不予处罚事项清单.docx', { type: DOCX_TYPE });
}

const bodyRows = (html: string, caption: string) => {
  const table = html.split(`<caption>${caption}`)[1]?.split('</table>')[0] ?? '';
  return (table.split('<tbody>')[1]?.split('<tr>').slice(1) ?? []).map((tr) =>
    [...tr.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]),
  );
};

describe('a Word upload in the workbench', () => {
  let rt: Rt;
  let clerk: WorkbenchClient;

  const check = async (file: File) => {
    await clerk.get(LIST);
    return clerk.post(`${LIST}/check`, { file, effectiveFrom: '2024-04-01', mode: 'replace' });
  };

  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2024-03-01T02:00:00Z');
    await publishUnits(rt.registry, [{ entity: entity(UNIT_A), lists: {} }]);
    clerk = new WorkbenchClient(rt.app);
    await clerk.signIn('editor', { uscc: UNIT_A });
  });

  it('offers .docx in the upload form', async () => {
    const form = await clerk.get(LIST);
    expect(form.text).toContain('accept=".csv,.xlsx,.docx"');
    expect(form.text).toContain('Word 文档 .docx');
  });

  it('shows every error of a Word table with its table row and published column, and a marked XLSX', async () => {
    const res = await check(
      await wordList([
        ['1', '', '《企业信息公示暂行条例》第八条', '首次且在责令期限内改正'],
        ROW_3,
        ['3', '未按规定悬挂证照', '《某某管理办法》第九条', ''],
      ]),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('错误（2 处）');
    const errors = bodyRows(res.text, '全部错误');
    // Row as the Word table counts it (the title row is row 1), column as the document heads it.
    expect(errors.map(([, row, column]) => [row, column])).toEqual([
      ['3', '违法行为'],
      ['5', '不予处罚的情形'],
    ]);
    expect(res.text).toContain('Word 表格转为 .xlsx 工作簿');

    const link = /href="(\/workbench\/uploads\/[^"]+\/marked\.xlsx)"/.exec(res.text)![1]!;
    const marked = await clerk.get(link);
    expect(marked.status).toBe(200);
    expect(marked.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(marked.headers.get('content-disposition')).toContain(
      encodeURIComponent('XX县文化和旅游局不予处罚事项清单-错误标注.xlsx'),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(marked.bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    // The Word table row for row: title, header, items.
    expect(ws.getRow(2).values).toEqual([undefined, ...HEADER]);
    expect(ws.getRow(4).values).toEqual([undefined, ...ROW_3]);
    const noted: Array<[string, string]> = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.note) noted.push([cell.address, String(cell.note)]);
      }),
    );
    expect(noted.map(([a]) => a).sort()).toEqual(['B3', 'D5']);
    expect(noted.find(([a]) => a === 'B3')![1]).toContain('违法行为');
  });

  it('passes the corrected Word table and submits it for review', async () => {
    const res = await check(
      await wordList([
        ['1', '未按规定公示年度报告', '《企业信息公示暂行条例》第八条', '首次且在责令期限内改正'],
        ROW_3,
        ['3', '未按规定悬挂证照', '《某某管理办法》第九条', '初次违法且及时改正'],
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('检查通过');
    expect(res.text).toContain('新增 3 项');
    const action = /action="(\/workbench\/uploads\/[^"]+\/submit)"/.exec(res.text)![1]!;
    const submitted = await clerk.post(action, {});
    expect(submitted.status).toBe(303);
    const draft = await clerk.get(submitted.headers.get('location')!);
    expect(draft.text).toContain('待审核');
  });
});
