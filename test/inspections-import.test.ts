/** Importing the targets directory (at scale) and plan tables: every error at once, nothing stored on failure. */
import { beforeAll, describe, expect, it } from 'vitest';
import { entityKind } from '../shared/core/kinds/index.js';
import { plansFromTable } from '../shared/features/inspections/model/plan.js';
import { parsePeriod, parseSamplingRule } from '../shared/features/inspections/model/plan-text.js';
import { importTargets, parseTargetsCsv, quickTarget } from '../shared/features/inspections/targets-import.js';
import { findKind } from '../shared/core/kinds/index.js';
import { dropUndefined } from '../shared/core/records.js';
import { targetsCsv, targetUscc } from '../testing/inspections.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, UNIT_A } from './support/fixtures.js';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: entityKind.id,
    status: 'published',
    items: [entity()],
    effectiveFrom: '2023-01-01',
    publishedBy: 'test',
    source: 'test',
  });
});

describe('the targets directory (检查对象名录库)', () => {
  it('imports 100,000 targets and serves them as a list version', async () => {
    // The rate (target ≥ 5,000/s) is measured in bench/groups/draws.ts, not asserted here.
    const result = await importTargets(rt.registry, {
      uscc: UNIT_A,
      bytes: targetsCsv(100_000),
      effectiveFrom: '2024-01-01',
      publishedBy: 'test',
      source: 'test',
    });
    expect(result).toMatchObject({ outcome: 'published', version: 1, itemCount: 100_000 });
    const page = await rt.registry.getVersion(UNIT_A, 'inspection-targets', 1, { offset: 99_999, limit: 1 });
    expect(page.items).toEqual([
      {
        name: '示例市场主体100000号店',
        uscc: targetUscc(100_000),
        targetType: '个体工商户',
        regionCode: '431202',
        industry: '食品销售',
        riskLevel: 'B',
      },
    ]);
  }, 120_000);

  it('reports every failing row and column at once, by its Chinese header', () => {
    const csv = [
      '企业名称,统一社会信用代码,类型,行政区划代码,行业/领域,信用等级',
      `甲店,${targetUscc(1)},企业,431202,餐饮服务,A`,
      ',91431202MA4L00001X,企业,999999,餐饮服务,A',
      `乙店,${targetUscc(1)},企业,431202,餐饮服务,B`,
    ].join('\n');
    const { items, errors } = parseTargetsCsv(new TextEncoder().encode(csv));
    expect(items).toHaveLength(1);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '名称', 'REQUIRED'],
      [3, '统一社会信用代码', 'USCC_CHECK_CHARACTER'],
      [3, '行政区划', 'REGION_CODE_UNKNOWN'],
      [4, '统一社会信用代码', 'DUPLICATE_ITEM'],
    ]);
  });

  it('takes the fast path only where the schema gives the same item', () => {
    const schema = findKind('inspection-targets')!.schema;
    const rows: Array<Record<string, unknown>> = [
      { name: ' 甲店\u200B ', uscc: targetUscc(5).toLowerCase(), regionCode: ' 431202 ', industry: '', riskLevel: 'A' },
      { name: '乙店', uscc: targetUscc(6), regionCode: '431221', targetType: '企业' },
      { name: '丙店', uscc: '91431202MA4L00001X', regionCode: '431202' },
      { name: '丁店', uscc: targetUscc(7), regionCode: '999999' },
      { name: '', uscc: targetUscc(8), regionCode: '431202' },
      { name: '戊'.repeat(201), uscc: targetUscc(9), regionCode: '431202' },
    ];
    for (const row of rows) {
      const parsed = schema.safeParse(row);
      const quick = quickTarget(row);
      if (quick) expect(quick).toEqual(dropUndefined(parsed.data as Record<string, unknown>));
      else expect(parsed.success).toBe(false);
    }
    expect(rows.map((r) => quickTarget(r) !== undefined)).toEqual([true, true, false, false, false, false]);
  });

  it('publishes nothing when a row fails', async () => {
    const before = await rt.registry.store.getHead(UNIT_A, 'inspection-targets', true);
    const bad = new TextEncoder().encode('名称,统一社会信用代码,行政区划\n甲店,123,431202');
    await expect(
      importTargets(rt.registry, {
        uscc: UNIT_A,
        bytes: bad,
        effectiveFrom: '2024-02-01',
        publishedBy: 't',
        source: 't',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await rt.registry.store.getHead(UNIT_A, 'inspection-targets', true))?.version).toBe(before?.version);
  });
});

