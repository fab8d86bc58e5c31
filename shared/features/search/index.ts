/** The search feature's public surface: what other features and shared/app may use. */
export { RegionFilter, regionPrefixOf, runSearch, SearchQuerySchema } from './query.js';
export type { SearchBody } from './query.js';
export type { RegionHead } from './region-source.js';
export { RegionService } from './service.js';
export type { RegionSnapshot } from './snapshot.js';
export { normalise, queryTerms } from './normalise.js';
export { TableIndexFileStore, type IndexFileStore } from './index-store.js';
export { SearchIndexer, useStoredIndexes } from './search-indexing.js';
