/** The verifier feature's public surface: what other features and shared/app may use. */
export { formatReport } from './report.js';
export { verifyRegistry } from './verify.js';
