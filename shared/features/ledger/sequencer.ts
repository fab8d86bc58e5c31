/**
 * The ledger sequencer: logs every published-but-unlogged version, in order,
 * then signs a checkpoint for the new size. One run:
 *
 * 1. takes the lease on the log state (a second run at the same time backs off);
 * 2. replays the previous run's head marks (a crash after its commit left them undone);
 * 3. signs the committed state if its checkpoint is missing (crash before signing);
 * 4. reads the pending heads (sparse index, oldest first) strongly, builds one
 *    leaf per unlogged version (reading its content to compute itemsRoot),
 *    writes entries and newly full tiles, then commits the state (CAS on size):
 *    the commit point. Then it marks the heads and signs the checkpoint;
 *    when no list version waits, it does the same with the queued events
 *    (decisions published, withdrawn, expired, and decision documents:
 *    ./log-events.ts), whose leaf
 *    bodies were built by their feature and get the log's origin here;
 * 5. repeats while work remains and the lease has time, then releases the lease.
 *
 * Before signing it proves the new tree consistent with the last signed
 * checkpoint from the stored tiles, so the log never signs two inconsistent
 * checkpoints even if the state item were altered.
 */
import { entityKind, findKind } from '../../core/kinds/index.js';
import { formatCheckpoint, parseCheckpoint } from './model/checkpoint.js';
import { appendLeaves, edgeRoot } from './model/edge.js';
import { equalHashes, leafHash, toBase64 } from './model/hash.js';
import { buildLeaf, encodeLeaf } from './model/leaf.js';
import { itemsRootHex } from './model/items.js';
import { verifyConsistency } from './model/merkle.js';
import { formatVerifierKey, keyId, signNote } from './model/note.js';
import type { Signer } from './model/signer.js';
import type { HeadMark, LedgerStore, LogMark, LogState } from './ledger-store.js';
import { encodeDecisionLeaf, type DecisionLeafBody } from './model/decision-leaf.js';
import { encodeDocumentLeaf, type DocumentLeafBody } from './model/document-leaf.js';
import type { StreamHead, StreamStore } from '../lists/index.js';
import { anonymousOwners, type LeaseOwners } from './lease-owners.js';

export interface SequencerDeps {
  ledger: LedgerStore;
  streams: StreamStore;
  signer: Signer;
  origin: string;
  /** Leaves per commit (default 2,000): bounds a run's memory and the state's mark list. */
  batchLeaves?: number;
  /** How long the lease protects a run (default 30 s); a run stops committing after half of it. */
  leaseMs?: number;
  /** Names this run's lease and tells a gone holder (default anonymous: a held lease is waited out). */
  owners?: LeaseOwners;
}

export interface SequencerResult {
  /** Another run held the lease; nothing was done. */
  busy: boolean;
  appended: number;
  size: number;
  /** Size of the latest signed checkpoint after the run. */
  checkpointSize: number;
  /** publishedAt of the oldest version still waiting, if any. */
  oldestPending?: string;
  /** Region codes of the units whose versions this run logged (what a stored search index may now lack). */
  regions: string[];
}

export class LogIntegrityError extends Error {}

