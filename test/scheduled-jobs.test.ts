/**
 * The scheduled jobs: the same list runs under `npm start` (local timers) and on AWS (one function, one EventBridge
 * rule per job). Checked against the real engine: the status-list job signs and stores what the route then serves,
 * the handler refuses an event that names no job, and local runs of one job never overlap.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JOB_IDS, JOB_SCHEDULES } from '../shared/app/job-schedules.js';
import { createJobsRuntime } from '../shared/app/jobs-runtime.js';
import { LocalJobTimers } from '../shared/app/local-jobs.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { createScheduledJobHandler, runScheduledJob } from '../shared/app/scheduled-jobs.js';
import { checkRegions, VerificationResultsStore } from '../shared/features/verifier/index.js';
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
async function publishOfficersElsewhere(rt: Runtime, uscc = UNIT, certificateNumber = '330681Z000001'): Promise<void> {
  const common = { status: 'published' as const, publishedBy: 'test', source: 'test', effectiveFrom: '2024-01-01' };
  const entity = { name: '诸暨市测试执法局', uscc, nature: '法定行政机关', regionCode: REGION, status: 'active' };
  await rt.store.publish({ ...common, uscc, regionCode: REGION, stream: 'entity', items: [entity] });
  const officer = {
    name: '张三',
    certificateNumber,
    certificateType: '行政执法证',
    category: '市场监管',
    issuedOn: '2022-03-01',
    validUntil: '2027-02-28',
    status: '有效',
  };
  await rt.store.publish({ ...common, uscc, regionCode: REGION, stream: 'officers', items: [officer] });
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
    expect(await after.text()).toMatch(/^GSS2\./);
  });

  it('signs the card credentials that nobody signed (lists published before signing), once', async () => {
    const rt = await runtimeWith({ signer: true });
    await publishOfficersElsewhere(rt);
    await rt.officers.rebuild(UNIT); // the index exists, as it did before credentials were signed
    expect(await rt.officers.cards.credentials.get('330681Z000001')).toBeUndefined();

    const first = await runScheduledJob(rt, 'officers.status-lists');
    expect(first.report).toMatchObject({ credentialsSigned: 1, credentialsComplete: true });
    expect((await rt.officers.cards.credentials.get('330681Z000001'))?.credential).toMatch(/^GSC1\./);
    const again = await runScheduledJob(rt, 'officers.status-lists');
    expect(again.report).toMatchObject({ credentialsSigned: 0, credentialsComplete: true });
  });

  it('signs at most its cap per run, stopping between units, and the next run goes on', async () => {
    const rt = await runtimeWith({ signer: true });
    const other = demoUscc(REGION, 4243);
    await publishOfficersElsewhere(rt);
    await publishOfficersElsewhere(rt, other, '330681Z000002');
    await rt.officers.rebuild(UNIT);
    await rt.officers.rebuild(other);
    const cards = rt.officers.cards;
    expect(await cards.signOutstanding(1)).toEqual({ units: 1, signed: 1, complete: false });
    expect(await cards.signOutstanding(1)).toEqual({ units: 2, signed: 1, complete: true });
    expect(await cards.signOutstanding(1)).toEqual({ units: 2, signed: 0, complete: true });
    const stored = await cards.credentials.getMany(['330681Z000001', '330681Z000002']);
    expect(stored.size).toBe(2);
  });

  it('fails with a clear message where the process has no certificate signer', async () => {
    const rt = await runtimeWith({ signer: false });
    await expect(runScheduledJob(rt, 'officers.status-lists')).rejects.toThrow(/certificate signer/);
  });
});

describe('the decisions job', () => {
  it('makes the previous year’s reports in January, then ends each publicity period on its day', async () => {
    const endpoint = engineEndpoint();
    const tableName = `t_${randomBytes(6).toString('hex')}`;
    const client = createClient({ endpoint, region: 'cn-north-1' });
    await ensureTable(client, tableName);
    const clock = new TestClock(new Date('2026-03-10T02:00:00Z'));
    const rt = createRuntime({ tableName, endpoint }, { client, clock: clock.now });
    await publishOfficersElsewhere(rt);
    await rt.officers.rebuild(UNIT);
    const { decision } = await rt.decisions.decisions.record(
      UNIT,
      {
        number: '诸市监罚〔2026〕7号',
        type: '行政许可',
        party: { name: '诸暨示例商行', type: '法人', uscc: demoUscc(REGION, 77) },
        facts: '准予当事人食品经营许可。',
        basis: '《中华人民共和国食品安全法》第三十五条',
        content: '准予许可',
        procedure: '普通',
        decisionDate: '2026-03-02',
        officers: ['330681Z000001'],
      },
      { publish: true },
    );
    const expiresOn = decision.expiresOn;
    expect(expiresOn).toMatch(/^20\d\d-\d\d-\d\d$/);

    clock.set('2027-01-05T02:00:00Z');
    const january = await runScheduledJob(rt, 'decisions.daily');
    expect(january).toEqual({ job: 'decisions.daily', report: { date: '2027-01-05', expired: 0, reports: 1 } });
    const report = await rt.app.request(`/v1/units/${UNIT}/decision-reports/2026`);
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({ year: 2026, byType: { 行政许可: 1 } });
    const county = await rt.app.request(`/v1/regions/${REGION}/decision-reports/2026`);
    expect(county.status).toBe(200);

    clock.set(`${expiresOn}T02:00:00Z`);
    const due = await runScheduledJob(rt, 'decisions.daily');
    expect(due.report).toMatchObject({ expired: 1, reports: 0 });
    const trace = (await (await rt.app.request(`/v1/decisions/${decision.id}`)).json()) as Record<string, unknown>;
    expect(trace).toMatchObject({ state: 'expired', expired: { on: expiresOn } });
    expect(trace.content).toBeUndefined();
    expect((await runScheduledJob(rt, 'decisions.daily')).report).toMatchObject({ expired: 0 });
  });

  it('runs after midnight Beijing time, after the status lists', () => {
    expect(JOB_SCHEDULES['decisions.daily'].schedule).toBe('cron(20 16 * * ? *)');
  });
});

/** A runtime whose publishes are sequenced into a signed log, with one unit in each of two counties. */
async function loggedRuntime(): Promise<Runtime & { results: VerificationResultsStore }> {
  const endpoint = engineEndpoint();
  const tableName = `t_${randomBytes(6).toString('hex')}`;
  const client = createClient({ endpoint, region: 'cn-north-1' });
  await ensureTable(client, tableName);
  const clock = new TestClock(new Date('2024-11-20T02:00:00Z'));
  const ledger = { signer: Ed25519Signer.generate('jobs.test/log'), origin: 'jobs.test/log', afterPublish: true };
  const rt = createRuntime({ tableName, endpoint }, { client, clock: clock.now, ledger });
  for (const region of [REGION, '210902']) {
    const uscc = demoUscc(region, 7);
    const entity = { name: `测试执法局${region}`, uscc, nature: '法定行政机关', regionCode: region, status: 'active' };
    const common = { status: 'published' as const, publishedBy: 'test', source: 'test', effectiveFrom: '2024-01-01' };
    await rt.registry.publish({ ...common, uscc, stream: 'entity', items: [entity] });
    clock.advance(60_000);
  }
  await rt.ledger!.runner.idle();
  clock.advance(600_000);
  return { ...rt, results: new VerificationResultsStore(client, tableName) };
}

