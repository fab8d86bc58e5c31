/**
 * The transparency log at 1,000,000 leaves . The bulk of the tree is
 * simulated in the engine: leaf hashes are computed here, and the full tiles
 * and the log state they produce are written through the ledger store, exactly
 * what the sequencer would have written (entry texts of the simulated leaves
 * are not stored; nothing reads them here). Then real publications are logged
 * by the real sequencer, and proofs are read from the stored tiles.
 */
import { entityKind } from '../../shared/core/kinds/index.js';
import { performance } from 'node:perf_hooks';
import { demoUscc } from '../../shared/features/demo/generate.js';
import { appendLeaves, edgeRoot, emptyEdge } from '../../shared/features/ledger/model/edge.js';
import { leafHash, type Hash } from '../../shared/features/ledger/model/hash.js';
import { verifyInclusion } from '../../shared/features/ledger/model/merkle.js';
import { Ed25519Signer, type Signer } from '../../shared/features/ledger/model/signer.js';
import { runSequencer } from '../../shared/features/ledger/sequencer.js';
import { LedgerStore, type LogState } from '../../shared/features/ledger/ledger-store.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { PLACES, SOURCE, oneList } from '../lib/data.js';
import { describeRequests, type CountedRuntime } from '../lib/engine.js';
import { verdict, type Row } from '../lib/report.js';
import { fmt, spread, summarize } from '../lib/stats.js';

const GROUP = 'Transparency log (ledger)';

/** Synthetic leaf text of the right shape and size (a canonical-JSON leaf is ~400 bytes). */
const leafText = (i: number) =>
  `{"contentHash":"${String(i).padStart(64, '0')}","effectiveFrom":"2023-01-01",` +
  `"itemCount":${i % 500},"itemsRoot":"${String(i * 7).padStart(64, '0')}","kind":"no-penalty",` +
  `"origin":"gongshi.local/log","previousHash":null,"publishedAt":"2023-01-01T00:00:00.000Z",` +
  `"unit":"11210900MB0000000X","version":${i}}`;

async function buildLog(
  ledger: LedgerStore,
  leaves: number,
  keep: Set<number>,
): Promise<{ state: LogState; kept: Map<number, Hash>; ms: number }> {
  const t0 = performance.now();
  let edge = emptyEdge();
  const kept = new Map<number, Hash>();
  const BATCH = 65_536;
  for (let start = 0; start < leaves; start += BATCH) {
    const hashes: Hash[] = [];
    for (let i = start; i < Math.min(leaves, start + BATCH); i++) {
      const h = leafHash(leafText(i));
      if (keep.has(i)) kept.set(i, h);
      hashes.push(h);
    }
    const next = appendLeaves(edge, hashes);
    await ledger.writeTiles(next.full);
    edge = next.edge;
  }
  const owner = 'bench-simulation';
  if (!(await ledger.acquireLease(owner, 60_000))) throw new Error('could not take the log lease');
  const state = await ledger.commit(owner, 0, { edge, root: edgeRoot(edge), lastBatch: [] }, 60_000);
  await ledger.releaseLease(owner);
  return { state, kept, ms: performance.now() - t0 };
}

const writesOf = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([k]) => /Put|Update|Delete|Write/.test(k))
    .reduce((s, [, v]) => s + v, 0);

