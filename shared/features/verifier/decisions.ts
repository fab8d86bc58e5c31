/**
 * Decisions (事后公示) held against their log leaves (format: ledger/model/decision-leaf.ts), from public routes:
 * - every decision with a leaf in scope is still served (its content may leave, its trace stays);
 * - the served 文号, type, date, unit, region, commitment and publicity are those logged, field by field;
 * - while it is published, its served content hashes to the publication leaf's contentHash (a changed stored
 *   decision is named, with the fields that changed since this folder's last copy of it);
 * - a served withdrawal is the logged one (ground, act, date, reason); an expired one has its expiry leaf;
 * - every decision a unit in scope serves as published, withdrawn or expired has its leaves (older than the
 *   maximum delay; younger ones are warnings).
 * The entries themselves were already hashed to the signed root, so a leaf in the mirror is in the log.
 */
import { contentHash } from '../../core/canonical-json.js';
import { decodeDecisionLeaf, type DecisionLeaf } from '../ledger/index.js';
import { HttpError, type PublicApi } from './client.js';
import type { Mirror } from './mirror.js';

export interface ServedDecision {
  id: string;
  unit: string;
  regionCode: string;
  number: string;
  type: string;
  decisionDate: string;
  state: 'published' | 'withdrawn' | 'expired' | 'overdue';
  commitment: string;
  publication: { doneOn?: string };
  publicity: { ruleSet?: string; tier?: string; months?: number; expiresOn?: string };
  content?: Record<string, unknown>;
  withdrawal?: { ground: string; actNumber: string; actDate: string; reason: string; recordedOn: string };
  expired?: { on: string };
}

export interface DecisionFinding {
  unit: string;
  kind: 'decision';
  check: 'decision' | 'pending';
  message: string;
}

export interface DecisionCheck {
  /** Decisions checked (with a leaf, or served by a unit in scope). */
  decisions: number;
  failures: DecisionFinding[];
  warnings: DecisionFinding[];
}

type Pool = <T>(items: readonly T[], fn: (item: T) => Promise<void>) => Promise<void>;

export async function checkDecisions(
  api: PublicApi,
  mirror: Mirror,
  input: {
    leaves: ReadonlyArray<[number, string]>;
    origin: string;
    units: readonly string[];
    today: string;
    pool: Pool;
  },
): Promise<DecisionCheck> {
  const out: DecisionCheck = { decisions: 0, failures: [], warnings: [] };
  const byId = new Map<string, Array<{ index: number; leaf: DecisionLeaf }>>();
  for (const [index, text] of input.leaves) {
    let leaf: DecisionLeaf;
    try {
      leaf = decodeDecisionLeaf(text);
    } catch {
      out.failures.push({ unit: '', kind: 'decision', check: 'decision', message: `leaf ${index} is not valid` });
      continue;
    }
    const list = byId.get(leaf.id) ?? [];
    list.push({ index, leaf });
    byId.set(leaf.id, list);
  }
  // Decisions the units in scope serve, for coverage: one paged listing per unit over all dates.
  const served = new Map<string, ServedDecision>();
  await input.pool(input.units, async (uscc) => {
    try {
      for (const d of await api.unitDecisions(uscc)) served.set(d.id, d);
    } catch (e) {
      fail(out, uscc, `decisions not readable: ${describe(e)}`);
    }
  });
  const ids = [...new Set([...byId.keys(), ...[...served.values()].filter(isPublicEvent).map((d) => d.id)])];
  out.decisions = ids.length;
  await input.pool(ids, async (id) => {
    const logged = byId.get(id) ?? [];
    let d = served.get(id);
    if (!d) {
      try {
        d = await api.json<ServedDecision>(`/v1/decisions/${encodeURIComponent(id)}`);
      } catch (e) {
        const unit = logged[0]?.leaf.unit ?? '';
        fail(out, unit, `${id}: logged at leaf ${logged[0]?.index} but no longer served (${describe(e)})`);
        return;
      }
    }
    checkOne(out, mirror, d, logged, input);
  });
  return out;
}

const isPublicEvent = (d: ServedDecision) => d.state !== 'overdue';

