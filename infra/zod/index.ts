/**
 * What the Lambda bundles resolve `zod` to (bundleSpec.alias): the shape of zod's own index (every export,
 * plus `z` and the default as the namespace), built from ./exports.ts, which leaves out `locales`.
 */
import * as z from './exports.js';

export * from './exports.js';
export { z, z as default };
