/**
 * The texts of a plan task's cells that a draw reads: 抽查比例(及频次) and 实施时间. Each is parsed where its wording is
 * regular and kept as published always (docs/random-draws.md, "The plan table").
 */

/** 抽查比例(及频次): "3%", "不低于5%", "5%，每年1次", "抽取10户", "20家". */
export interface SamplingRule {
  /** The share of the eligible targets, 0 < ratio ≤ 1. */
  ratio?: number;
  /** The number of targets, when the cell gives a number rather than a share. */
  count?: number;
  /** True when the cell says the figure is a floor (不低于, 不少于, 至少, 以上). */
  atLeast?: boolean;
  /** Inspections per year, when the cell says (每年2次). */
  timesPerYear?: number;
  text: string;
}

const CHINESE_DIGITS = '〇一二三四五六七八九十';
/** 一 … 十 as numbers (每年两次 counts too). */
const smallNumber = (s: string) => (s === '两' ? 2 : /^\d+$/.test(s) ? Number(s) : CHINESE_DIGITS.indexOf(s));

/** The cell's rule, or undefined when it states neither a share nor a number of targets. */
export function parseSamplingRule(text: string): SamplingRule | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  // Two different shares (三级医院≥50%，二级医院≥30%) or numbers say no one figure: the text alone is kept.
  const ratios = new Set([...t.matchAll(/(\d+(?:\.\d+)?)%/g)].map((m) => m[1]));
  const counts = new Set([...t.matchAll(/(\d+)(?:户次|家次|户|家|个|项|人|辆|批次|所|座)/g)].map((m) => m[1]));
  const ratio = ratios.size === 1 ? [...ratios] : undefined;
  const count = counts.size === 1 ? [...counts] : undefined;
  const times = /每(?:年|年度)(?:不少于|至少)?([\d一二两三四五六七八九十]+)次|(\d+)次\/年/.exec(t);
  const atLeast = /不低于|不少于|至少|以上|≥/.test(t);
  if (!ratio && !count) return undefined;
  if (ratios.size > 1) return undefined;
  const perYear = times ? smallNumber(times[1] ?? times[2]!) : -1;
  return {
    ...(ratio ? { ratio: Number(ratio[0]) / 100 } : {}),
    ...(count && !ratio ? { count: Number(count[0]) } : {}),
    ...(atLeast ? { atLeast } : {}),
    ...(perYear > 0 ? { timesPerYear: perYear } : {}),
    text,
  };
}

const pad = (n: string | number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const QUARTER = /^(?:(\d{4})年(?:度)?)?(?:第)?([一二三四1-4])季度$/;
const HALF = /^(?:(\d{4})年(?:度)?)?(上|下)半年$/;
const WHOLE_YEAR = /^(?:(\d{4})年(?:度)?)?(?:全年|年内|全年度|1-12月|一至十二月)$|^(\d{4})年(?:度)?$/;

function months(y: number, first: number, last: number) {
  return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(lastDay(y, last))}` };
}

/**
 * 实施时间 as a date range: "2024年4月至6月", "2024年4月1日-6月30日", "2024-04-01至2024-06-30", "第二季度",
 * "2024年下半年", "全年", "4月-6月". A text without its year takes `fallbackYear` (the plan's year); undefined when
 * the text is not one of these forms or names no year at all.
 */
export function parsePeriod(text: string, fallbackYear?: number): { from: string; to: string } | undefined {
  const t = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[—–~～－]/g, '-')
    .replace(/至|到/g, '-')
    .replace(/(前|底|末|中旬|上旬|下旬)$/, '');
  const quarter = QUARTER.exec(t);
  if (quarter) {
    const y = quarter[1] ? Number(quarter[1]) : fallbackYear;
    const q = /\d/.test(quarter[2]!) ? Number(quarter[2]) : '一二三四'.indexOf(quarter[2]!) + 1;
    return y ? months(y, q * 3 - 2, q * 3) : undefined;
  }
  const half = HALF.exec(t);
  if (half) {
    const y = half[1] ? Number(half[1]) : fallbackYear;
    return y ? (half[2] === '上' ? months(y, 1, 6) : months(y, 7, 12)) : undefined;
  }
  const whole = WHOLE_YEAR.exec(t);
  if (whole) {
    const y = Number(whole[1] ?? whole[2] ?? fallbackYear);
    return y ? months(y, 1, 12) : undefined;
  }
  if (/^\d{4}-\d{1,2}-\d{1,2}-\d{4}-\d{1,2}-\d{1,2}$/.test(t)) {
    const [a, b, c, d, e, f] = t.split('-');
    const range = { from: `${a}-${pad(b!)}-${pad(c!)}`, to: `${d}-${pad(e!)}-${pad(f!)}` };
    return range.from <= range.to ? range : undefined;
  }
  const point = (p: string, year: number | undefined, end: boolean) => {
    const m = /^(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?$/.exec(p);
    if (!m || (!m[1] && !m[2])) return undefined;
    const y = m[1] ? Number(m[1]) : year;
    const month = m[2] ? Number(m[2]) : end ? 12 : 1;
    if (!y || month < 1 || month > 12) return undefined;
    const day = m[3] ? Number(m[3]) : end ? lastDay(y, month) : 1;
    if (day < 1 || day > lastDay(y, month)) return undefined;
    return { y, date: `${y}-${pad(month)}-${pad(day)}` };
  };
  const parts = t.split('-').filter((p) => p !== '');
  if (parts.length === 1) {
    const from = point(parts[0]!, fallbackYear, false);
    const to = point(parts[0]!, fallbackYear, true);
    return from && to ? { from: from.date, to: to.date } : undefined;
  }
  if (parts.length === 2) {
    const from = point(parts[0]!, fallbackYear, false);
    // "4月-6月" and "4月1日-30日": the end takes the start's year, and its month when it gives only a day.
    const end = /^\d{1,2}日$/.test(parts[1]!) && from ? `${Number(from.date.slice(5, 7))}月${parts[1]}` : parts[1]!;
    const to = from && point(end, from.y, true);
    return from && to && from.date <= to.date ? { from: from.date, to: to.date } : undefined;
  }
  return undefined;
}

/** The year a text names: 2024年度…, 2024年…, or a lone 2024; undefined when none. */
export function yearIn(text: string | undefined): number | undefined {
  const m = /(20\d{2})\s*年/.exec(text ?? '') ?? /(?<!\d)(20\d{2})(?!\d)/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}
