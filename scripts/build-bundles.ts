/**
 * Builds the Lambda bundles exactly as the stack deploys them (infra/bundling.ts), outside CDK:
 * `npx tsx scripts/build-bundles.ts [outDir]` writes <outDir>/<function>/index.mjs (+ .map) and prints
 * each bundle's size. test/bundles.test.ts runs these files; the benchmark records their sizes.
 */
import { mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { build, type Metafile } from 'esbuild';
import { bundleSpec, esbuildOptions } from '../infra/bundling.js';
import { lambdaEntries, presentEntry, repoRoot, type LambdaName } from '../infra/entries.js';

export interface BuiltBundle {
  name: LambdaName;
  file: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

/** Every function whose entry file is in the checkout (or only those named), built in parallel. */
export async function buildBundles(
  outDir: string,
  names: LambdaName[] = Object.keys(lambdaEntries) as LambdaName[],
): Promise<BuiltBundle[]> {
  const present = names.flatMap((name) => {
    const entry = presentEntry(name);
    return entry ? [{ name, entry }] : [];
  });
  return Promise.all(
    present.map(async ({ name, entry }) => {
      const dir = join(outDir, name);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'index.mjs');
      const result = await build({ ...esbuildOptions(entry, file), absWorkingDir: repoRoot });
      installBeside(dir);
      return {
        name,
        file,
        bytes: statSync(file).size,
        gzipBytes: gzipSync(readFileSync(file)).length,
        metafile: result.metafile!,
      };
    }),
  );
}

/**
 * The modules the stack installs beside each bundle rather than bundling (bundleSpec.installed; NodejsFunction
 * `nodeModules`), linked from this checkout's node_modules so the built function resolves them as deployed.
 */
export function installBeside(dir: string): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  for (const name of bundleSpec.installed)
    symlinkSync(join(repoRoot, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
}

/** The largest inputs of a bundle, by bytes they contribute to the output. */
export function largestInputs(bundle: BuiltBundle, top = 10): Array<{ input: string; bytes: number }> {
  const output = Object.values(bundle.metafile.outputs).find((o) => o.entryPoint);
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? m[1]! : input.split('/').slice(0, 2).join('/');
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const outDir = resolve(process.argv[2] ?? join(repoRoot, 'dist', 'bundles'));
  const started = performance.now();
  const bundles = await buildBundles(outDir);
  for (const b of bundles) {
    console.log(`${b.name.padEnd(16)} ${kb(b.bytes).padStart(8)} (gzip ${kb(b.gzipBytes)})  ${b.file}`);
    if (process.argv.includes('--why'))
      for (const i of largestInputs(b)) console.log(`    ${kb(i.bytes).padStart(8)}  ${i.input}`);
  }
  console.log(`built ${bundles.length} bundles in ${Math.round(performance.now() - started)} ms`);
}
