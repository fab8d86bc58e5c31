/**
 * Random-inspection draws held against their log leaves (format: ledger/model/draw-leaf.ts), from public routes:
 * - every draw a unit in scope serves has its `committed` leaf (older than the maximum delay; younger: a warning);
 * - the served commitment hashes to the logged commitment hash, and each of its deciding fields is the logged one
 *   (a changed field is named), the plan task it names still hashes to the logged task hash;
 * - a draw served as drawn or published was committed with a log time (`loggedAt`) before its round;
 * - its `drawn` leaf holds the served outcome hash; a published outcome hashes to the logged outcome hash (a swapped
 *   target or inspector), each published result is for a drawn target, and the results hash to the logged root;
 * - a refused draw has its `refused` leaf; a logged draw is still served, in a state its leaves allow;
 * - a draw served as replaced is named (`redrawOf`, with a reason) by its re-draw's logged commitment.
 * The entries themselves were already hashed to the signed root, so a leaf in the mirror is in the log.
 */
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import { decodeDrawLeaf, drawResultsRoot, type DrawEvent, type DrawLeaf } from '../ledger/index.js';
import {
  commitmentFields,
  LOCAL_DEMO_CHAIN,
  outcomeHash,
  roundTime,
  taskHash,
  type Commitment,
  type PublicDraw,
} from '../inspections/index.js';
import { HttpError, type PublicApi } from './client.js';

export interface DrawFinding {
  unit: string;
  kind: 'draw';
  check: 'draw' | 'pending' | 'demo';
  message: string;
}

export interface DrawCheck {
  /** Draws checked (with a leaf, or served by a unit in scope). */
  draws: number;
  failures: DrawFinding[];
  warnings: DrawFinding[];
}

type Pool = <T>(items: readonly T[], fn: (item: T) => Promise<void>) => Promise<void>;
type Logged = Map<DrawEvent, { index: number; leaf: DrawLeaf }>;

export async function checkDraws(
  api: PublicApi,
  input: {
    leaves: ReadonlyArray<[number, string]>;
    origin: string;
    units: readonly string[];
    now: Date;
    maxDelayMs: number;
    pool: Pool;
  },
): Promise<DrawCheck> {
  const out: DrawCheck = { draws: 0, failures: [], warnings: [] };
  const logged = new Map<string, Logged>();
  for (const [index, text] of input.leaves) {
    let leaf: DrawLeaf;
    try {
      leaf = decodeDrawLeaf(text);
    } catch {
      out.failures.push({ unit: '', kind: 'draw', check: 'draw', message: `leaf ${index} is not a valid draw leaf` });
      continue;
    }
    const key = `${leaf.unit}/${leaf.drawId}`;
    const events: Logged = logged.get(key) ?? new Map();
    if (events.has(leaf.event)) fail(out, leaf.unit, `${leaf.drawId}: leaf ${index} logs ${leaf.event} a second time`);
    events.set(leaf.event, { index, leaf });
    logged.set(key, events);
  }
  const served = new Map<string, PublicDraw>();
  await input.pool(input.units, async (uscc) => {
    try {
      const { draws } = await api.json<{ draws: PublicDraw[] }>(`/v1/units/${uscc}/draws`);
      for (const d of draws) served.set(`${d.unit}/${d.drawId}`, d);
    } catch (e) {
      fail(out, uscc, `draws not readable: ${describe(e)}`);
    }
  });
  const keys = [...new Set([...logged.keys(), ...served.keys()])];
  out.draws = keys.length;
  await input.pool(keys, async (key) => {
    const events = logged.get(key) ?? new Map();
    const d = served.get(key);
    if (!d) {
      const first = [...events.values()][0]!;
      fail(out, first.leaf.unit, `${first.leaf.drawId}: logged at leaf ${first.index} but no longer served`);
      return;
    }
    const task = await servedTaskHash(api, d.commitment);
    checkOne(out, d, events, { ...input, task });
    const unloggedDemo = d.commitment.beacon.chain === LOCAL_DEMO_CHAIN && !events.has('committed');
    if (d.replacedBy && !unloggedDemo)
      checkReplaced(out, d, logged.get(`${d.unit}/${d.replacedBy}`)?.get('committed')?.leaf);
  });
  return out;
}

/** A draw served as replaced must be named by its re-draw's logged commitment (`redrawOf`), with a reason. */
function checkReplaced(out: DrawCheck, d: PublicDraw, redraw: DrawLeaf | undefined) {
  if (redraw?.commitment?.redrawOf === d.drawId && redraw.commitment.reason) return;
  fail(
    out,
    d.unit,
    `${d.drawId}: served as replaced by ${d.replacedBy}, but no logged re-draw commitment names it with a reason`,
  );
}

/** The hash of the plan task a draw names, as served now; undefined when it is not served. */
async function servedTaskHash(api: PublicApi, c: Commitment): Promise<string | undefined> {
  try {
    const plan = await api.json<{ tasks: Array<Parameters<typeof taskHash>[0]> }>(
      `/v1/units/${c.unit}/inspection-plans/${encodeURIComponent(c.planId)}`,
    );
    const task = plan.tasks.find((t) => t.taskId === c.taskId);
    return task && taskHash(task);
  } catch {
    return undefined;
  }
}

