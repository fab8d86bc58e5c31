/** What this feature needs from others: certificates from the officers feature, and a statement signer. */
export type { CertificateLookup, OfficerCertificate } from '../officers/index.js';

/**
 * Signs statements the registry publishes on a unit's behalf (signed zero statements): Ed25519 over the bytes. The
 * shape of the ledger's signer, so the same local key-file signer and KMS signer (ECC_NIST_EDWARDS25519) serve.
 */
export interface StatementSigner {
  /** The raw 32-byte Ed25519 public key. */
  publicKey(): Promise<Uint8Array>;
  /** The 64-byte signature. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}
