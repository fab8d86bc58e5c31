/**
 * Runs autocannon in a separate process (its CLI with --json), so the load
 * generator never shares an event loop with the server it measures.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CLI = require.resolve('autocannon/autocannon.js');

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
}

interface AutocannonJson {
  duration: number;
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

export async function load(
  url: string,
  options: { connections: number; seconds?: number; amount?: number },
): Promise<LoadResult> {
  const args = [CLI, '--json', '--no-progress', '-c', String(options.connections)];
  if (options.amount) args.push('-a', String(options.amount));
  else args.push('-d', String(options.seconds ?? 1));
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`autocannon exited ${code}: ${err.slice(-500)}`);
  const r = JSON.parse(out) as AutocannonJson;
  // Completed requests over the measured seconds (per-second averages are coarse for 1-2 s runs).
  return {
    requestsPerSecond: r.duration > 0 ? r.requests.total / r.duration : r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}
