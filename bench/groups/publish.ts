/**
 * Publishing heavy paths, end to end with request counts: a 5,000-item GB18030
 * CSV parsed, validated and published (what `gongshi import` and uploads do),
 * and the approval of a submitted 5,000-item draft, which publishes it .
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { serve, type ServerType } from '@hono/node-server';
import { runAnonymousFlood } from '../../testing/anonymous-flood.js';
import type { Principal } from '../../shared/features/auth/principal.js';
import { demoUscc } from '../../shared/features/demo/generate.js';
import { findKind, entityKind } from '../../shared/core/kinds/index.js';
import { parseListFile } from '../../shared/features/spreadsheets/index.js';
import { DraftsStore } from '../../shared/features/workflow/drafts-store.js';
import { Workflow } from '../../shared/features/workflow/service.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { SOURCE, oneList } from '../lib/data.js';
import { describeRequests, type CountedRuntime } from '../lib/engine.js';
import { gb18030Csv } from '../lib/files.js';
import { verdict, type Row } from '../lib/report.js';
import { spread, summarize } from '../lib/stats.js';

const GROUP = 'Publishing heavy paths';
const KIND = 'inspection-items';
const ITEMS = 5_000;
const REGION = '210904';

/** A fresh unit per run, so every run publishes version 1 of a 5,000-item list. */
async function newUnit(rt: CountedRuntime, serial: number): Promise<string> {
  const uscc = demoUscc(REGION, 5_000 + serial);
  const entity = { ...oneList(1).entity, uscc, regionCode: REGION };
  await rt.registry.publish({
    uscc,
    stream: entityKind.id,
    status: 'published',
    items: [entity],
    effectiveFrom: '2023-01-01',
    publishedBy: 'bench',
    source: SOURCE,
  });
  return uscc;
}

async function importAndPublish(ctx: BenchContext, rt: CountedRuntime, runs: number): Promise<Row> {
  const figure = `publish ${ITEMS.toLocaleString('en-US')} items end to end (GB18030 CSV → parse, validate → publish)`;
  const kind = findKind(KIND)!;
  const bytes = gb18030Csv(kind, oneList(ITEMS).lists[KIND]!);
  const samples: number[] = [];
  let cost = { total: 0, requests: {} as Record<string, number> };
  for (let r = -1; r < runs; r++) {
    const uscc = await newUnit(rt, 100 + r);
    const t0 = performance.now();
    const m = await rt.measure(async () => {
      const parsed = await parseListFile(kind, bytes, `${KIND}.csv`);
      if (parsed.errors.length || parsed.items.length !== ITEMS)
        throw new Error(`import: ${parsed.errors.length} errors, ${parsed.items.length} items`);
      return rt.registry.publish({
        uscc,
        stream: KIND,
        status: 'published',
        items: parsed.items,
        effectiveFrom: '2024-01-01',
        publishedBy: 'bench',
        source: SOURCE,
      });
    });
    if (r >= 0) samples.push(performance.now() - t0); // r = -1 is the warm-up
    cost = m;
  }
  const s = summarize(samples);
  return {
    group: GROUP,
    figure,
    value: s.p50,
    unit: 'ms',
    detail: `${spread(s, 'ms', 0)}; ${cost.total} requests (${describeRequests(cost.requests)})`,
    reference: 'no target set',
    status: 'info',
  };
}

