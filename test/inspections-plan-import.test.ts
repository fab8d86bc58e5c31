/**
 * Plan tables (抽查工作计划) through the list intake: real-shaped CSV, XLSX and DOCX plans read with their mapping,
 * every task and every published cell kept; every row error of a file at once, nothing stored on error; the upload
 * route's dry run and import.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { entityKind } from '../shared/core/kinds/index.js';
import { normaliseText } from '../shared/core/text.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { localAuthenticator } from '../shared/features/auth/authenticator.js';
import { generateLocalKey, type LocalKey } from '../shared/features/auth/local-key.js';
import { signLocalToken } from '../shared/features/auth/local-token.js';
import {
  importTargets,
  InspectionService,
  InspectionStore,
  localDemoBeacon,
  PlanIntake,
} from '../shared/features/inspections/index.js';
import type { Plan } from '../shared/features/inspections/model/plan-schema.js';
import { parsePeriod, parseSamplingRule } from '../shared/features/inspections/model/plan-text.js';
import { importRegionFolder } from '../shared/features/spreadsheets/index.js';
import { fileForm } from './fixtures/workflow/harness.js';
import { corpusBytes } from './fixtures/real-lists/build.js';
import { planCorpus } from './fixtures/real-plans/corpus.js';
import { InMemoryCertificates, officer, targetsCsv } from '../testing/inspections.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, UNIT_A, UNIT_B } from './support/fixtures.js';

const FIXTURES = join(import.meta.dirname, 'fixtures/real-plans');

let rt: TestRuntime;

function service() {
  return new InspectionService({
    store: new InspectionStore(rt.client, rt.tableName),
    registry: rt.registry,
    certificates: new InMemoryCertificates(Array.from({ length: 4 }, (_, i) => officer(UNIT_A, i + 1))),
    beacon: localDemoBeacon(rt.clock.now),
    clock: rt.clock.now,
  });
}

const intake = () => new PlanIntake(new InspectionStore(rt.client, rt.tableName));

/** Every text a stored task holds: its strings, and its lists joined as a table writes them (、). */
function textsOf(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) out.add(value.join('、'));
    for (const v of value) textsOf(v, out);
  } else if (value && typeof value === 'object') for (const v of Object.values(value)) textsOf(v, out);
  return out;
}

beforeAll(async () => {
  rt = await createTestRuntime({ clock: new TestClock(new Date('2024-03-01T02:00:00Z')) });
});

describe('the cells a draw reads', () => {
  it('reads shares, floors, frequencies and counts, and keeps every text', () => {
    expect(parseSamplingRule('3%')).toEqual({ ratio: 0.03, text: '3%' });
    expect(parseSamplingRule('不低于5%')).toEqual({ ratio: 0.05, atLeast: true, text: '不低于5%' });
    expect(parseSamplingRule('5%，每年1次')).toEqual({ ratio: 0.05, timesPerYear: 1, text: '5%，每年1次' });
    expect(parseSamplingRule('抽取10户')).toEqual({ count: 10, text: '抽取10户' });
    expect(parseSamplingRule('每年两次，按风险确定')).toBeUndefined();
    expect(parseSamplingRule('三级≥50%，二级≥30%')).toBeUndefined();
  });

  it('reads periods with and without their year', () => {
    expect(parsePeriod('2024年4月至6月')).toEqual({ from: '2024-04-01', to: '2024-06-30' });
    expect(parsePeriod('第二季度', 2024)).toEqual({ from: '2024-04-01', to: '2024-06-30' });
    expect(parsePeriod('全年', 2024)).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(parsePeriod('3月—12月', 2024)).toEqual({ from: '2024-03-01', to: '2024-12-31' });
    expect(parsePeriod('2026年1月1日 -2026年12月31日')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod('2024年4月1日至30日')).toEqual({ from: '2024-04-01', to: '2024-04-30' });
    expect(parsePeriod('第二季度')).toBeUndefined();
    expect(parsePeriod('2024年6月至4月')).toBeUndefined();
    expect(parsePeriod('待定', 2024)).toBeUndefined();
  });
});

