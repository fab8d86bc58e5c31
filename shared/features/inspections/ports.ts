import type { LogEventQueue } from '../ledger/index.js';

/** What this feature needs from the officers feature: certificates valid on a draw date (the inspectors directory). */
export type { CertificateLookup, OfficerCertificate } from '../officers/index.js';

/**
 * What this feature needs from the transparency log (ledger/log-events.ts): to queue a draw's events, and to learn
 * where and when the log holds one.
 */
export type DrawLogPort = Pick<LogEventQueue, 'enqueue' | 'loggedLeaf' | 'eventsOf'>;

/** What reading draws needs from the log: the leaf index of each logged event of a draw. */
export type DrawLeafIndexes = Pick<LogEventQueue, 'eventsOf'>;