function checkOne(
  out: DecisionCheck,
  mirror: Mirror,
  d: ServedDecision,
  logged: ReadonlyArray<{ index: number; leaf: DecisionLeaf }>,
  input: { origin: string; today: string },
) {
  const name = `${d.id} (${d.number})`;
  const problem = (message: string) => fail(out, d.unit, `${name}: ${message}`);
  const leafOf = (event: DecisionLeaf['event']) => logged.find((l) => l.leaf.event === event);
  const needed: Array<DecisionLeaf['event']> = isPublicEvent(d) ? ['published'] : [];
  if (d.state === 'withdrawn') needed.push('withdrawn');
  for (const event of needed) {
    if (leafOf(event)) continue;
    // A change recorded today or yesterday may still wait for the log.
    const on = event === 'withdrawn' ? d.withdrawal?.recordedOn : d.publication.doneOn;
    const young = on !== undefined && on >= dayBefore(input.today);
    (young ? out.warnings : out.failures).push({
      unit: d.unit,
      kind: 'decision',
      check: young ? 'pending' : 'decision',
      message: `${name}: served as ${d.state} but its ${event} event is not in the log`,
    });
  }
  for (const { index, leaf } of logged) {
    const at = `leaf ${index} (${leaf.event})`;
    if (leaf.origin !== input.origin) problem(`${at} names origin ${leaf.origin}`);
    const facts: Array<[string, unknown, unknown]> = [
      ['unit', leaf.unit, d.unit],
      ['regionCode', leaf.regionCode, d.regionCode],
      ['number', leaf.number, d.number],
      ['type', leaf.decisionType, d.type],
      ['decisionDate', leaf.decisionDate, d.decisionDate],
      ['commitment', leaf.commitment, d.commitment],
      ['publicity.ruleSet', leaf.publicity.ruleSet, d.publicity.ruleSet ?? null],
      ['publicity.tier', leaf.publicity.tier, d.publicity.tier ?? null],
      ['publicity.months', leaf.publicity.months, d.publicity.months ?? null],
      ['publicity.expiresOn', leaf.publicity.expiresOn, d.publicity.expiresOn ?? null],
    ];
    for (const [field, was, now] of facts)
      if (was !== now) problem(`${field} is ${show(now)}, ${at} logged ${show(was)}`);
    if (leaf.event === 'published' && d.state === 'published') {
      const hash = d.content ? contentHash(d.content) : null;
      if (hash !== leaf.contentHash) {
        const earlier = mirror.readJson<Record<string, unknown>>('decisions', `${safeName(d.id)}.json`);
        const changed =
          earlier && contentHash(earlier) === leaf.contentHash && d.content ? changedFields(earlier, d.content) : [];
        problem(
          `the served content does not hash to the contentHash logged at ${at}` +
            (changed.length ? `; changed since the last verified copy: ${changed.join(', ')}` : ''),
        );
      } else if (d.content) mirror.writeJson(d.content, 'decisions', `${safeName(d.id)}.json`);
    }
    if (leaf.event === 'withdrawn') {
      if (d.state !== 'withdrawn' || !d.withdrawal) problem(`${at} records a withdrawal, served as ${d.state}`);
      else
        for (const f of ['ground', 'actNumber', 'actDate', 'reason', 'recordedOn'] as const)
          if (leaf.withdrawal?.[f] !== d.withdrawal[f])
            problem(`withdrawal.${f} is ${show(d.withdrawal[f])}, ${at} logged ${show(leaf.withdrawal?.[f])}`);
    }
    if (leaf.event === 'expired' && d.state !== 'expired')
      problem(`${at} records the end of its period, served as ${d.state}`);
  }
}

/** Top-level and party fields whose values differ. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const flat = (o: Record<string, unknown>) =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.entries(v as Record<string, unknown>).map(([k2, v2]) => [`${k}.${k2}`, v2] as const)
        : [[k, v] as const],
    );
  const a = new Map(flat(before).map(([k, v]) => [k, JSON.stringify(v)]));
  const b = new Map(flat(after).map(([k, v]) => [k, JSON.stringify(v)]));
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

function fail(out: DecisionCheck, unit: string, message: string) {
  out.failures.push({ unit, kind: 'decision', check: 'decision', message });
}

const safeName = (id: string) => id.replace(/[^0-9A-Za-z.-]/g, '_');
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s !== undefined && s.length > 60 ? `${s.slice(0, 57)}…` : String(s);
};
function describe(e: unknown): string {
  if (e instanceof HttpError) return `HTTP ${e.status}${e.reason ? ` ${e.reason}` : ''}`;
  return (e as Error).message ?? String(e);
}
