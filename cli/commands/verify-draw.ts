/**
 * `gongshi verify draw <draw-url> [--mirror <folder>] [--offline] [--json]`: re-runs a
 * 双随机 draw from public routes only (shared/features/inspections/verify-draw.ts) and
 * exits 1 when any check fails. With --mirror every response is kept in the folder;
 * with --offline too, the check reads only that folder (no network).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDrawUrl, verifyDraw, type JsonGetter } from '../../shared/features/inspections/verify-draw.js';
import { ConnectionError, connectionMessage } from '../../shared/features/verifier/index.js';

const usage =
  '用法: gongshi verify draw <抽取地址，如 https://…/v1/units/<代码>/draws/<编号>> [--mirror <folder>] [--offline] [--json]\n';

const fileFor = (folder: string, path: string) => join(folder, `${path.replace(/[^\w.-]+/g, '_')}.json`);

/** Fetches public JSON from `origin`, keeping (or, offline, only reading) a mirror. */
export function mirroredGetter(
  origin: string,
  options: { mirror?: string; offline?: boolean; fetchJson?: (url: string) => Promise<unknown> },
): JsonGetter {
  const fetchJson =
    options.fetchJson ??
    (async (url: string) => {
      const res = await fetch(url, { headers: { 'user-agent': 'gongshi-verify' } }).catch((e: unknown) => {
        // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is its cause.
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new ConnectionError(url, cause?.code ?? cause?.message ?? String(e));
      });
      if (!res.ok) throw new Error(`${url}：服务返回 HTTP ${res.status}`);
      return res.json();
    });
  return async (path) => {
    const file = options.mirror && fileFor(options.mirror, path);
    if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    if (options.offline) throw new Error(`离线核验：镜像中没有 ${path}`);
    const body = await fetchJson(`${origin}${path}`);
    if (file) {
      mkdirSync(options.mirror!, { recursive: true });
      writeFileSync(file, JSON.stringify(body));
    }
    return body;
  };
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { mirror: { type: 'string' }, offline: { type: 'boolean' }, json: { type: 'boolean' } },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const [url] = parsed.positionals;
  if (!url || (parsed.values.offline && !parsed.values.mirror)) {
    process.stderr.write(usage);
    return 2;
  }
  let target;
  try {
    target = parseDrawUrl(url);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const get = mirroredGetter(target.origin, { mirror: parsed.values.mirror, offline: parsed.values.offline });
  let report;
  try {
    report = await verifyDraw(get, target.path);
  } catch (e) {
    if (!(e instanceof ConnectionError)) throw e;
    process.stderr.write(connectionMessage(e.url, e.reason));
    return 2;
  }
  if (parsed.values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(`抽取 ${report.drawId}（${report.state}）：${report.ok ? '核验通过' : '核验未通过'}\n`);
    for (const f of report.findings) process.stdout.write(`  ${f.ok ? '✓' : '✗'} ${f.check.padEnd(22)} ${f.message}\n`);
  }
  return report.ok ? 0 : 1;
}
