/** What the Lambda entry points in functions/ need beyond the runtimes: logging, claims, export paths, ledger wiring. */
export { logger, withRequestLog, type HttpApiHandler } from '../platform/lambda/log.js';
export { CLAIMS } from '../features/auth/index.js';
export { EXPORT_PATHS } from '../features/exports/index.js';
export { sequencerNudgeFromEnv, signerFromEnv } from '../features/ledger/index.js';
export { createSequencerHandler } from './ledger-sequencer.js';
