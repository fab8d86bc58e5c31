/**
 * The draw verifier: from public routes alone, checks that a draw was committed before
 * its randomness existed, that the round is a genuine drand round, that the directories
 * are the committed ones, and that re-running the sampler gives the logged outcome (and,
 * once published, the published targets, inspectors and results).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import { checkRound, LOCAL_DEMO_CHAIN, roundTime } from './model/beacon.js';
import { CommitmentSchema, outcomeHash, snapshotHash, type InspectorEntry } from './model/commitment.js';
import { resultsHash, type InspectionResult } from './model/draw.js';
import { runSampler, type DrawnTarget } from './model/sampler.js';
import { checkLog, type LogEntry } from './store.js';
import { eligible } from './service.js';

export type CheckName =
  | 'commitment-hash'
  | 'committed-before-round'
  | 'beacon'
  | 'targets-directory'
  | 'inspectors-directory'
  | 'salt'
  | 'outcome-hash'
  | 'published-outcome'
  | 'results'
  | 'draw-log';

export interface Finding {
  check: CheckName;
  ok: boolean;
  message: string;
}

export interface DrawVerification {
  ok: boolean;
  drawId: string;
  state: string;
  findings: Finding[];
  /** The outcome the verifier computed (it may be checked before the unit publishes it). */
  recomputed?: DrawnTarget[];
}

/** Reads a public route's JSON by path (`/v1/…`); the CLI passes a fetcher that can also read a mirror. */
export type JsonGetter = (path: string) => Promise<unknown>;

interface DrawJson {
  drawId: string;
  unit: string;
  state: string;
  commitment: unknown;
  commitmentHash: string;
  beacon: { chain: string; round: number; randomness?: string; signature?: string };
  outcomeHash?: string;
  outcome?: DrawnTarget[];
  salt?: string;
  results?: InspectionResult[];
  resultsHash?: string;
}

/**
 * `https://host/v1/units/<uscc>/draws/<id>`, or the portal page `https://host/units/<uscc>/draws/<id>` an auditor
 * copies from the browser → its origin and the API path.
 */
