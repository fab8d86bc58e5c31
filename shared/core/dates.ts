/** Dates in this registry are China dates (Asia/Shanghai, UTC+8 all year, no DST). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar date in China at the given instant, as YYYY-MM-DD. */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Years a date in this registry can name: no year 0000, nothing past 9999. */
const MIN_YEAR = 1900;

/** True when the string is a real calendar date from MIN_YEAR on (rejects 2023-02-30 and 0000-01-01). */
export function isValidIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  if (Number(value.slice(0, 4)) < MIN_YEAR) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * Accepts the date forms found in Chinese spreadsheets (2023-06-01, 2023/6/1,
 * 2023.6.1, 2023年6月1日) and returns YYYY-MM-DD, or undefined.
 */
export function parseLooseDate(value: string): string | undefined {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : undefined;
}

/** An instant as people in China read it: YYYY-MM-DD HH:mm:ss, China time. */
export function chinaDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
