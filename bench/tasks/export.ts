/**
 * Child task: stream a region export through the real route (GET /v1/export)
 * and count what arrives, so peak memory shows whether the export streams.
 * The store's content cache is off, so only the export path holds memory.
 */
import { createRuntime } from '../../shared/app/runtime.js';

interface State {
  app: ReturnType<typeof createRuntime>['app'];
  url: string;
}

export async function prepare(args: Record<string, unknown>): Promise<State> {
  const { app } = createRuntime(
    { tableName: String(args.tableName), endpoint: String(args.endpoint), region: 'cn-north-1' },
    { cacheBytes: 0 },
  );
  return { app, url: String(args.url) };
}

export async function run(s: State): Promise<string> {
  const res = await s.app.request(s.url);
  if (res.status !== 200 || !res.body)
    throw new Error(`GET ${s.url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  let bytes = 0;
  let lines = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
  }
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB, ${lines} lines`;
}
