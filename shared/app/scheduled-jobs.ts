/**
 * The registry's scheduled jobs: what each one does with a runtime. The same list runs on AWS (one function,
 * invoked by one EventBridge rule per job with `{ "job": id }`, functions/scheduled-jobs.ts) and under `npm start`
 * (one timer per job, ./local-jobs.ts). Each run is idempotent: a run repeated or run late gives the same stored
 * result, so a missed or doubled trigger never needs repair.
 */
import { z } from 'zod';
import { JOB_IDS, type JobId } from './job-schedules.js';
import type { Runtime } from './runtime.js';
import { runDailyJob } from '../features/decisions/index.js';
import { RegionReader } from '../features/lists/index.js';
import { checkRegions, VerificationResultsStore } from '../features/verifier/index.js';
import { entityKind } from '../core/kinds/index.js';

/** Card credentials the status-list job signs per run at most (eight at a time, each one KMS call). */
export const CREDENTIALS_SIGNED_PER_RUN = 5_000;

/** Regions the verification job checks per run: each takes seconds to minutes, the function has 10. */
export const VERIFIED_REGIONS_PER_RUN = 10;

/** The origin the in-process verifier asks; the app answers it whatever it is. */
const IN_PROCESS_ORIGIN = 'http://registry.internal';

/** What a run reports, logged as one line. */
export type JobReport = Record<string, unknown>;

/**
 * What the jobs use of a runtime: the full one (./runtime.ts, under `npm start`) or the scheduled function's
 * (./jobs-runtime.ts). `app` answers the public routes in process, for the verifier.
 */
export type JobsRuntime = Pick<Runtime, 'store' | 'registry' | 'officers' | 'decisions' | 'inspections'> & {
  app: { request: (input: string, init?: RequestInit) => Response | Promise<Response> };
};

type JobRun = (runtime: JobsRuntime) => Promise<JobReport>;

const JOB_RUNS: Record<JobId, JobRun> = {
  'officers.status-lists': async (runtime) => {
    const publisher = runtime.officers.publisher;
    if (!publisher) throw new Error('officers.status-lists needs a certificate signer, and this process has none');
    const run = await publisher.publishAll();
    const cards = await runtime.officers.cards.signOutstanding(CREDENTIALS_SIGNED_PER_RUN);
    return {
      date: run.date,
      regions: run.regions.length,
      certificates: run.certificates,
      ms: run.ms,
      credentialsSigned: cards.signed,
      credentialsComplete: cards.complete,
    };
  },
  // 事后公示: the publicity periods due since the last run (the sparse expiry index only), and from 1 January each
  // unit's and county's report for the previous year that does not exist yet (the 31 January deadline).
  'decisions.daily': async (runtime) => {
    const { decisions, reports } = runtime.decisions;
    const run = await runDailyJob({ decisions, reports, registry: runtime.registry });
    return { date: decisions.today(), expired: run.expired, reports: run.reports };
  },
  // The verifier over this process's own public routes (as an auditor would call them), region by region.
  'ledger.verify-regions': async (runtime) => {
    const { client, tableName } = runtime.store;
    const regionCodes = new Set<string>();
    for await (const head of new RegionReader(client, tableName).heads('', entityKind.id))
      regionCodes.add(head.regionCode);
    const run = await checkRegions([...regionCodes], {
      baseUrl: IN_PROCESS_ORIGIN,
      fetch: async (url, init) => runtime.app.request(url, init),
      results: new VerificationResultsStore(client, tableName),
      now: () => runtime.store.now(),
      maxRegions: VERIFIED_REGIONS_PER_RUN,
    });
    return { checked: run.checked.length, failed: run.failed, waiting: run.waiting };
  },
  'inspections.due-draws': async (runtime) => {
    const run = await runtime.inspections.runDueDraws();
    return { due: run.due, drawn: run.drawn, refused: run.refused, waiting: run.waiting };
  },
};

/** The event the rules send: `{ "job": "<id>" }`. */
export const JobEventSchema = z.object({ job: z.enum(JOB_IDS as [JobId, ...JobId[]]) });

export interface JobOutcome {
  job: JobId;
  report: JobReport;
}

export async function runScheduledJob(runtime: JobsRuntime, job: JobId): Promise<JobOutcome> {
  return { job, report: await JOB_RUNS[job](runtime) };
}

/**
 * The scheduled function's handler: validates the rule's event, runs the job once per invocation and logs its
 * report. A bad event is refused before any work (the rule's input is fixed in the stack, so it means a
 * misconfigured rule).
 */
export function createScheduledJobHandler(
  runtimeFor: () => JobsRuntime | Promise<JobsRuntime>,
  log: { info(message: string, extra: Record<string, unknown>): void },
): (event: unknown) => Promise<JobOutcome> {
  let ready: Promise<JobsRuntime> | undefined;
  return async (event) => {
    const parsed = JobEventSchema.safeParse(event);
    if (!parsed.success) throw new Error(`not a scheduled-job event: ${JSON.stringify(event)?.slice(0, 200)}`);
    ready ??= Promise.resolve(runtimeFor());
    const outcome = await runScheduledJob(await ready, parsed.data.job);
    log.info('scheduled job run', { job: outcome.job, ...outcome.report });
    return outcome;
  };
}
