/**
 * Lambda cold start: each function bundle built as the infrastructure builds it
 * (infra/bundling.ts), its size, and the time a fresh Node process
 * takes to import it and answer a first API Gateway event against the engine —
 * beside a minimal Hono + DynamoDB-client bundle built the same way.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { esbuildOptions } from '../../infra/bundling.js';
import { installBeside } from '../../scripts/build-bundles.js';
import { bytesByModule, describeShares, evaluatedAtStart, timeByModule, type Share } from '../coldstart/breakdown.js';
import { lambdaEntries, presentEntry, type LambdaName } from '../../infra/entries.js';
import type { BenchContext } from '../lib/context.js';
import { pick } from '../lib/context.js';
import { PLACES, oneList, publishUnits } from '../lib/data.js';
import { verdict, type Row } from '../lib/report.js';
import { ROOT } from '../lib/root.js';
import { fmt, summarize, spread } from '../lib/stats.js';
import { httpApiEvent as authenticatedEvent } from '../../testing/lambda/http-api-events.js';

const GROUP = 'Lambda cold start';
const KIND = 'inspection-items';
const BASELINE = 'baseline (Hono + DynamoDB client)';

const BUNDLED_WITH = 'infra/bundling.ts esbuildOptions';
/**
 * The stack runs the functions without --enable-source-maps (logged stacks are mapped on demand), so the
 * measured processes do too; the public function is also timed with it, to show what it would cost.
 */
const NODE_OPTIONS = '';
const PUBLIC_API: LambdaName = 'publicApi';
const WRITE_API: LambdaName = 'writeApi';
/** Targets as ratios to the baseline's import + first response (the issue's cold-start targets). */
const TARGET_RATIO: Partial<Record<string, number>> = {
  publicApi: 1.5,
  writeApi: 2,
  exportApi: 1.5,
  ledgerSequencer: 1.5,
};

/** The Lambda entries the stack deploys whose source is in the checkout. */
function deployedEntries(): Array<{ name: string; path: string }> {
  return (Object.keys(lambdaEntries) as LambdaName[]).flatMap((name) => {
    const path = presentEntry(name);
    return path ? [{ name, path }] : [];
  });
}

const exists = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

function httpApiEvent(path: string): Record<string, unknown> {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      'user-agent': 'gongshi-bench',
      accept: 'application/json',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      domainPrefix: 'abc123',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'gongshi-bench' },
      requestId: 'bench-request',
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
}

interface Invocation {
  bootMs: number;
  importMs: number;
  firstMs: number;
  totalMs: number;
  status?: number;
  wallMs: number;
}

