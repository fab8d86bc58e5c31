/**
 * Statistics (`/v1/stats?region=R&at=D`) recounted from the logged versions. The registry derives them from the same
 * snapshot search uses; the verifier counts again, for each unit in scope whose logged entity in force on the run's
 * day puts it in the region and is not revoked, from the verified contents of the versions in force: inspection items
 * (total, 一般, 重点, 双随机), items per discretion list, and the version in force per kind. The served statistics
 * must list exactly those of its units in scope, each with those counts and versions, and its region totals must be
 * the sums of its units (check `stats`). Units outside the scope are named by the listings' checks, not here.
 */
import { discretionKinds, findKind } from '../../core/kinds/index.js';
import { resolveInForce, type TimelineEntry } from '../../core/versions.js';
import type { PublicApi } from './client.js';

export interface StatsFinding {
  unit?: string;
  kind?: string;
  check: 'stats';
  message: string;
}

interface Counts {
  inspection: { total: number; general: number; key: number; random: number };
  lists: Record<string, number>;
  versions: Record<string, number>;
}

interface ServedStats extends Counts {
  units: number;
  perUnit: Array<Counts & { uscc: string }>;
}

type Content = { items: Array<Record<string, unknown>> } | undefined;

export async function checkStats(
  api: PublicApi,
  run: {
    region: string;
    prefix: string;
    today: string;
    timelines: Iterable<{ unit: string; kind: string; timeline: TimelineEntry[] }>;
    content: (uscc: string, kind: string, version: number) => Content;
  },
): Promise<StatsFinding[]> {
  const streams = new Map<string, Map<string, TimelineEntry[]>>();
  for (const s of run.timelines) streams.set(s.unit, (streams.get(s.unit) ?? new Map()).set(s.kind, s.timeline));
  const expected = new Map<string, Counts>();
  const unknown = new Set<string>();
  for (const [uscc, kinds] of streams) {
    const counts = countsOf(uscc, kinds, run);
    if (counts === 'unknown') unknown.add(uscc);
    else if (counts) expected.set(uscc, counts);
  }
  const q = new URLSearchParams({ region: run.region, at: run.today });
  const served = await api.json<ServedStats>(`/v1/stats?${q}`);
  const out: StatsFinding[] = [];
  const on = `on ${run.today}`;
  const servedUnits = new Map(served.perUnit.map((u) => [u.uscc, u]));
  for (const [uscc, counts] of expected) {
    const unit = servedUnits.get(uscc);
    if (!unit) {
      out.push({ unit: uscc, check: 'stats', message: `${on} the statistics of ${run.region} leave the unit out` });
      continue;
    }
    for (const [what, value] of Object.entries(flatten(counts))) {
      const given = flatten(unit)[what] ?? 0;
      if (given !== value)
        out.push({
          unit: uscc,
          check: 'stats',
          message: `${on} the statistics count ${what} ${given}, the logged versions in force give ${value}`,
        });
    }
  }
  for (const uscc of servedUnits.keys())
    if (streams.has(uscc) && !expected.has(uscc) && !unknown.has(uscc))
      out.push({
        unit: uscc,
        check: 'stats',
        message: `${on} the statistics count the unit, the log has it elsewhere`,
      });
  // The region totals are the sums of the units served.
  const sums: Record<string, number> = {};
  for (const unit of served.perUnit)
    for (const [what, value] of Object.entries(flatten({ ...unit, versions: {} })))
      sums[what] = (sums[what] ?? 0) + value;
  for (const [what, value] of Object.entries(flatten({ ...served, versions: {} })))
    if ((sums[what] ?? 0) !== value)
      out.push({
        check: 'stats',
        message: `${on} the statistics total ${what} ${value}, their units add up to ${sums[what] ?? 0}`,
      });
  if (served.units !== served.perUnit.length)
    out.push({
      check: 'stats',
      message: `${on} the statistics say ${served.units} units and list ${served.perUnit.length}`,
    });
  return out;
}

/** The unit's counts on the day; undefined when it is not counted there; 'unknown' when a content is not verified. */
function countsOf(
  uscc: string,
  kinds: ReadonlyMap<string, TimelineEntry[]>,
  run: { prefix: string; today: string; content: (uscc: string, kind: string, version: number) => Content },
): Counts | undefined | 'unknown' {
  const inForce = (timeline: readonly TimelineEntry[]) => resolveInForce(timeline, { at: run.today }).entry;
  const entity = kinds.get('entity') && inForce(kinds.get('entity')!);
  if (!entity) return undefined;
  const record = run.content(uscc, 'entity', entity.version)?.items[0];
  if (!record) return 'unknown';
  if (record.status === 'revoked' || !String(record.regionCode ?? '').startsWith(run.prefix)) return undefined;
  const counts: Counts = {
    inspection: { total: 0, general: 0, key: 0, random: 0 },
    lists: Object.fromEntries(discretionKinds.map((k) => [k.id, 0])),
    versions: {},
  };
  for (const [kind, timeline] of kinds) {
    const group = findKind(kind)?.group;
    const entry = kind === 'entity' || !group ? undefined : inForce(timeline);
    if (!entry) continue;
    const items = run.content(uscc, kind, entry.version)?.items;
    if (!items) return 'unknown';
    counts.versions[kind] = entry.version;
    if (group === 'inspection')
      for (const item of items) {
        counts.inspection.total++;
        if (item.category === '重点') counts.inspection.key++;
        else if (item.category === '一般') counts.inspection.general++;
        if (item.randomInspection === true) counts.inspection.random++;
      }
    else if (group === 'discretion') counts.lists[kind] = items.length;
  }
  return counts;
}

/** `inspection.total`, `lists.no-penalty`, `versions.no-penalty`, … → number. */
function flatten(c: Partial<Counts>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of ['inspection', 'lists', 'versions'] as const)
    for (const [k, v] of Object.entries(c[part] ?? {})) out[`${part}.${k}`] = v;
  return out;
}
