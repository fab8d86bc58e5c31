/** The ledger feature's public surface: what other features and shared/app may use. */
export { localProcessOwners } from './lease-owners.js';
export { LEDGER_LAG_METRIC, ledgerLagDimensions } from './ledger-lag.js';
export { parseCheckpoint } from './model/checkpoint.js';
export type { Checkpoint } from './model/checkpoint.js';
export { equalHashes, fromBase64, leafHash, toBase64 } from './model/hash.js';
export type { Hash } from './model/hash.js';
export { itemsRootHex } from './model/items.js';
export { decodeDecisionLeaf, isDecisionLeafText, DECISION_EVENTS } from './model/decision-leaf.js';
export type { DecisionLeaf, DecisionLeafBody } from './model/decision-leaf.js';
export { LogEventQueue, type DecisionLogEvent, type DocumentLogEvent, type LogEvent } from './log-events.js';
export {
  decodeDocumentLeaf,
  isDocumentLeafText,
  DECISION_DOCUMENTS,
  type DecisionDocument,
  type DocumentLeaf,
  type DocumentLeafBody,
} from './model/document-leaf.js';
export { buildLeaf, decodeLeaf, encodeLeaf, leafDifferences, leafFormatOf, CURRENT_LEAF_FORMAT } from './model/leaf.js';
export type { Leaf, LeafFormat } from './model/leaf.js';
export { rootFromLeafHashes, verifyConsistency, verifyInclusion } from './model/merkle.js';
export { openNote, parseVerifierKey } from './model/note.js';
export type { NoteVerifierKey } from './model/note.js';
export { DEFAULT_ORIGIN } from './model/origin.js';
export { keyFileSigner } from './model/signer.js';
export { TILE_WIDTH, decodeEntryBundle, encodeTileIndex } from './model/tiles.js';