export function parseDrawUrl(url: string): { origin: string; path: string } {
  const u = URL.canParse(url) ? new URL(url) : undefined;
  const m = u && /^(.*?)\/(?:v1\/)?units\/([^/]+)\/draws\/([^/?#]+)\/?$/.exec(u.pathname);
  if (!u || !m) throw new Error(`抽取地址应以 /units/<统一社会信用代码>/draws/<抽取编号> 结尾：${url}`);
  return { origin: `${u.origin}${m[1]}`, path: `/v1/units/${m[2]}/draws/${m[3]}` };
}

async function allItems(get: JsonGetter, path: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | undefined;
  do {
    const page = (await get(`${path}?limit=10000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as {
      items: Array<Record<string, unknown>>;
      nextCursor?: string;
    };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export async function verifyDraw(get: JsonGetter, drawPath: string): Promise<DrawVerification> {
  const draw = (await get(drawPath)) as DrawJson;
  const findings: Finding[] = [];
  const note = (check: CheckName, ok: boolean, message: string) => findings.push({ check, ok, message });
  const done = (recomputed?: DrawnTarget[]): DrawVerification => ({
    ok: findings.every((f) => f.ok),
    drawId: draw.drawId,
    state: draw.state,
    findings,
    ...(recomputed ? { recomputed } : {}),
  });

  const parsed = CommitmentSchema.safeParse(draw.commitment);
  if (!parsed.success) {
    note('commitment-hash', false, 'the commitment does not match the published schema');
    return done();
  }
  const c = parsed.data;
  const hash = sha256Hex(canonicalJson(c));
  note('commitment-hash', hash === draw.commitmentHash, `commitment hash ${hash}`);

  const emits = roundTime(c.beacon.chain, c.beacon.round);
  note(
    'committed-before-round',
    emits !== undefined && Date.parse(c.committedAt) < emits,
    emits === undefined
      ? `unknown beacon chain ${c.beacon.chain}`
      : `committed ${c.committedAt}, round ${c.beacon.round} emitted ${new Date(emits).toISOString()}`,
  );

  const log = ((await get(`/v1/units/${c.unit}/draw-log`)) as { entries: LogEntry[] }).entries;
  const chain = checkLog(log);
  const logged = (type: LogEntry['type'], subject?: string) =>
    log.some((e) => e.drawId === c.drawId && e.type === type && e.subjectHash === subject);
  const committedLogged = logged('committed', draw.commitmentHash);
  note(
    'draw-log',
    chain.ok && committedLogged && (!draw.outcomeHash || logged('drawn', draw.outcomeHash)),
    chain.ok
      ? committedLogged
        ? 'the draw log holds the commitment (and the outcome hash, once drawn)'
        : 'the commitment is not in the draw log'
      : `the draw log is broken at entry ${chain.seq}: ${chain.problem}`,
  );

  if (draw.state !== 'drawn' && draw.state !== 'published') return done();

  const demo = c.beacon.chain === LOCAL_DEMO_CHAIN;
  const round = {
    chain: draw.beacon.chain,
    round: draw.beacon.round,
    randomness: draw.beacon.randomness ?? '',
    signature: draw.beacon.signature ?? '',
  };
  const beacon =
    round.chain === c.beacon.chain && round.round === c.beacon.round
      ? await checkRound(round, { allowLocalDemo: demo })
      : ({ ok: false, reason: 'ROUND_MISMATCH' } as const);
  note(
    'beacon',
    beacon.ok,
    beacon.ok
      ? demo
        ? `local demo beacon round ${round.round} (offline demo only: not public randomness)`
        : `drand quicknet round ${round.round}: signature verified against the chain's public key`
      : `beacon round refused: ${beacon.reason}`,
  );

  const targetsPath = `/v1/units/${c.targets.unit}/lists/inspection-targets/versions/${c.targets.version}`;
  const items = await allItems(get, targetsPath);
  const itemsHash = sha256Hex(canonicalJson(items));
  note(
    'targets-directory',
    itemsHash === c.targets.contentHash,
    `检查对象名录库 version ${c.targets.version}: ${items.length} entries, content hash ${itemsHash}`,
  );

  const inspectors = ((await get(`${drawPath}/inspectors`)) as { inspectors: InspectorEntry[] }).inspectors;
  const inspectorsHash = snapshotHash(inspectors);
  note(
    'inspectors-directory',
    inspectorsHash === c.inspectors.contentHash && inspectors.length === c.inspectors.count,
    `执法检查人员名录: ${inspectors.length} certificates, hash ${inspectorsHash}`,
  );

  let salt: Buffer | undefined;
  if (c.scheme === 'gongshi-draw-v2') {
    if (draw.salt === undefined && draw.state === 'drawn') {
      note(
        'salt',
        true,
        'salt not yet revealed: the outcome stays withheld (only its hash is public) and can be re-run once the ' +
          'results are published with the salt',
      );
      return done();
    }
    const revealed = /^[0-9a-f]{64}$/.test(draw.salt ?? '') ? Buffer.from(draw.salt!, 'hex') : undefined;
    const matches = revealed !== undefined && createHash('sha256').update(revealed).digest('hex') === c.saltHash;
    note(
      'salt',
      matches,
      matches
        ? "the revealed salt is the committed one (its SHA-256 is the commitment's saltHash)"
        : draw.salt === undefined
          ? 'published without the salt the commitment names'
          : "the revealed salt does not match the commitment's saltHash",
    );
    if (!matches) return done();
    salt = revealed;
  }

  const rerun = runSampler({
    commitmentHash: Buffer.from(draw.commitmentHash, 'hex'),
    randomness: Buffer.from(round.randomness, 'hex'),
    ...(salt ? { salt } : {}),
    targets: eligible(items, c.filter),
    inspectors: inspectors.map((i) => i.certificateNumber),
    count: c.count,
    inspectorsPerTarget: c.inspectorsPerTarget,
    excludedTargets: c.excludedTargets,
    conflicts: c.conflicts,
  });
  const rerunHash = outcomeHash(rerun);
  note('outcome-hash', rerunHash === draw.outcomeHash, `re-run outcome hash ${rerunHash}`);

  if (draw.state === 'published') {
    const published = draw.outcome ?? [];
    const same = canonicalJson(published) === canonicalJson(rerun.targets);
    const differing = published
      .map((t, i) => ({ t, i }))
      .filter(({ t, i }) => canonicalJson(t) !== canonicalJson(rerun.targets[i] ?? null))
      .map(({ t, i }) => `#${i + 1} published ${t.uscc}, re-run ${rerun.targets[i]?.uscc ?? '(none)'}`);
    note(
      'published-outcome',
      same,
      same ? 'the published targets and inspectors are the re-run ones' : differing.join('; '),
    );
    const drawn = new Set(rerun.targets.map((t) => t.uscc));
    const strays = (draw.results ?? []).filter((r) => !drawn.has(r.uscc)).map((r) => r.uscc);
    const hashOk = draw.resultsHash === resultsHash(draw.results ?? []);
    note(
      'results',
      strays.length === 0 && hashOk && logged('results-published', draw.resultsHash),
      strays.length
        ? `results published for targets that were not drawn: ${strays.join(', ')}`
        : hashOk
          ? 'every result is for a drawn target, and the results hash is the logged one'
          : 'the results hash does not match the published results',
    );
  }
  return done(rerun.targets);
}
