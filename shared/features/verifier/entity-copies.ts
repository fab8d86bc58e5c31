/**
 * The unit listing (`/v1/units` without `at`/`asOf`) serves the entity head's copy of the latest entity record, not
 * the version content: a stored copy of a logged fact. Each listed unit's version, effective date and copied fields
 * (name, region, nature, domain, status) are held against the latest logged entity version, whose content the
 * verifier has already checked against its leaf and mirrored.
 */
import type { TimelineEntry } from '../../core/versions.js';

/** One unit as the listing serves it. */
export interface ListedUnit {
  uscc: string;
  version: number;
  effectiveFrom: string;
  name: string;
  regionCode: string;
  nature?: string;
  domain?: string;
  status: string;
}

export interface EntityCopyFinding {
  unit: string;
  kind: 'entity';
  version: number;
  check: 'entity-copy';
  message: string;
}

/** The listing's view of an entity record, as the route derives it from the head's copy. */
export function listedFields(e: Record<string, unknown>): Record<string, string | undefined> {
  return {
    name: String(e.name ?? ''),
    regionCode: String(e.regionCode ?? ''),
    nature: e.nature ? String(e.nature) : undefined,
    domain: e.domain ? String(e.domain) : undefined,
    status: String(e.status ?? 'active'),
  };
}

export function entityCopyFindings(
  listed: readonly ListedUnit[],
  entityTimelines: ReadonlyMap<string, readonly TimelineEntry[]>,
  loggedRecord: (uscc: string, version: number) => Record<string, unknown> | undefined,
): EntityCopyFinding[] {
  const out: EntityCopyFinding[] = [];
  for (const unit of listed) {
    const timeline = entityTimelines.get(unit.uscc);
    const latest = timeline?.at(-1);
    // Not logged yet, or a version younger than the last logged one: the logging-delay warnings cover those.
    if (!timeline || !latest || unit.version > latest.version) continue;
    const finding = (version: number, message: string) =>
      out.push({ unit: unit.uscc, kind: 'entity', version, check: 'entity-copy', message });
    if (unit.version < latest.version) {
      finding(latest.version, `the unit listing serves version ${unit.version}, the log's latest is ${latest.version}`);
      continue;
    }
    if (unit.effectiveFrom !== latest.effectiveFrom)
      finding(
        latest.version,
        `the unit listing serves effectiveFrom ${unit.effectiveFrom}, the logged version says ${latest.effectiveFrom}`,
      );
    // The head keeps the latest published record (a repeal has none of its own).
    const published = [...timeline].reverse().find((e) => e.status === 'published');
    const record = published && loggedRecord(unit.uscc, published.version);
    if (!published || !record) continue;
    const expected = listedFields(record);
    for (const [field, value] of Object.entries(expected)) {
      const served = (unit as unknown as Record<string, unknown>)[field];
      if ((served ?? undefined) !== value)
        finding(
          published.version,
          `the unit listing serves ${field} ${JSON.stringify(served ?? null)}, the logged entity version ` +
            `${published.version} says ${JSON.stringify(value ?? null)}`,
        );
    }
  }
  return out;
}