describe('plan tables (抽查工作计划)', () => {
  it('reads the ratios, counts and periods real plans write', () => {
    expect(parseSamplingRule('3%')).toEqual({ ratio: 0.03, text: '3%' });
    expect(parseSamplingRule('不低于5％，每年1次')).toMatchObject({ ratio: 0.05, timesPerYear: 1 });
    expect(parseSamplingRule('抽取20户')).toMatchObject({ count: 20 });
    expect(parseSamplingRule('适量')).toBeUndefined();
    expect(parsePeriod('2024年4月-6月')).toEqual({ from: '2024-04-01', to: '2024-06-30' });
    expect(parsePeriod('2024年4月1日至6月30日')).toEqual({ from: '2024-04-01', to: '2024-06-30' });
    expect(parsePeriod('2024-04-01至2024-06-30')).toEqual({ from: '2024-04-01', to: '2024-06-30' });
    expect(parsePeriod('2024年第三季度')).toEqual({ from: '2024-07-01', to: '2024-09-30' });
    expect(parsePeriod('2024年')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(parsePeriod('5月-7月', 2024)).toEqual({ from: '2024-05-01', to: '2024-07-31' });
    expect(parsePeriod('下半年')).toBeUndefined();
    expect(parsePeriod('下半年', 2024)).toEqual({ from: '2024-07-01', to: '2024-12-31' });
  });

  it('groups rows into plans and tasks, with joint inspections where 配合部门 are named', () => {
    const { plans, errors } = plansFromTable(UNIT_A, {
      header: [
        '计划名称',
        '任务名称',
        '抽查事项',
        '抽查对象范围',
        '抽查比例（及频次）',
        '实施时间',
        '发起部门',
        '配合部门',
      ],
      rows: [
        { row: 2, cells: ['2024年计划', '任务一', 'A-1、A-2', '全部', '3%', '2024年3月-5月', '市监局', ''] },
        { row: 3, cells: ['2024年计划', '任务二', 'A-3', '药店', '抽取10户', '2024年6月', '市监局', '卫健委，医保局'] },
      ],
    });
    expect(errors).toEqual([]);
    expect(plans).toHaveLength(1);
    expect(plans[0]!.tasks[1]).toMatchObject({
      taskId: 'T02',
      items: ['A-3'],
      cooperating: ['卫健委', '医保局'],
      joint: true,
      period: { from: '2024-06-01', to: '2024-06-30' },
    });
  });

  it('reports missing columns, and every unreadable cell at once; a sampling text without a figure is kept', () => {
    expect(plansFromTable(UNIT_A, { header: ['计划名称', '任务名称'], rows: [] }).errors.map((e) => e.column)).toEqual([
      '抽查事项',
      '抽查比例(及频次)',
      '实施时间',
      '发起部门',
    ]);
    const { plans, errors } = plansFromTable(UNIT_A, {
      header: ['计划名称', '任务名称', '抽查事项', '抽查对象范围', '抽查比例', '实施时间', '发起部门'],
      rows: [
        { row: 2, cells: ['计划', '任务', 'A', '全部', '适量', '下半年', '市监局'] },
        { row: 3, cells: ['计划', '', 'A', '全部', '3%', '2024年', '市监局'] },
      ],
    });
    expect(plans).toEqual([]);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '实施时间', 'PERIOD_UNREADABLE'],
      [3, '任务名称', 'REQUIRED'],
    ]);
  });
});
