/**
 * 双随机 over HTTP on the app the processes serve: the public reads and portal pages mounted in the public app,
 * and the write story (plan, targets, commit, draw, results) through the authenticated routes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { entityKind } from '../shared/core/kinds/index.js';
import {
  importTargets,
  InspectionService,
  InspectionStore,
  recordedBeacon,
  type BeaconRound,
} from '../shared/features/inspections/index.js';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { InMemoryCertificates, officer, targetsCsv } from '../testing/inspections.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, UNIT_A } from './support/fixtures.js';

const fixture = JSON.parse(readFileSync('test/fixtures/drand/quicknet-rounds.json', 'utf8')) as {
  chain: string;
  rounds: Array<Omit<BeaconRound, 'chain'>>;
};
const ROUNDS: BeaconRound[] = fixture.rounds.map((r) => ({ ...r, chain: fixture.chain }));
const ROUND = 657413; // emitted 2023-09-15T11:00:03Z
const BEFORE_ROUND = '2023-09-15T10:58:00Z';
const AFTER_ROUND = '2023-09-15T11:00:10Z';

const PLAN_TABLE = {
  header: ['计划名称', '任务名称', '抽查事项', '抽查对象范围', '抽查比例(及频次)', '实施时间', '发起部门', '配合部门'],
  rows: [
    {
      row: 2,
      cells: [
        '2023年度双随机抽查工作计划',
        '餐饮服务食品安全抽查',
        'SJ-001',
        '辖区餐饮服务经营者',
        '抽取3户',
        '2023年9月-11月',
        '市场监督管理局',
        '',
      ],
    },
  ],
};

let rt: TestRuntime;
let certificates: InMemoryCertificates;

function service() {
  return new InspectionService({
    store: new InspectionStore(rt.client, rt.tableName),
    registry: rt.registry,
    certificates,
    beacon: recordedBeacon(ROUNDS, { clock: rt.clock.now }),
    clock: rt.clock.now,
  });
}

beforeEach(async () => {
  rt = await createTestRuntime({ clock: new TestClock(new Date(BEFORE_ROUND)) });
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: entityKind.id,
    status: 'published',
    items: [entity()],
    effectiveFrom: '2023-01-01',
    publishedBy: 'test',
    source: 'test',
  });
  certificates = new InMemoryCertificates(Array.from({ length: 4 }, (_, i) => officer(UNIT_A, i + 1)));
});

describe('public reads in the public app', () => {
  beforeEach(async () => {
    await importTargets(rt.registry, {
      uscc: UNIT_A,
      bytes: targetsCsv(30),
      effectiveFrom: '2023-01-01',
      publishedBy: 'test',
      source: 'test',
    });
  });

  it('serves the draws, the draw log and the portal pages, the outcome withheld until published', async () => {
    const s = service();
    const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
    const committed = await s.commitDraw(UNIT_A, {
      planId: plan!.planId,
      taskId: 'T01',
      category: '市场监管',
      round: ROUND,
    });
    rt.clock.set(AFTER_ROUND);
    await s.executeDraw(UNIT_A, committed.drawId);

    // The read-only function's app, as the public Lambda builds it.
    const pub = createPublicRuntime(
      { tableName: rt.tableName, endpoint: rt.endpoint, region: 'cn-north-1' },
      { client: rt.client, clock: rt.clock.now },
    );
    for (const app of [rt.app, pub.app]) {
      const list = await app.request(`/v1/units/${UNIT_A}/draws`);
      expect(list.status).toBe(200);
      const { draws } = (await list.json()) as { draws: Array<Record<string, unknown>> };
      expect(draws.map((d) => [d.drawId, d.state, d.drawnCount])).toEqual([[committed.drawId, 'drawn', 3]]);
      expect(draws[0]!.outcome).toBeUndefined();
      expect(draws[0]!.outcomeHash).toMatch(/^[0-9a-f]{64}$/);

      const one = await app.request(`/v1/units/${UNIT_A}/draws/${committed.drawId}`);
      expect(one.status).toBe(200);
      const inspectors = await app.request(`/v1/units/${UNIT_A}/draws/${committed.drawId}/inspectors`);
      expect(((await inspectors.json()) as { inspectors: unknown[] }).inspectors).toHaveLength(4);
      const log = await app.request(`/v1/units/${UNIT_A}/draw-log`);
      expect(((await log.json()) as { entries: Array<{ type: string }> }).entries.map((e) => e.type)).toEqual([
        'committed',
        'drawn',
      ]);
      const stats = await app.request(`/v1/units/${UNIT_A}/inspection-stats?year=2023`);
      expect(await stats.json()).toMatchObject({ tasks: 1, draws: 1, targetsDrawn: 3, directorySize: 30 });

      const page = await app.request(`/units/${UNIT_A}/draws`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await page.text();
      expect(html).toContain('双随机抽查：抽取记录');
      expect(html).toContain(`href="/units/${UNIT_A}/draws/${committed.drawId}"`);
      expect(html).toContain('已抽取，结果暂不公开');

      const drawPage = await app.request(`/units/${UNIT_A}/draws/${committed.drawId}`);
      expect(drawPage.status).toBe(200);
      expect(await drawPage.text()).toContain('怎样自己核验这次抽取');

      const unitPage = await (await app.request(`/units/${UNIT_A}`)).text();
      expect(unitPage).toContain(`href="/units/${UNIT_A}/draws"`);
    }
  });

  it('answers unknown draws and bad codes with 404/400, as JSON on the API and as pages on the portal', async () => {
    const api = await rt.app.request(`/v1/units/${UNIT_A}/draws/2099-1.T01.1`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const missing = await rt.app.request(`/units/${UNIT_A}/draws/2099-1.T01.1`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect((await rt.app.request('/units/NOT-A-CODE/draws')).status).toBe(400);
    expect((await rt.app.request(`/units/${UNIT_A}/draws/${'x'.repeat(300)}`)).status).toBe(400);
    const empty = await (await rt.app.request(`/units/${UNIT_A}/draws`)).text();
    expect(empty).toContain('该执法主体尚无抽取记录');
  });
});
