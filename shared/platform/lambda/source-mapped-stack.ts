/**
 * Stack traces that name TypeScript sources, paid for only when an error is logged. Node's
 * --enable-source-maps parses a bundle's whole source map at every cold start (tens of milliseconds for
 * a few megabytes); instead the functions run without it, and the first stack logged reads the map
 * beside the bundle (`index.mjs.map`) once and rewrites the frames that point into the bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | undefined>();

function mapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      const path = `${file}.map`;
      if (existsSync(path)) map = new SourceMap(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      map = undefined; // an unreadable map leaves the frames as they are
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** `file:///var/task/index.mjs:1:23456` → `shared/features/lists/registry.ts:88:11`, for bundles that ship a map. */
const FRAME = /(file:\/\/[^\s)]+\.mjs|\/[^\s)(]+\.mjs):(\d+):(\d+)/g;

export function sourceMappedStack(stack: string | undefined): string | undefined {
  if (!stack) return stack;
  return stack.replace(FRAME, (whole, location: string, line: string, column: string) => {
    const file = location.startsWith('file://') ? fileURLToPath(location) : location;
    const map = mapOf(file);
    if (!map) return whole;
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (!entry.originalSource) return whole;
    const source = entry.originalSource.replace(/^(\.\.\/)+/, '');
    return `${source}:${(entry.originalLine ?? 0) + 1}:${(entry.originalColumn ?? 0) + 1}`;
  });
}
