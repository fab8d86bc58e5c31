/** The verifier feature's public surface: what other features and shared/app may use. */
export { connectionMessage, formatReport, type ReportLang } from './report.js';
export { ConnectionError } from './client.js';
export { verifyRegistry } from './verify.js';
