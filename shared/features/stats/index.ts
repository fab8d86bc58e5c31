/** The stats feature's public surface: what other features and shared/app may use. */
export type { ChangesReport } from './changes.js';
export { DISCRETION_KINDS } from './compute.js';
export type { RegionStats } from './compute.js';
export { regionChanges, regionStats } from './service.js';
