/**
 * `gongshi verify draw`: re-runs a draw from public routes only, online and from a mirror,
 * and catches a swapped target, a result for a target not drawn and a tampered round. The draw's events are in the
 * transparency log (a sequencer runs after each step), so the commitment's inclusion and log time are checked too.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { entityKind } from '../shared/core/kinds/index.js';
import type { AppEnv } from '../shared/platform/http/app-env.js';
import { errorHandler } from '../shared/platform/http/errors.js';
import { registerUnitRoutes } from '../shared/features/lists/routes.js';
import { registerLedgerRoutes } from '../shared/features/ledger/routes.js';
import { LogEventQueue } from '../shared/features/ledger/log-events.js';
import { testSequencer } from '../testing/sequencer.js';
import {
  importTargets,
  InspectionService,
  InspectionStore,
  recordedBeacon,
  registerInspectionRoutes,
  registerDrawPages,
  verifyDraw,
  type BeaconRound,
  type DrawReader,
  type PublicDraw,
} from '../shared/features/inspections/index.js';
import { parseDrawUrl } from '../shared/features/inspections/verify-draw.js';
import { mirroredGetter } from '../cli/commands/verify-draw.js';
import { InMemoryCertificates, officer, targetsCsv, targetUscc } from '../testing/inspections.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, UNIT_A } from './support/fixtures.js';

const fixture = JSON.parse(readFileSync('test/fixtures/drand/quicknet-rounds.json', 'utf8')) as {
  chain: string;
  rounds: Array<Omit<BeaconRound, 'chain'>>;
};
const ROUNDS = fixture.rounds.map((r) => ({
  chain: fixture.chain,
  round: r.round,
  randomness: r.randomness,
  signature: r.signature,
}));

let rt: TestRuntime;
let service: InspectionService;
let drawPath: string;
let drawId: string;

function appWith(reader: DrawReader) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(errorHandler());
  registerUnitRoutes(app, rt.registry);
  registerLedgerRoutes(app, rt.registry);
  registerInspectionRoutes(app, reader);
  registerDrawPages(app, reader);
  return app;
}

const getterFor = (app: OpenAPIHono<AppEnv>) => async (path: string) => {
  const res = await app.request(path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
};

/** The real service, with one answer changed the way a dishonest server would change it. */
function tampered(change: (d: PublicDraw) => PublicDraw): DrawReader {
  return {
    getDraw: async (u, id) => change(await service.getDraw(u, id)),
    listDraws: (u) => service.listDraws(u),
    inspectorsOf: (u, id) => service.inspectorsOf(u, id),
    drawLog: (u) => service.drawLog(u),
    statistics: (u, y) => service.statistics(u, y),
    listPlans: (u) => service.listPlans(u),
    getPlan: (u, id) => service.getPlan(u, id),
  };
}

beforeAll(async () => {
  rt = await createTestRuntime({ clock: new TestClock(new Date('2023-09-15T10:58:00Z')) });
  const common = {
    uscc: UNIT_A,
    status: 'published' as const,
    effectiveFrom: '2023-01-01',
    publishedBy: 't',
    source: 't',
  };
  await rt.registry.publish({ ...common, stream: entityKind.id, items: [entity()] });
  await importTargets(rt.registry, { ...common, bytes: targetsCsv(12_000) });
  service = new InspectionService({
    store: new InspectionStore(rt.client, rt.tableName),
    registry: rt.registry,
    certificates: new InMemoryCertificates(Array.from({ length: 9 }, (_, i) => officer(UNIT_A, i + 1))),
    beacon: recordedBeacon(ROUNDS, { clock: rt.clock.now }),
    clock: rt.clock.now,
    log: new LogEventQueue(rt.client, rt.tableName),
  });
  const sequence = testSequencer({
    client: rt.client,
    tableName: rt.tableName,
    streams: rt.registry.store,
    clock: rt.clock.now,
  });
  const [plan] = await service.importPlans(UNIT_A, {
    header: ['计划名称', '任务名称', '抽查事项', '抽查对象范围', '抽查比例(及频次)', '实施时间', '发起部门'],
    rows: [
      {
        row: 2,
        cells: ['2023年计划', '食品销售抽查', 'SJ-003', '食品销售经营者', '3%', '2023年9月-10月', '市场监督管理局'],
      },
    ],
  });
  const d = await service.commitDraw(UNIT_A, {
    planId: plan!.planId,
    taskId: 'T01',
    category: '市场监管',
    filter: { industry: '食品销售', regionPrefix: '431202' },
    conflicts: [{ uscc: targetUscc(4), certificateNumber: officer(UNIT_A, 1).certificateNumber }],
    round: 657413,
  });
  await sequence();
  rt.clock.set('2023-09-15T11:01:00Z');
  const drawn = await service.executeDraw(UNIT_A, d.drawId);
  drawId = d.drawId;
  drawPath = `/v1/units/${UNIT_A}/draws/${drawId}`;
  const withheld = await verifyDraw(getterFor(appWith(service)), drawPath);
  expect(withheld.recomputed).toBeUndefined();
  const targets = await service.drawnTargets(UNIT_A, d.drawId);
  expect(targets).toHaveLength(drawn.drawnCount!);
  await service.recordResults(
    UNIT_A,
    d.drawId,
    targets.map((t, i) => ({
      uscc: t.uscc,
      result: i % 7 === 0 ? '立案查处' : '未发现问题',
      inspectedOn: '2023-10-08',
    })),
  );
  await sequence();
}, 60_000);