export async function runSequencer(deps: SequencerDeps): Promise<SequencerResult> {
  const leaseMs = deps.leaseMs ?? 30_000;
  const batchLeaves = deps.batchLeaves ?? 2_000;
  const owners = deps.owners ?? anonymousOwners;
  const owner = owners.next();
  const started = Date.now();
  let state = await deps.ledger.acquireLease(owner, leaseMs);
  if (!state) {
    // A holder known to be gone (a local process killed mid-run) is replaced at once rather than waited out.
    const holder = (await deps.ledger.readState()).lease;
    if (holder && owners.isGone(holder)) state = await deps.ledger.acquireLease(owner, leaseMs, { replacing: holder });
  }
  if (!state) return { busy: true, appended: 0, size: -1, checkpointSize: -1, regions: [] };
  let appended = 0;
  let checkpointSize = 0;
  const regions = new Set<string>();
  try {
    await publishKey(deps);
    for (const mark of state.lastBatch) await deps.ledger.markLogged(mark);
    checkpointSize = await checkpoint(deps, state);
    while (Date.now() - started < leaseMs / 2) {
      // List versions first, then queued events (decisions): both are appended in one order, one commit per batch.
      const batch =
        (await headBatch(deps, state.size, batchLeaves)) ?? (await eventBatch(deps, state.size, batchLeaves));
      if (!batch) break;
      const { leaves, marks } = batch;
      const { edge, full } = appendLeaves(
        state.edge,
        leaves.map((l) => leafHash(l)),
      );
      // Writes beyond the committed size are harmless only while we hold the lease: past half of it, stop.
      if (Date.now() - started > leaseMs / 2) break;
      await deps.ledger.writeEntries(state.size, leaves);
      await deps.ledger.writeTiles(full);
      // Past half the lease another run may soon take over: leave the commit to it.
      if (Date.now() - started > leaseMs / 2) break;
      state = await deps.ledger.commit(owner, state.size, { edge, root: edgeRoot(edge), lastBatch: marks }, leaseMs);
      appended += leaves.length;
      for (const r of batch.regions) regions.add(r);
      for (const mark of marks) await deps.ledger.markLogged(mark);
      checkpointSize = await checkpoint(deps, state);
    }
  } finally {
    await deps.ledger.releaseLease(owner);
  }
  const oldest = (await deps.ledger.pendingHeads(1))[0];
  return {
    busy: false,
    appended,
    size: state.size,
    checkpointSize,
    regions: [...regions].sort(),
    ...(oldest ? { oldestPending: oldest.ledgerSk.split('#')[0] } : {}),
  };
}

interface Batch {
  leaves: string[];
  marks: LogMark[];
  /** Regions of the units whose list versions the batch logs. */
  regions: string[];
}

/** The next list versions to log, from the heads in the pending index; undefined when none waits. */
async function headBatch(deps: SequencerDeps, firstLeaf: number, limit: number): Promise<Batch | undefined> {
  const pending = await deps.ledger.pendingHeads(200);
  if (pending.length === 0) return undefined;
  const heads = await deps.ledger.readHeads(pending);
  const order = new Map(pending.map((p, i) => [`${p.uscc}#${p.stream}`, i]));
  heads.sort((a, b) => order.get(`${a.uscc}#${a.stream}`)! - order.get(`${b.uscc}#${b.stream}`)!);
  const work = heads.filter((h) => h.version > (h.loggedVersion ?? 0));
  // Heads whose flag outlived their logging (index lag, or a mark raced a publish): clear, don't spin.
  for (const h of heads)
    if (h.version <= (h.loggedVersion ?? 0)) await deps.ledger.clearPending(h.uscc, h.stream, h.version);
  if (work.length === 0) return undefined;
  const { leaves, marks } = await buildLeaves(deps, work, firstLeaf, limit);
  const logged = new Set(marks.map((m) => `${m.uscc}#${m.stream}`));
  const regions = work.flatMap((h) => (logged.has(`${h.uscc}#${h.stream}`) && h.regionCode ? [h.regionCode] : []));
  return { leaves, marks, regions };
}

/** The next queued events to log (./log-events.ts), oldest first; undefined when none waits. */
async function eventBatch(deps: SequencerDeps, firstLeaf: number, limit: number): Promise<Batch | undefined> {
  const keys = await deps.ledger.pendingEvents(Math.min(limit, 500));
  if (keys.length === 0) return undefined;
  // Read strongly: the index lags, and an event it still lists may be logged already.
  const events = await deps.ledger.readEvents(keys);
  if (events.length === 0) return undefined;
  const leaves = events.map((e) => {
    try {
      const body = JSON.parse(e.body) as DecisionLeafBody | DocumentLeafBody;
      return body.record === 'decision-document'
        ? encodeDocumentLeaf(deps.origin, body)
        : encodeDecisionLeaf(deps.origin, body);
    } catch (error) {
      throw new LogIntegrityError(`queued event ${e.pk}/${e.sk} is not a valid leaf body: ${(error as Error).message}`);
    }
  });
  const marks = events.map((e, i) => ({ event: { pk: e.pk, sk: e.sk }, leaf: firstLeaf + i }));
  return { leaves, marks, regions: [] };
}

