/**
 * Which signer this process uses: a local Ed25519 PEM key file (created on first use), or on AWS the KMS key
 * (ECC_NIST_EDWARDS25519) behind the same async Signer interface, so the private key never reaches Lambda code.
 */
import { KmsSigner } from './kms-signer.js';
import { keyFileSigner, type Signer } from './model/signer.js';

export interface LedgerSignerConfig {
  /** A local PEM key file (GONGSHI_LEDGER_KEY_FILE). */
  keyFile?: string;
  /** A KMS key id or ARN (LEDGER_SIGNING_KEY_ID). */
  kmsKeyId?: string;
}

export async function signerFromConfig(origin: string, config: LedgerSignerConfig): Promise<Signer> {
  if (config.keyFile) return keyFileSigner(origin, config.keyFile);
  if (config.kmsKeyId) return new KmsSigner(origin, config.kmsKeyId);
  throw new Error('no ledger signer configured: set GONGSHI_LEDGER_KEY_FILE (local) or LEDGER_SIGNING_KEY_ID (KMS)');
}
