/**
 * Which signer this process uses. GONGSHI_LEDGER_KEY_FILE names a local Ed25519
 * PEM key (created on first use). On AWS the infrastructure issue adds the KMS
 * signer here (LEDGER_SIGNING_KEY_ID, ECC_NIST_EDWARDS25519), implementing the
 * same async Signer interface; the private key never reaches Lambda code.
 */
import { kmsSignerFromEnv } from './kms-signer.js';
import { keyFileSigner, type Signer } from './model/signer.js';

export async function signerFromEnv(origin: string, env: NodeJS.ProcessEnv = process.env): Promise<Signer> {
  if (env.GONGSHI_LEDGER_KEY_FILE) return keyFileSigner(origin, env.GONGSHI_LEDGER_KEY_FILE);
  const kms = kmsSignerFromEnv(origin, env);
  if (kms) return kms;
  throw new Error('no ledger signer configured: set GONGSHI_LEDGER_KEY_FILE (local) or LEDGER_SIGNING_KEY_ID (KMS)');
}