async function buildLeaves(
  deps: SequencerDeps,
  heads: StreamHead[],
  firstLeaf: number,
  limit: number,
): Promise<{ leaves: string[]; marks: HeadMark[] }> {
  const jobs: Array<{ head: StreamHead; version: number }> = [];
  const marks: HeadMark[] = [];
  for (const head of heads) {
    if (jobs.length >= limit) break;
    const from = (head.loggedVersion ?? 0) + 1;
    marks.push({ uscc: head.uscc, stream: head.stream, from, to: head.version, firstLeaf: firstLeaf + jobs.length });
    for (let v = from; v <= head.version; v++) jobs.push({ head, version: v });
  }
  const leaves = new Array<string>(jobs.length);
  // A few reads in flight: content reads are independent and immutable.
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const { head, version } = jobs[i]!;
      const entry = head.timeline.find((e) => e.version === version);
      if (!entry)
        throw new LogIntegrityError(
          `version ${version} of ${head.uscc}/${head.stream} is missing from its head's timeline`,
        );
      const { meta, items } = await deps.streams.readContent(head.uscc, head.stream, entry);
      const kind = head.stream === entityKind.id ? entityKind : findKind(head.stream);
      if (!kind) throw new LogIntegrityError(`unknown kind ${head.stream}`);
      leaves[i] = encodeLeaf(buildLeaf(deps.origin, meta, itemsRootHex(kind, items)));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { leaves, marks };
}

/** Key records already written, per ledger store: one conditional put per process and table. */
const publishedKeys = new WeakMap<LedgerStore, Signer>();

async function publishKey(deps: SequencerDeps): Promise<void> {
  if (publishedKeys.get(deps.ledger) === deps.signer) return;
  if (deps.signer.name !== deps.origin)
    throw new Error(`the signer's key name ${deps.signer.name} must be the log origin ${deps.origin}`);
  const pub = await deps.signer.publicKey();
  await deps.ledger.putKey({
    origin: deps.origin,
    publicKey: toBase64(pub),
    keyId: Buffer.from(keyId(deps.origin, pub)).toString('hex'),
    vkey: formatVerifierKey(deps.origin, pub),
  });
  publishedKeys.set(deps.ledger, deps.signer);
}

/** Signs the committed state unless already signed; returns the latest checkpoint size. */
async function checkpoint(deps: SequencerDeps, state: LogState): Promise<number> {
  const latest = await deps.ledger.latestCheckpoint(true);
  const previous = latest ? parseCheckpoint(latest.note.slice(0, latest.note.lastIndexOf('\n\n') + 1)) : undefined;
  if (previous && previous.size > state.size) {
    throw new LogIntegrityError(
      `log state (size ${state.size}) is behind its latest checkpoint (size ${previous.size}): refusing to sign`,
    );
  }
  if (previous && previous.size === state.size) {
    if (!equalHashes(previous.root, state.root))
      throw new LogIntegrityError(`log state root differs from the signed checkpoint at size ${state.size}`);
    return previous.size;
  }
  if (state.size === 0) return 0;
  if (previous && previous.size > 0) {
    const proof = await deps.ledger.consistencyProof(previous.size, state.size, state);
    if (!verifyConsistency(previous.size, state.size, proof, previous.root, state.root)) {
      throw new LogIntegrityError(
        `the log at size ${state.size} is not consistent with the checkpoint at size ` +
          `${previous.size}: refusing to sign`,
      );
    }
  }
  const note = await signNote(
    formatCheckpoint({ origin: deps.origin, size: state.size, root: state.root }),
    deps.signer,
  );
  if (!(await deps.ledger.putCheckpoint(state.size, note))) {
    const existing = await deps.ledger.getCheckpoint(state.size, true);
    const body = existing?.note.slice(0, existing.note.lastIndexOf('\n\n') + 1);
    if (!body || !equalHashes(parseCheckpoint(body).root, state.root))
      throw new LogIntegrityError(`a different checkpoint already exists for size ${state.size}`);
  }
  return state.size;
}
