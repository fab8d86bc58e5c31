/**
 * zod's top-level exports, all but `locales`, for ./index.ts (what the Lambda bundles resolve `zod` to).
 *
 * @hono/zod-openapi hands zod's whole namespace to `extendZodWithOpenApi(z)`, so esbuild must keep every export
 * of it, and `locales` alone is some 190 KiB of translated error messages the registry never selects (zod
 * registers English itself on first schema construction; our messages are our own Chinese). Re-exporting
 * the same modules without that namespace keeps every schema class identical. Tests and the CLI use zod as
 * installed; only the bundles see this file. The paths follow zod/v4/classic/external.js of the pinned version.
 */

export * as core from './core.js';
export * from '../../node_modules/zod/v4/classic/schemas.js';
export * from '../../node_modules/zod/v4/classic/checks.js';
export * from '../../node_modules/zod/v4/classic/errors.js';
export * from '../../node_modules/zod/v4/classic/parse.js';
export * from '../../node_modules/zod/v4/classic/compat.js';
export {
  globalRegistry,
  registry,
  config,
  memoizer,
  $output,
  $input,
  $brand,
  clone,
  regexes,
  treeifyError,
  prettifyError,
  formatError,
  flattenError,
  TimePrecision,
  util,
  NEVER,
  INVALID,
  toZod,
  compile,
  withParser,
  ZodCompileAsyncError,
  ZodCompileUnsupportedError,
  getDiscriminatedOption,
} from '../../node_modules/zod/v4/core/index.js';
export { toJSONSchema } from '../../node_modules/zod/v4/core/json-schema-processors.js';
export { fromJSONSchema } from '../../node_modules/zod/v4/classic/from-json-schema.js';
export { deepPartial } from '../../node_modules/zod/v4/classic/deep-partial.js';
export { input, output } from '../../node_modules/zod/v4/classic/in-out.js';
export { ZodISODateTime, ZodISODate, ZodISOTime, ZodISODuration } from '../../node_modules/zod/v4/classic/iso.js';
export * as iso from '../../node_modules/zod/v4/classic/iso.js';
export * as coerce from '../../node_modules/zod/v4/classic/coerce.js';
