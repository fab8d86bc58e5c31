/**
 * The layout's rules, read from the import statements of every source file:
 * core is pure, features meet only through each other's index.ts, platform knows no feature,
 * only shared/app mounts features (picking single modules where that keeps a Lambda bundle lean), Lambda entries import
 * only shared/app, and nothing under
 * shared/ reaches into tests, testing helpers or the benchmark. Value imports form no cycle.
 */
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Import {
  from: string;
  to: string;
  /** `import type` / `export type`: erased at build time, so it cannot form a run-time cycle. */
  typeOnly: boolean;
}

const sources = execSync('git ls-files -co --exclude-standard shared functions cli infra scripts', { encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith('.d.ts'));

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/g;
const DYNAMIC = /import\(\s*'([^']+)'\s*\)/g;

function resolveRelative(from: string, spec: string): string {
  return normalize(join(dirname(from), spec)).replace(/\.js$/, '.ts');
}

function toFile(path: string): string {
  const candidates = [path, path.replace(/\.ts$/, '.tsx'), `${path}.ts`, `${path}/index.ts`];
  return candidates.find((c) => sources.includes(c)) ?? path;
}

const imports: Import[] = sources.flatMap((from) => {
  const text = readFileSync(from, 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    if (!m[3]!.startsWith('.')) continue;
    found.push({ from, to: toFile(resolveRelative(from, m[3]!)), typeOnly: Boolean(m[2]) });
  }
  for (const m of text.matchAll(DYNAMIC)) {
    if (!m[1]!.startsWith('.')) continue;
    found.push({ from, to: toFile(resolveRelative(from, m[1]!)), typeOnly: false });
  }
  return found;
});

const packageImports = sources.flatMap((from) =>
  [...readFileSync(from, 'utf8').matchAll(IMPORT)]
    .filter((m) => !m[3]!.startsWith('.'))
    .map((m) => ({ from, pkg: m[3]! })),
);

const featureOf = (path: string) => /^shared\/features\/([^/]+)\//.exec(path)?.[1];
const layerOf = (path: string) => /^shared\/(core|platform|app|features)\//.exec(path)?.[1];
const violations = (list: Import[]) => list.map((i) => `${i.from} → ${i.to}`);

describe('architecture', () => {
  it('finds the source tree', () => {
    expect(sources.filter((s) => s.startsWith('shared/core/')).length).toBeGreaterThan(10);
    expect(imports.length).toBeGreaterThan(300);
  });

  it('shared/ has exactly the four layers', () => {
    const stray = sources.filter((s) => s.startsWith('shared/') && !layerOf(s));
    expect(stray).toEqual([]);
  });

  it('core imports only core and libraries, and neither the AWS SDK nor Hono', () => {
    const bad = imports.filter((i) => layerOf(i.from) === 'core' && layerOf(i.to) !== 'core');
    expect(violations(bad)).toEqual([]);
    const impure = packageImports.filter((p) => layerOf(p.from) === 'core' && /^(@aws-sdk|hono|@hono)/.test(p.pkg));
    expect(impure.map((p) => `${p.from} → ${p.pkg}`)).toEqual([]);
  });

  it('a feature imports core, platform, its own files and other features only through their index.ts', () => {
    const bad = imports.filter((i) => {
      const feature = featureOf(i.from);
      if (!feature) return false;
      const target = layerOf(i.to);
      if (target === 'core' || target === 'platform') return false;
      if (target !== 'features') return true;
      const other = featureOf(i.to);
      return other !== feature && i.to !== `shared/features/${other}/index.ts`;
    });
    expect(violations(bad)).toEqual([]);
  });

  it('platform imports no feature and no composition root', () => {
    const bad = imports.filter(
      (i) => layerOf(i.from) === 'platform' && !['platform', 'core'].includes(layerOf(i.to) ?? ''),
    );
    expect(violations(bad)).toEqual([]);
  });

  it('only shared/app mounts features: no feature registers another feature’s routes', () => {
    const mounting = sources.filter((from) => {
      const feature = featureOf(from);
      if (!feature) return false;
      const text = readFileSync(from, 'utf8');
      return [...text.matchAll(/import\s+\{([^}]*)\}\s+from\s+'([^']+)'/g)].some(
        (m) => /\bregister\w*Routes\b/.test(m[1]!) && featureOf(resolveRelative(from, m[2]!)) !== feature,
      );
    });
    expect(mounting).toEqual([]);
  });

  it('shared/app imports features and platform only (it may pick single modules, keeping each bundle lean)', () => {
    const bad = imports.filter(
      (i) => layerOf(i.from) === 'app' && !['features', 'platform', 'core', 'app'].includes(layerOf(i.to) ?? ''),
    );
    expect(violations(bad)).toEqual([]);
  });

  it('Lambda entries import only shared/app', () => {
    const bad = imports.filter((i) => i.from.startsWith('functions/') && !i.to.startsWith('shared/app/'));
    expect(violations(bad)).toEqual([]);
  });

  it('nothing under shared/ imports tests, testing helpers or the benchmark', () => {
    const bad = imports.filter((i) => i.from.startsWith('shared/') && /^(test|testing|bench)\//.test(i.to));
    expect(violations(bad)).toEqual([]);
  });

  it('a failed DynamoDB condition is handled in one place (platform/dynamodb/conditional.ts), never by hand', () => {
    const byHand = sources.filter(
      (f) =>
        f !== 'shared/platform/dynamodb/conditional.ts' &&
        readFileSync(f, 'utf8').includes('ConditionalCheckFailedException'),
    );
    expect(byHand).toEqual([]);
  });

  it('the value-import graph has no cycle', () => {
    const edges = new Map<string, string[]>();
    for (const i of imports) if (!i.typeOnly) edges.set(i.from, [...(edges.get(i.from) ?? []), i.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'open');
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
