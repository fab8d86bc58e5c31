/**
 * The scheduled jobs: the same list runs under `npm start` (local timers) and on AWS (one function, one EventBridge
 * rule per job). Checked against the real engine: the status-list job signs and stores what the route then serves,
 * the handler refuses an event that names no job, and local runs of one job never overlap.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JOB_IDS, JOB_SCHEDULES } from '../shared/app/job-schedules.js';
import { LocalJobTimers } from '../shared/app/local-jobs.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { createScheduledJobHandler, runScheduledJob } from '../shared/app/scheduled-jobs.js';
import { demoUscc } from '../shared/features/demo/generate.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { createClient } from '../shared/platform/dynamodb/client.js';
import { ensureTable } from '../shared/platform/dynamodb/ensure-table.js';
import { engineEndpoint, TestClock } from './support/engine.js';

const REGION = '330681';
const UNIT = demoUscc(REGION, 4242);

async function runtimeWith(options: { signer: boolean }): Promise<Runtime> {
  const endpoint = engineEndpoint();
  const tableName = `t_${randomBytes(6).toString('hex')}`;
  const client = createClient({ endpoint, region: 'cn-north-1' });
  await ensureTable(client, tableName);
  const clock = new TestClock(new Date('2024-11-20T02:00:00Z'));
  return createRuntime(
    { tableName, endpoint },
    { client, clock: clock.now, ...(options.signer ? { certificateSigner: Ed25519Signer.generate('jobs') } : {}) },
  );
}

/** Publishes a unit's officers list straight through the stream store, as an import in another process does. */
async function publishOfficersElsewhere(rt: Runtime): Promise<void> {
  const common = { status: 'published' as const, publishedBy: 'test', source: 'test', effectiveFrom: '2024-01-01' };
  const entity = { name: '诸暨市测试执法局', uscc: UNIT, nature: '法定行政机关', regionCode: REGION, status: 'active' };
  await rt.store.publish({ ...common, uscc: UNIT, regionCode: REGION, stream: 'entity', items: [entity] });
  const officer = {
    name: '张三',
    certificateNumber: '330681Z000001',
    certificateType: '行政执法证',
    category: '市场监管',
    issuedOn: '2022-03-01',
    validUntil: '2027-02-28',
    status: '有效',
  };
  await rt.store.publish({ ...common, uscc: UNIT, regionCode: REGION, stream: 'officers', items: [officer] });
}

describe('the schedules', () => {
  it('give every job an EventBridge expression and a local interval of at least a minute', () => {
    expect(JOB_IDS.length).toBeGreaterThan(0);
    for (const job of JOB_IDS) {
      expect(JOB_SCHEDULES[job].schedule, job).toMatch(/^(cron|rate)\(.+\)$/);
      expect(JOB_SCHEDULES[job].localEveryMs, job).toBeGreaterThanOrEqual(60_000);
    }
  });

  it('run the status lists just after midnight Beijing time (16:05 UTC)', () => {
    expect(JOB_SCHEDULES['officers.status-lists'].schedule).toBe('cron(5 16 * * ? *)');
  });
});

describe('the status-list job', () => {
  it('signs and stores the lists of every region with officers, which the route then serves', async () => {
    const rt = await runtimeWith({ signer: true });
    await publishOfficersElsewhere(rt);
    const before = await rt.app.request(`/v1/certificates/status-list?region=${REGION}`);
    expect(before.status).toBe(404);

    const outcome = await runScheduledJob(rt, 'officers.status-lists');
    expect(outcome).toMatchObject({
      job: 'officers.status-lists',
      report: { date: '2024-11-20', regions: 3, certificates: 3 },
    });
    const after = await rt.app.request(`/v1/certificates/status-list?region=${REGION}`);
    expect(after.status).toBe(200);
    expect(await after.text()).toMatch(/^GSS1\./);
  });

  it('fails with a clear message where the process has no certificate signer', async () => {
    const rt = await runtimeWith({ signer: false });
    await expect(runScheduledJob(rt, 'officers.status-lists')).rejects.toThrow(/certificate signer/);
  });
});

describe('the scheduled function’s handler', () => {
  it('runs the job the event names and logs its report', async () => {
    const rt = await runtimeWith({ signer: true });
    await publishOfficersElsewhere(rt);
    const lines: Array<[string, Record<string, unknown>]> = [];
    const handler = createScheduledJobHandler(() => rt, { info: (m, extra) => lines.push([m, extra]) });
    const outcome = await handler({ job: 'officers.status-lists' });
    expect(outcome.job).toBe('officers.status-lists');
    expect(lines).toEqual([['scheduled job run', expect.objectContaining({ job: 'officers.status-lists' })]]);
  });

  it('refuses an event that names no known job, before building a runtime', async () => {
    let built = 0;
    const handler = createScheduledJobHandler(
      () => {
        built++;
        throw new Error('not reached');
      },
      { info: () => {} },
    );
    await expect(handler({ job: 'no.such-job' })).rejects.toThrow(/not a scheduled-job event/);
    await expect(handler({})).rejects.toThrow(/not a scheduled-job event/);
    expect(built).toBe(0);
  });
});

describe('local timers', () => {
  it('never run one job twice at once, and stop waits for the run in progress', async () => {
    const rt = await runtimeWith({ signer: true });
    await publishOfficersElsewhere(rt);
    const runs: string[] = [];
    const errors: unknown[] = [];
    const timers = new LocalJobTimers(rt, {
      onRun: (o) => runs.push(o.job),
      onError: (_job, e) => errors.push(e),
    });
    const first = timers.runNow('officers.status-lists');
    const second = timers.runNow('officers.status-lists');
    expect(second).toBe(first);
    await timers.stop();
    expect(runs).toEqual(['officers.status-lists']);
    expect(errors).toEqual([]);
  });

  it('report a failed run and keep going', async () => {
    const rt = await runtimeWith({ signer: false });
    const errors: string[] = [];
    const timers = new LocalJobTimers(rt, { onError: (job) => errors.push(job) });
    await timers.runNow('officers.status-lists');
    await timers.runNow('officers.status-lists');
    expect(errors).toEqual(['officers.status-lists', 'officers.status-lists']);
  });
});
