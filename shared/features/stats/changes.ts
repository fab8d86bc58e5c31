/**
 * What changed in a region during a period (pure): versions published per unit and
 * the items they added, removed and changed, each version compared with the one it
 * replaced (diffVersions: items matched by identity, renames paired by content).
 */
import { diffVersions } from '../../core/diff.js';
import { findKind } from '../../core/kinds/index.js';

export interface PublishedVersion {
  uscc: string;
  kind: string;
  version: number;
  status: 'published' | 'repealed';
  effectiveFrom: string;
  publishedAt: string;
  /** Items of the previous version (empty for version 1). */
  previousItems: ReadonlyArray<Record<string, unknown>>;
  items: ReadonlyArray<Record<string, unknown>>;
}

export interface VersionChange {
  kind: string;
  version: number;
  status: string;
  effectiveFrom: string;
  publishedAt: string;
  added: number;
  removed: number;
  changed: number;
}

export interface UnitChanges {
  uscc: string;
  name?: string;
  versions: number;
  added: number;
  removed: number;
  changed: number;
  details: VersionChange[];
}

export interface ChangesReport {
  versions: number;
  added: number;
  removed: number;
  changed: number;
  perUnit: UnitChanges[];
}

export function summariseChanges(
  published: readonly PublishedVersion[],
  names: ReadonlyMap<string, string> = new Map(),
): ChangesReport {
  const perUnit = new Map<string, UnitChanges>();
  const total = { versions: 0, added: 0, removed: 0, changed: 0 };
  for (const v of published) {
    const kind = findKind(v.kind);
    if (!kind) continue;
    const d = diffVersions(kind, v.previousItems, v.items).summary;
    // A rename (content matched under a new identity) is a change, not a removal plus an addition.
    const change: VersionChange = {
      kind: v.kind,
      version: v.version,
      status: v.status,
      effectiveFrom: v.effectiveFrom,
      publishedAt: v.publishedAt,
      added: d.added,
      removed: d.removed,
      changed: d.changed,
    };
    let unit = perUnit.get(v.uscc);
    if (!unit)
      perUnit.set(
        v.uscc,
        (unit = {
          uscc: v.uscc,
          ...(names.get(v.uscc) ? { name: names.get(v.uscc) } : {}),
          versions: 0,
          added: 0,
          removed: 0,
          changed: 0,
          details: [],
        }),
      );
    unit.details.push(change);
    for (const t of [unit, total]) {
      t.versions++;
      t.added += change.added;
      t.removed += change.removed;
      t.changed += change.changed;
    }
  }
  const units = [...perUnit.values()].sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
  for (const u of units) u.details.sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : 1));
  return { ...total, perUnit: units };
}
