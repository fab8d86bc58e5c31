/**
 * The registry's in-force answers held against the log. Reads resolve `at` and `asOf` through the
 * timeline kept on each stream's head, a stored copy of facts the log holds (each version's status,
 * effectiveFrom and publishedAt). This check rebuilds every stream's timeline from its logged leaves
 * and asks the registry, over its public routes, which version is in force on each date and as known
 * at each instant where the answer can change; any answer that differs from the rebuilt timeline's is
 * a finding naming the stream, the question and both answers.
 *
 * The answer is a step function of `at` with steps at the effective dates, and of `asOf` with steps at
 * the publication times, so asking on each step and just before it (plus the far future) catches any
 * moved, added or flipped timeline entry.
 */
import { resolveInForce, type TimelineEntry } from '../../core/versions.js';
import type { Leaf } from '../ledger/index.js';
import { HttpError, type PublicApi } from './client.js';
import { withinPeriods, type Period } from './membership.js';

export interface AnswerFinding {
  unit: string;
  kind: string;
  version?: number;
  check: 'in-force';
  message: string;
}

/** The question and answer grid is full up to this many questions per stream, else sampled along both axes. */
const FULL_GRID_LIMIT = 64;
const FAR_FUTURE = '9999-12-31';

export type Answer = { version: number } | { repealed: true } | { none: true };

/** Groups logged leaves by stream, oldest version first. */
export function timelinesFromLeaves(
  leaves: Iterable<Leaf>,
): Map<string, { unit: string; kind: string; timeline: TimelineEntry[] }> {
  const out = new Map<string, { unit: string; kind: string; timeline: TimelineEntry[] }>();
  for (const leaf of leaves) {
    const id = `${leaf.unit}/${leaf.kind}`;
    const stream = out.get(id) ?? { unit: leaf.unit, kind: leaf.kind, timeline: [] };
    stream.timeline.push({
      version: leaf.version,
      effectiveFrom: leaf.effectiveFrom,
      publishedAt: leaf.publishedAt,
      status: leaf.status,
      attempt: '',
    });
    out.set(id, stream);
  }
  for (const s of out.values()) s.timeline.sort((a, b) => a.version - b.version);
  return out;
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const instantBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

/**
 * The (at, asOf) questions whose answers pin the whole timeline down; only those on dates `within` the periods when
 * given (a unit verified as a member of a region it was in for part of its history).
 */
export function questionsFor(
  timeline: readonly TimelineEntry[],
  within?: readonly Period[],
): Array<{ at: string; asOf: string }> {
  const all = allQuestionsFor(timeline);
  return within ? all.filter((q) => withinPeriods(q.at, within)) : all;
}

function allQuestionsFor(timeline: readonly TimelineEntry[]): Array<{ at: string; asOf: string }> {
  const ats = [...new Set(timeline.flatMap((e) => [e.effectiveFrom, dayBefore(e.effectiveFrom)]).concat(FAR_FUTURE))]
    .filter((d) => d >= '0001-01-01')
    .sort();
  const asOfs = [...new Set(timeline.flatMap((e) => [e.publishedAt, instantBefore(e.publishedAt)]))].sort();
  if (ats.length * asOfs.length <= FULL_GRID_LIMIT) return ats.flatMap((at) => asOfs.map((asOf) => ({ at, asOf })));
  const last = timeline.at(-1)!.publishedAt;
  const seen = new Set<string>();
  const out: Array<{ at: string; asOf: string }> = [];
  const add = (at: string, asOf: string) => {
    if (seen.has(`${at}|${asOf}`)) return;
    seen.add(`${at}|${asOf}`);
    out.push({ at, asOf });
  };
  for (const at of ats) add(at, last);
  for (const asOf of asOfs) add(FAR_FUTURE, asOf);
  for (const e of timeline) {
    add(e.effectiveFrom, e.publishedAt);
    add(e.effectiveFrom, instantBefore(e.publishedAt));
  }
  return out;
}

export function expectedAnswer(timeline: readonly TimelineEntry[], q: { at: string; asOf: string }): Answer {
  const { entry, repealedBy } = resolveInForce(timeline, q);
  if (repealedBy) return { repealed: true };
  return entry ? { version: entry.version } : { none: true };
}

export async function servedAnswer(
  api: PublicApi,
  unit: string,
  kind: string,
  q: { at: string; asOf: string },
): Promise<Answer> {
  try {
    return { version: await api.inForceVersion(unit, kind, q.at, q.asOf) };
  } catch (e) {
    if (e instanceof HttpError && e.status === 404 && e.hasReason('REPEALED')) return { repealed: true };
    if (e instanceof HttpError && e.status === 404 && e.hasReason('NOT_YET_IN_FORCE')) return { none: true };
    throw e;
  }
}

export const describeAnswer = (a: Answer) =>
  'version' in a ? `version ${a.version}` : 'repealed' in a ? 'repealed (nothing in force)' : 'nothing in force';

const sameAnswer = (a: Answer, b: Answer) => describeAnswer(a) === describeAnswer(b);

/** Asks every stream its questions; returns the findings (at most one per stream and question). */
export async function checkAnswers(
  api: PublicApi,
  streams: Iterable<{ unit: string; kind: string; timeline: TimelineEntry[]; within?: readonly Period[] }>,
  run: <T>(items: readonly T[], fn: (item: T) => Promise<void>) => Promise<void>,
): Promise<{ findings: AnswerFinding[]; questions: number }> {
  const findings: AnswerFinding[] = [];
  const jobs = [...streams].flatMap((s) => questionsFor(s.timeline, s.within).map((q) => ({ ...s, q })));
  await run(jobs, async ({ unit, kind, timeline, q }) => {
    const expected = expectedAnswer(timeline, q);
    let served: Answer;
    try {
      served = await servedAnswer(api, unit, kind, q);
    } catch (e) {
      findings.push({
        unit,
        kind,
        check: 'in-force',
        message:
          `no answer for at=${q.at} asOf=${q.asOf}: ` +
          `${e instanceof HttpError ? `HTTP ${e.status}${e.reason ? ` ${e.reason}` : ''}` : (e as Error).message}`,
      });
      return;
    }
    if (sameAnswer(expected, served)) return;
    findings.push({
      unit,
      kind,
      ...('version' in expected
        ? { version: expected.version }
        : 'version' in served
          ? { version: served.version }
          : {}),
      check: 'in-force',
      message:
        `on ${q.at} as known at ${q.asOf} the registry answers ` +
        `${describeAnswer(served)}, the logged timeline gives ${describeAnswer(expected)}`,
    });
  });
  return { findings, questions: jobs.length };
}
