/**
 * Units whose name (or enforcement domain) contains every query term, matched with the
 * same normalisation as items: 简/繁, width, case and punctuation do not matter.
 */
import { normalise } from './normalise.js';
import type { SnapshotUnit } from './snapshot.js';

export function matchUnits(units: readonly SnapshotUnit[], terms: readonly string[], limit = 20): SnapshotUnit[] {
  if (terms.length === 0) return [];
  const out: SnapshotUnit[] = [];
  for (const unit of units) {
    const text = normalise(`${unit.entity.name ?? ''} ${unit.entity.domain ?? ''}`);
    if (terms.every((t) => text.includes(t))) out.push(unit);
    if (out.length === limit) break;
  }
  return out;
}