describe('real-shaped plan tables', () => {
  for (const entry of planCorpus) {
    it(`reads ${entry.file}: its header, mapping, tasks and every cell as published`, async () => {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, entry.file)));
      const read = await intake().importPlanFile(UNIT_A, { bytes, name: entry.file });
      expect(read.errors).toEqual([]);
      expect(read.headerRows).toEqual(entry.headerRows);
      const fields = Object.fromEntries(read.mapping.filter((m) => m.field).map((m) => [m.heading, m.field]));
      expect(fields).toEqual(entry.mapping);

      expect(read.plans).toHaveLength(1);
      const stored = await service().getPlan(UNIT_A, read.plans[0]!.planId);
      expect(stored).toEqual(read.plans[0]);
      expect({ name: stored.name, year: stored.year, tasks: stored.tasks.length }).toEqual(entry.plan);

      // Every non-empty cell of every data row is in its task, as published.
      const lastHeader = Math.max(...entry.headerRows);
      const dataRows = entry.rows.slice(lastHeader);
      expect(dataRows).toHaveLength(stored.tasks.length);
      dataRows.forEach((cells, i) => {
        const texts = textsOf(stored.tasks[i]);
        for (const cell of cells.filter((c) => c.trim() !== ''))
          expect(texts, `row ${lastHeader + i + 1}: ${cell}`).toContain(normaliseText(cell));
      });
    });
  }

  it('reads the ratios, counts and periods as the draw uses them, and keeps each text', async () => {
    const plans = (await service().listPlans(UNIT_A)).sort((a, b) => a.year - b.year);
    const byName = new Map(plans.flatMap((p) => p.tasks.map((t) => [t.name, t])));
    expect(byName.get('涉烟经营活动检查')).toMatchObject({
      sampling: { ratio: 0.03, timesPerYear: 2, text: '3%；2次/年' },
      period: { from: '2024-03-01', to: '2024-12-31', text: '3月—12月' },
      initiator: '市烟草专卖局',
      cooperating: ['市邮政管理局', '市公安局'],
      joint: true,
    });
    // Two different shares in one cell say no one figure: the text alone, and a draw must be given its count.
    expect(byName.get('定点医疗机构打击欺诈骗保专项检查')!.sampling).toEqual({
      text: '每年对三级定点医疗机构抽查比例之和≥50%，二级定点医疗机构抽查比例之和≥30%；1次/年',
    });
    expect(byName.get('道路运输企业安全生产检查')).toMatchObject({
      sampling: { ratio: 0.05, atLeast: true, timesPerYear: 1 },
      period: { from: '2024-04-01', to: '2024-06-30', text: '第二季度' },
    });
    expect(byName.get('道路运输危险货物运输企业的检查')).toMatchObject({
      sampling: { count: 1, text: '1户' },
      period: { from: '2026-01-01', to: '2026-11-30' },
    });
    expect(byName.get('对保健食品经营者的行政检查')).toMatchObject({
      period: { from: '2023-01-01', to: '2023-12-31', text: '1月—12月' },
      initiator: 'XX县市场监督管理局',
      joint: false,
      additional: [
        { heading: '序号', text: '3' },
        { heading: '股室', text: '食品股' },
        { heading: '抽查频次', text: '>=1' },
        { heading: '抽查数量', text: '2户（实际以联合双随机牵头单位抽查数为准）' },
      ],
    });
  });

  it('exports each plan as its table, additional columns included, which imports back to the same tasks', async () => {
    const plans = await intake().listPlans(UNIT_A);
    expect(plans).toHaveLength(planCorpus.length);
    for (const plan of plans) {
      const res = await rt.app.request(`/v1/units/${UNIT_A}/inspection-plans/${plan.planId}?format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const bytes = new Uint8Array(await res.arrayBuffer());
      const again = await intake().importPlanFile(UNIT_A, { bytes, name: 'export.csv' }, { dryRun: true });
      expect(again.errors).toEqual([]);
      expect(again.plans.map((p) => [p.planId, p.name, p.year, p.tasks])).toEqual([
        [plan.planId, plan.name, plan.year, plan.tasks],
      ]);
    }
  });

  it('warns where a sampling text is kept without a figure, and the draw then asks for its count', async () => {
    const entry = planCorpus[0]!;
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, entry.file)));
    const read = await intake().importPlanFile(UNIT_A, { bytes, name: entry.file }, { dryRun: true });
    expect(read.warnings.filter((w) => w.code === 'SAMPLING_TEXT_ONLY').map((w) => [w.row, w.column])).toEqual([
      [7, '抽查比例\n及频次'],
    ]);
    await rt.registry.publish({
      uscc: UNIT_A,
      stream: entityKind.id,
      status: 'published',
      items: [entity()],
      effectiveFrom: '2024-01-01',
      publishedBy: 'test',
      source: 'test',
    });
    await importTargets(rt.registry, {
      uscc: UNIT_A,
      bytes: targetsCsv(20),
      effectiveFrom: '2024-01-01',
      publishedBy: 'test',
      source: 'test',
    });
    const input = { planId: read.plans[0]!.planId, taskId: 'T03', category: '市场监管' };
    await expect(service().commitDraw(UNIT_A, input)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: { reason: 'SAMPLING_UNREADABLE', taskId: 'T03' },
    });
    const given = await service().commitDraw(UNIT_A, { ...input, count: 2 });
    expect(given.commitment.count).toBe(2);
  });
});

const HEADER = ['序号', '抽查任务名称', '抽查事项', '抽查对象范围', '抽查比例（及频次）', '实施时间', '发起部门'];
const row = (n: number, task: string, sampling: string, period: string) => [
  String(n),
  task,
  `SJ-00${n}`,
  '辖区经营者',
  sampling,
  period,
  '市场监督管理局',
];

describe('a plan table with errors', () => {
  let fresh: TestRuntime;
  beforeEach(async () => {
    fresh = await createTestRuntime();
  });
  const freshService = () =>
    new InspectionService({
      store: new InspectionStore(fresh.client, fresh.tableName),
      registry: fresh.registry,
      certificates: new InMemoryCertificates([]),
      beacon: localDemoBeacon(fresh.clock.now),
      clock: fresh.clock.now,
    });

  it('reports every bad row of a workbook at once, with sheet, row and column as published', async () => {
    const bytes = await corpusBytes({
      format: 'xlsx',
      rows: [
        ['XX市市场监督管理局2024年度双随机抽查工作计划', '', '', '', '', '', ''],
        HEADER,
        row(1, '食品销售抽查', '3%', '第二季度'),
        row(2, '', '5%', '2024年5月至6月'),
        row(3, '特种设备抽查', '120%', '全年'),
        row(4, '广告发布抽查', '抽取10户', '2024年4月至6月'),
        row(5, '价格行为抽查', '5%，每年1次', '待定'),
      ],
      merges: [[1, 1, 1, 7]],
    });
    const attempt = new PlanIntake(new InspectionStore(fresh.client, fresh.tableName)).importPlanFile(UNIT_A, {
      bytes,
      name: '2024年度双随机抽查工作计划.xlsx',
    });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNPROCESSABLE', details: { reason: 'INVALID_ROWS', errorCount: 3 } });
    const errors = (error as { details: { errors: Array<Record<string, unknown>> } }).details.errors;
    expect(errors.map((e) => [e.sheet, e.row, e.column, e.value, e.code])).toEqual([
      ['Sheet1', 4, '抽查任务名称', '', 'REQUIRED'],
      ['Sheet1', 5, '抽查比例（及频次）', '120%', 'RATIO_OUT_OF_RANGE'],
      ['Sheet1', 7, '实施时间', '待定', 'PERIOD_UNREADABLE'],
    ]);
    expect(errors.every((e) => typeof e.message === 'string' && e.message !== '')).toBe(true);
    expect(await freshService().listPlans(UNIT_A)).toEqual([]);
  });

  it('refuses a CSV row with no task name, and one whose ratio is over 100%', async () => {
    const csv = [HEADER, row(1, '', '3%', '2024年全年'), row(2, '网络交易抽查', '不低于105%', '2024年下半年')]
      .map((r) => r.join(','))
      .join('\r\n');
    const read = await new PlanIntake(new InspectionStore(fresh.client, fresh.tableName)).importPlanFile(
      UNIT_A,
      { bytes: new TextEncoder().encode(csv), name: '抽查工作计划.csv' },
      { dryRun: true },
    );
    expect(read.plans).toEqual([]);
    expect(read.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'taskName', 'REQUIRED'],
      [3, 'sampling', 'RATIO_OUT_OF_RANGE'],
    ]);
  });
});

describe('the plan table upload over HTTP', () => {
  let full: Runtime;
  let key: LocalKey;
  beforeEach(async () => {
    key = await generateLocalKey();
    full = createRuntime(
      { tableName: rt.tableName, endpoint: rt.endpoint },
      { client: rt.client, clock: rt.clock.now, write: { auth: localAuthenticator(async () => key, rt.clock.now) } },
    );
  });
  const upload = async (entryFile: string, bytes: Uint8Array, query = '') => {
    const token = await signLocalToken(key, {
      sub: 'editor-1',
      roles: ['editor'],
      units: [UNIT_A],
      region: '210900',
      ttlSeconds: 3600,
      now: rt.clock.now(),
    });
    const res = await full.app.request(`/v1/units/${UNIT_A}/inspection-plans/table${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: fileForm(bytes, entryFile, {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('answers a dry run with the mapping and plans, stores on upload, refuses a bad file', async () => {
    const entry = planCorpus[1]!;
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, entry.file)));
    const dry = await upload(entry.file, bytes, '?dryRun=true');
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, encoding: 'gb18030', headerRows: [2], rows: 5 });
    expect(dry.body.mapping.find((m: { heading: string }) => m.heading === '起止时间')).toMatchObject({
      field: 'period',
      how: 'rule',
    });
    expect(dry.body.plans[0].tasks).toHaveLength(5);

    const stored = await upload(entry.file, bytes);
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    const listed = await full.app.request(`/v1/units/${UNIT_A}/inspection-plans/${stored.body.plans[0].planId}`);
    expect(((await listed.json()) as Plan).tasks[0]!.additional).toEqual([
      { heading: '抽查计划编号', text: 'XX001' },
      { heading: '抽查类型', text: '定向抽查' },
      { heading: '检查方式', text: '现场检查' },
    ]);

    const bad = await upload(
      '抽查工作计划.csv',
      new TextEncoder().encode(`${HEADER.join(',')}\r\n${row(1, '', '3%', '待定')}`),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.errors.map((e: { code: string }) => e.code)).toEqual([
      'REQUIRED',
      'PERIOD_UNREADABLE',
    ]);
  });
});

