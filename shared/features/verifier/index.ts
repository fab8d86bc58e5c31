/** The verifier feature's public surface: what other features and shared/app may use. */
export { connectionMessage, formatReport, type ReportLang } from './report.js';
export { ConnectionError } from './client.js';
export { verifyRegistry } from './verify.js';
export { checkRegions, type ScheduledCheckRun } from './scheduled.js';
export { VerificationResultsStore, type VerificationResult } from './results-store.js';
