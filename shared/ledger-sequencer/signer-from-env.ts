/**
 * Which signer this process uses. GONGSHI_LEDGER_KEY_FILE names a local Ed25519
 * PEM key (created on first use). On AWS the infrastructure issue adds the KMS
 * signer here (LEDGER_SIGNING_KEY_ID, ECC_NIST_EDWARDS25519), implementing the
 * same async Signer interface; the private key never reaches Lambda code.
 */
import { keyFileSigner, type Signer } from '../ledger/signer.js';

export async function signerFromEnv(origin: string, env: NodeJS.ProcessEnv = process.env): Promise<Signer> {
  if (env.GONGSHI_LEDGER_KEY_FILE) return keyFileSigner(origin, env.GONGSHI_LEDGER_KEY_FILE);
  if (env.LEDGER_SIGNING_KEY_ID) throw new Error('LEDGER_SIGNING_KEY_ID is set but no KMS signer is wired in shared/ledger-sequencer/signer-from-env.ts');
  throw new Error('no ledger signer configured: set GONGSHI_LEDGER_KEY_FILE (local) or LEDGER_SIGNING_KEY_ID (KMS)');
}
