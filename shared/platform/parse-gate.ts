/**
 * Bounds the uploads one process parses at once. Reading a spreadsheet is CPU- and memory-heavy (exceljs holds the
 * workbook, validation holds every row), so at most `concurrency` parses run together; up to `queue` more wait, in
 * arrival order, for a free place. A parse that finds the queue full is refused at once with 503 and Retry-After
 * (`UNAVAILABLE`, reason `PARSE_QUEUE_FULL`) rather than piling up memory until the process fails.
 */
import { AppError } from '../core/errors.js';

export interface ParseLimits {
  /** Parses that run at once. */
  concurrency: number;
  /** Parses that may wait for a place; one more is refused. */
  queue: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { concurrency: 2, queue: 8 };

/** What a refused client is told to wait before trying again (a parse takes up to about two seconds). */
const RETRY_AFTER_SECONDS = 5;

export class ParseGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limits: ParseLimits = DEFAULT_PARSE_LIMITS) {
    if (!(limits.concurrency >= 1) || !(limits.queue >= 0)) throw new Error('parse limits: concurrency ≥ 1, queue ≥ 0');
  }

  /** Parses running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(parse: () => Promise<T>): Promise<T> {
    if (this.running < this.limits.concurrency) this.running++;
    else if (this.waiting.length < this.limits.queue)
      // The place is handed over by the parse that finishes (running stays counted for this one).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else
      throw new AppError('UNAVAILABLE', `正在处理的上传文件过多，请 ${RETRY_AFTER_SECONDS} 秒后重试`, {
        reason: 'PARSE_QUEUE_FULL',
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        ...this.limits,
      });
    try {
      return await parse();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
