/**
 * The one set of esbuild options for every Lambda bundle. The stack hands them to NodejsFunction
 * (`nodejsBundling`) and scripts/build-bundles.ts hands them to esbuild's API (`esbuildOptions`), so the
 * deployed-artifact tests run exactly the code that would be deployed.
 */
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { repoRoot } from './entries.js';

/** The Lambda runtime every function uses, and the matching esbuild target. */
export const lambdaRuntime = Runtime.NODEJS_24_X;
export const esbuildTarget = 'node24';

/**
 * ESM output still meets CommonJS dependencies (exceljs, iconv-lite, …) that call `require` on Node
 * built-ins; esbuild cannot turn those into imports, so every bundle gets a real `require`.
 */
const requireShim =
  "import{createRequire as __gongshiCreateRequire}from'node:module';const " +
  'require=__gongshiCreateRequire(import.meta.url);';

export const bundleSpec = {
  target: esbuildTarget,
  minify: true,
  sourcemap: true,
  /** Prefer the ESM build of dual packages (smaller, tree-shakable). */
  mainFields: ['module', 'main'],
  banner: requireShim,
  /**
   * Nothing is external: the pinned AWS SDK is bundled rather than taken from the runtime, so the code
   * deployed is the code tested, whatever SDK version the Lambda runtime happens to ship.
   */
  external: [] as string[],
  /**
   * Installed beside the bundle (node_modules/, from the lock file) instead of bundled: exceljs with its zip
   * and stream libraries is a megabyte that only XLSX reads and uploads use, and each is loaded with
   * `import()` on first use (shared/platform/lazy-exceljs.ts). Bundled, V8 would parse that megabyte at
   * every cold start, JSON reads included. opencc-js likewise: its Simplified→Traditional dictionaries
   * (1.15 MB) are loaded with `import()` on the first 繁體 page (shared/core/traditional-lazy.ts); its small
   * Traditional→Simplified part (~110 KB) is imported statically by shared/core/text.ts, from node_modules.
   * saxes, the XML parser the XLSX reader streams worksheets through (exceljs's own), is loaded with `import()`
   * on the first XLSX read (shared/features/spreadsheets/xlsx-parts.ts) and is installed with exceljs anyway.
   */
  installed: ['exceljs', 'opencc-js', 'saxes'] as string[],
  /**
   * `zod` resolves to infra/zod/index.ts: zod's exports without its 190 KiB of locales, which esbuild cannot
   * drop on its own because @hono/zod-openapi passes the whole namespace to a function (see that file).
   * `@aws-sdk/client-dynamodb` resolves to infra/dynamodb/index.mjs: the client and the commands we send, from
   * their own modules, not the package's index, whose `export *` keeps all 62 commands' schemas in a bundle that
   * reaches the client from lazily loaded modules (see that file); `@aws-sdk/client-kms` likewise resolves to
   * infra/kms/index.mjs. Absolute, because esbuild resolves an alias's
   * target from its working directory.
   */
  alias: {
    zod: join(repoRoot, 'infra/zod/index.ts'),
    '@aws-sdk/client-dynamodb': join(repoRoot, 'infra/dynamodb/index.mjs'),
    '@aws-sdk/client-kms': join(repoRoot, 'infra/kms/index.mjs'),
  } as Record<string, string>,
  /** Chinese text stays UTF-8 instead of \uXXXX escapes (a third of the size for messages and labels). */
  charset: 'utf8',
  /**
   * Source maps name files and lines but do not embed the sources: a 3 MB map instead of 9 MB, which
   * Node parses at every cold start under --enable-source-maps (~50 ms saved).
   */
  sourcesContent: false,
} as const;

/** NodejsFunction `bundling`: local esbuild (never Docker), the spec above, ESM. */
export function nodejsBundling(): BundlingOptions {
  return {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: bundleSpec.target,
    minify: bundleSpec.minify,
    sourceMap: bundleSpec.sourcemap,
    mainFields: [...bundleSpec.mainFields],
    banner: bundleSpec.banner,
    externalModules: [...bundleSpec.external, ...bundleSpec.installed],
    nodeModules: [...bundleSpec.installed],
    bundleAwsSDK: true,
    esbuildArgs: {
      '--charset': bundleSpec.charset,
      '--sources-content': String(bundleSpec.sourcesContent),
      ...Object.fromEntries(Object.entries(bundleSpec.alias).map(([from, to]) => [`--alias:${from}`, to])),
    },
  };
}

/** The same build through esbuild's API; NodejsFunction names its ESM output index.mjs, so do we. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: bundleSpec.target,
    minify: bundleSpec.minify,
    sourcemap: bundleSpec.sourcemap,
    mainFields: [...bundleSpec.mainFields],
    banner: { js: bundleSpec.banner },
    external: [...bundleSpec.external, ...bundleSpec.installed],
    alias: { ...bundleSpec.alias },
    charset: bundleSpec.charset,
    sourcesContent: bundleSpec.sourcesContent,
    metafile: true,
    logLevel: 'warning',
  };
}
