/**
 * DynamoDB cost per operation: requests by command and consumed capacity, on a
 * store with cacheBytes 0 so every read reaches the engine. Deterministic; each
 * figure sits beside its floor (the least any design must pay for the bytes).
 */
import { entityKind } from '../../shared/core/kinds/index.js';
import { demoUscc } from '../../shared/features/demo/generate.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { PLACES, SOURCE, jsonBytes, oneList, publishUnits, region } from '../lib/data.js';
import { describeRequests, type CountedRuntime } from '../lib/engine.js';
import { verdict, type Row } from '../lib/report.js';

const GROUP = 'DynamoDB cost per operation';
const KIND = 'inspection-items';
const MB = 1024 * 1024;
/** Bytes the store writes per chunk item (stream-store.ts CHUNK_BYTES) — DynamoDB's item limit is 400 KB. */
const ITEM_LIMIT = 400 * 1024;

function capacityText(c: { read: number; write: number; unreported: number }): string {
  if (c.unreported > 0 && c.read === 0 && c.write === 0) return 'capacity not reported by engine';
  const parts = [];
  if (c.read) parts.push(`${c.read} RCU`);
  if (c.write) parts.push(`${c.write} WCU`);
  return parts.join(', ') || '0 capacity units';
}

const costRow = (
  figure: string,
  m: { requests: Record<string, number>; total: number; capacity: { read: number; write: number; unreported: number } },
  floor: number,
  floorText: string,
  allowance: number,
): Row => ({
  group: GROUP,
  figure,
  value: m.total,
  unit: 'requests',
  detail: `${describeRequests(m.requests)}; ${capacityText(m.capacity)}`,
  reference: `${floorText}; target ≤ floor + ${allowance}`,
  ratio: m.total / floor,
  status: verdict(m.total <= floor + allowance),
});

/** Minute-stepping clock, so a stream of many versions has distinct, increasing publishedAt. */
function steppingClock(startIso: string): () => Date {
  let t = Date.parse(startIso);
  return () => new Date((t += 60_000));
}

async function publishAndRead(ctx: BenchContext, sizes: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of sizes) {
    const rt = await ctx.engine.runtime({ cacheBytes: 0 });
    const unit = oneList(n);
    const uscc = String(unit.entity.uscc);
    const items = unit.lists[KIND]!;
    await rt.registry.publish({
      uscc,
      stream: entityKind.id,
      status: 'published',
      items: [unit.entity],
      effectiveFrom: '2023-01-01',
      publishedBy: 'bench',
      source: SOURCE,
    });
    const bytes = ctx.engine.size(JSON.stringify(items));
    const utf8 = jsonBytes(items);
    const pub = await rt.measure(() =>
      rt.registry.publish({
        uscc,
        stream: KIND,
        status: 'published',
        items,
        effectiveFrom: '2023-01-01',
        publishedBy: 'bench',
        source: SOURCE,
      }),
    );
    // Storing B bytes needs ceil(B / 400 KB) items, written 25 per BatchWriteItem, then one conditional commit.
    const writeFloor = Math.ceil(Math.ceil(bytes / ITEM_LIMIT) / 25) + 1;
    rows.push(
      costRow(
        `publish a list of ${n.toLocaleString('en-US')} items (${(utf8 / 1024).toFixed(0)} KB UTF-8)`,
        pub,
        writeFloor,
        `floor ${writeFloor} (batch writes of ⌈bytes/400 KB⌉ items + 1 commit)`,
        2,
      ),
    );
    if (pub.capacity.write > 0) {
      const wcuFloor = Math.ceil(bytes / 1024);
      rows.push({
        group: GROUP,
        figure: `  write units for ${n.toLocaleString('en-US')} items`,
        value: pub.capacity.write,
        unit: 'WCU',
        reference: `floor ${wcuFloor} WCU (⌈bytes/1 KB⌉); target ≤ 1.25 × floor`,
        ratio: pub.capacity.write / wcuFloor,
        status: verdict(pub.capacity.write <= 1.25 * wcuFloor),
      });
    }
    const read = await rt.measure(() => rt.registry.getListInForce(uscc, KIND, {}));
    if (read.result.items.length !== n) throw new Error(`read ${read.result.items.length} of ${n} items`);
    const pages = Math.ceil(bytes / MB);
    rows.push(
      costRow(
        `read the list in force, ${n.toLocaleString('en-US')} items`,
        read,
        pages,
        `floor ${pages} Query page${pages > 1 ? 's' : ''} (⌈bytes/1 MB⌉)`,
        1,
      ),
    );
    if (read.capacity.read > 0) {
      const rcuFloor = Math.ceil(bytes / 4096) / 2;
      rows.push({
        group: GROUP,
        figure: `  read units for ${n.toLocaleString('en-US')} items`,
        value: read.capacity.read,
        unit: 'RCU',
        reference: `floor ${rcuFloor} RCU (⌈bytes/4 KB⌉ × ½, eventually consistent); target ≤ 1.25 × floor`,
        ratio: read.capacity.read / rcuFloor,
        status: verdict(read.capacity.read <= 1.25 * rcuFloor),
      });
    }
  }
  return rows;
}

