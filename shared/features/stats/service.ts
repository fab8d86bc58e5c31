/** Statistics use cases: a region's counts on a date and its changes over a period (API and portal). */
import { badRequest } from '../../core/errors.js';
import type { Registry } from '../lists/index.js';
import { regionPrefixOf, type RegionService } from '../search/index.js';
import { computeStats, type RegionStats } from './compute.js';
import { loadChanges } from './load-changes.js';
import type { ChangesReport } from './changes.js';

export async function regionStats(
  registry: Registry,
  regions: RegionService,
  region: string | undefined,
  at?: string,
): Promise<RegionStats> {
  const snapshot = await regions.snapshot(regionPrefixOf(region), at ?? registry.today());
  return computeStats(snapshot);
}

export async function regionChanges(
  registry: Registry,
  regions: RegionService,
  region: string | undefined,
  from: string,
  to: string,
): Promise<ChangesReport> {
  if (from > to) throw badRequest('起始日期不得晚于结束日期', { from, to });
  const prefix = regionPrefixOf(region);
  return loadChanges(registry.store, await regions.regionHeads(prefix), prefix, from, to);
}
