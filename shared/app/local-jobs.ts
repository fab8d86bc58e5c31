/**
 * The scheduled jobs under `npm start`: one timer per job (./job-schedules.ts), each run once a moment after start
 * and then at its local interval. Runs of one job never overlap (a run still going when its timer fires is
 * skipped); a failed run is reported and retried at the next interval.
 */
import { JOB_IDS, JOB_SCHEDULES, type JobId } from './job-schedules.js';
import type { Runtime } from './runtime.js';
import { runScheduledJob, type JobOutcome } from './scheduled-jobs.js';

export interface LocalJobEvents {
  onRun?(outcome: JobOutcome): void;
  onError?(job: JobId, error: unknown): void;
}

export class LocalJobTimers {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<JobId, Promise<void>>();

  constructor(
    private readonly runtime: Runtime,
    private readonly events: LocalJobEvents = {},
    private readonly jobs: readonly JobId[] = JOB_IDS,
  ) {}

  /** Starts every job's timer; the first runs happen after `firstRunAfterMs`. */
  start(firstRunAfterMs = 2_000): void {
    for (const job of this.jobs) {
      const first = setTimeout(() => {
        void this.runNow(job);
        const every = setInterval(() => void this.runNow(job), JOB_SCHEDULES[job].localEveryMs);
        every.unref();
        this.timers.push(every);
      }, firstRunAfterMs);
      first.unref();
      this.timers.push(first);
    }
  }

  /** Runs one job now unless a run of it is going; resolves when that run has ended. */
  runNow(job: JobId): Promise<void> {
    const going = this.running.get(job);
    if (going) return going;
    const run = runScheduledJob(this.runtime, job)
      .then((outcome) => this.events.onRun?.(outcome))
      .catch((error) => this.events.onError?.(job, error))
      .finally(() => this.running.delete(job));
    this.running.set(job, run);
    return run;
  }

  /** Stops the timers and waits for the runs in progress. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
    await Promise.all([...this.running.values()]);
  }
}