async function approveDraft(ctx: BenchContext, rt: CountedRuntime, runs: number): Promise<Row> {
  const figure = `approve and publish a ${ITEMS.toLocaleString('en-US')}-item draft`;
  const workflow = new Workflow(rt.registry, new DraftsStore(rt.client, rt.tableName), { grounds: ['事实不清'] });
  const items = oneList(ITEMS).lists[KIND]!;
  const samples: number[] = [];
  let approval = { total: 0, requests: {} as Record<string, number> };
  let before = { total: 0, requests: {} as Record<string, number> };
  for (let r = -1; r < runs; r++) {
    const uscc = await newUnit(rt, 200 + r);
    const editor: Principal = { sub: 'bench-editor', roles: ['editor'], units: [uscc] };
    const reviewer: Principal = {
      sub: 'bench-reviewer',
      roles: ['reviewer'],
      units: [],
      regionPrefix: REGION.slice(0, 4),
    };
    const prepared = await rt.measure(async () => {
      const draft = await workflow.createDraft(
        editor,
        { unit: uscc, stream: KIND, action: 'publish', items, effectiveFrom: '2024-01-01', source: 'bench upload' },
        {},
      );
      const submitted = await workflow.submit(editor, draft.id, draft.rev, {});
      return { id: draft.id, rev: submitted.rev };
    });
    const t0 = performance.now();
    const m = await rt.measure(() =>
      workflow.review(reviewer, prepared.result.id, { decision: 'approve', grounds: [] }, prepared.result.rev, {}),
    );
    if (m.result.status !== 'approved') throw new Error(`draft ended ${m.result.status}`);
    if (r >= 0) samples.push(performance.now() - t0);
    approval = m;
    before = prepared;
  }
  const s = summarize(samples);
  return {
    group: GROUP,
    figure,
    value: s.p50,
    unit: 'ms',
    detail:
      `${spread(s, 'ms', 0)}; approval ${approval.total} requests ` +
      `(${describeRequests(approval.requests)}); creating and submitting the draft ${before.total} ` +
      `requests`,
    reference: 'no target set',
    status: 'info',
  };
}

/**
 * An approval while anonymous callers flood the unit's draft route (2,000 POSTs, 16 connections): the
 * refusals go to the rate-limited anonymous stream, never the unit's trail, so the approval does not queue behind them.
 */
async function approveDuringFlood(ctx: BenchContext, rt: CountedRuntime): Promise<Row> {
  const FLOOD = 2_000;
  const workflow = new Workflow(rt.registry, new DraftsStore(rt.client, rt.tableName), { grounds: ['事实不清'] });
  const uscc = await newUnit(rt, 300);
  const editor: Principal = { sub: 'bench-editor', roles: ['editor'], units: [uscc] };
  const reviewer: Principal = {
    sub: 'bench-reviewer',
    roles: ['reviewer'],
    units: [],
    regionPrefix: REGION.slice(0, 4),
  };
  const items = oneList(20).lists[KIND]!;
  const draft = await workflow.createDraft(
    editor,
    { unit: uscc, stream: KIND, action: 'publish', items, effectiveFrom: '2024-01-01', source: 'bench upload' },
    {},
  );
  const submitted = await workflow.submit(editor, draft.id, draft.rev, {});
  // The flood comes from another process over loopback, as in test/integrity-workflow.test.ts.
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let approved: Awaited<ReturnType<Workflow['review']>>;
  let ms: number;
  let statuses: Record<string, number>;
  try {
    const flood = runAnonymousFlood(`${base}/v1/units/${uscc}/lists/${KIND}/drafts`, FLOOD, 16);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    approved = await workflow.review(reviewer, draft.id, { decision: 'approve', grounds: [] }, submitted.rev, {});
    ms = performance.now() - t0;
    statuses = (await flood).statuses;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (approved.status !== 'approved') throw new Error(`draft ended ${approved.status}`);
  const refused = Object.entries(statuses)
    .map(([code, n]) => `${n} × ${code}`)
    .join(', ');
  return {
    group: GROUP,
    figure: `approval during a flood of ${FLOOD.toLocaleString('en-US')} anonymous POSTs on the unit`,
    value: ms,
    unit: 'ms',
    detail: `flood answered ${refused}; the approval published and was recorded`,
    reference: 'target ≤ 2,000 ms',
    ratio: ms / 2000,
    status: verdict(ms <= 2000 && approved.status === 'approved'),
  };
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rt = await ctx.engine.runtime({ cacheBytes: 0 });
  const runs = pick(ctx, 5, 2);
  ctx.log('publish: import and publish');
  const rows = [await importAndPublish(ctx, rt, runs)];
  ctx.log('publish: approve a draft');
  rows.push(await approveDraft(ctx, rt, runs));
  ctx.log('publish: approve during an anonymous flood');
  rows.push(await approveDuringFlood(ctx, rt));
  return rows;
}
