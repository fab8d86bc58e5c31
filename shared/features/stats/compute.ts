/**
 * Statistics of a region as in force on a date (pure: computed from a snapshot).
 * Counts are of items in the version of each list in force on that date, for
 * units whose entity record is in force and not revoked.
 */
import { discretionKinds, findKind } from '../../core/kinds/index.js';
import { regionFullName } from '../../core/region.js';
import type { RegionSnapshot } from '../search/index.js';

/** The discretion lists counted, from the kinds registry. */
export const DISCRETION_KINDS: readonly string[] = discretionKinds.map((k) => k.id);
export type DiscretionKind = string;

export interface InspectionCounts {
  total: number;
  /** 一般 */
  general: number;
  /** 重点 */
  key: number;
  /** 双随机 */
  random: number;
}

export interface UnitStats {
  uscc: string;
  name: string;
  regionCode: string;
  domain?: string;
  inspection: InspectionCounts;
  /** Items per discretion list. */
  lists: Record<DiscretionKind, number>;
  /** Version in force per kind (absent when the unit has no such list in force). */
  versions: Record<string, number>;
}

export interface RegionStats {
  region: string;
  regionName?: string;
  at: string;
  units: number;
  inspection: InspectionCounts;
  lists: Record<DiscretionKind, number>;
  perUnit: UnitStats[];
  /** "23 units; 1,771 inspection items, of which 1,538 一般 and 233 重点; 220 不予处罚, 89 从轻, 96 减轻, 23 不予强制" */
  summary: string;
  /** The same in Chinese, for pages. */
  summaryZh: string;
}

const emptyInspection = (): InspectionCounts => ({ total: 0, general: 0, key: 0, random: 0 });
const emptyLists = (): Record<DiscretionKind, number> => Object.fromEntries(DISCRETION_KINDS.map((k) => [k, 0]));
const n = (v: number) => v.toLocaleString('en-US');

export function computeStats(snapshot: RegionSnapshot): RegionStats {
  const perUnit = new Map<string, UnitStats>();
  for (const u of snapshot.units) {
    perUnit.set(u.uscc, {
      uscc: u.uscc,
      name: String(u.entity.name ?? u.uscc),
      regionCode: u.regionCode,
      ...(typeof u.entity.domain === 'string' ? { domain: u.entity.domain } : {}),
      inspection: emptyInspection(),
      lists: emptyLists(),
      versions: {},
    });
  }
  const inspection = emptyInspection();
  const lists = emptyLists();
  for (const list of snapshot.lists) {
    const unit = perUnit.get(list.uscc);
    if (!unit) continue;
    unit.versions[list.kind] = list.version;
    const group = findKind(list.kind)?.group;
    if (group === 'inspection') {
      for (const item of list.items) {
        for (const c of [unit.inspection, inspection]) {
          c.total++;
          if (item.category === '重点') c.key++;
          else if (item.category === '一般') c.general++;
          if (item.randomInspection === true) c.random++;
        }
      }
    } else if (group === 'discretion') {
      unit.lists[list.kind] = (unit.lists[list.kind] ?? 0) + list.items.length;
      lists[list.kind] = (lists[list.kind] ?? 0) + list.items.length;
    }
  }
  const units = snapshot.units.length;
  const regionCode = snapshot.prefix.padEnd(6, '0');
  const regionName = snapshot.prefix ? regionFullName(regionCode) : '全部地区';
  return {
    region: snapshot.prefix,
    ...(regionName ? { regionName } : {}),
    at: snapshot.at,
    units,
    inspection,
    lists,
    perUnit: [...perUnit.values()],
    summary:
      `${n(units)} units; ${n(inspection.total)} inspection items, of which ` +
      `${n(inspection.general)} 一般 and ${n(inspection.key)} 重点; ` +
      `${discretionKinds.map((k) => `${n(lists[k.id] ?? 0)} ${k.summaryWord}`).join(', ')}`,
    summaryZh:
      `执法主体 ${n(units)} 个；检查事项 ${n(inspection.total)} 项，其中一般 ${n(inspection.general)} ` +
      `项、重点 ${n(inspection.key)} 项（双随机 ${n(inspection.random)} ` +
      `项）；${discretionKinds.map((k) => `${k.shortLabel} ${n(lists[k.id] ?? 0)} 项`).join('，')}`,
  };
}
