/**
 * The clerk's 抽查工作计划 page in the workbench, over HTTP with cookies as a browser keeps them: a plan table is
 * checked with the list uploads' conventions (the header rows and every column with the field it fills and why, every
 * error with its sheet, row, column and value) and stored only when it has no error and the clerk asks to import.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusBytes } from './fixtures/real-lists/build.js';
import { planCorpus } from './fixtures/real-plans/corpus.js';
import { entity, publishUnits, UNIT_A, UNIT_B } from './support/fixtures.js';
import { WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

type Rt = Awaited<ReturnType<typeof workbenchRuntime>>;
const PAGE = `/workbench/units/${UNIT_A}/plans`;

const tableRows = (html: string, caption: string) => {
  const table = html.split(`<caption>${caption}`)[1]?.split('</table>')[0] ?? '';
  return (table.split('<tbody>')[1]?.split('<tr>').slice(1) ?? []).map((tr) =>
    [...tr.matchAll(/<t[dh][^>]*>([^<]*)<\/t[dh]>/g)].map((m) => m[1]),
  );
};

describe('the workbench page for the unit’s plan table', () => {
  let rt: Rt;
  let clerk: WorkbenchClient;
  const fixture = planCorpus[0]!;
  const file = () =>
    new File([readFileSync(join(import.meta.dirname, 'fixtures/real-plans', fixture.file))], fixture.file);

  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2024-03-01T02:00:00Z');
    await publishUnits(rt.registry, [
      { entity: entity(UNIT_A), lists: {} },
      { entity: entity(UNIT_B), lists: {} },
    ]);
    clerk = new WorkbenchClient(rt.app);
    await clerk.signIn('editor', { uscc: UNIT_A });
  });

  it('is linked from the unit’s page and offers CSV, XLSX and DOCX', async () => {
    const home = await clerk.get(`/workbench/units/${UNIT_A}`);
    expect(home.text).toContain(`href="${PAGE}"`);
    const form = await clerk.get(PAGE);
    expect(form.status).toBe(200);
    expect(form.text).toContain('accept=".csv,.xlsx,.docx"');
    expect(form.text).toContain('尚未导入抽查工作计划。');
  });

  it('checks a plan table without storing it: header rows, every column and why, the tasks', async () => {
    await clerk.get(PAGE);
    const res = await clerk.post(PAGE, { file: file(), intent: 'check' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('检查通过：可导入 1 份计划、4 项任务（尚未保存）。');
    const columns = tableRows(res.text, '识别的列（第 3、4 行为表头');
    expect(columns.map(([, heading, field]) => [heading, field])).toContainEqual(['抽查部门/配合部门', '配合部门']);
    expect(columns.map(([, heading, field]) => [heading, field])).toContainEqual([
      '抽查检查\n模式',
      '附加信息（按原列名保留）',
    ]);
    expect(res.text).toContain('（未写明比例或数量：抽取时须填写数量）');
    expect(await rt.inspections.listPlans(UNIT_A)).toEqual([]);
  });

  it('shows every error of a bad workbook with sheet, row, column and value, and stores nothing', async () => {
    const bytes = await corpusBytes({
      format: 'xlsx',
      rows: [
        ['2024年度双随机抽查工作计划', '', '', '', '', ''],
        ['任务名称', '抽查事项', '抽查对象范围', '抽查比例', '实施时间', '发起部门'],
        ['', 'SJ-001', '辖区经营者', '3%', '第二季度', '市场监督管理局'],
        ['特种设备抽查', 'SJ-002', '使用单位', '150%', '全年', '市场监督管理局'],
        ['价格抽查', 'SJ-003', '经营者', '5%', '待定', '市场监督管理局'],
      ],
      merges: [[1, 1, 1, 6]],
    });
    await clerk.get(PAGE);
    const res = await clerk.post(PAGE, {
      file: new File([bytes], '2024年度双随机抽查工作计划.xlsx'),
      intent: 'import',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('文件中有 3 处错误，未导入');
    expect(
      tableRows(res.text, '错误（须全部改正）').map(([sheet, row, column, value]) => [sheet, row, column, value]),
    ).toEqual([
      ['Sheet1', '3', '任务名称', ''],
      ['Sheet1', '4', '抽查比例', '150%'],
      ['Sheet1', '5', '实施时间', '待定'],
    ]);
    expect(await rt.inspections.listPlans(UNIT_A)).toEqual([]);

    // The marked copy, as for list uploads: each failing cell red, with its reason as a comment.
    const link = /href="(\/workbench\/units\/[^"]+\/plans\/uploads\/[^"]+\/marked\.xlsx)"/.exec(res.text)![1]!;
    const marked = await clerk.get(link);
    expect(marked.status).toBe(200);
    expect(marked.headers.get('content-disposition')).toContain(
      encodeURIComponent('2024年度双随机抽查工作计划-错误标注.xlsx'),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(marked.bytes) as unknown as ArrayBuffer);
    const noted: string[] = [];
    wb.worksheets[0]!.eachRow((r) =>
      r.eachCell({ includeEmpty: true }, (cell) => {
        if (cell.note) noted.push(cell.address);
      }),
    );
    expect(noted.sort()).toEqual(['A3', 'D4', 'E5']);
    const other = new WorkbenchClient(rt.app);
    await other.signIn('editor', { uscc: UNIT_B });
    expect((await other.get(link)).status).toBe(403);
  });

  it('imports a valid table when asked, and shows the stored plan with each task’s additional columns', async () => {
    await clerk.get(PAGE);
    const res = await clerk.post(PAGE, { file: file(), intent: 'import' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('已导入 1 份计划、4 项任务。');
    const [plan] = await rt.inspections.listPlans(UNIT_A);
    expect(plan!.tasks).toHaveLength(4);
    const page = await clerk.get(PAGE);
    expect(page.text).toContain('长治市2024年度部门联合双随机抽查工作计划（2024-1，4 项任务）');
    expect(page.text).toContain('抽查检查\n模式：市抽市查');
    expect(page.text).toContain(`href="/v1/units/${UNIT_A}/inspection-plans/2024-1?format=csv"`);
  });

  it('is the unit’s editors’ only', async () => {
    const other = new WorkbenchClient(rt.app);
    await other.signIn('editor', { uscc: UNIT_B });
    expect((await other.get(PAGE)).status).toBe(403);
  });
});