describe('gongshi verify draw', () => {
  it('re-runs a published draw from public routes and finds every check passing', async () => {
    const report = await verifyDraw(getterFor(appWith(service)), drawPath);
    expect(report.state).toBe('published');
    expect(report.findings.filter((f) => !f.ok)).toEqual([]);
    expect(report.findings.map((f) => f.check)).toEqual([
      'commitment-hash',
      'committed-before-round',
      'draw-log',
      'log-inclusion',
      'logged-before-round',
      'beacon',
      'targets-directory',
      'inspectors-directory',
      'salt',
      'outcome-hash',
      'published-outcome',
      'results',
    ]);
    expect(report.recomputed).toHaveLength(60); // 3% of the 2,000 食品销售 targets in 431202
  });

  it('runs offline once the data is mirrored', async () => {
    const mirror = mkdtempSync(join(tmpdir(), 'gongshi-draw-'));
    const app = appWith(service);
    const fetchJson = async (url: string) => getterFor(app)(new URL(url).pathname + new URL(url).search);
    const { origin, path } = parseDrawUrl(`http://registry.test${drawPath}`);
    expect((await verifyDraw(mirroredGetter(origin, { mirror, fetchJson }), path)).ok).toBe(true);
    const offline = mirroredGetter(origin, {
      mirror,
      offline: true,
      fetchJson: () => Promise.reject(new Error('no network')),
    });
    expect((await verifyDraw(offline, path)).ok).toBe(true);
  });

  it('detects a swapped target', async () => {
    const swap = tampered((d) => ({
      ...d,
      outcome: d.outcome!.map((t, i) => (i === 3 ? { ...t, uscc: targetUscc(11_999) } : t)),
    }));
    const report = await verifyDraw(getterFor(appWith(swap)), drawPath);
    expect(report.ok).toBe(false);
    const failed = report.findings.filter((f) => !f.ok);
    expect(failed.map((f) => f.check)).toContain('published-outcome');
    expect(failed.find((f) => f.check === 'published-outcome')!.message).toContain(
      `第 4 个：公示 ${targetUscc(11_999)}`,
    );
  });

  it('detects a result published for a target that was not drawn', async () => {
    // Draws are salted afresh on each run, so the stray is a directory target this run's outcome does not hold.
    const drawnUscc = new Set((await service.drawnTargets(UNIT_A, drawId)).map((t) => t.uscc));
    const notDrawn = Array.from({ length: 12_000 }, (_, i) => targetUscc(12_000 - i)).find((u) => !drawnUscc.has(u))!;
    const stray = tampered((d) => ({
      ...d,
      results: [...d.results!, { uscc: notDrawn, result: '未发现问题', inspectedOn: '2023-10-08' }],
    }));
    const failed = (await verifyDraw(getterFor(appWith(stray)), drawPath)).findings.filter((f) => !f.ok);
    expect(failed.map((f) => f.check)).toEqual(['results']);
    expect(failed[0]!.message).toContain(notDrawn);
  });

  it('cannot compute a withheld outcome from public data: the salt is revealed only with the results', async () => {
    const withheld = tampered(({ outcome: _o, salt: _s, results: _r, resultsHash: _h, ...d }) => ({
      ...d,
      state: 'drawn',
    }));
    const report = await verifyDraw(getterFor(appWith(withheld)), drawPath);
    expect(report.ok).toBe(true);
    expect(report.recomputed).toBeUndefined();
    expect(report.findings.map((f) => f.check)).not.toContain('outcome-hash');
    expect(report.findings.find((f) => f.check === 'salt')!.message).toContain('盐值尚未公开');
  });

  it('detects a revealed salt that is not the committed one, and a publication without its salt', async () => {
    for (const salt of ['ab'.repeat(32), undefined]) {
      const report = await verifyDraw(getterFor(appWith(tampered((d) => ({ ...d, salt })))), drawPath);
      expect(report.ok).toBe(false);
      expect(report.findings.filter((f) => !f.ok).map((f) => f.check)).toEqual(['salt']);
      expect(report.recomputed).toBeUndefined();
    }
  });

  it('detects a round that is not the committed drand round, and a commitment rewritten afterwards', async () => {
    const other = ROUNDS[0]!;
    const forged = tampered((d) => ({
      ...d,
      beacon: { ...d.beacon, randomness: other.randomness, signature: other.signature },
    }));
    const failedBeacon = (await verifyDraw(getterFor(appWith(forged)), drawPath)).findings.filter((f) => !f.ok);
    expect(failedBeacon.map((f) => f.check)).toEqual(['beacon', 'outcome-hash', 'published-outcome', 'results']);

    const backdated = tampered((d) => ({
      ...d,
      commitment: { ...d.commitment, committedAt: '2023-09-15T11:05:00.000Z' },
    }));
    const failed = (await verifyDraw(getterFor(appWith(backdated)), drawPath)).findings.filter((f) => !f.ok);
    expect(failed.map((f) => f.check)).toEqual(
      expect.arrayContaining(['commitment-hash', 'committed-before-round', 'log-inclusion']),
    );
    expect(failed.find((f) => f.check === 'log-inclusion')!.message).toContain('committedAt');
    expect(failed.find((f) => f.check === 'committed-before-round')!.message).toContain('承诺不在随机数产生之前');
  });

  it('serves a portal page that explains the check in plain Chinese', async () => {
    const res = await appWith(service).request(`/units/${UNIT_A}/draws/${drawPath.split('/').at(-1)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    const html = await res.text();
    expect(html).toContain('怎样自己核验这次抽取');
    expect(html).toContain('承诺在前、随机数在后');
    expect(html).toContain('drand quicknet');
    expect(html).toContain('gongshi verify draw');
    expect(html).toContain('检查结果已公示');
  });

  it('answers an unknown draw with 404 and a Chinese message', async () => {
    const res = await appWith(service).request(`/v1/units/${UNIT_A}/draws/2099-1.T01.1`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('未找到该抽取记录');
  });
});