async function invoke(bundle: string, eventFile: string | undefined, env: NodeJS.ProcessEnv): Promise<Invocation> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bench/coldstart/invoke.mjs'), bundle, ...(eventFile ? [eventFile] : [])],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`cold start of ${bundle} exited ${code}: ${err.slice(-800)}`);
  const line = out.trim().split('\n').at(-1)!;
  return { ...(JSON.parse(line) as Omit<Invocation, 'wallMs'>), wallMs };
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const { build } = await import('esbuild');
  const dir = join(ctx.tmp, 'bundles');
  // Quick runs build only the public function and the baseline; full runs build every deployed function.
  const deployed = deployedEntries().filter((e) => !ctx.options.quick || e.name === PUBLIC_API);
  const targets = [...deployed, { name: BASELINE, path: join(ROOT, 'bench/coldstart/baseline.ts') }];
  const built = new Map<
    string,
    { file: string; bytes: number; mapBytes: number; modules: Share[]; atStart: { modules: number; bytes: number } }
  >();
  ctx.log(`coldstart: building ${targets.length} bundles with ${BUNDLED_WITH}`);
  for (const t of targets) {
    const out = join(dir, t.name.replace(/\W+/g, '-'), 'index.mjs');
    mkdirSync(join(out, '..'), { recursive: true });
    const result = await build(esbuildOptions(t.path, out));
    installBeside(join(out, '..'));
    const mapBytes = exists(`${out}.map`) ? statSync(`${out}.map`).size : 0;
    built.set(t.name, {
      file: out,
      bytes: statSync(out).size,
      mapBytes,
      modules: bytesByModule(result.metafile!),
      atStart: evaluatedAtStart(result.metafile!),
    });
  }
  const base = built.get(BASELINE)!;
  for (const [name, info] of built) {
    if (name === BASELINE) continue;
    rows.push({
      group: GROUP,
      figure: `bundle ${name}`,
      value: info.bytes / 1024,
      unit: 'KiB',
      detail:
        `source map ${fmt(info.mapBytes / 1024, 0)} KiB; evaluated at start ${info.atStart.modules} modules, ` +
        `${fmt(info.atStart.bytes / 1024, 0)} KiB; by module: ${describeShares(info.modules, 'KiB', 10)}`,
      reference: `baseline ${fmt(base.bytes / 1024, 0)} KiB`,
      ratio: info.bytes / base.bytes,
      status: 'info',
    });
  }
  rows.push({
    group: GROUP,
    figure: `bundle ${BASELINE}`,
    value: base.bytes / 1024,
    unit: 'KiB',
    detail: `built with ${BUNDLED_WITH}`,
    status: 'info',
  });

  // A table with one unit, so the public function's first request reads real data.
  const rt = await ctx.engine.runtime();
  const unit = oneList(200, PLACES.list);
  await publishUnits(rt.registry, [unit]);
  const uscc = String(unit.entity.uscc);
  const eventFile = join(ctx.tmp, 'event.json');
  writeFileSync(eventFile, JSON.stringify(httpApiEvent(`/v1/units/${uscc}/lists/${KIND}`)));
  // The write function's first request: an editor of the unit reads the drafts of its list, with the claims the
  // JWT authorizer passes on (GONGSHI_AUTH=apigateway, as the stack sets).
  const writeEventFile = join(ctx.tmp, 'write-event.json');
  writeFileSync(
    writeEventFile,
    JSON.stringify(
      authenticatedEvent({
        method: 'GET',
        path: `/v1/units/${uscc}/lists/${KIND}/drafts`,
        caller: { sub: 'bench-editor', groups: ['editor'], units: [uscc] },
      }),
    ),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TABLE_NAME: rt.tableName,
    DYNAMODB_ENDPOINT: ctx.engine.endpoint,
    AWS_REGION: 'cn-north-1',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    NODE_OPTIONS,
    // Keep the SDK's Node-version notice out of the measured process's stderr.
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  };

  const runs = pick(ctx, 10, 2);
  const publicName = built.has(PUBLIC_API) ? PUBLIC_API : undefined;
  const writeName = built.has(WRITE_API) ? WRITE_API : undefined;
  const answering = [...(publicName ? [publicName] : []), ...(writeName ? [writeName] : []), BASELINE];
  const eventOf = (name: string) =>
    !answering.includes(name) ? undefined : name === writeName ? writeEventFile : eventFile;
  const envOf = (name: string) => (name === writeName ? { ...env, GONGSHI_AUTH: 'apigateway' } : env);
  ctx.log(`coldstart: ${runs} fresh processes per bundle`);
  const samples = new Map<string, Invocation[]>();
  // Alternate bundles run by run, so machine noise falls on all of them alike.
  // Quick runs time only the public function and the baseline; every bundle's size is always reported.
  const timed = [...built].filter(([name]) => !ctx.options.quick || answering.includes(name));
  for (let r = 0; r < runs + 1; r++) {
    for (const [name, info] of timed) {
      const answers = answering.includes(name);
      const inv = await invoke(info.file, eventOf(name), envOf(name));
      if (answers && inv.status !== 200) throw new Error(`${name} answered ${inv.status} to its first request`);
      if (r > 0) samples.set(name, [...(samples.get(name) ?? []), inv]); // the first run warms the OS file cache
    }
  }
  // Diagnostic: what source-map support at start (NODE_OPTIONS=--enable-source-maps) would add to the public function.
  let withMaps: number | undefined;
  if (publicName) {
    const mapped: number[] = [];
    for (let r = 0; r < runs; r++)
      mapped.push(
        (await invoke(built.get(publicName)!.file, eventFile, { ...env, NODE_OPTIONS: '--enable-source-maps' }))
          .totalMs,
      );
    withMaps = summarize(mapped).p50;
  }
  const baseTotal = summarize(samples.get(BASELINE)!.map((s) => s.totalMs));
  for (const [name, list] of samples) {
    const answers = answering.includes(name);
    const isPublic = name === publicName;
    const target = TARGET_RATIO[name];
    const total = summarize(list.map((s) => s.totalMs));
    const imp = summarize(list.map((s) => s.importMs));
    const wall = summarize(list.map((s) => s.wallMs));
    rows.push({
      group: GROUP,
      figure: answers ? `${name}: import + first response` : `${name}: import only (no HTTP event)`,
      value: total.p50,
      unit: 'ms',
      detail:
        `${spread(total, 'ms')}; import ${fmt(imp.p50)} ms; process wall ${fmt(wall.p50)} ` +
        `ms${isPublic && withMaps !== undefined ? `; with --enable-source-maps ${fmt(withMaps)} ms` : ''}`,
      ...(name === BASELINE
        ? {}
        : {
            reference: `baseline ${fmt(baseTotal.p50)} ms${target ? `; target ratio ≤ ${target}` : ''}`,
            ratio: total.p50 / baseTotal.p50,
          }),
      status: target ? verdict(total.p50 / baseTotal.p50 <= target) : 'info',
    });
  }
  // Where the milliseconds go: one CPU-profiled cold start per bundle, self time by top-level module.
  for (const [name, info] of timed) {
    const profiled = await timeByModule(
      join(ROOT, 'bench/coldstart/invoke.mjs'),
      info.file,
      eventOf(name),
      envOf(name),
    );
    rows.push({
      group: GROUP,
      figure: `${name}: cold-start CPU by module`,
      value: profiled.totalMs,
      unit: 'ms',
      detail: describeShares(profiled.shares, 'ms', 12),
      reference: 'one process under --cpu-prof (100 µs samples), mapped through the source map',
      status: 'info',
    });
  }
  if (!publicName)
    rows.push({
      group: GROUP,
      figure: 'public function first response',
      status: 'not measured',
      reason: 'no public function entry found',
    });
  return rows;
}
