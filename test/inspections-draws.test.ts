/**
 * 双随机 draws end to end on a real engine: commitment before the round, refusals that
 * change nothing, the outcome withheld until every result is in, re-draws, the draw log.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { entityKind } from '../shared/core/kinds/index.js';
import { checkLog, InspectionStore } from '../shared/features/inspections/store.js';
import { InspectionService } from '../shared/features/inspections/service.js';
import { importTargets } from '../shared/features/inspections/targets-import.js';
import {
  LOCAL_DEMO_CHAIN,
  localDemoBeacon,
  recordedBeacon,
  type BeaconRound,
  type BeaconSource,
} from '../shared/features/inspections/model/beacon.js';
import { outcomeHash, snapshotHash } from '../shared/features/inspections/model/commitment.js';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { queryAll } from '../shared/platform/dynamodb/query.js';
import { runSampler } from '../shared/features/inspections/model/sampler.js';
import { InMemoryCertificates, officer, targetsCsv, targetUscc } from '../testing/inspections.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, UNIT_A } from './support/fixtures.js';
import type { AppError } from '../shared/core/errors.js';
import { statusOf } from '../shared/platform/http/errors.js';

const fixture = JSON.parse(readFileSync('test/fixtures/drand/quicknet-rounds.json', 'utf8')) as {
  chain: string;
  rounds: Array<Omit<BeaconRound, 'chain'>>;
};
const ROUNDS: BeaconRound[] = fixture.rounds.map((r) => ({
  chain: fixture.chain,
  round: r.round,
  randomness: r.randomness,
  signature: r.signature,
}));
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
        'SJ-001、SJ-002',
        '辖区餐饮服务经营者',
        '5%',
        '2023年9月-11月',
        '市场监督管理局',
        '',
      ],
    },
    {
      row: 3,
      cells: [
        '2023年度双随机抽查工作计划',
        '药品零售联合抽查',
        'SJ-010',
        '辖区药品零售企业',
        '抽取4户',
        '2023年10月1日至11月30日',
        '市场监督管理局',
        '卫生健康局、医疗保障局',
      ],
    },
  ],
};

let rt: TestRuntime;
let certificates: InMemoryCertificates;

function service(beacon: BeaconSource = recordedBeacon(ROUNDS, { clock: rt.clock.now })) {
  return new InspectionService({
    store: new InspectionStore(rt.client, rt.tableName),
    registry: rt.registry,
    certificates,
    beacon,
    clock: rt.clock.now,
  });
}

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as AppError & { details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
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
  await importTargets(rt.registry, {
    uscc: UNIT_A,
    bytes: targetsCsv(120),
    effectiveFrom: '2023-01-01',
    publishedBy: 'test',
    source: 'test',
  });
  certificates = new InMemoryCertificates([
    ...Array.from({ length: 6 }, (_, i) => officer(UNIT_A, i + 1)),
    officer(UNIT_A, 7, { status: '注销', cancelledOn: '2023-05-01' }),
    officer(UNIT_A, 8, { category: '生态环境' }),
  ]);
});

describe('a draw committed before its round', () => {
  it('logs the commitment, withholds the outcome once drawn, and publishes it with the results', async () => {
    const s = service();
    const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
    expect(plan!.tasks.map((t) => [t.taskId, t.sampling, t.period, t.joint])).toEqual([
      ['T01', { ratio: 0.05, text: '5%' }, { from: '2023-09-01', to: '2023-11-30', text: '2023年9月-11月' }, false],
      [
        'T02',
        { count: 4, text: '抽取4户' },
        { from: '2023-10-01', to: '2023-11-30', text: '2023年10月1日至11月30日' },
        true,
      ],
    ]);

    const committed = await s.commitDraw(UNIT_A, {
      planId: plan!.planId,
      taskId: 'T01',
      category: '市场监管',
      filter: { industry: '餐饮服务' },
      round: ROUND,
    });
    expect(committed.state).toBe('committed');
    expect(committed.commitment.count).toBe(2); // 5% of the 40 餐饮服务 targets
    expect(committed.commitment.inspectors.count).toBe(6); // the cancelled and the other category are not eligible
    expect(committed.commitment.committedAt).toBe(new Date(BEFORE_ROUND).toISOString());
    expect(Date.parse(committed.beacon.roundTime)).toBeGreaterThan(Date.parse(committed.commitment.committedAt));
    expect(committed.outcome).toBeUndefined();

    const early = await failure(s.executeDraw(UNIT_A, committed.drawId));
    expect(early.details.reason).toBe('ROUND_NOT_YET_AVAILABLE');

    rt.clock.set(AFTER_ROUND);
    const drawn = await s.executeDraw(UNIT_A, committed.drawId);
    expect(drawn.state).toBe('drawn');
    expect(drawn.beacon.randomness).toBe(ROUNDS[1]!.randomness);
    expect(drawn.drawnCount).toBe(2);
    expect(drawn.outcome).toBeUndefined(); // the targets must not be tipped off
    expect(drawn.outcomeHash).toMatch(/^[0-9a-f]{64}$/);

    // The public inputs alone do not give the outcome: the seed covers the unit's salt, which is not yet public.
    const directory = await rt.registry.getVersion(UNIT_A, 'inspection-targets', drawn.commitment.targets.version);
    const inspectors = await s.inspectorsOf(UNIT_A, drawn.drawId);
    const publicInputs = {
      commitmentHash: Buffer.from(drawn.commitmentHash, 'hex'),
      randomness: Buffer.from(drawn.beacon.randomness!, 'hex'),
      targets: directory.items.filter((t) => t.industry === '餐饮服务').map((t) => String(t.uscc)),
      inspectors: inspectors.map((i) => i.certificateNumber),
      count: 2,
      inspectorsPerTarget: 2,
    };
    expect(drawn.commitment.scheme).toBe('gongshi-draw-v3');
    expect(drawn.salt).toBeUndefined();
    // Without a salt the seed is v1's, the only one anyone outside the unit can compute.
    const unsalted = runSampler({ ...publicInputs, scheme: 'gongshi-draw-v1' });
    expect(outcomeHash(unsalted)).not.toBe(drawn.outcomeHash);
    // With the salt the unit holds (and committed to by its hash), they give the hash that was logged.
    const salt = Buffer.from(
      (await new InspectionStore(rt.client, rt.tableName).getDraw(UNIT_A, drawn.drawId))!.salt!,
      'hex',
    );
    expect(createHash('sha256').update(salt).digest('hex')).toBe(drawn.commitment.saltHash);
    const rerun = runSampler({ ...publicInputs, scheme: 'gongshi-draw-v3', salt });
    expect(outcomeHash(rerun)).toBe(drawn.outcomeHash);

    const [first, second] = rerun.targets;
    const undrawn = await failure(
      s.recordResults(UNIT_A, drawn.drawId, [
        { uscc: targetUscc(119), result: '未发现问题', inspectedOn: '2023-10-09' },
      ]),
    );
    expect(undrawn.code).toBe('VALIDATION_FAILED');
    expect(undrawn.details.errors).toEqual([
      expect.objectContaining({ index: 0, code: 'RESULT_FOR_UNDRAWN_TARGET', uscc: targetUscc(119) }),
    ]);

    const half = await s.recordResults(UNIT_A, drawn.drawId, [
      { uscc: first!.uscc, result: '发现问题已责令整改', inspectedOn: '2023-10-09' },
    ]);
    expect(half.state).toBe('drawn');
    expect(half.outcome).toBeUndefined();

    const published = await s.recordResults(UNIT_A, drawn.drawId, [
      { uscc: second!.uscc, result: '未发现问题', inspectedOn: '2023-10-10' },
    ]);
    expect(published.state).toBe('published');
    expect(published.outcome).toEqual(rerun.targets);
    expect(published.salt).toBe(salt.toString('hex')); // revealed with the outcome
    expect(published.results!.map((r) => r.result)).toEqual(['发现问题已责令整改', '未发现问题']);
    expect(published.resultsDue).toBe('2023-12-28'); // 20 working days after 2023-11-30

    const log = await s.drawLog(UNIT_A);
    expect(log.map((e) => e.type)).toEqual(['committed', 'drawn', 'results-published']);
    expect(log[0]!.subjectHash).toBe(drawn.commitmentHash);
    expect(log[1]!.subjectHash).toBe(drawn.outcomeHash);
    expect(checkLog(log)).toEqual({ ok: true });
    expect(checkLog([log[0]!, { ...log[1]!, subjectHash: '0'.repeat(64) }, log[2]!])).toMatchObject({
      ok: false,
      seq: 2,
    });

    const stats = await s.statistics(UNIT_A, 2023);
    expect(stats).toMatchObject({
      tasks: 2,
      items: 3,
      draws: 1,
      targetsDrawn: 2,
      targetsInspected: 2,
      directorySize: 120,
      problemsFound: 1,
      resultsPublished: 1,
    });
    expect(stats.shareOfDirectory).toBeCloseTo(2 / 120);
  });
});

describe('refusals change nothing', () => {
  it('refuses a round already published, a count above the eligible targets and too few inspectors', async () => {
    const s = service();
    const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
    const base = { planId: plan!.planId, taskId: 'T01', category: '市场监管', round: ROUND };

    const old = await failure(s.commitDraw(UNIT_A, { ...base, round: 123 }));
    expect([statusOf(old), old.details.reason]).toEqual([422, 'ROUND_ALREADY_PUBLISHED']);
    expect(old.message).toMatch(/已经产生/);

    const tooMany = await failure(s.commitDraw(UNIT_A, { ...base, filter: { riskLevels: ['C'] }, count: 41 }));
    expect([statusOf(tooMany), tooMany.details.reason, tooMany.details.eligible]).toEqual([
      422,
      'COUNT_ABOVE_ELIGIBLE',
      40,
    ]);

    const belowRatio = await failure(s.commitDraw(UNIT_A, { ...base, count: 1 }));
    expect(belowRatio.details.reason).toBe('BELOW_MINIMUM_RATIO');

    const fewInspectors = await failure(s.commitDraw(UNIT_A, { ...base, category: '生态环境' }));
    expect([fewInspectors.details.reason, fewInspectors.details.available]).toEqual(['TOO_FEW_INSPECTORS', 1]);

    expect(await s.listDraws(UNIT_A)).toEqual([]);
    expect(await s.drawLog(UNIT_A)).toEqual([]);
  });

  it('answers a commitment that lost its draw number with a conflict, and stale draw updates too', async () => {
    const s = service();
    const store = new InspectionStore(rt.client, rt.tableName);
    const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
    const first = await s.commitDraw(UNIT_A, {
      planId: plan!.planId,
      taskId: 'T01',
      category: '市场监管',
      round: ROUND,
    });
    const record = (await store.getDraw(UNIT_A, first.drawId))!;
    // A record under the number the next T01 commitment picks, as a concurrent commitment would have written it.
    const taken = `${plan!.planId}.T01.2`;
    await store.createDraw({ ...record, drawId: taken, commitment: { ...record.commitment, taskId: 'T02' } });
    await expect(store.createDraw({ ...record, drawId: taken })).rejects.toThrow('draw changed');
    const lost = await failure(s.commitDraw(UNIT_A, { planId: plan!.planId, taskId: 'T01', category: '市场监管' }));
    expect([statusOf(lost), lost.code, lost.details.reason, lost.details.drawId]).toEqual([
      409,
      'CONFLICT',
      'DRAW_ID_TAKEN',
      taken,
    ]);
    expect((await s.drawLog(UNIT_A)).map((e) => e.type)).toEqual(['committed']);

    const updated = await store.updateDraw({ ...record, state: 'refused' }, 0);
    expect(updated.revision).toBe(1);
    await expect(store.updateDraw({ ...record, state: 'drawn' }, 0)).rejects.toThrow('draw changed');
    await expect(store.updateDraw({ ...updated, state: 'drawn' }, 1)).resolves.toMatchObject({ revision: 2 });
  });

  it('keeps the winning inspectors snapshot when a concurrent commitment for the same draw number loses', async () => {
    certificates.certificates.push(
      officer(UNIT_A, 50, { category: '食品安全' }),
      officer(UNIT_A, 51, { category: '食品安全' }),
    );
    const store = new RacingStore(rt.client, rt.tableName);
    const s = new InspectionService({
      store,
      registry: rt.registry,
      certificates,
      beacon: recordedBeacon(ROUNDS, { clock: rt.clock.now }),
      clock: rt.clock.now,
    });
    const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
    const commit = (category: string) =>
      s.commitDraw(UNIT_A, { planId: plan!.planId, taskId: 'T01', category, round: ROUND });
    // Both write their snapshot before either creates the draw; the first writer creates it first and wins.
    const [market, food] = await Promise.allSettled([commit('市场监管'), commit('食品安全')]);
    const settled = [market, food];
    const won = settled.find((r) => r.status === 'fulfilled')!;
    const lost = settled.find((r) => r.status === 'rejected')!;
    expect(won).toBeDefined();
    expect((lost.reason as AppError & { details: { reason: string } }).details.reason).toBe('DRAW_ID_TAKEN');
    const winner = won.value;
    expect(winner.drawId).toBe(`${plan!.planId}.T01.1`);
    expect(store.writers[0]).toBe(winner.commitmentHash);

    const inspectors = await s.inspectorsOf(UNIT_A, winner.drawId);
    expect(inspectors.map((i) => i.category)).toEqual(inspectors.map(() => winner.commitment.inspectors.category));
    expect(snapshotHash(inspectors)).toBe(winner.commitment.inspectors.contentHash);
    expect(inspectors).toHaveLength(winner.commitment.inspectors.count);
    // The loser's parts are gone: every part left of this draw number is the winner's.
    const parts = await queryAll(rt.client, {
      TableName: rt.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: marshall({ ':pk': `INSP#${UNIT_A}`, ':p': `PART#${winner.drawId}#` }),
    });
    expect(parts.map((p) => String(unmarshall(p).sk))).toEqual([
      `PART#${winner.drawId}#${winner.commitmentHash}#I#00000`,
    ]);
    expect((await s.drawLog(UNIT_A)).map((e) => [e.type, e.subjectHash])).toEqual([
      ['committed', winner.commitmentHash],
    ]);
  });

  it('refuses a tampered round and keeps the draw committed', async () => {
    const tampered: BeaconRound = { ...ROUNDS[1]!, signature: ROUNDS[0]!.signature, randomness: ROUNDS[0]!.randomness };
    const s = service(recordedBeacon([tampered], { clock: rt.clock.now }));
    const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
    const d = await s.commitDraw(UNIT_A, { planId: plan!.planId, taskId: 'T01', category: '市场监管', round: ROUND });
    rt.clock.set(AFTER_ROUND);
    const refused = await failure(s.executeDraw(UNIT_A, d.drawId));
    expect([statusOf(refused), refused.details.reason, refused.details.check]).toEqual([
      422,
      'BEACON_INVALID',
      'BAD_SIGNATURE',
    ]);
    expect((await s.getDraw(UNIT_A, d.drawId)).state).toBe('committed');
  });

  it('refuses to draw when the targets directory changed after the commitment', async () => {
    const s = service();
    const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
    const d = await s.commitDraw(UNIT_A, { planId: plan!.planId, taskId: 'T01', category: '市场监管', round: ROUND });
    await importTargets(rt.registry, {
      uscc: UNIT_A,
      bytes: targetsCsv(121),
      effectiveFrom: '2023-09-15',
      publishedBy: 'test',
      source: 'test',
    });
    rt.clock.set(AFTER_ROUND);
    const refused = await failure(s.executeDraw(UNIT_A, d.drawId));
    expect(refused.details.reason).toBe('DIRECTORY_CHANGED');
    const after = await s.getDraw(UNIT_A, d.drawId);
    expect([after.state, after.outcomeHash, after.refusal?.reason]).toEqual([
      'refused',
      undefined,
      'DIRECTORY_CHANGED',
    ]);
    expect((await s.drawLog(UNIT_A)).map((e) => e.type)).toEqual(['committed', 'refused']);
  });

  it('refuses a certificate cancelled after the commitment (the inspectors directory changed)', async () => {
    const s = service();
    const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
    const d = await s.commitDraw(UNIT_A, { planId: plan!.planId, taskId: 'T01', category: '市场监管', round: ROUND });
    certificates.certificates[0] = { ...certificates.certificates[0]!, status: '注销', cancelledOn: '2023-09-15' };
    rt.clock.set(AFTER_ROUND);
    expect((await failure(s.executeDraw(UNIT_A, d.drawId))).details.reason).toBe('DIRECTORY_CHANGED');
  });
});

describe('constraints across draws and re-draws', () => {
  it(
    'never draws a target twice within overlapping periods; a re-draw is a new logged draw ' + 'with its reason',
    async () => {
      const s = service(localDemoBeacon(rt.clock.now));
      const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
      const first = await s.commitDraw(UNIT_A, {
        planId: plan!.planId,
        taskId: 'T01',
        category: '市场监管',
        count: 60,
      });
      expect(first.beacon.chain).toBe(LOCAL_DEMO_CHAIN);
      expect(first.beacon.label).toMatch(/本地演示/);
      rt.clock.advance(10_000);
      await s.executeDraw(UNIT_A, first.drawId);

      // T02 overlaps T01's period: T01's 60 targets are excluded, so at most 60 remain.
      const tooMany = await failure(
        s.commitDraw(UNIT_A, { planId: plan!.planId, taskId: 'T02', category: '市场监管', count: 61 }),
      );
      expect([tooMany.details.reason, tooMany.details.eligible]).toEqual(['COUNT_ABOVE_ELIGIBLE', 60]);
      const second = await s.commitDraw(UNIT_A, { planId: plan!.planId, taskId: 'T02', category: '市场监管' });
      expect(second.commitment.excludedTargets).toHaveLength(60);
      rt.clock.advance(10_000);
      await s.executeDraw(UNIT_A, second.drawId);

      const noReason = await failure(
        s.commitDraw(UNIT_A, {
          planId: plan!.planId,
          taskId: 'T01',
          category: '市场监管',
          count: 6,
          redrawOf: first.drawId,
        }),
      );
      expect(noReason.details.reason).toBe('REASON_REQUIRED');
      const redraw = await s.commitDraw(UNIT_A, {
        planId: plan!.planId,
        taskId: 'T01',
        category: '市场监管',
        count: 6,
        redrawOf: first.drawId,
        reason: '部分检查对象已注销',
      });
      expect(redraw.commitment).toMatchObject({ redrawOf: first.drawId, reason: '部分检查对象已注销' });
      expect(redraw.commitment.excludedTargets).toHaveLength(4); // T02's draw still counts; the replaced one does not
      const draws = await s.listDraws(UNIT_A);
      expect(draws.map((d) => [d.drawId, d.replacedBy])).toEqual([
        [first.drawId, redraw.drawId],
        [redraw.drawId, undefined],
        [second.drawId, undefined],
      ]);
      expect((await s.drawLog(UNIT_A)).map((e) => e.type)).toEqual([
        'committed',
        'drawn',
        'committed',
        'drawn',
        'committed',
        'replaced',
      ]);
    },
  );
});

/**
 * The real store, with two commitments forced into the racing order: both write their inspectors snapshot before
 * either creates its draw, and the first writer creates first (so it wins and the second writer's parts came later).
 */
class RacingStore extends InspectionStore {
  readonly writers: string[] = [];
  private bothWritten = signal();
  private firstCreated = signal();

  override async putParts(...args: Parameters<InspectionStore['putParts']>) {
    const chunks = await super.putParts(...args);
    if (this.writers.push(args[0].commitmentHash) === 2) this.bothWritten.resolve();
    return chunks;
  }

  override async createDraw(draw: Parameters<InspectionStore['createDraw']>[0]) {
    await this.bothWritten.promise;
    if (draw.commitmentHash !== this.writers[0]) await this.firstCreated.promise;
    try {
      await super.createDraw(draw);
    } finally {
      if (draw.commitmentHash === this.writers[0]) this.firstCreated.resolve();
    }
  }
}

function signal() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
