/**
 * Runs the sequencer in-process, coalescing triggers: a publish kicks a run; a
 * kick during a run schedules exactly one more after it, so every publish is
 * covered by a run that started after it. A timer adds a periodic run that
 * picks up what other processes published (gongshi import beside npm start).
 */
import type { SequencerResult } from './sequencer.js';

export class LedgerRunner {
  private running?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  last?: SequencerResult;

  constructor(
    private readonly run: () => Promise<SequencerResult>,
    private readonly onError: (e: unknown) => void = (e) =>
      console.error(JSON.stringify({ level: 'ERROR', message: 'ledger sequencer run failed', error: String(e) })),
  ) {}

  /** Starts a run (or queues one after the current run); resolves when it has finished. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        try {
          this.last = await this.run();
        } catch (e) {
          this.onError(e);
        }
      } while (this.again);
    } finally {
      this.running = undefined;
    }
  }

  /** Resolves once no run is in progress or queued. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.kick(), intervalMs);
    this.timer.unref();
    void this.kick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
