/**
 * The units directory behind /units: every unit of a region with its code, domain, status and the
 * lists it has in force today, filtered by name (简繁, width and punctuation folded), credit code,
 * domain, status and list kind, one page at a time. Active units come from the region's snapshot
 * (statistics already read it); revoked ones are the region's other units whose
 * entity record in force today is revoked, read in batches.
 */
import { entityKind } from '../../core/kinds/index.js';
import { regionFullName } from '../../core/region.js';
import type { Registry } from '../lists/index.js';
import { normalise, regionPrefixOf, type RegionService } from '../search/index.js';
import type { RegionStats } from '../stats/index.js';

export const UNIT_STATUSES = ['active', 'revoked', 'all'] as const;
export type UnitStatusFilter = (typeof UNIT_STATUSES)[number];
export const UNITS_PAGE_SIZE = 50;

export interface UnitFilter {
  /** Part of the name or of the 统一社会信用代码. */
  name?: string;
  domain?: string;
  status: UnitStatusFilter;
  /** Only units with this list in force today. */
  kind?: string;
  page: number;
}

export interface UnitRow {
  uscc: string;
  name: string;
  regionCode: string;
  regionName?: string;
  domain?: string;
  status: 'active' | 'revoked';
  /** List kinds in force today, with the version. */
  versions: Record<string, number>;
}

export interface UnitDirectory {
  rows: UnitRow[];
  total: number;
  pages: number;
  /** Every domain of the region's units, for the filter's select. */
  domains: string[];
}

export async function unitDirectory(
  registry: Registry,
  regions: RegionService,
  region: string | undefined,
  stats: RegionStats,
  filter: UnitFilter,
): Promise<UnitDirectory> {
  const active: UnitRow[] = stats.perUnit.map((u) => ({
    uscc: u.uscc,
    name: u.name,
    regionCode: u.regionCode,
    regionName: regionFullName(u.regionCode),
    domain: u.domain,
    status: 'active',
    versions: u.versions,
  }));
  const revoked = filter.status === 'active' ? [] : await revokedUnits(registry, regions, region, stats);
  const all = [...active, ...revoked];
  const wanted = filter.name ? normalise(filter.name) : '';
  const rows = all
    .filter((u) => filter.status === 'all' || u.status === filter.status)
    .filter((u) => !wanted || normalise(u.name).includes(wanted) || normalise(u.uscc).includes(wanted))
    .filter((u) => !filter.domain || u.domain === filter.domain)
    .filter((u) => !filter.kind || u.versions[filter.kind] !== undefined)
    .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.name.localeCompare(b.name, 'zh-CN'));
  const pages = Math.max(1, Math.ceil(rows.length / UNITS_PAGE_SIZE));
  const start = (Math.min(filter.page, pages) - 1) * UNITS_PAGE_SIZE;
  const domains = [...new Set(all.map((u) => u.domain).filter((d): d is string => Boolean(d)))].sort((a, b) =>
    a.localeCompare(b, 'zh-CN'),
  );
  return { rows: rows.slice(start, start + UNITS_PAGE_SIZE), total: rows.length, pages, domains };
}

/**
 * The region's units missing from today's active ones whose entity record in force today is revoked: their entity
 * records are read in batches (Registry.entitiesInForce), not one request per unit.
 */
async function revokedUnits(
  registry: Registry,
  regions: RegionService,
  region: string | undefined,
  stats: RegionStats,
): Promise<UnitRow[]> {
  const activeCodes = new Set(stats.perUnit.map((u) => u.uscc));
  const prefix = regionPrefixOf(region);
  const heads = await regions.regionHeads(prefix);
  const candidates = heads.filter((h) => h.stream === entityKind.id && !activeCodes.has(h.uscc));
  const entities = await registry.entitiesInForce(candidates.map((h) => h.uscc));
  const rows: UnitRow[] = [];
  for (const head of candidates) {
    const entity = entities.get(head.uscc);
    if (entity?.status !== 'revoked') continue;
    const regionCode = String(entity.regionCode ?? head.regionCode);
    // Heads include units that have left the region (for past dates): a unit revoked elsewhere is not listed here.
    if (!regionCode.startsWith(prefix)) continue;
    rows.push({
      uscc: head.uscc,
      name: String(entity.name ?? head.uscc),
      regionCode,
      regionName: regionFullName(regionCode),
      domain: entity.domain ? String(entity.domain) : undefined,
      status: 'revoked',
      versions: {},
    });
  }
  return rows;
}