/** Streams of 1 … 1,000 versions; resolving at/asOf must cost the same in each. */
async function history(
  ctx: BenchContext,
  lengths: number[],
): Promise<{ rows: Row[]; longest?: { rt: CountedRuntime; uscc: string; versions: number } }> {
  const rows: Row[] = [];
  const rt = await ctx.engine.runtime({ cacheBytes: 0, clock: steppingClock('2023-01-01T00:00:00Z') });
  const base = oneList(20, PLACES.history);
  let baseline: number | undefined;
  let longest: { rt: CountedRuntime; uscc: string; versions: number } | undefined;
  for (const [s, k] of lengths.entries()) {
    // One unit per stream length, so each head holds exactly k versions.
    const uscc = demoUscc(PLACES.history.regionCode, 900 + s);
    const entity = { ...base.entity, uscc };
    const common = { uscc, publishedBy: 'bench', source: SOURCE, status: 'published' as const };
    await rt.registry.publish({ ...common, stream: entityKind.id, items: [entity], effectiveFrom: '2020-01-01' });
    const items = base.lists[KIND]!;
    for (let v = 1; v <= k; v++) {
      const day = new Date(Date.UTC(2020, 0, 1) + v * 86_400_000).toISOString().slice(0, 10);
      await rt.store.publish({
        ...common,
        regionCode: PLACES.history.regionCode,
        stream: KIND,
        items: items.map((it, i) => (i === v % items.length ? { ...it, notes: `第${v}次修订` } : it)),
        effectiveFrom: day,
      });
    }
    const head = (await rt.store.getHead(uscc, KIND))!;
    const mid = head.timeline[Math.floor((k - 1) / 2)]!;
    const m = await rt.measure(() =>
      rt.registry.getListInForce(uscc, KIND, { at: mid.effectiveFrom, asOf: mid.publishedAt }),
    );
    if (m.result.meta.version !== mid.version)
      throw new Error(`resolved version ${m.result.meta.version}, expected ${mid.version}`);
    baseline ??= m.total;
    rows.push({
      group: GROUP,
      figure: `resolve at/asOf in a stream of ${k.toLocaleString('en-US')} version${k > 1 ? 's' : ''}`,
      value: m.total,
      unit: 'requests',
      detail: `${describeRequests(m.requests)}; ${capacityText(m.capacity)} (the head carries the timeline)`,
      reference: `same as with 1 version (${baseline} requests)`,
      ratio: m.total / baseline,
      status: verdict(m.total === baseline),
    });
    longest = { rt, uscc, versions: k };
  }
  return { rows, ...(longest ? { longest } : {}) };
}

