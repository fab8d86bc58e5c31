/**
 * The unit listing on past dates and the region indexes, held against the logged entity versions.
 *
 * `/v1/units?region=R` lists the units whose entity head is indexed under R (the head's `regionCode` and its
 * `gsi1sk`), with the head's copy of the latest record; with `at=D` it walks the heads indexed under R (`gsi2sk`,
 * whose projection carries the timeline but not the copy) and serves, for each, the entity version the timeline puts
 * in force on D, read from its content. So a unit's place in R's listings is its current region, the region of its
 * latest logged published entity version, on every date; the unit's region on a past date is what that date's record
 * says (the moved units' own check is ./membership.ts).
 *
 * For each unit in scope, from the logged timeline and the verified (mirrored) records, this check works out which
 * units R's listing must hold now and on each logged effective date, and with which version and fields:
 * - `region-index`: a unit missing from a listing it belongs in, or listed under R while its latest logged entity
 *   version puts it elsewhere (now, or on a date); a past listing naming a unit the current listing does not know;
 * - `entity-copy`: a unit listed on a date with another version, effective date or field than the log's version in
 *   force on that date.
 */
import { regionPrefix } from '../../core/region.js';
import { resolveInForce, type TimelineEntry } from '../../core/versions.js';
import type { PublicApi } from './client.js';
import { entityCopyFindings, listedFields, type EntityCopyFinding, type ListedUnit } from './entity-copies.js';

export interface ListingFinding {
  unit: string;
  kind: 'entity';
  version?: number;
  check: 'region-index' | 'entity-copy';
  message: string;
}

export interface ListingScope {
  /** The region prefix the listings are asked for ('' for every region). */
  prefix: string;
  /** How the region is named in findings (the code asked for, or "all regions"). */
  label: string;
  /** The query's `region` parameter (absent: every region). */
  region?: string;
  /** The listing without `at`, as already read. */
  current: readonly ListedUnit[];
  /** Logged entity timelines of the units in scope. */
  timelines: ReadonlyMap<string, readonly TimelineEntry[]>;
  /** The verified record of a logged entity version (the mirror). */
  record: (uscc: string, version: number) => Record<string, unknown> | undefined;
  /** The listings name other units too (a `--unit` run): only the units in scope are judged. */
  onlyScope?: boolean;
}

type Pool = <T>(items: readonly T[], fn: (item: T) => Promise<void>) => Promise<void>;

/**
 * The listings a run reads: a region run its region's, a full run every region's, a `--unit` run the listing of the
 * region its latest logged entity version names (judging only that unit). Returns the copies' findings
 * (./entity-copies.ts) and this file's.
 */
export async function verifyUnitListings(
  api: PublicApi,
  run: {
    region?: string;
    unit?: string;
    /** The listing without `at` a region or full run has read (empty for `--unit`). */
    listing: readonly ListedUnit[];
    scope: ReadonlySet<string>;
    timelines: ReadonlyMap<string, readonly TimelineEntry[]>;
    record: (uscc: string, version: number) => Record<string, unknown> | undefined;
  },
  pool: Pool,
): Promise<{ findings: Array<ListingFinding | EntityCopyFinding>; listings: number }> {
  const base = { timelines: run.timelines, record: run.record };
  let scope: ListingScope | undefined;
  if (run.unit) {
    const uscc = run.unit.toUpperCase();
    const timeline = run.timelines.get(uscc);
    const published = timeline && [...timeline].reverse().find((e) => e.status === 'published');
    const region = published && run.record(uscc, published.version)?.regionCode;
    if (typeof region === 'string' && /^\d{6}$/.test(region)) {
      const current = (await api.unitListing(region)).filter((u) => u.uscc === uscc);
      scope = { ...base, prefix: region, label: region, region, current, onlyScope: true };
    }
  } else {
    const current = run.listing.filter((u) => run.scope.has(u.uscc));
    scope = run.region
      ? { ...base, prefix: regionPrefix(run.region.padEnd(6, '0')), label: run.region, region: run.region, current }
      : { ...base, prefix: '', label: 'all regions', current };
  }
  if (!scope) return { findings: [], listings: 0 };
  const copies = entityCopyFindings(scope.current, run.timelines, run.record);
  const checked = await checkUnitListings(api, scope, pool);
  return { findings: [...copies, ...checked.findings], listings: checked.listings + 1 };
}

