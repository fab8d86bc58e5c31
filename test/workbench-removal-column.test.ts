/**
 * 增补修改 with a removal column: a file column headed 操作 (or 删除) whose cell reads 删除 marks the row's item for
 * removal; such a row needs only its 事项编码 or name. The parser takes the marked rows and the column out; the
 * workbench merges the rest and removes the marked items, and refuses a marked row that names nothing, or one in
 * 完整替换 mode (where every item missing from the file is removed already).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findKind } from '../shared/core/kinds/index.js';
import { parseListFile } from '../shared/features/spreadsheets/index.js';
import { inspectionRow, workbook } from './fixtures/workflow/files.js';
import { entity, inspectionItem, publishUnits, UNIT_A } from './support/fixtures.js';
import { WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

const LIST = `/workbench/units/${UNIT_A}/lists/inspection-items`;
const HEADER = ['序号', '事项编码', '检查事项名称', '检查类别', '检查依据', '检查对象', '检查方式', '检查频次'];
const code = (i: number) => `JC-210900-02-${String(i).padStart(4, '0')}`;
const row = (i: number, mark = '', overrides: Record<string, string> = {}) => [
  ...inspectionRow(i, overrides).slice(0, HEADER.length),
  mark,
];
const removal = (i: number) => ['', code(i), '', '', '', '', '', '', '删除'];
const xlsx = (bytes: Uint8Array) => new File([bytes], '增补.xlsx');

describe('增补修改 uploads with a 操作 column', () => {
  let rt: Awaited<ReturnType<typeof workbenchRuntime>>;
  let clerk: WorkbenchClient;
  const check = async (rows: Parameters<typeof workbook>[0][number]['rows'], mode = 'supplement') => {
    await clerk.get(LIST);
    const file = await workbook([{ name: '检查事项目录', header: [...HEADER, '操作'], rows }]);
    return clerk.post(`${LIST}/check`, { file: xlsx(file), effectiveFrom: '2024-04-01', mode });
  };

  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2023-01-02T02:00:00Z');
    await publishUnits(rt.registry, [
      {
        entity: entity(UNIT_A),
        lists: { 'inspection-items': Array.from({ length: 5 }, (_, i) => inspectionItem(i + 1)) },
      },
    ]);
    rt.clock.set('2024-03-01T02:00:00Z');
    clerk = new WorkbenchClient(rt.app);
    await clerk.signIn('editor', { uscc: UNIT_A });
  });

  it('the parser takes marked rows and the marker column out, and names what they remove', async () => {
    const csv = [
      ['事项编码', '检查事项名称', '检查类别', '检查依据', '检查对象', '检查方式', '检查频次', '操作'].join(','),
      [code(9), '新增的检查', '一般', '《条例》第一条', '企业', '现场检查', '每年1次', ''].join(','),
      [code(3), '', '', '', '', '', '', '删除'].join(','),
    ].join('\n');
    const parsed = await parseListFile(findKind('inspection-items')!, new TextEncoder().encode(csv), 'a.csv', {
      markedRemovals: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.items.map((i) => i.code)).toEqual([code(9)]);
    expect(parsed.removals).toEqual([{ row: 3, identity: code(3) }]);
    expect(parsed.mapping?.map((m) => m.heading)).not.toContain('操作');
  });

  it('removes the items marked 删除 and merges the rest, with the removal warning, then submits', async () => {
    const res = await check([row(2, '', { 检查事项名称: '修改后的检查事项' }), removal(3), removal(5), row(9)]);
    expect(res.status).toBe(200);
    expect(res.text).toContain('将删除 2 项');
    const action = /action="(\/workbench\/uploads\/[^"]+\/submit)"/.exec(res.text)![1]!;
    const sub = await clerk.post(action, { confirmRemoval: 'yes' });
    expect(sub.status).toBe(303);
    const id = /drafts\/(d[0-9a-z]+)/.exec(sub.headers.get('location')!)![1]!;
    const items = await rt.write.workflow.drafts.items(id);
    expect(items.map((i) => i.code)).toEqual([code(1), code(2), code(4), code(9)]);
    expect(items[1]!.name).toBe('修改后的检查事项');
  });

  it('refuses a marked row that names no item, and one naming an item not in force', async () => {
    const res = await check([row(2), ['', '', '', '', '', '', '', '', '删除'], removal(42)]);
    expect(res.status).toBe(422);
    expect(res.text).toContain('须填写事项编码或名称');
    expect(res.text).toContain('不是现行清单中的事项');
  });

  it('refuses rows marked 删除 in 完整替换 mode', async () => {
    const res = await check([row(1), row(2), removal(3)], 'replace');
    expect(res.status).toBe(422);
    expect(res.text).toContain('完整替换模式下不标记“删除”');
  });
});
