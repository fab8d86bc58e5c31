/** What this feature needs from others: certificates from the officers feature, and a statement signer. */
export type { CertificateLookup, OfficerCertificate } from '../officers/index.js';

/** Signs statements the registry publishes on a unit's behalf (signed zero statements). */
export interface StatementSigner {
  keyId: string;
  /** Ed25519 signature over the bytes, base64. */
  sign(bytes: Uint8Array): string;
  publicKeyPem: string;
}
