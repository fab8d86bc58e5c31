/**
 * Units whose name, enforcement domain or 统一社会信用代码 (full or partial) contains every query term,
 * matched with the same normalisation as items: 简/繁, width, case and punctuation do not matter.
 * The closest matches come first: the exact code, then the exact name, then names that start with the query.
 */
import { normalise } from './normalise.js';
import type { SnapshotUnit } from './snapshot.js';

export function matchUnits(units: readonly SnapshotUnit[], terms: readonly string[], limit = 20): SnapshotUnit[] {
  if (terms.length === 0) return [];
  const whole = terms.join('');
  const ranked: Array<{ unit: SnapshotUnit; rank: number }> = [];
  for (const unit of units) {
    const name = normalise(String(unit.entity.name ?? ''));
    const code = normalise(unit.uscc);
    const text = `${name} ${normalise(String(unit.entity.domain ?? ''))} ${code}`;
    if (!terms.every((t) => text.includes(t))) continue;
    const rank = code === whole ? 0 : name === whole ? 1 : name.startsWith(whole) || code.startsWith(whole) ? 2 : 3;
    ranked.push({ unit, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank);
  return ranked.slice(0, limit).map((r) => r.unit);
}
