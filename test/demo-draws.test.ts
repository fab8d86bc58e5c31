/**
 * The demo's random inspections: on a fresh load, the first demo unit has its item list, targets directory, yearly
 * plan and draws in each state; every draw re-runs with the code `gongshi verify draw` runs, each was committed
 * before its round, the API and the portal pages show them, and the unit can still draw the plan's open task.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mirroredGetter } from '../cli/commands/verify-draw.js';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { loadDemo } from '../shared/features/demo/index.js';
import { demoRegion } from '../shared/features/demo/generate.js';
import { verifyDraw, type PublicDraw } from '../shared/features/inspections/index.js';
import { testSequencer } from '../testing/sequencer.js';
import { verifyRegistry } from '../shared/features/verifier/verify.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';

let rt: TestRuntime;
let unit: string;
let draws: PublicDraw[];
let sequence: () => Promise<unknown>;

const json = async (path: string) => {
  const res = await rt.app.request(path);
  expect(res.status, path).toBe(200);
  return res.json() as Promise<any>;
};

beforeAll(async () => {
  rt = await createTestRuntime({ clock: new TestClock(new Date('2024-10-14T02:00:00Z')) });
  const loaded = await loadDemo(rt.registry);
  expect(loaded).toMatchObject({ loaded: true, draws: 4 });
  unit = String(demoRegion()[0]!.entity.uscc);
  draws = (await json(`/v1/units/${unit}/draws`)).draws;
  sequence = testSequencer({
    client: rt.client,
    tableName: rt.tableName,
    streams: rt.registry.store,
    clock: rt.clock.now,
  });
}, 120_000);

describe('the demo draws', () => {
  it('give the first unit a random-inspection item list, a targets directory and a yearly plan', async () => {
    const items = await json(`/v1/units/${unit}/lists/random-inspection-items`);
    expect(items.items.map((i: any) => i.code)).toContain('SJ-210900-01-001');
    const targets = await json(`/v1/units/${unit}/lists/inspection-targets/versions/1?limit=1000`);
    expect(targets.items).toHaveLength(360);
    const { plans } = await json(`/v1/units/${unit}/inspection-plans`);
    expect(plans).toHaveLength(1);
    expect(plans[0].tasks.map((t: any) => t.taskId)).toEqual(['T01', 'T02', 'T03', 'T04']);
    expect(plans[0].tasks[3]).toMatchObject({ joint: true, cooperating: ['应急管理局'] });
    // The plan came in from its plan table file: named by its title row, each cell kept as published.
    expect(plans[0].name).toBe('2024年度双随机、一公开抽查工作计划（示例）');
    expect(plans[0].tasks[1]).toMatchObject({
      sampling: { count: 6, text: '抽取6户' },
      period: { from: '2024-04-01', to: '2024-06-30', text: '第二季度' },
      additional: [
        { heading: '序号', text: '2' },
        { heading: '抽查方式', text: '现场检查' },
      ],
    });
  });

  it('hold draws in each state: published, withheld, and one replaced by a re-draw with its reason', () => {
    const byId = new Map(draws.map((d) => [d.drawId, d]));
    expect([...byId.keys()].sort()).toEqual(['2024-1.T01.1', '2024-1.T02.1', '2024-1.T02.2', '2024-1.T03.1']);
    expect(byId.get('2024-1.T01.1')).toMatchObject({ state: 'published', drawnCount: 5 });
    expect(byId.get('2024-1.T01.1')!.results).toHaveLength(5);
    expect(byId.get('2024-1.T02.1')).toMatchObject({ state: 'drawn', replacedBy: '2024-1.T02.2' });
    const redraw = byId.get('2024-1.T02.2')!;
    expect(redraw).toMatchObject({ state: 'published', drawnCount: 6 });
    expect(redraw.commitment).toMatchObject({ redrawOf: '2024-1.T02.1', targets: { version: 2 } });
    expect(redraw.commitment.reason).toMatch(/已注销/);
    const withheld = byId.get('2024-1.T03.1')!;
    expect(withheld.state).toBe('drawn');
    expect(withheld.outcomeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(withheld.outcome).toBeUndefined();
    expect(withheld.results).toBeUndefined();
  });

  it('were each committed before the local demo round that decided them', () => {
    for (const d of draws) {
      expect(d.beacon).toMatchObject({ chain: 'local-demo', label: expect.stringContaining('本地演示随机源') });
      expect(Date.parse(d.commitment.committedAt)).toBeLessThan(Date.parse(d.beacon.roundTime));
      expect(d.beacon.randomness).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('re-run to the same targets and inspectors with the code `gongshi verify draw` runs, once published', async () => {
    const get = mirroredGetter('http://demo.local', {
      fetchJson: async (url) => (await rt.app.request(url.replace('http://demo.local', ''))).json(),
    });
    for (const d of draws) {
      const report = await verifyDraw(get, `/v1/units/${unit}/draws/${d.drawId}`);
      expect(
        report.findings.filter((f) => !f.ok),
        d.drawId,
      ).toEqual([]);
      expect(report.findings.map((f) => f.check)).toContain('committed-before-round');
      if (d.state === 'published') expect(report.recomputed).toEqual(d.outcome);
      // A replaced draw reveals its salt, so it re-runs too.
      else if (d.replacedBy) expect(report.recomputed).toHaveLength(d.drawnCount!);
      else {
        // Withheld: the salt is not yet revealed, so nobody outside the unit can compute the outcome.
        expect(report.recomputed).toBeUndefined();
        expect(report.findings.find((f) => f.check === 'salt')!.message).toContain('盐值尚未公开');
      }
    }
  });

  it('are served by the public function and shown on the portal pages', async () => {
    const pub = createPublicRuntime(
      { tableName: rt.tableName, endpoint: rt.endpoint, region: 'cn-north-1' },
      { client: rt.client, clock: rt.clock.now },
    );
    const listed = (await (await pub.app.request(`/v1/units/${unit}/draws`)).json()) as { draws: PublicDraw[] };
    expect(listed.draws.map((d) => d.drawId).sort()).toEqual(draws.map((d) => d.drawId).sort());
    const page = await (await pub.app.request(`/units/${unit}/draws`)).text();
    for (const d of draws) expect(page).toContain(d.drawId);
    const one = await (await pub.app.request(`/units/${unit}/draws/2024-1.T02.2`)).text();
    expect(one).toContain('本地演示随机源');
    expect(one).toContain('2024-1.T02.1');
    const withheld = await (await pub.app.request(`/units/${unit}/draws/2024-1.T03.1`)).text();
    expect(withheld).toContain('盐值不公开');
    expect(one).not.toContain('盐值不公开');
    // The published results fold into cards on a phone, inside a scroll region a keyboard can reach.
    const region = /<div class="table-wrap cards" tabindex="0" role="region" aria-label="抽取结果与检查结果表格">/;
    expect(one).toMatch(region);
    expect(one).toContain('<table class="cards">');
    expect(one).toContain('data-label="执法检查人员（执法证号）"');
  });

  it("leave the plan's joint task for the unit to commit and draw on the server's own beacon", async () => {
    const committed = await rt.inspections.commitDraw(unit, {
      planId: '2024-1',
      taskId: 'T04',
      category: '市场监管',
      filter: { industry: '特种设备使用' },
    });
    expect(committed.state).toBe('committed');
    // The server draws only on a commitment its transparency log holds from before the round.
    await sequence();
    rt.clock.set(new Date(Date.parse(committed.beacon.roundTime) + 1000).toISOString());
    const drawn = await rt.inspections.executeDraw(unit, committed.drawId);
    expect(drawn).toMatchObject({ state: 'drawn', drawnCount: 3 });
  });

  it('pass `gongshi verify`: the drawn joint task against its leaves, unlogged demo draws as warnings', async () => {
    await sequence();
    const out = mkdtempSync(join(tmpdir(), 'gongshi-demo-draws-'));
    try {
      const report = await verifyRegistry({
        baseUrl: 'http://demo.local',
        out,
        unit,
        now: rt.clock.now(),
        fetch: async (url, init) => rt.app.request(url.replace('http://demo.local', ''), init),
      });
      expect(report.failures).toEqual([]);
      expect(report.draws).toBe(5);
      const demo = report.warnings.filter((w) => w.check === 'demo').map((w) => w.message.split(':')[0]);
      expect(demo.sort()).toEqual(['2024-1.T01.1', '2024-1.T02.1', '2024-1.T02.2', '2024-1.T03.1']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
