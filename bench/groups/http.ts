/**
 * HTTP throughput and latency: the real app (createRuntime, default cache) served
 * by @hono/node-server on loopback against the engine, loaded by autocannon in a
 * separate process; beside each route, the floor app doing the one raw request
 * the route needs, on the same engine and table, in the same run.
 */
import { generateRegion } from '../../shared/features/demo/generate.js';
import { listKeys } from '../../shared/features/lists/keys.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { PLACES, SEED, publishUnits } from '../lib/data.js';
import { verdict, type Row } from '../lib/report.js';
import { fmt } from '../lib/stats.js';
import { floorApp } from '../http/floor-app.js';
import { load, type LoadResult } from '../http/load.js';
import { serveLoopback } from '../http/serve.js';

const GROUP = 'HTTP throughput and latency (loopback, autocannon in a separate process)';
const KIND = 'inspection-items';

interface Target {
  figure: string;
  /** Base URL of the server under test (ours, default cache) when not the default. */
  server?: string;
  ours: string;
  floor: string;
  floorText: string;
  /** Minimum ours/floor throughput ratio, when the issue sets one. */
  minRatio?: number;
}

/** Both servers run in this process with the engine, as `npm start` runs them; rounds alternate to spread drift. */
async function measurePair(
  ctx: BenchContext,
  oursUrl: string,
  floorUrl: string,
): Promise<{ ours: LoadResult; floor: LoadResult }> {
  const connections = 10;
  const seconds = pick(ctx, 5, 1);
  const rounds = pick(ctx, 2, 1);
  // Warm-up in this process (cheaper than another load-generator process): caches, JIT, keep-alive pools.
  await warmUp(oursUrl, pick(ctx, 300, 40));
  await warmUp(floorUrl, pick(ctx, 300, 40));
  const ours: LoadResult[] = [];
  const floor: LoadResult[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['ours', 'floor'] : ['floor', 'ours'];
    for (const which of order) {
      const res = await load(which === 'ours' ? oursUrl : floorUrl, { connections, seconds });
      if (res.errors || res.non2xx || res.total === 0)
        throw new Error(
          `${which} ${which === 'ours' ? oursUrl : floorUrl}: ${res.errors} errors, ` +
            `${res.non2xx} non-2xx of ${res.total}`,
        );
      (which === 'ours' ? ours : floor).push(res);
    }
  }
  return { ours: mean(ours), floor: mean(floor) };
}

async function warmUp(url: string, requests: number): Promise<void> {
  const worker = async () => {
    for (let i = 0; i < requests / 10; i++) {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`warm-up ${url} answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
}

function mean(results: LoadResult[]): LoadResult {
  const avg = (f: (r: LoadResult) => number) => results.reduce((s, r) => s + f(r), 0) / results.length;
  return {
    requestsPerSecond: avg((r) => r.requestsPerSecond),
    p50: avg((r) => r.p50),
    p99: avg((r) => r.p99),
    total: avg((r) => r.total),
    errors: 0,
    non2xx: 0,
  };
}

const latency = (r: LoadResult) => `p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms`;

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const place = PLACES.http;
  // Ten units of a city, each with a 200-item inspection list and its discretion lists.
  const units = generateRegion({
    seed: SEED,
    ...place,
    units: 10,
    traditionalShare: 0.05,
    sizes: (u) => ({
      'inspection-items': 200,
      'no-penalty': 30 + u,
      'lighter-penalty': 10 + u,
      'reduced-penalty': 10,
      'no-coercive-measures': u % 2 ? 5 : 0,
    }),
  });
  const rt = await ctx.engine.runtime();
  await publishUnits(rt.registry, units);
  const uscc = String(units[0]!.entity.uscc);
  const head = (await rt.store.getHead(uscc, KIND))!;
  const entry = head.timeline.at(-1)!;
  const contentPk = listKeys.content(uscc, KIND, entry.version, entry.attempt);

  const ours = await serveLoopback(rt.app.fetch);
  // The same app with the content cache off: every request pays the Query the floor pays.
  const uncached = await ctx.engine.runtime({ tableName: rt.tableName, cacheBytes: 0 });
  const oursUncached = await serveLoopback(uncached.app.fetch);
  const floor = await serveLoopback(floorApp(ctx.engine.client(), rt.tableName).fetch);
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const targets: Target[] = [
    {
      figure: 'list in force (200 items)',
      ours: `/v1/units/${uscc}/lists/${KIND}`,
      floor: `/query?${q({ pk: contentPk })}`,
      floorText: 'floor: one Query of the version’s content',
      minRatio: 0.7,
    },
    {
      figure: 'list in force (200 items), content cache off',
      server: oursUncached.url,
      ours: `/v1/units/${uscc}/lists/${KIND}`,
      floor: `/query?${q({ pk: contentPk })}`,
      floorText: 'floor: one Query of the version’s content',
      // Issue #18: with every request paying the floor's Query, the rest of the route may cost at most a quarter.
      minRatio: 0.8,
    },
    {
      figure: 'one version (200 items)',
      ours: `/v1/units/${uscc}/lists/${KIND}/versions/${entry.version}`,
      floor: `/query?${q({ pk: contentPk })}`,
      floorText: 'floor: one Query of the version’s content',
    },
    {
      figure: 'search (“食品” in the city)',
      ours: `/v1/search?${q({ q: '食品', region: place.regionCode })}`,
      floor: `/get?${q({ pk: listKeys.unit(uscc), sk: listKeys.head(KIND) })}`,
      floorText: 'floor: one GetItem (least a request can read)',
    },
    {
      figure: 'stats of the city',
      ours: `/v1/stats?${q({ region: place.regionCode })}`,
      floor: `/index?${q({
        index: listKeys.headsIndex.name,
        pkName: 'gsi2pk',
        skName: 'gsi2sk',
        pk: listKeys.headsIndex.pk,
        prefix: place.regionCode,
      })}`,
      floorText: 'floor: one Query of the region’s heads (gsi2)',
    },
    {
      figure: 'portal page /units/:uscc',
      ours: `/units/${uscc}`,
      floor: `/query?${q({ pk: listKeys.unit(uscc), prefix: listKeys.headPrefix })}`,
      floorText: 'floor: one Query of the unit’s heads',
      // Issue #18: the page is that one Query, rendered; rendering may not cost more than the floor's JSON answer.
      minRatio: 1.0,
    },
  ];

  try {
    for (const t of targets) {
      ctx.log(`http: ${t.figure}`);
      const m = await measurePair(ctx, (t.server ?? ours.url) + t.ours, floor.url + t.floor);
      const ratio = m.ours.requestsPerSecond / m.floor.requestsPerSecond;
      rows.push({
        group: GROUP,
        figure: t.figure,
        value: Math.round(m.ours.requestsPerSecond),
        unit: 'req/s',
        detail: `${latency(m.ours)}; floor ${fmt(Math.round(m.floor.requestsPerSecond))} req/s, ${latency(m.floor)}`,
        reference: t.minRatio ? `${t.floorText}; target ours/floor ≥ ${t.minRatio}` : t.floorText,
        ratio,
        status: verdict(t.minRatio === undefined ? undefined : ratio >= t.minRatio),
      });
    }
  } finally {
    await ours.close();
    await oursUncached.close();
    await floor.close();
  }
  return rows;
}
