/**
 * The deadline clock: when a decision must be public, and whether it was, in working days.
 * - publication: 7 working days after the decision date for 行政许可 and 行政处罚, 20 for other decisions
 *   (国办发〔2018〕118号 二(三): "行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开，其他行政执法
 *   决定信息要在执法决定作出之日起20个工作日内公开");
 * - withdrawal: 3 working days after the revoking act (行政处罚法 第四十八条第二款, 第八十五条).
 * A deadline in a year the calendar does not cover is `provisional` (weekends only) and is recomputed on read.
 */
import type { WorkingDayCalendar } from './calendar/working-days.js';

export type ClockState =
  /** Not yet public, deadline not passed. */
  | 'pending'
  /** Public by the deadline. */
  | 'on-time'
  /** Public after the deadline. */
  | 'late'
  /** Not public and the deadline has passed. */
  | 'overdue';

export interface ClockReading {
  dueBy: string;
  provisional: boolean;
  state: ClockState;
  /** Working days past the deadline: when it was done (late) or today (overdue). */
  workingDaysLate?: number;
  /** The China date it was done. */
  doneOn?: string;
}

/** Reads the clock for an act due `workingDays` after `from`, done on `doneOn` (China date) or not yet. */
export function readClock(
  calendar: WorkingDayCalendar,
  from: string,
  workingDays: number,
  doneOn: string | undefined,
  today: string,
): ClockReading {
  const due = calendar.addWorkingDays(from, workingDays);
  const base = { dueBy: due.date, provisional: due.provisional };
  if (doneOn !== undefined) {
    if (doneOn <= due.date) return { ...base, state: 'on-time', doneOn };
    const late = calendar.workingDaysAfter(due.date, doneOn);
    return {
      ...base,
      provisional: base.provisional || late.provisional,
      state: 'late',
      workingDaysLate: Math.max(1, late.days),
      doneOn,
    };
  }
  if (today <= due.date) return { ...base, state: 'pending' };
  const late = calendar.workingDaysAfter(due.date, today);
  return { ...base, provisional: base.provisional || late.provisional, state: 'overdue', workingDaysLate: late.days };
}