function checkOne(
  out: DrawCheck,
  d: PublicDraw,
  events: Logged,
  input: { origin: string; now: Date; maxDelayMs: number; task: string | undefined },
) {
  const problem = (message: string) => fail(out, d.unit, `${d.drawId}: ${message}`);
  for (const { index, leaf } of events.values())
    if (leaf.origin !== input.origin) problem(`leaf ${index} names origin ${leaf.origin}`);
  const committed = events.get('committed');
  if (!committed) {
    // A demo-beacon draw (the demo's simulated history) proves nothing by its log time: its rounds are predictable.
    const demo = d.commitment.beacon.chain === LOCAL_DEMO_CHAIN;
    const young = Date.parse(d.commitment.committedAt) > input.now.getTime() - input.maxDelayMs;
    (young || demo ? out.warnings : out.failures).push({
      unit: d.unit,
      kind: 'draw',
      check: young ? 'pending' : demo ? 'demo' : 'draw',
      message:
        `${d.drawId}: served (${d.state}, committed ${d.commitment.committedAt}) but its commitment is not in the log` +
        (demo ? ' (local demo beacon)' : ''),
    });
    if (demo) return;
  } else checkCommitment(problem, d, committed, input.task);

  const needs: DrawEvent[] = [];
  if (d.state === 'drawn' || d.state === 'published') needs.push('drawn');
  if (d.state === 'published') needs.push('outcome-published', 'results-published');
  if (d.state === 'refused') needs.push('refused');
  for (const event of needs)
    if (!events.has(event)) problem(`served as ${d.state} but its ${event} event is not in the log`);
  const allowed = new Set<DrawEvent>(['committed', ...needs]);
  for (const [event, { index }] of events)
    if (!allowed.has(event)) problem(`served as ${d.state}, but leaf ${index} logs it ${event}`);

  for (const event of ['drawn', 'outcome-published'] as const) {
    const at = events.get(event);
    if (!at) continue;
    if (at.leaf.outcomeHash !== (d.outcomeHash ?? null))
      problem(`the served outcome hash ${show(d.outcomeHash)} is not the ${event} leaf ${at.index}'s`);
    if (at.leaf.drawnCount !== (d.drawnCount ?? null))
      problem(`drawnCount is ${show(d.drawnCount)}, leaf ${at.index} logged ${show(at.leaf.drawnCount)}`);
  }
  if (d.state === 'published') checkPublished(problem, d, events);
  const refused = events.get('refused');
  if (refused && d.refusal && refused.leaf.refusal?.reason !== d.refusal.reason)
    problem(`refused for ${d.refusal.reason}, leaf ${refused.index} logged ${show(refused.leaf.refusal?.reason)}`);
}

function checkCommitment(
  problem: (message: string) => void,
  d: PublicDraw,
  { index, leaf }: { index: number; leaf: DrawLeaf },
  task: string | undefined,
) {
  const at = `the committed leaf ${index}`;
  if (leaf.commitmentHash !== d.commitmentHash)
    problem(`the served commitment hash ${d.commitmentHash} is not the one logged at ${at}`);
  const hash = sha256Hex(canonicalJson(d.commitment));
  if (hash !== leaf.commitmentHash) problem(`the served commitment hashes to ${hash}, not to the hash logged at ${at}`);
  const logged = leaf.commitment;
  if (!logged) return problem(`${at} holds no commitment fields`);
  const servedFields = commitmentFields(d.commitment, task ?? '');
  const changed = (Object.keys(logged) as Array<keyof typeof logged>).filter(
    (k) => k !== 'taskHash' && canonicalJson(logged[k]) !== canonicalJson(servedFields[k]),
  );
  for (const k of changed)
    problem(`commitment field ${k} is ${show(servedFields[k])}, ${at} logged ${show(logged[k])}`);
  if (task === undefined) problem(`the plan task ${d.commitment.planId}/${d.commitment.taskId} is no longer served`);
  else if (task !== logged.taskHash)
    problem(`the plan task ${d.commitment.planId}/${d.commitment.taskId} changed since ${at} logged its hash`);
  const emits = roundTime(d.commitment.beacon.chain, d.commitment.beacon.round);
  if ((d.state === 'drawn' || d.state === 'published') && (emits === undefined || Date.parse(leaf.loggedAt) >= emits))
    problem(
      `committed in the log at ${leaf.loggedAt} (${at}), not before round ${d.commitment.beacon.round}` +
        (emits === undefined ? ' of an unknown chain' : ` (${new Date(emits).toISOString()})`),
    );
}

function checkPublished(problem: (message: string) => void, d: PublicDraw, events: Logged) {
  const outcome = d.outcome ?? [];
  const published = events.get('outcome-published');
  const hash = outcomeHash({ targets: outcome });
  if (published && hash !== published.leaf.outcomeHash)
    problem(
      `the published outcome (targets and inspectors) hashes to ${hash}, not to the outcome hash logged at ` +
        `leaf ${published.index}: a target or an inspector was swapped`,
    );
  const drawn = new Set(outcome.map((t) => t.uscc));
  for (const r of d.results ?? [])
    if (!drawn.has(r.uscc)) problem(`a result is published for ${r.uscc}, which was not drawn`);
  const results = events.get('results-published');
  if (!results?.leaf.results) return;
  const served = d.results ?? [];
  if (served.length !== results.leaf.results.count || drawResultsRoot(served) !== results.leaf.results.root)
    problem(
      `the published results (${served.length}) do not hash to the root logged at leaf ${results.index} ` +
        `(${results.leaf.results.count} results)`,
    );
}

function fail(out: DrawCheck, unit: string, message: string) {
  out.failures.push({ unit, kind: 'draw', check: 'draw', message });
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s !== undefined && s.length > 60 ? `${s.slice(0, 57)}…` : String(s);
};
function describe(e: unknown): string {
  if (e instanceof HttpError) return `HTTP ${e.status}${e.reason ? ` ${e.reason}` : ''}`;
  return (e as Error).message ?? String(e);
}