async function sequencerRun(rt: CountedRuntime, ledger: LedgerStore, signer: Signer, expected: number) {
  const r = await rt.measure(() => runSequencer({ ledger, streams: rt.store, signer, origin: 'gongshi.local/log' }));
  if (r.result.appended !== expected) throw new Error(`sequencer appended ${r.result.appended}, expected ${expected}`);
  return r;
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const leaves = pick(ctx, 1_000_000, 65_536);
  const n = leaves.toLocaleString('en-US');
  const figures = [
    `append: writes per logged version at ${n} leaves`,
    `inclusion proof at ${n} leaves`,
    `consistency proof at ${n} leaves`,
  ];
  const rt = await ctx.engine.runtime({ cacheBytes: 0 });
  const ledger = new LedgerStore(rt.client, rt.tableName);
  const probes = Array.from({ length: pick(ctx, 50, 10) }, (_, i) =>
    Math.floor(((i + 0.5) / pick(ctx, 50, 10)) * leaves),
  );
  ctx.log(`ledger: simulating ${n} leaves in the engine`);
  const built = await buildLog(ledger, leaves, new Set(probes));
  const rows: Row[] = [
    {
      group: GROUP,
      figure: `simulate ${n} leaves (hash, tiles, state)`,
      value: built.ms / 1000,
      unit: 's',
      detail: `${fmt(built.state.size)} leaves`,
      status: 'info',
    },
  ];

  // Real publications, logged by the real sequencer on top of the simulated tree.
  const signer = Ed25519Signer.generate('gongshi.local/log');
  const uscc = demoUscc(PLACES.list.regionCode, 7_000);
  const unit = oneList(20);
  const common = { uscc, publishedBy: 'bench', source: SOURCE, status: 'published' as const };
  await rt.registry.publish({
    ...common,
    stream: entityKind.id,
    items: [{ ...unit.entity, uscc }],
    effectiveFrom: '2023-01-01',
  });
  const one = await sequencerRun(rt, ledger, signer, 1);
  const versions = pick(ctx, 100, 20);
  const items = unit.lists['inspection-items']!;
  for (let v = 0; v < versions; v++) {
    await rt.registry.publish({
      ...common,
      stream: 'inspection-items',
      items: items.map((it, i) => (i === v % items.length ? { ...it, notes: `修订${v}` } : it)),
      effectiveFrom: '2023-01-01',
    });
  }
  const many = await sequencerRun(rt, ledger, signer, versions);
  const w1 = writesOf(one.requests);
  const wn = writesOf(many.requests);
  rows.push({
    group: GROUP,
    figure: figures[0]!,
    value: w1,
    unit: 'writes',
    detail:
      `one version per run: ${describeRequests(one.requests)}; ${versions} versions in ` +
      `one run: ${wn} writes (${fmt(wn / versions, 2)} per version), ` +
      `${describeRequests(many.requests)}`,
    reference: `target O(log n): ≤ ${Math.ceil(Math.log2(leaves))} writes per append (log₂ n)`,
    ratio: w1 / Math.ceil(Math.log2(leaves)),
    status: verdict(w1 <= Math.ceil(Math.log2(leaves))),
  });

  const state = await ledger.readState();
  for (const [kind, figure] of [
    ['inclusion', figures[1]!],
    ['consistency', figures[2]!],
  ] as const) {
    const times: number[] = [];
    const reads: number[] = [];
    let last: Record<string, number> = {};
    for (const [k, index] of probes.entries()) {
      const t0 = performance.now();
      const r = await rt.measure(() =>
        kind === 'inclusion'
          ? ledger.inclusionProof(index, state.size, state)
          : ledger.consistencyProof(Math.max(1, index), state.size, state),
      );
      if (k > 0) times.push(performance.now() - t0); // the first proof warms the SDK connection
      reads.push(r.total);
      last = r.requests;
      if (
        kind === 'inclusion' &&
        built.kept.has(index) &&
        !verifyInclusion(index, state.size, built.kept.get(index)!, r.result, state.root)
      ) {
        throw new Error(`inclusion proof for leaf ${index} does not verify`);
      }
    }
    const t = summarize(times);
    const rs = summarize(reads);
    rows.push({
      group: GROUP,
      figure,
      value: rs.max,
      unit: 'requests',
      detail:
        `most over ${probes.length} proofs, p50 ${rs.p50} (e.g. ` +
        `${describeRequests(last)}); proof time ${spread(t, 'ms')}`,
      reference: 'target: a handful of tile reads (≤ 2 requests)',
      status: verdict(rs.max <= 2),
    });
  }
  return rows;
}