async function versionHistory(
  stream: { rt: CountedRuntime; uscc: string; versions: number },
  size: (s: string) => number,
): Promise<Row> {
  const { rt, uscc, versions } = stream;
  const m = await rt.measure(() => rt.registry.listVersions(uscc, KIND));
  if (m.result.length !== versions) throw new Error(`listed ${m.result.length} of ${versions} versions`);
  const pages = Math.ceil(size(JSON.stringify(m.result)) / MB);
  return costRow(
    `version history, ${versions.toLocaleString('en-US')} versions`,
    m,
    pages,
    `floor ${pages} Query page${pages > 1 ? 's' : ''} (⌈bytes/1 MB⌉ of summaries)`,
    1,
  );
}

/** The diff, search and stats routes, measured through the app. */
async function routeCosts(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const rt = await ctx.engine.runtime({ cacheBytes: 0 });
  const units = region(2_000, 10, PLACES.search1k);
  await publishUnits(rt.registry, units);
  const unit = units[0]!;
  const uscc = String(unit.entity.uscc);
  const items = unit.lists[KIND]!;
  // A second version with a few edits, for the diff.
  await rt.registry.publish({
    uscc,
    stream: KIND,
    status: 'published',
    items: items.map((it, i) => (i % 50 === 0 ? { ...it, frequency: '每半年1次' } : it)),
    effectiveFrom: '2024-01-01',
    publishedBy: 'bench',
    source: SOURCE,
  });
  const listBytes = ctx.engine.size(JSON.stringify(items));

  const probes: Array<{ figure: string; url: string; floor: number; floorText: string; allowance: number }> = [
    {
      figure: `diff of two versions, ${items.length} items`,
      url: `/v1/units/${uscc}/lists/${KIND}/diff?from=1&to=2`,
      floor: 2 * Math.ceil(listBytes / MB),
      floorText: `floor ${2 * Math.ceil(listBytes / MB)} Query pages (both versions' bytes)`,
      allowance: 1,
    },
    {
      figure: `search a region of ${(2_000).toLocaleString('en-US')} items (warm)`,
      url: `/v1/search?q=${encodeURIComponent('食品经营')}&region=${PLACES.search1k.regionCode}`,
      floor: 1,
      floorText: 'floor 1 request (freshness check of a maintained index)',
      allowance: 1,
    },
    {
      figure: `stats of a region, ${units.length} units (warm)`,
      url: `/v1/stats?region=${PLACES.search1k.regionCode}`,
      floor: 1,
      floorText: 'floor 1 Query page (the region’s heads)',
      allowance: 2,
    },
  ];
  for (const p of probes) {
    // The first request may build an index or fill a cache; the second is the steady state.
    const cold = await rt.measure(async () => rt.app.request(p.url));
    if (cold.result.status !== 200)
      throw new Error(`GET ${p.url} answered ${cold.result.status}: ${(await cold.result.text()).slice(0, 300)}`);
    const warm = await rt.measure(async () => rt.app.request(p.url));
    const row = costRow(p.figure, warm, p.floor, p.floorText, p.allowance);
    row.detail = `${row.detail}; first request: ${describeRequests(cold.requests)}`;
    rows.push(row);
  }
  return rows;
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  ctx.log('cost: publish and read');
  rows.push(...(await publishAndRead(ctx, pick(ctx, [100, 1_000, 10_000], [100, 1_000]))));
  ctx.log('cost: version streams');
  const h = await history(ctx, pick(ctx, [1, 10, 100, 1_000], [1, 10, 100]));
  rows.push(...h.rows);
  if (h.longest) rows.push(await versionHistory(h.longest, (s) => ctx.engine.size(s)));
  rows.push({ group: GROUP, figure: 'sizes for floors are counted as', detail: ctx.engine.sizeUnit, status: 'info' });
  ctx.log('cost: routes');
  rows.push(...(await routeCosts(ctx)));
  return rows;
}
