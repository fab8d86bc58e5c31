/**
 * An anonymous flood from another process, as an attacker on the same machine would send it: `total` POSTs with an
 * empty JSON body to `url` over `connections` keep-alive connections. Resolves with the statuses seen and the
 * distinct `Audit-Record` headers (anonymous callers must see none). Used by the integrity test and the benchmark.
 */
import { spawn } from 'node:child_process';

export interface FloodResult {
  statuses: Record<string, number>;
  headers: Array<string | null>;
}

export function runAnonymousFlood(url: string, total: number, connections: number): Promise<FloodResult> {
  const script =
    `
    let sent = 0; const statuses = {}; const headers = new Set();
    await Promise.all(Array.from({ length: ${connections} }, async () => {
      while (sent < ${total}) {
        sent++;
        const res = await fetch(${JSON.stringify(url)}, { method: 'POST', headers: { ` +
    `'content-type': 'application/json' }, body: '{}' });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        headers.add(res.headers.get('audit-record'));
      }
    }));
    process.stdout.write(JSON.stringify({ statuses, headers: [...headers] }));`;
  return new Promise<FloodResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`flood exited ${code}`))));
  });
}
