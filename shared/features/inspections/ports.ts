/** What this feature needs from the officers feature: certificates valid on a draw date (the inspectors directory). */
export type { CertificateLookup, OfficerCertificate } from '../officers/index.js';
