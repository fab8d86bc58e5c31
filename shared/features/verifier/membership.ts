/**
 * The dates a unit belonged to the region being verified. A unit that moves region (a new entity version with
 * another 行政区划代码) stays in its former region's verification for the dates it was there, and enters its new
 * region's from the move on. Membership on a date is the region of the entity version in force on that date, as
 * rebuilt from the logged entity leaves; the region of each version is read from its verified content.
 */
import { resolveInForce, type TimelineEntry } from '../../core/versions.js';

/** China dates `from` (inclusive) to `until` (exclusive; open when absent). */
export interface Period {
  from: string;
  until?: string;
}

/**
 * The periods in which the entity in force puts the unit under `prefix`; undefined when it is there on every date
 * the entity is in force (nothing to restrict) or when a version's region is unknown (ask everything).
 */
export function membershipPeriods(
  entityTimeline: readonly TimelineEntry[],
  regionOf: (version: number) => string | undefined,
  prefix: string,
): Period[] | undefined {
  const dates = [...new Set(entityTimeline.map((e) => e.effectiveFrom))].sort();
  const periods: Period[] = [];
  let open: Period | undefined;
  let everOutside = false;
  for (const date of dates) {
    const { entry, repealedBy } = resolveInForce(entityTimeline, { at: date });
    const region = entry && !repealedBy ? regionOf(entry.version) : '';
    if (region === undefined) return undefined;
    const inside = region !== '' && region.startsWith(prefix);
    if (inside && !open) {
      open = { from: date };
      periods.push(open);
    } else if (!inside && open) {
      open.until = date;
      open = undefined;
    }
    if (!inside) everOutside = true;
  }
  return everOutside ? periods : undefined;
}

export const withinPeriods = (date: string, periods: readonly Period[]) =>
  periods.some((p) => p.from <= date && (p.until === undefined || date < p.until));
