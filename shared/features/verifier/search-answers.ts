/**
 * Search answers (`/v1/search`) held against the logged versions. Search serves copies built from the registry's
 * heads and contents (an in-memory index, or a stored index file): which units are in a region on a date, with which
 * name, region and domain, and which items of which versions are in force. For each unit in scope, on the run's day:
 * - asked for its credit code, search must match the unit exactly when the logged entity version in force puts it in
 *   the region and is not revoked, with that version's name, region and domain, and must not match it otherwise;
 * - for each of its lists with a logged version in force, asked for the title of that version's first item (within
 *   the unit and kind), search must find that item, and every hit must be an item of the logged version in force.
 * The findings' check is `search`. Only these sampled queries are asked: an item no sample query reaches is not seen.
 */
import { contentHash } from '../../core/canonical-json.js';
import { findKind } from '../../core/kinds/index.js';
import { regionPrefix } from '../../core/region.js';
import { resolveInForce, type TimelineEntry } from '../../core/versions.js';
import type { PublicApi, SearchAnswer } from './client.js';

export interface SearchFinding {
  unit: string;
  kind: string;
  version?: number;
  check: 'search';
  message: string;
}

type Pool = <T>(items: readonly T[], fn: (item: T) => Promise<void>) => Promise<void>;
type Content = { items: Array<Record<string, unknown>> } | undefined;

export interface SearchScope {
  /** The region prefix (`''` for all) and the query's `region` parameter. */
  prefix: string;
  region?: string;
  /** The China date the questions are asked for. */
  today: string;
  /** Logged timelines of every stream in scope, by unit, then kind (`entity` included). */
  streams: ReadonlyMap<string, ReadonlyMap<string, readonly TimelineEntry[]>>;
  /** A logged version's verified content (the mirror). */
  content: (uscc: string, kind: string, version: number) => Content;
}

/**
 * The search questions of a run: a region run's in its region, a full run's in all regions, a `--unit` run's in the
 * region its entity in force on the day names.
 */
export async function verifySearchAnswers(
  api: PublicApi,
  run: {
    region?: string;
    unit?: string;
    today: string;
    timelines: Iterable<{ unit: string; kind: string; timeline: TimelineEntry[] }>;
    content: SearchScope['content'];
  },
  pool: Pool,
): Promise<{ findings: SearchFinding[]; queries: number }> {
  const streams = new Map<string, Map<string, readonly TimelineEntry[]>>();
  for (const s of run.timelines) {
    const kinds = streams.get(s.unit) ?? new Map<string, readonly TimelineEntry[]>();
    streams.set(s.unit, kinds.set(s.kind, s.timeline));
  }
  let region = run.region;
  if (run.unit) {
    const uscc = run.unit.toUpperCase();
    const entity = inForce(streams.get(uscc)?.get('entity'), run.today);
    const code = entity && run.content(uscc, 'entity', entity.version)?.items[0]?.regionCode;
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return { findings: [], queries: 0 };
    region = code;
  }
  const prefix = region ? regionPrefix(region.padEnd(6, '0')) : '';
  return checkSearchAnswers(api, { prefix, region, today: run.today, streams, content: run.content }, pool);
}

export async function checkSearchAnswers(
  api: PublicApi,
  scope: SearchScope,
  pool: Pool,
): Promise<{ findings: SearchFinding[]; queries: number }> {
  const findings: SearchFinding[] = [];
  const at = scope.today;
  const base = { at, ...(scope.region ? { region: scope.region } : {}) };
  const jobs: Array<() => Promise<void>> = [];
  for (const [uscc, kinds] of scope.streams) {
    const entity = inForce(kinds.get('entity'), at);
    const record = entity && scope.content(uscc, 'entity', entity.version)?.items[0];
    if (entity && !record) continue; // not mirrored (unreadable): the version checks have named it
    const region = typeof record?.regionCode === 'string' ? record.regionCode : '';
    const member = !!record && record.status !== 'revoked' && region.startsWith(scope.prefix);
    const finding = (kind: string, message: string, version?: number) =>
      findings.push({ unit: uscc, kind, ...(version !== undefined ? { version } : {}), check: 'search', message });
    jobs.push(async () => {
      const answer = await api.search({ ...base, q: uscc });
      const matched = answer.units.find((u) => u.uscc === uscc);
      if (!member) {
        if (matched) finding('entity', `on ${at} search matches the unit, the logged entity in force is not listed`);
        return;
      }
      if (!matched) {
        finding('entity', `on ${at} search does not match the unit's credit code`, entity!.version);
        return;
      }
      const expected = { name: String(record!.name ?? ''), regionCode: region, domain: record!.domain || undefined };
      for (const [field, value] of Object.entries(expected)) {
        const served = (matched as Record<string, unknown>)[field];
        if ((served ?? undefined) !== (value === undefined ? undefined : String(value)))
          finding(
            'entity',
            `on ${at} search serves ${field} ${JSON.stringify(served ?? null)}, the logged entity version ` +
              `${entity!.version} says ${JSON.stringify(value ?? null)}`,
            entity!.version,
          );
      }
    });
    if (!member) continue;
    for (const [kind, timeline] of kinds) {
      // Kinds search does not index (the targets directory: no search fields) are not asked about.
      if (!isSearched(kind)) continue;
      const entry = kind === 'entity' ? undefined : inForce(timeline, at);
      const items = entry && scope.content(uscc, kind, entry.version)?.items;
      const sample = items?.[0];
      const title = sample && String(sample['name' in sample ? 'name' : 'violation'] ?? '').slice(0, 200);
      if (!entry || !items || !sample || !title) continue;
      const logged = new Set(items.map((i) => contentHash(i)));
      jobs.push(async () => {
        const answer: SearchAnswer = await api.search({ ...base, q: title, unit: uscc, kind, limit: '50' });
        let found = false;
        for (const hit of answer.results) {
          if (hit.unit.uscc !== uscc || hit.kind !== kind) continue;
          if (hit.version !== entry.version) {
            finding(kind, `on ${at} search answers from version ${hit.version}, the log has ${entry.version} in force`);
            continue;
          }
          const hash = contentHash(hit.item);
          if (!logged.has(hash))
            finding(kind, `on ${at} search serves an item version ${entry.version} does not hold`, entry.version);
          if (hash === contentHash(sample)) found = true;
        }
        // Among more hits than one page holds the item may be further on: only a complete answer must hold it.
        if (!found && answer.total <= answer.results.length)
          finding(kind, `on ${at} search does not find item 1 of the version in force (${title})`, entry.version);
      });
    }
  }
  await pool(jobs, (job) => job());
  return { findings, queries: jobs.length };
}

function inForce(timeline: readonly TimelineEntry[] | undefined, at: string): TimelineEntry | undefined {
  return timeline ? resolveInForce(timeline, { at }).entry : undefined;
}

/** A kind whose items search indexes (its kind definition names search fields). */
function isSearched(kind: string): boolean {
  return Object.keys(findKind(kind)?.searchFields ?? {}).length > 0;
}
