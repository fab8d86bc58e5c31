/** The lists feature's public surface: what other features and shared/app may use. */
export { listKeys } from './keys.js';
export { Registry } from './registry.js';
export type { CandidateIssue, ListSummary, VersionRef } from './registry.js';
export { StreamStore, headFromItem } from './stream-store.js';
export type { StreamHead } from './stream-store.js';
export { RegionReader } from './region-reader.js';
