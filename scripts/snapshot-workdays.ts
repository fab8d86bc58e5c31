/**
 * Refreshes shared/features/decisions/calendar/china-workdays.json from the pinned `chinese-days` package:
 * the public holidays (法定节假日) and the weekend days made working days (调休上班) of every year it covers.
 * Run after upgrading chinese-days (`npx tsx scripts/snapshot-workdays.ts`); deadlines computed as provisional
 * for a year that is now covered are recomputed from the new snapshot on read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
const pkg = JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as { version: string };

const holidays = Object.keys(data.holidays).sort();
const workdays = Object.keys(data.workdays).sort();
const years = [...new Set(holidays.map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
const snapshot = {
  source: `chinese-days@${pkg.version}`,
  coveredYears: years,
  holidays: Object.fromEntries(holidays.map((d) => [d, data.holidays[d]!.split(',')[1] ?? ''])),
  workdays: Object.fromEntries(workdays.map((d) => [d, data.workdays[d]!.split(',')[1] ?? ''])),
};
writeFileSync(
  new URL('../shared/features/decisions/calendar/china-workdays.json', import.meta.url),
  `${JSON.stringify(snapshot, null, 1)}\n`,
);
console.log(
  `${snapshot.source}: years ${years[0]}–${years.at(-1)}, ${holidays.length} holidays, ${workdays.length} 调休 workdays`,
);
