/**
 * Measurements of modules other issues are still building: import them only if
 * they exist, so the harness runs today and picks them up when they land.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The module at `relPath` (from the repository root, `.ts` source) or why it cannot be used. */
export async function optionalModule<T = Record<string, unknown>>(relPath: string): Promise<{ module: T } | { missing: string }> {
  const candidates = [relPath, relPath.replace(/\.ts$/, '/index.ts')];
  const found = candidates.find((p) => existsSync(join(ROOT, p)));
  if (!found) return { missing: `${relPath.replace(/\.ts$/, '')} not built yet` };
  return { module: (await import(pathToFileURL(join(ROOT, found)).href)) as T };
}

/** The named export if it is a function, else undefined. */
export function fn<F extends (...args: never[]) => unknown>(module: Record<string, unknown>, name: string): F | undefined {
  const f = module[name];
  return typeof f === 'function' ? (f as F) : undefined;
}

/** Whether the app registers `method path` (Hono path syntax, e.g. /v1/search). */
export function hasRoute(app: { routes: ReadonlyArray<{ method: string; path: string }> }, method: string, path: string): boolean {
  return app.routes.some((r) => r.method === method && r.path === path);
}
