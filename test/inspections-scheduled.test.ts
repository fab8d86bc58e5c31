/**
 * The scheduled draw (job `inspections.due-draws`): committed draws are run once their round has been emitted,
 * never before; a draw run by hand or refused leaves the due list; a run repeated changes nothing. The runtime has
 * its in-process sequencer, so each commitment is in the transparency log before its round, as a draw requires.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { JOB_SCHEDULES } from '../shared/app/job-schedules.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { runScheduledJob } from '../shared/app/scheduled-jobs.js';
import { entityKind } from '../shared/core/kinds/index.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { importTargets, recordedBeacon, type BeaconRound } from '../shared/features/inspections/index.js';
import { officer, targetsCsv } from '../testing/inspections.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, UNIT_A } from './support/fixtures.js';

const fixture = JSON.parse(readFileSync('test/fixtures/drand/quicknet-rounds.json', 'utf8')) as {
  chain: string;
  rounds: Array<Omit<BeaconRound, 'chain'>>;
};
const ROUNDS: BeaconRound[] = fixture.rounds.map((r) => ({ ...r, chain: fixture.chain }));
const ROUND = 657413; // emitted 2023-09-15T11:00:03Z
const PLAN_TABLE = {
  header: ['计划名称', '任务名称', '抽查事项', '抽查对象范围', '抽查比例(及频次)', '实施时间', '发起部门'],
  rows: [
    {
      row: 2,
      cells: ['2023年度双随机抽查工作计划', '餐饮抽查', 'SJ-001', '餐饮', '抽取3户', '2023年9月-11月', '市监局'],
    },
    {
      row: 3,
      cells: ['2023年度双随机抽查工作计划', '药品抽查', 'SJ-002', '药品', '抽取2户', '2023年9月-11月', '市监局'],
    },
  ],
};

let base: TestRuntime;
let rt: Runtime;
let planId: string;

beforeEach(async () => {
  base = await createTestRuntime({ clock: new TestClock(new Date('2023-09-15T10:58:00Z')) });
  rt = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    {
      client: base.client,
      clock: base.clock.now,
      beacon: recordedBeacon(ROUNDS, { clock: base.clock.now }),
      ledger: {
        signer: Ed25519Signer.generate('inspections-scheduled.test/log'),
        origin: 'inspections-scheduled.test/log',
      },
    },
  );
  const common = { status: 'published' as const, effectiveFrom: '2023-01-01', publishedBy: 'test', source: 'test' };
  await rt.registry.publish({ ...common, uscc: UNIT_A, stream: entityKind.id, items: [entity()] });
  const officers = Array.from({ length: 4 }, (_, i) => {
    const { uscc: _u, regionCode: _r, ...o } = officer(UNIT_A, i + 1);
    return o;
  });
  await rt.registry.publish({ ...common, uscc: UNIT_A, stream: 'officers', items: officers });
  await rt.officers.settled();
  await importTargets(rt.registry, { ...common, uscc: UNIT_A, bytes: targetsCsv(20) });
  planId = (await rt.inspections.importPlans(UNIT_A, PLAN_TABLE))[0]!.planId;
});

/** Commits a draw and waits until the in-process sequencer has logged the commitment. */
async function commit(taskId: string) {
  const committed = await rt.inspections.commitDraw(UNIT_A, { planId, taskId, category: '市场监管', round: ROUND });
  await rt.ledger!.runner.idle();
  return committed;
}

describe('the due-draws job', () => {
  it('is scheduled every minute on AWS and locally', () => {
    expect(JOB_SCHEDULES['inspections.due-draws']).toMatchObject({ schedule: 'rate(1 minute)', localEveryMs: 60_000 });
  });

  it('waits for the committed round, then draws, once', async () => {
    const first = await commit('T01');
    const early = await runScheduledJob(rt, 'inspections.due-draws');
    expect(early.report).toEqual({ due: 0, drawn: [], refused: [], waiting: [] });

    base.clock.set('2023-09-15T11:00:10Z');
    const run = await runScheduledJob(rt, 'inspections.due-draws');
    expect(run.report).toEqual({ due: 1, drawn: [`${UNIT_A}/${first.drawId}`], refused: [], waiting: [] });
    expect((await rt.inspections.getDraw(UNIT_A, first.drawId)).state).toBe('drawn');
    expect((await rt.inspections.getDraw(UNIT_A, first.drawId)).outcome).toBeUndefined();

    const again = await runScheduledJob(rt, 'inspections.due-draws');
    expect(again.report).toEqual({ due: 0, drawn: [], refused: [], waiting: [] });
    expect((await rt.inspections.drawLog(UNIT_A)).map((e) => e.type)).toEqual(['committed', 'drawn']);
  });

  it('takes a draw run by hand off the list, and logs a refusal when the directory changed', async () => {
    const byHand = await commit('T01');
    const changed = await commit('T02');
    base.clock.set('2023-09-15T11:00:10Z');
    await rt.inspections.executeDraw(UNIT_A, byHand.drawId);
    await importTargets(rt.registry, {
      uscc: UNIT_A,
      bytes: targetsCsv(21),
      effectiveFrom: '2023-09-15',
      publishedBy: 'test',
      source: 'test',
    });
    const run = await runScheduledJob(rt, 'inspections.due-draws');
    expect(run.report).toEqual({ due: 1, drawn: [], refused: [`${UNIT_A}/${changed.drawId}`], waiting: [] });
    expect((await rt.inspections.getDraw(UNIT_A, changed.drawId)).refusal?.reason).toBe('DIRECTORY_CHANGED');
    expect((await runScheduledJob(rt, 'inspections.due-draws')).report).toMatchObject({ due: 0 });
  });

  it('keeps waiting while the beacon does not serve the round yet', async () => {
    const lagging = createRuntime(
      { tableName: base.tableName, endpoint: base.endpoint },
      { client: base.client, clock: base.clock.now, beacon: recordedBeacon([], { clock: base.clock.now }) },
    );
    const d = await commit('T01');
    base.clock.set('2023-09-15T11:00:10Z');
    const run = await runScheduledJob(lagging, 'inspections.due-draws');
    expect(run.report).toEqual({ due: 1, drawn: [], refused: [], waiting: [`${UNIT_A}/${d.drawId}`] });
    expect((await rt.inspections.getDraw(UNIT_A, d.drawId)).state).toBe('committed');
  });
});
