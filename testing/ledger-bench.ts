/**
 * Benchmark hook (for bench/): appends N synthetic leaves to a log in
 * the engine through the same store operations the sequencer uses (entries,
 * full tiles, state compare-and-set under the lease), in batches, then samples
 * inclusion and consistency proofs. Reports items written per leaf, requests
 * per batch, and reads and time per proof. Use a fresh table: it writes the LOG items.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { appendLeaves, edgeRoot } from '../shared/features/ledger/model/edge.js';
import { leafHash } from '../shared/features/ledger/model/hash.js';
import { verifyConsistency, verifyInclusion } from '../shared/features/ledger/model/merkle.js';
import { countRequests, type RequestCounter } from './request-counter.js';
import { LedgerStore } from '../shared/features/ledger/ledger-store.js';

export interface LedgerBenchOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Leaves to append. */
  leaves: number;
  /** Leaves per commit (default 1,000; the sequencer's default is 2,000). 1 measures the single-append worst case. */
  batch?: number;
  /** Proofs to sample of each kind (default 50). */
  proofs?: number;
  /** A counter already attached to `client` (countRequests); one is attached when absent. */
  requests?: RequestCounter;
  onProgress?: (appended: number) => void;
}

export interface LedgerBenchResult {
  leaves: number;
  batches: number;
  appendMs: number;
  /** Items written per appended leaf: entries + tiles + one state update per batch. */
  itemsWrittenPerLeaf: number;
  /** Tiles written in total (full tiles only: partial tiles live in the state item). */
  tilesWritten: number;
  /** Write requests (BatchWriteItem + UpdateItem) per batch. */
  writeRequestsPerBatch: number;
  inclusion: { readRequestsPerProof: number; msPerProof: number; hashesPerProof: number };
  consistency: { readRequestsPerProof: number; msPerProof: number; hashesPerProof: number };
}

const reads = (c: RequestCounter) => c.of('GetItemCommand') + c.of('BatchGetItemCommand') + c.of('QueryCommand');
const writes = (c: RequestCounter) =>
  c.of('BatchWriteItemCommand') + c.of('UpdateItemCommand') + c.of('PutItemCommand');

export async function benchLedgerAppends(options: LedgerBenchOptions): Promise<LedgerBenchResult> {
  const store = new LedgerStore(options.client, options.tableName);
  const counter = options.requests ?? countRequests(options.client);
  const batch = Math.max(1, options.batch ?? 1_000);
  const owner = randomBytes(8).toString('hex');
  let state = await store.acquireLease(owner, 600_000);
  if (!state) throw new Error('the log is busy');
  const startSize = state.size;
  let items = 0;
  let tiles = 0;
  let batches = 0;
  const writesBefore = writes(counter);
  const t0 = performance.now();
  for (let done = 0; done < options.leaves; ) {
    const n = Math.min(batch, options.leaves - done);
    const leaves = Array.from({ length: n }, (_, i) =>
      JSON.stringify({ bench: startSize + done + i, pad: 'x'.repeat(300) }),
    );
    const { edge, full } = appendLeaves(
      state.edge,
      leaves.map((l) => leafHash(l)),
    );
    await store.writeEntries(state.size, leaves);
    await store.writeTiles(full);
    state = await store.commit(owner, state.size, { edge, root: edgeRoot(edge), lastBatch: [] }, 600_000);
    items += n + full.length + 1;
    tiles += full.length;
    batches += 1;
    done += n;
    options.onProgress?.(done);
  }
  const appendMs = performance.now() - t0;
  const writeRequests = writes(counter) - writesBefore;
  await store.releaseLease(owner);

  const size = state.size;
  const samples = options.proofs ?? 50;
  // Reads per proof: the state item plus the tile reads (what the proof routes do); verification reads are not counted.
  const measure = async (
    one: (
      i: number,
      s: Awaited<ReturnType<LedgerStore['readState']>>,
    ) => Promise<{ hashes: number; check: () => Promise<void> }>,
  ) => {
    let readCount = 0;
    let ms = 0;
    let hashes = 0;
    for (let i = 0; i < samples; i++) {
      const r0 = reads(counter);
      const t = performance.now();
      const s = await store.readState(true);
      const result = await one(i, s);
      ms += performance.now() - t;
      readCount += reads(counter) - r0;
      hashes += result.hashes;
      await result.check();
    }
    return { readRequestsPerProof: readCount / samples, msPerProof: ms / samples, hashesPerProof: hashes / samples };
  };
  const pick = (i: number, max: number) => Math.floor(((((i + 1) * 2654435761) % 4294967296) / 4294967296) * max);
  const inclusion = await measure(async (i, s) => {
    const index = pick(i, size);
    const proof = await store.inclusionProof(index, size, s);
    return {
      hashes: proof.length,
      check: async () => {
        if (!verifyInclusion(index, size, leafHash((await store.readEntry(index))!), proof, s.root))
          throw new Error(`inclusion proof ${index}@${size} failed`);
      },
    };
  });
  const consistency = await measure(async (i, s) => {
    const from = 1 + pick(i, Math.max(1, size - 1));
    const proof = await store.consistencyProof(from, size, s);
    return {
      hashes: proof.length,
      check: async () => {
        if (!verifyConsistency(from, size, proof, await store.rootAt(from, s), s.root))
          throw new Error(`consistency proof ${from}→${size} failed`);
      },
    };
  });
  return {
    leaves: options.leaves,
    batches,
    appendMs,
    itemsWrittenPerLeaf: items / options.leaves,
    tilesWritten: tiles,
    writeRequestsPerBatch: writeRequests / batches,
    inclusion,
    consistency,
  };
}
