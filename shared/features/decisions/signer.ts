/** An Ed25519 statement signer (node:crypto): from a PKCS#8 PEM key, or a fresh key for local use and tests. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { sha256Hex } from '../../core/canonical-json.js';
import type { StatementSigner } from './ports.js';

export function ed25519Signer(privateKeyPem?: string): StatementSigner {
  const key: KeyObject = privateKeyPem ? createPrivateKey(privateKeyPem) : generateKeyPairSync('ed25519').privateKey;
  const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  return {
    keyId: sha256Hex(publicKeyPem).slice(0, 16),
    publicKeyPem,
    sign: (bytes) => sign(null, bytes, key).toString('base64'),
  };
}
