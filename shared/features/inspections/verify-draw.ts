/**
 * The draw verifier: from public routes alone, checks that a draw was committed before
 * its randomness existed, that the round is a genuine drand round, that the directories
 * are the committed ones, and that re-running the sampler gives the logged outcome (and,
 * once published, the published targets, inspectors and results).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import { checkRound, LOCAL_DEMO_CHAIN, roundTime } from './model/beacon.js';
import {
  CommitmentSchema,
  outcomeHash,
  snapshotHash,
  type Commitment,
  type InspectorEntry,
} from './model/commitment.js';
import {
  decodeDrawLeaf,
  fromBase64,
  leafHash,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  verifyInclusion,
  type DrawLeaf,
} from '../ledger/index.js';
import { commitmentFields } from './log-leaves.js';
import { resultsHash, type InspectionResult } from './model/draw.js';
import { isSalted, runSampler, type DrawnTarget } from './model/sampler.js';
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
  | 'draw-log'
  | 'log-inclusion'
  | 'logged-before-round';

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
  leaves?: Record<string, number>;
}

interface InclusionJson {
  index: number;
  size: number;
  leaf?: string;
  proof: string[];
  checkpoint?: string;
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

/** The draw log's breaks (./store.ts checkLog), as the report names them. */
const LOG_PROBLEMS: Record<string, string> = {
  'sequence gap': '序号不连续',
  'broken link': '与上一条的链接不符',
  'entry hash': '该条的哈希不符',
};

