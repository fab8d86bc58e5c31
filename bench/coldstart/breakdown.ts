/**
 * Where a bundle's bytes and its cold start's milliseconds go, by top-level module: an npm package
 * (`zod`, `@smithy/core`) or a folder of ours (`shared/features/search`, `shared/core`).
 *
 * Bytes come from the esbuild metafile (bytes each input contributes to the output). Time comes from a
 * V8 CPU profile of a fresh process importing the bundle and answering its first event: each sample's
 * position in the bundle is mapped back through the source map to the input it came from, so the figure is
 * self time spent in that module's code (top-level evaluation and the functions it runs), not an estimate.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';

export interface Share {
  module: string;
  /** Bytes in the bundle, or milliseconds of CPU self time. */
  amount: number;
}

/** `node_modules/@scope/name/…` → `@scope/name`; `shared/features/search/x.ts` → `shared/features/search`. */
export function topLevelModule(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (pkg) return pkg[1]!;
  const ours = /(?:^|\/)(shared\/(?:features|platform)\/[^/]+|shared\/[^/]+|functions|bench|infra)\//.exec(input);
  if (ours) return ours[1]!;
  return input.replace(/^(\.\.\/)+/, '');
}

/** Bytes of the bundle's output by top-level module, largest first. */
export function bytesByModule(metafile: Metafile): Share[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const key = topLevelModule(input);
    totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
  }
  return sortShares(totals);
}

/**
 * What a cold start evaluates before its first request: the inputs the entry reaches by static imports and
 * require calls (not through `import()`, which esbuild turns into an initialiser run on first use), their count and
 * the bytes they contribute to the bundle. Deterministic, unlike the timings, so it shows a lazy-loading change on a
 * loaded machine.
 */
export function evaluatedAtStart(metafile: Metafile): { modules: number; bytes: number } {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const entry = output?.entryPoint;
  if (!output || !entry || !metafile.inputs[entry]) return { modules: 0, bytes: 0 };
  const reached = new Set([entry]);
  const queue = [entry];
  while (queue.length) {
    const current = queue.shift()!;
    for (const { path, kind } of metafile.inputs[current]?.imports ?? []) {
      if (kind === 'dynamic-import' || reached.has(path) || !metafile.inputs[path]) continue;
      reached.add(path);
      queue.push(path);
    }
  }
  const bytes = [...reached].reduce((sum, input) => sum + (output.inputs[input]?.bytesInOutput ?? 0), 0);
  return { modules: reached.size, bytes };
}

/** The chain of imports by which the entry reaches the first input matching `needle` (why a module is in). */
export function importChain(metafile: Metafile, needle: string): string[] | undefined {
  const inputs = metafile.inputs;
  const entry = Object.values(metafile.outputs).find((o) => o.entryPoint)?.entryPoint;
  if (!entry || !inputs[entry]) return undefined;
  const parent = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  while (queue.length) {
    const current = queue.shift()!;
    if (current.includes(needle)) {
      const chain: string[] = [];
      for (let at: string | undefined = current; at; at = parent.get(at)) chain.unshift(at);
      return chain;
    }
    for (const { path } of inputs[current]?.imports ?? []) {
      if (parent.has(path) || !inputs[path]) continue;
      parent.set(path, current);
      queue.push(path);
    }
  }
  return undefined;
}

interface ProfileNode {
  id: number;
  callFrame: { url: string; lineNumber: number; columnNumber: number; functionName: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Samples outside the bundle: Node's own start-up, the module loader, GC, the idle wait for DynamoDB. */
function outsideBundle(frame: ProfileNode['callFrame']): string {
  if (frame.functionName === '(garbage collector)') return '(garbage collection)';
  if (frame.functionName === '(idle)') return '(idle: waiting for I/O)';
  if (frame.functionName === '(program)') return '(V8: parse, compile)';
  // Node's loader compiling the bundle's source text: grows with the bundle's bytes.
  if (frame.functionName === 'compileSourceTextModule') return '(compile of the bundle)';
  if (frame.url.startsWith('node:')) return '(node start-up and loader)';
  return '(other)';
}

/**
 * Self time by top-level module over one cold start. `runner` is bench/coldstart/invoke.mjs; the process
 * runs with the given env, under `--cpu-prof` sampling every 100 µs.
 */
export async function timeByModule(
  runner: string,
  bundle: string,
  eventFile: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ shares: Share[]; totalMs: number }> {
  const dir = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'gongshi-cpuprof-'));
  try {
    const child = spawn(
      process.execPath,
      [
        '--cpu-prof',
        '--cpu-prof-dir',
        dir,
        '--cpu-prof-interval',
        '100',
        runner,
        bundle,
        ...(eventFile ? [eventFile] : []),
      ],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    if (code !== 0) throw new Error(`profiled cold start exited ${code}: ${err.slice(-500)}`);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled process wrote no .cpuprofile');
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
    const bundleUrl = pathToFileURL(bundle).href;
    const moduleOfNode = new Map<number, string>();
    for (const node of profile.nodes) {
      const frame = node.callFrame;
      if (frame.url !== bundleUrl) {
        moduleOfNode.set(node.id, outsideBundle(frame));
        continue;
      }
      const found = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
      // A frame with no source is the bundle's own module function: every module's top-level statements (they
      // share one scope in an ESM bundle) and esbuild's helpers.
      moduleOfNode.set(
        node.id,
        found.originalSource ? topLevelModule(found.originalSource) : '(top-level code, esbuild helpers)',
      );
    }
    const totals = new Map<string, number>();
    let totalMs = 0;
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      totalMs += ms;
      const key = moduleOfNode.get(id) ?? '(other)';
      totals.set(key, (totals.get(key) ?? 0) + ms);
    });
    return { shares: sortShares(totals), totalMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sortShares(totals: Map<string, number>): Share[] {
  return [...totals].map(([module, amount]) => ({ module, amount })).sort((a, b) => b.amount - a.amount);
}

/** "zod 377 KiB, iconv-lite 266 KiB, …" for the largest `top` shares. */
export function describeShares(shares: readonly Share[], unit: 'KiB' | 'ms', top = 8): string {
  const shown = shares
    .slice(0, top)
    .map((s) => `${s.module} ${(unit === 'KiB' ? s.amount / 1024 : s.amount).toFixed(0)} ${unit}`);
  const rest = shares.slice(top).reduce((sum, s) => sum + s.amount, 0);
  if (rest > 0) shown.push(`other ${(unit === 'KiB' ? rest / 1024 : rest).toFixed(0)} ${unit}`);
  return shown.join(', ');
}
