/**
 * When each scheduled job runs, as data: the stack makes one EventBridge rule per entry (infra/constructs/
 * scheduled-jobs.ts) and `npm start` one timer per entry (./local-jobs.ts). Kept apart from the jobs' code so the
 * stack reads the schedules without importing the registry. EventBridge cron expressions are in UTC: Beijing time
 * is UTC+8, so 00:05 北京时间 is `cron(5 16 * * ? *)`.
 */
export interface JobSchedule {
  /** What the job does, for the rule's description and the logs. */
  description: string;
  /** EventBridge schedule expression (UTC). */
  schedule: string;
  /** Under `npm start`: run once shortly after start, then this often. */
  localEveryMs: number;
}

const HOUR_MS = 3_600_000;

export const JOB_SCHEDULES = {
  'officers.status-lists': {
    description: 'Signs and stores every region’s certificate status list for the new China date',
    // Statuses change with the date (an expiry takes effect that day): just after midnight Beijing time.
    schedule: 'cron(5 16 * * ? *)',
    localEveryMs: HOUR_MS,
  },
  'decisions.daily': {
    description: 'Ends the decision publicity periods due and, in January, makes the previous year’s reports',
    // A period ends on a China date: after midnight Beijing time, after the status lists.
    schedule: 'cron(20 16 * * ? *)',
    localEveryMs: HOUR_MS,
  },
  'ledger.verify-regions': {
    description:
      'Runs the log verifier over the public routes for the regions checked longest ago, storing each result',
    // After the night's status lists and expiries, so the check sees the day's data; a bounded number per run.
    schedule: 'cron(40 16 * * ? *)',
    localEveryMs: 6 * HOUR_MS,
  },
  'inspections.due-draws': {
    description: 'Runs every committed random-inspection draw whose beacon round has been emitted',
    // A round is emitted every 3 s; a draw is run within a minute of its round (never before: it waits for it).
    schedule: 'rate(1 minute)',
    localEveryMs: 60_000,
  },
} as const satisfies Record<string, JobSchedule>;

export type JobId = keyof typeof JOB_SCHEDULES;

export const JOB_IDS = Object.keys(JOB_SCHEDULES) as JobId[];
