/** The workflow feature's public surface: what other features and shared/app may use. */
export { createWriteDeps, registerWriteRoutes } from './http/index.js';
export type { WriteDeps, WriteOptions } from './http/index.js';