/** Why a beacon round was refused (./model/beacon.ts), as the report names it. */
const BEACON_REFUSALS: Record<string, string> = {
  UNKNOWN_CHAIN: '未知的信标链',
  BAD_SIGNATURE: '签名无效',
  BAD_RANDOMNESS: '随机数与签名不符',
  MALFORMED: '格式错误',
  ROUND_MISMATCH: '公布的轮次不是承诺的轮次',
};

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
    note('commitment-hash', false, '承诺不符合公布的格式');
    return done();
  }
  const c = parsed.data;
  const hash = sha256Hex(canonicalJson(c));
  note('commitment-hash', hash === draw.commitmentHash, `承诺哈希 ${hash}，抽取方法 ${c.scheme}`);

  const emits = roundTime(c.beacon.chain, c.beacon.round);
  const before = emits !== undefined && Date.parse(c.committedAt) < emits;
  note(
    'committed-before-round',
    before,
    emits === undefined
      ? `未知的随机信标链 ${c.beacon.chain}`
      : `承诺于 ${c.committedAt}，随机信标第 ${c.beacon.round} 轮产生于 ${new Date(emits).toISOString()}（UTC）` +
          (before ? '：承诺在先' : '：承诺不在随机数产生之前'),
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
        ? '抽取日志载有该承诺（已抽取的，还载有结果哈希）'
        : '抽取日志中没有该承诺'
      : `抽取日志在第 ${chain.seq} 条断裂：${LOG_PROBLEMS[chain.problem] ?? chain.problem}`,
  );

  await checkLoggedCommitment(get, draw, c, note);

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
        ? `本地演示信标第 ${round.round} 轮（仅供离线演示，不是公共随机数）`
        : `drand quicknet 第 ${round.round} 轮：签名已用该链的公钥核验`
      : `随机信标轮次被拒绝：${BEACON_REFUSALS[beacon.reason]}（${beacon.reason}）`,
  );

  const targetsPath = `/v1/units/${c.targets.unit}/lists/inspection-targets/versions/${c.targets.version}`;
  const items = await allItems(get, targetsPath);
  const itemsHash = sha256Hex(canonicalJson(items));
  note(
    'targets-directory',
    itemsHash === c.targets.contentHash,
    `检查对象名录库第 ${c.targets.version} 版：${items.length} 条，内容哈希 ${itemsHash}`,
  );

  const inspectors = ((await get(`${drawPath}/inspectors`)) as { inspectors: InspectorEntry[] }).inspectors;
  const inspectorsHash = snapshotHash(inspectors);
  note(
    'inspectors-directory',
    inspectorsHash === c.inspectors.contentHash && inspectors.length === c.inspectors.count,
    `执法检查人员名录：${inspectors.length} 张执法证，哈希 ${inspectorsHash}`,
  );

  let salt: Buffer | undefined;
  if (isSalted(c.scheme)) {
    if (draw.salt === undefined && draw.state === 'drawn') {
      note('salt', true, '盐值尚未公开：抽取结果暂不公示（只公开其哈希），检查结果连同盐值公布后即可重新抽取核验');
      return done();
    }
    const revealed = /^[0-9a-f]{64}$/.test(draw.salt ?? '') ? Buffer.from(draw.salt!, 'hex') : undefined;
    const matches = revealed !== undefined && createHash('sha256').update(revealed).digest('hex') === c.saltHash;
    note(
      'salt',
      matches,
      matches
        ? '公开的盐值就是承诺的盐值（其 SHA-256 等于承诺中的 saltHash）'
        : draw.salt === undefined
          ? '公示时没有附上承诺所指的盐值'
          : '公开的盐值与承诺中的 saltHash 不符',
    );
    if (!matches) return done();
    salt = revealed;
  }

  const rerun = runSampler({
    scheme: c.scheme,
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
  note('outcome-hash', rerunHash === draw.outcomeHash, `重新抽取的结果哈希 ${rerunHash}`);

  if (draw.state === 'published') {
    const published = draw.outcome ?? [];
    const same = canonicalJson(published) === canonicalJson(rerun.targets);
    const differing = published
      .map((t, i) => ({ t, i }))
      .filter(({ t, i }) => canonicalJson(t) !== canonicalJson(rerun.targets[i] ?? null))
      .map(({ t, i }) => `第 ${i + 1} 个：公示 ${t.uscc}，重新抽取为 ${rerun.targets[i]?.uscc ?? '（无）'}`);
    note('published-outcome', same, same ? '公示的检查对象和检查人员与重新抽取的一致' : differing.join('；'));
    const drawn = new Set(rerun.targets.map((t) => t.uscc));
    const strays = (draw.results ?? []).filter((r) => !drawn.has(r.uscc)).map((r) => r.uscc);
    const hashOk = draw.resultsHash === resultsHash(draw.results ?? []);
    note(
      'results',
      strays.length === 0 && hashOk && logged('results-published', draw.resultsHash),
      strays.length
        ? `为未被抽中的检查对象公布了检查结果：${strays.join('、')}`
        : hashOk
          ? '每条检查结果都属于被抽中的对象，结果哈希与抽取日志一致'
          : '结果哈希与公布的检查结果不符',
    );
  }
  return done(rerun.targets);
}

/**
 * The commitment in the transparency log: its `committed` leaf, which the draw names by index, is included under a
 * checkpoint signed by the log's key (Merkle proof), records this commitment's hash and deciding fields, and was
 * appended (`loggedAt`, the sequencer's time) before the round was emitted.
 */
async function checkLoggedCommitment(
  get: JsonGetter,
  draw: DrawJson,
  c: Commitment,
  note: (check: CheckName, ok: boolean, message: string) => void,
): Promise<void> {
  const index = draw.leaves?.committed;
  if (index === undefined && c.beacon.chain === LOCAL_DEMO_CHAIN) {
    // The demo beacon's rounds can be computed in advance, so committing first proves nothing for them anyway.
    note('log-inclusion', true, '本地演示信标的抽取未记入透明日志：演示随机数可预先算出，这类抽取本就不具公信力');
    return;
  }
  if (index === undefined) {
    note('log-inclusion', false, '透明日志中没有该承诺：抽取记录未给出承诺的叶子索引');
    return;
  }
  let leaf: DrawLeaf;
  try {
    const { vkey } = (await get('/v1/ledger/key')) as { vkey: string };
    const p = (await get(`/v1/ledger/proof/inclusion?index=${index}&leaf=true`)) as InclusionJson;
    const cp = parseCheckpoint(openNote(p.checkpoint ?? '', [parseVerifierKey(vkey)]).text);
    const included =
      p.leaf !== undefined &&
      cp.size === p.size &&
      verifyInclusion(index, p.size, leafHash(p.leaf), p.proof.map(fromBase64), cp.root);
    if (!included) {
      note('log-inclusion', false, `第 ${index} 号叶子不在签名检查点（规模 ${p.size}）的树中`);
      return;
    }
    leaf = decodeDrawLeaf(p.leaf!);
  } catch (e) {
    note('log-inclusion', false, `无法核验第 ${index} 号叶子的包含证明：${(e as Error).message}`);
    return;
  }
  const changed = leaf.commitment
    ? Object.entries(commitmentFields(c, leaf.commitment.taskHash))
        .filter(([k, v]) => canonicalJson(v) !== canonicalJson(leaf.commitment![k as keyof typeof leaf.commitment]))
        .map(([k]) => k)
    : ['commitment'];
  const same =
    leaf.event === 'committed' &&
    leaf.unit === c.unit &&
    leaf.drawId === c.drawId &&
    leaf.commitmentHash === draw.commitmentHash &&
    changed.length === 0;
  note(
    'log-inclusion',
    same,
    same
      ? `承诺记入透明日志第 ${index} 号叶子，包含证明已用日志公钥签名的检查点核验`
      : `透明日志第 ${index} 号叶子记录的承诺与公示的不同` + (changed.length ? `：${changed.join('、')}` : ''),
  );
  const emits = roundTime(c.beacon.chain, c.beacon.round);
  const before = emits !== undefined && Date.parse(leaf.loggedAt) < emits;
  note(
    'logged-before-round',
    before,
    `透明日志于 ${leaf.loggedAt} 记入该承诺，随机信标第 ${c.beacon.round} 轮产生于 ` +
      (emits === undefined ? '（未知的信标链）' : new Date(emits).toISOString()) +
      (before ? '：记入在先' : '：记入不在随机数产生之前'),
  );
}
