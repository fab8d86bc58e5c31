/**
 * What a page says about time, as pure functions over a list's versions: the status of each
 * version relative to today (现行有效 only for the version in force today), and the banner a view
 * that is not today's carries (a past date, a chosen version, an as-known-on instant, a scheduled
 * version), naming what is in force today. The in-force rule itself is core's resolveInForce.
 */
import { resolveInForce, type TimelineEntry, type VersionStatus } from '../../core/versions.js';

/** The fields of a version the wording needs (VersionMeta has them all). */
export interface VersionFacts {
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  status: VersionStatus;
}

export type VersionState =
  /** The version in force today. */
  | { state: 'in-force'; since: string }
  /** Was in force (or would have been), then replaced by a later version from `since`. */
  | { state: 'superseded'; by: number; since: string }
  /** The list was repealed from `since` (also the state of the repeal itself once it applies). */
  | { state: 'repealed'; since: string }
  /** Takes effect on a future date. */
  | { state: 'scheduled'; from: string };

export type StateTone = 'ok' | 'warn' | 'info';

const asTimeline = (versions: readonly VersionFacts[]): TimelineEntry[] => versions.map((v) => ({ ...v, attempt: '' }));

/** The version in force on `date` among `versions` (undefined when none is, or the list is repealed). */
export function inForceOn(versions: readonly VersionFacts[], date: string): VersionFacts | undefined {
  const { entry } = resolveInForce(asTimeline(versions), { at: date });
  return entry ? versions.find((v) => v.version === entry.version) : undefined;
}

/** The status of one version relative to `today`. */
export function versionState(versions: readonly VersionFacts[], version: VersionFacts, today: string): VersionState {
  if (version.effectiveFrom > today) return { state: 'scheduled', from: version.effectiveFrom };
  const timeline = asTimeline(versions);
  // The dates on which the answer can change after this version took effect, in order.
  const dates = [
    ...new Set(versions.map((v) => v.effectiveFrom).filter((d) => d >= version.effectiveFrom && d <= today)),
  ].sort();
  for (const date of dates) {
    const { entry, repealedBy } = resolveInForce(timeline, { at: date });
    const winner = entry ?? repealedBy;
    if (winner?.version === version.version) continue;
    if (repealedBy) return { state: 'repealed', since: date };
    if (winner) return { state: 'superseded', by: winner.version, since: date };
  }
  if (version.status === 'repealed') return { state: 'repealed', since: version.effectiveFrom };
  return { state: 'in-force', since: version.effectiveFrom };
}

/** The words for a state: 现行有效 / 已被第N版取代 / 已废止 / 尚未施行, each with its date. */
export function stateLabel(s: VersionState): { text: string; tone: StateTone } {
  switch (s.state) {
    case 'in-force':
      return { text: `现行有效（自 ${s.since} 起）`, tone: 'ok' };
    case 'superseded':
      return { text: `已被第${s.by}版取代（自 ${s.since} 起）`, tone: 'info' };
    case 'repealed':
      return { text: `已废止（自 ${s.since} 起）`, tone: 'warn' };
    case 'scheduled':
      return { text: `尚未施行（自 ${s.from} 起施行）`, tone: 'warn' };
  }
}

/** How the page was asked for. */
export interface ViewRequest {
  today: string;
  /** The date asked for (?at=), when not today. */
  at?: string;
  /** The version chosen explicitly (?v=). */
  chosen?: number;
  /** The instant asked for (?asOf=), an ISO timestamp. */
  asOf?: string;
  /** Beijing time of asOf, for display. */
  asOfLabel?: string;
}

export interface Banner {
  tone: StateTone;
  /** What this view shows, and why it is not today's. */
  text: string;
  /** What is in force today (or that nothing is). */
  today: string;
  /** The link to today's view, when there is something to go back to. */
  link?: { href: string; label: string };
}

/**
 * The banner for a view that is not today's; undefined for today's view. `versions` are every
 * version recorded now (not only those known at asOf), so "today" is always the present truth.
 */
export function viewBanner(
  versions: readonly VersionFacts[],
  shown: VersionFacts | undefined,
  view: ViewRequest,
  todayHref: string,
): Banner | undefined {
  const current = inForceOn(versions, view.today);
  const scheduledShown = shown !== undefined && shown.effectiveFrom > view.today;
  const notToday = view.at !== undefined && view.at !== view.today;
  const isTodayView = !notToday && view.chosen === undefined && view.asOf === undefined;
  if (isTodayView && !scheduledShown) return undefined;
  const parts: string[] = [];
  if (view.asOf) parts.push(`按 ${view.asOfLabel ?? view.asOf}（北京时间）登记簿所知的内容显示`);
  if (notToday) parts.push(`显示 ${view.at} 施行的版本`);
  if (view.chosen !== undefined) parts.push(`显示您选择的第${view.chosen}版`);
  if (scheduledShown) parts.push(`该版本尚未施行，将自 ${shown.effectiveFrom} 起施行`);
  else if (shown && current && shown.version === current.version) parts.push('该版本也是今天的现行版本');
  else parts.push('这不是今天的现行内容');
  const todayText = current
    ? `今天（${view.today}）现行有效的是第${current.version}版，自 ${current.effectiveFrom} 起施行。`
    : todayWithoutVersion(versions, view.today);
  const same = shown !== undefined && current !== undefined && shown.version === current.version;
  return {
    tone: same ? 'info' : 'warn',
    text: `${parts.join('；')}。`,
    today: todayText,
    ...(current ? { link: { href: todayHref, label: `查看现行有效的第${current.version}版` } } : {}),
  };
}

function todayWithoutVersion(versions: readonly VersionFacts[], today: string): string {
  const { repealedBy } = resolveInForce(asTimeline(versions), { at: today });
  if (repealedBy) return `该清单已自 ${repealedBy.effectiveFrom} 起废止，今天（${today}）没有现行有效的版本。`;
  return `今天（${today}）尚无现行有效的版本。`;
}

/** A notice when a version newer than the one in force today is scheduled. */
export function scheduledNotice(
  versions: readonly VersionFacts[],
  today: string,
): { version: number; from: string; text: string; repeal: boolean } | undefined {
  const upcoming = versions
    .filter((v) => v.effectiveFrom > today)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const next = upcoming[0];
  if (!next) return undefined;
  const repeal = next.status === 'repealed';
  const text = repeal
    ? `已公布废止决定（第${next.version}版），该清单将自 ${next.effectiveFrom} 起废止。`
    : `已公布第${next.version}版，将自 ${next.effectiveFrom} 起施行；在此之前现行版本继续有效。`;
  return { version: next.version, from: next.effectiveFrom, text, repeal };
}
