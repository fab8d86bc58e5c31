/**
 * The daily job of 事后公示: complete the log events a crash left held (Decisions.completeHeldEvents), end the
 * publicity periods due (the expiry index), and from 1 January make each unit's report for the previous year if it
 * has none. It is the `decisions.daily` entry of shared/app's scheduled jobs: an EventBridge rule on AWS, a timer
 * under `npm start`. It is idempotent: queued holds, a watermark and existing reports make a second run a no-op.
 */
import type { Registry } from '../lists/index.js';
import type { DecisionReports } from './reports.js';
import type { Decisions } from './service.js';

export interface DailyJobDeps {
  decisions: Decisions;
  reports: DecisionReports;
  registry: Registry;
}

/** All units in force with their region, walked a page at a time through the registry's region index. */
async function allUnits(registry: Registry): Promise<Array<{ uscc: string; regionCode: string }>> {
  const units: Array<{ uscc: string; regionCode: string }> = [];
  let startAfter: { regionCode: string; uscc: string } | undefined;
  do {
    const page = await registry.unitsInForce({ limit: 500, ...(startAfter ? { startAfter } : {}) });
    units.push(...page.units.map((u) => ({ uscc: u.head.uscc, regionCode: u.head.regionCode })));
    startAfter = page.next;
  } while (startAfter);
  return units;
}

export async function runDailyJob(deps: DailyJobDeps): Promise<{ expired: number; reports: number }> {
  // Log events a crash left held (decided by the decision's stored state), then today's expiries.
  await deps.decisions.completeHeldEvents();
  await deps.reports.completeHeldDocuments();
  const { expired } = await deps.decisions.runExpiry();
  // The yearly step walks the units only in January, before the 31 January deadline.
  const inJanuary = deps.decisions.today().slice(5, 7) === '01';
  if (!inJanuary) return { expired, reports: 0 };
  const units = await allUnits(deps.registry);
  const reports = await deps.reports.runYearly(units.map((u) => u.uscc));
  // Each county's report, once its units' reports exist.
  const year = Number(deps.decisions.today().slice(0, 4)) - 1;
  const counties = new Map<string, string[]>();
  for (const u of units) counties.set(u.regionCode, [...(counties.get(u.regionCode) ?? []), u.uscc]);
  for (const [regionCode, members] of counties) {
    if (!(await deps.reports.latestRegionReport(regionCode, year)))
      await deps.reports.computeRegionYear(regionCode, year, members);
  }
  return { expired, reports };
}
