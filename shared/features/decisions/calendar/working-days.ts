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

export class WorkingDayCalendar {
  private readonly covered: ReadonlySet<number>;

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

  /** Working days d with from < d ≤ to (0 when to ≤ from): how many working days `to` lies past `from`. */
  workingDaysAfter(from: string, to: string): { days: number; provisional: boolean } {
    let days = 0;
    let provisional = false;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      if (!this.covers(day)) provisional = true;
      if (this.isWorkingDay(day)) days++;
    }
    return { days, provisional };
  }
}