export async function checkUnitListings(
  api: PublicApi,
  scope: ListingScope,
  run: Pool,
): Promise<{ findings: ListingFinding[]; listings: number }> {
  const findings: ListingFinding[] = [];
  const members = currentMembers(scope);
  const currentlyListed = new Map(scope.current.map((u) => [u.uscc, u]));
  const finding = (unit: string, check: ListingFinding['check'], message: string, version?: number) =>
    findings.push({ unit, kind: 'entity', ...(version !== undefined ? { version } : {}), check, message });

  // Now: the listing without `at` (its copies are ./entity-copies.ts's).
  for (const [uscc, m] of members) {
    const listed = currentlyListed.get(uscc);
    if (listed && listed.version > m.latest) continue; // a version not yet logged: the pending warnings cover it
    if (m.member && !listed)
      finding(uscc, 'region-index', `missing from the unit listing of ${scope.label}; ${m.says}`, m.version);
    if (!m.member && listed) finding(uscc, 'region-index', `listed under ${scope.label}, but ${m.says}`, m.version);
  }

  // Each logged effective date of a unit in scope: the listing as on that date (members must be in it, the others
  // must not).
  const dates = [...new Set([...members.keys()].flatMap((u) => scope.timelines.get(u)!.map((e) => e.effectiveFrom)))];
  dates.sort();
  await run(dates, async (at) => {
    const served = new Map((await api.unitListing(scope.region, at)).map((u) => [u.uscc, u]));
    for (const [uscc, m] of members) {
      const listed = served.get(uscc);
      if (listed && listed.version > m.latest) continue;
      const timeline = scope.timelines.get(uscc)!;
      const { entry } = resolveInForce(timeline, { at });
      if (!m.member) {
        if (listed) finding(uscc, 'region-index', `listed under ${scope.label} on ${at}, but ${m.says}`, m.version);
        continue;
      }
      if (!entry) {
        if (listed)
          finding(
            uscc,
            'entity-copy',
            `the unit listing on ${at} serves version ${listed.version}, the logged timeline has none in force`,
            listed.version,
          );
        continue;
      }
      if (!listed) {
        finding(
          uscc,
          'region-index',
          `missing from the unit listing of ${scope.label} on ${at}; the log has entity version ${entry.version} ` +
            `in force and ${m.says}`,
          entry.version,
        );
        continue;
      }
      for (const message of copyDifferences(listed, entry, scope.record(uscc, entry.version)))
        finding(uscc, 'entity-copy', `the unit listing on ${at} serves ${message}`, entry.version);
    }
    if (scope.onlyScope) return;
    for (const uscc of served.keys())
      if (!members.has(uscc) && !currentlyListed.has(uscc))
        finding(
          uscc,
          'region-index',
          `listed under ${scope.label} on ${at}, but missing from its current unit listing and its former units`,
        );
  });
  return { findings, listings: dates.length };
}

interface Membership {
  /** Whether the latest logged published entity version puts the unit under the prefix. */
  member: boolean;
  /** That version, and the latest logged version of any status. */
  version: number;
  latest: number;
  says: string;
}

/** Per unit in scope with a logged published entity version whose record is known: where the log puts it now. */
function currentMembers(scope: ListingScope): Map<string, Membership> {
  const out = new Map<string, Membership>();
  for (const [uscc, timeline] of scope.timelines) {
    const published = [...timeline].reverse().find((e) => e.status === 'published');
    const region = published && scope.record(uscc, published.version)?.regionCode;
    if (!published || typeof region !== 'string') continue;
    out.set(uscc, {
      member: region.startsWith(scope.prefix),
      version: published.version,
      latest: timeline.at(-1)!.version,
      says: `its latest logged entity version ${published.version} says region ${region}`,
    });
  }
  return out;
}

/** How a listed unit differs from the logged version in force and its record. */
function copyDifferences(
  listed: ListedUnit,
  entry: TimelineEntry,
  record: Record<string, unknown> | undefined,
): string[] {
  if (listed.version !== entry.version) return [`version ${listed.version}, the log has ${entry.version} in force`];
  const out: string[] = [];
  if (listed.effectiveFrom !== entry.effectiveFrom)
    out.push(`effectiveFrom ${listed.effectiveFrom}, the logged version says ${entry.effectiveFrom}`);
  if (!record) return out;
  for (const [field, value] of Object.entries(listedFields(record))) {
    const served = (listed as unknown as Record<string, unknown>)[field];
    if ((served ?? undefined) !== value)
      out.push(
        `${field} ${JSON.stringify(served ?? null)}, the logged entity version ${entry.version} says ` +
          JSON.stringify(value ?? null),
      );
  }
  return out;
}