describe('gongshi import <folder>: a plan table in a unit folder', () => {
  let fresh: TestRuntime;
  let region: string;
  beforeAll(async () => {
    fresh = await createTestRuntime();
    await fresh.registry.publish({
      uscc: UNIT_A,
      stream: entityKind.id,
      status: 'published',
      items: [entity()],
      effectiveFrom: '2024-01-01',
      publishedBy: 'test',
      source: 'test',
    });
    region = mkdtempSync(join(tmpdir(), 'gongshi-plans-'));
    mkdirSync(join(region, UNIT_A));
    mkdirSync(join(region, UNIT_B));
    cpSync(join(FIXTURES, planCorpus[0]!.file), join(region, UNIT_A, '2024年度双随机抽查工作计划.xlsx'));
    // A valid plan of a unit nobody registered: checked, but not stored.
    writeFileSync(
      join(region, UNIT_B, '抽查工作计划.csv'),
      `${HEADER.join(',')}\r\n${row(1, '食品抽查', '3%', '2024年全年')}`,
    );
  });
  afterAll(() => rmSync(region, { recursive: true, force: true }));
  const inspections = () =>
    new InspectionService({
      store: new InspectionStore(fresh.client, fresh.tableName),
      registry: fresh.registry,
      certificates: new InMemoryCertificates([]),
      beacon: localDemoBeacon(fresh.clock.now),
      clock: fresh.clock.now,
    });

  it('reads the file named as a plan as that unit’s plan: checked on a dry run, stored on import', async () => {
    const readers = [new PlanIntake(new InspectionStore(fresh.client, fresh.tableName)).planFileReader()];
    const dry = await importRegionFolder(fresh.registry, region, { dryRun: true, readers });
    const planStreams = (r: typeof dry) =>
      r.streams.filter((s) => s.kind === 'inspection-plan').map((s) => [s.uscc, s.outcome, s.itemCount]);
    expect(planStreams(dry)).toEqual([
      [UNIT_B, 'rejected', 1],
      [UNIT_A, 'would-publish', 4],
    ]);
    expect(await inspections().listPlans(UNIT_A)).toEqual([]);
    const file = dry.files.find((f) => f.file === `${UNIT_A}/2024年度双随机抽查工作计划.xlsx`);
    expect(file).toMatchObject({ status: 'accepted', rows: 4, errors: 0 });
    expect(file!.mapping!.find((m) => m.heading === '抽查部门/配合部门')?.field).toBe('cooperating');
    expect(dry.errors.map((e) => [e.file, e.code])).toEqual([[`${UNIT_B}/抽查工作计划.csv`, 'UNKNOWN_UNIT']]);

    const done = await importRegionFolder(fresh.registry, region, { readers });
    expect(planStreams(done)).toEqual([
      [UNIT_B, 'rejected', 1],
      [UNIT_A, 'published', 4],
    ]);
    const [plan] = await inspections().listPlans(UNIT_A);
    expect(plan).toMatchObject({ name: '长治市2024年度部门联合双随机抽查工作计划', year: 2024 });
    expect(plan!.tasks).toHaveLength(4);
    expect(await inspections().listPlans(UNIT_B)).toEqual([]);
  });
});