describe('the verification job', () => {
  it('runs the verifier for every region with units and stores each region’s result', async () => {
    const rt = await loggedRuntime();
    const outcome = await runScheduledJob(rt, 'ledger.verify-regions');
    expect(outcome.report).toEqual({ checked: 2, failed: [], waiting: 0 });
    const stored = await rt.results.latest();
    expect(stored.map((r) => r.regionCode)).toEqual(['210902', REGION]);
    for (const r of stored) {
      expect(r).toMatchObject({ ok: true, failureCount: 0, failures: [], units: 1, versions: 1, logSize: 2 });
      expect(r.checkedAt).toBe('2024-11-20T02:12:00.000Z');
    }
    expect((await rt.results.latest('33')).map((r) => r.regionCode)).toEqual([REGION]);
  });

  it('stores a failed result where the registry cannot be verified (here: no signed log at all)', async () => {
    const rt = await runtimeWith({ signer: false });
    await publishOfficersElsewhere(rt);
    const outcome = await runScheduledJob(rt, 'ledger.verify-regions');
    expect(outcome.report).toEqual({ checked: 1, failed: [REGION], waiting: 0 });
    const [result] = await new VerificationResultsStore(rt.client, rt.store.tableName).latest();
    expect(result).toMatchObject({ regionCode: REGION, ok: false, failureCount: 1, units: 0 });
    expect(result!.failures[0]!.check).toBe('run');
    expect(result!.logSize).toBeUndefined();
  });

  it('checks at most its bound per run, the regions checked longest ago first', async () => {
    const rt = await loggedRuntime();
    const check = {
      baseUrl: 'http://registry.internal',
      fetch: async (url: string, init: { headers: Record<string, string> }) => rt.app.request(url, init),
      results: rt.results,
      now: () => rt.store.now(),
      maxRegions: 1,
    };
    const regions = [REGION, '210902'];
    expect(await checkRegions(regions, check)).toEqual({ checked: ['210902'], failed: [], waiting: 1 });
    expect(await checkRegions(regions, check)).toEqual({ checked: [REGION], failed: [], waiting: 1 });
    expect((await rt.results.latest()).length).toBe(2);
  });

  it('runs the same in the scheduled function’s runtime, which has no write routes', async () => {
    const rt = await loggedRuntime();
    const jobs = createJobsRuntime({ tableName: rt.store.tableName, endpoint: engineEndpoint() });
    const writeOnly = await jobs.app.request('/v1/drafts', { method: 'GET' });
    expect(writeOnly.status).toBe(404);
    const outcome = await runScheduledJob(jobs, 'ledger.verify-regions');
    expect(outcome.report).toEqual({ checked: 2, failed: [], waiting: 0 });
    expect((await rt.results.latest()).map((r) => [r.regionCode, r.ok])).toEqual([
      ['210902', true],
      [REGION, true],
    ]);
  });

  it('runs daily after the status lists and the decisions job (00:40 北京时间)', () => {
    expect(JOB_SCHEDULES['ledger.verify-regions'].schedule).toBe('cron(40 16 * * ? *)');
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
