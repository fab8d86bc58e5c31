/**
 * The Chinese working-day calendar (工作日, with 调休): a day is a working day when it is a Monday to Friday that
 * is not a public holiday (法定节假日), or a weekend day the State Council made a working day (调休上班).
 *
 * The data is a snapshot of the pinned `chinese-days` package (./china-workdays.json, refreshed by
 * scripts/snapshot-workdays.ts). The State Council publishes each year's arrangement late in the year before, so a
 * date in a year the snapshot does not cover is judged by weekends alone and every answer that looked at such a
 * date says `provisional: true`; it is recomputed (from the data, on read) once the snapshot covers that year.
 *
 * Periods follow 行政处罚法 (2021) 第八十五条: "期间开始的日，不计算在内", and its "三日""五日""七日" are working days.
 * "Within N working days of D" therefore ends on the Nth working day after D.
 */
import snapshot from './china-workdays.json' with { type: 'json' };

export interface CalendarData {
  source: string;
  coveredYears: readonly number[];
  /** Public holidays: date → name. */
  holidays: Readonly<Record<string, string>>;
  /** Weekend days that are working days (调休上班): date → the holiday they make up for. */
  workdays: Readonly<Record<string, string>>;
}

export interface DayAnswer {
  date: string;
  provisional: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the year from 0 (1 January). */
const dayOfYear = (date: string, year: number) =>
  Math.round((Date.parse(`${date}T00:00:00Z`) - Date.UTC(year, 0, 1)) / DAY_MS);

export class WorkingDayCalendar {
  private readonly covered: ReadonlySet<number>;
  /** Per year, the working days from 1 January up to and including each day (built on first use). */
  private readonly runningCounts = new Map<number, Int16Array>();

  constructor(readonly data: CalendarData = snapshot as CalendarData) {
    this.covered = new Set(data.coveredYears);
  }

  /** The calendar's source and the years it covers, for documents that cite it. */
  get source(): { source: string; coveredYears: readonly number[] } {
    return { source: this.data.source, coveredYears: this.data.coveredYears };
  }

  covers(date: string): boolean {
    return this.covered.has(Number(date.slice(0, 4)));
  }

  isWorkingDay(date: string): boolean {
    if (this.data.workdays[date] !== undefined) return true;
    if (this.data.holidays[date] !== undefined) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The `n`th working day after `date` (`date` itself not counted); n = 0 is `date`. */
  addWorkingDays(date: string, n: number): DayAnswer {
    let provisional = false;
    let day = date;
    for (let left = n; left > 0; ) {
      day = addDays(day, 1);
      if (!this.covers(day)) provisional = true;
      if (this.isWorkingDay(day)) left--;
    }
    return { date: day, provisional };
  }

  /**
   * Working days d with from < d ≤ to (0 when to ≤ from): how many working days `to` lies past `from`. Read from
   * per-year running counts, so a reading a year late costs a few lookups instead of a walk of every day.
   */
  workingDaysAfter(from: string, to: string): { days: number; provisional: boolean } {
    if (to <= from) return { days: 0, provisional: false };
    const first = Number(addDays(from, 1).slice(0, 4));
    const last = Number(to.slice(0, 4));
    let provisional = false;
    for (let y = first; y <= last; y++) if (!this.covered.has(y)) provisional = true;
    const fromYear = Number(from.slice(0, 4));
    let days = this.throughDay(to, last) - this.throughDay(from, fromYear);
    for (let y = fromYear; y < last; y++) days += this.yearCounts(y).at(-1)!;
    return { days, provisional };
  }

  /** Working days from 1 January of `year` up to and including `date` (a day of that year). */
  private throughDay(date: string, year: number): number {
    return this.yearCounts(year)[dayOfYear(date, year)]!;
  }

  private yearCounts(year: number): Int16Array {
    let counts = this.runningCounts.get(year);
    if (!counts) {
      const length = dayOfYear(`${year}-12-31`, year) + 1;
      counts = new Int16Array(length);
      let day = `${year}-01-01`;
      for (let i = 0, n = 0; i < length; i++, day = addDays(day, 1)) {
        if (this.isWorkingDay(day)) n++;
        counts[i] = n;
      }
      this.runningCounts.set(year, counts);
    }
    return counts;
  }
}
