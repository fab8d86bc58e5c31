/**
 * Who signs checkpoints. The interface is asynchronous so a KMS-backed signer
 * (ECC_NIST_EDWARDS25519, the private key never leaves KMS) fits beside the
 * local key file used on one machine.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { NoteSigner } from './note.js';

export type Signer = NoteSigner;

export function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(String(jwk.x), 'base64url'));
}

/** An Ed25519 signer over an in-memory private key (node:crypto). */
export class Ed25519Signer implements Signer {
  private readonly pub: Uint8Array;
  constructor(
    readonly name: string,
    private readonly key: KeyObject,
  ) {
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('the ledger signing key must be Ed25519');
    this.pub = rawPublicKey(key);
  }

  static generate(name: string): Ed25519Signer {
    return new Ed25519Signer(name, generateKeyPairSync('ed25519').privateKey);
  }

  /** From a 32-byte Ed25519 seed (test vectors). */
  static fromSeed(name: string, seed: Uint8Array): Ed25519Signer {
    // PKCS#8 prefix for an Ed25519 private key followed by the 32-byte seed.
    const prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
    return new Ed25519Signer(
      name,
      createPrivateKey({ key: Buffer.concat([prefix, Buffer.from(seed)]), format: 'der', type: 'pkcs8' }),
    );
  }

  async publicKey(): Promise<Uint8Array> {
    return this.pub;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(nodeSign(null, message, this.key));
  }
}

/**
 * The local signer: a PKCS#8 PEM key file, generated on first use (mode 0600).
 * Creation uses an exclusive open so two processes starting together end up
 * with the same key.
 */
export function keyFileSigner(name: string, path: string): Ed25519Signer {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(dirname(path), { recursive: true });
    const fresh = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    try {
      writeFileSync(path, fresh, { flag: 'wx', mode: 0o600 });
      pem = fresh;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code !== 'EEXIST') throw e2;
      pem = readFileSync(path, 'utf8');
    }
  }
  return new Ed25519Signer(name, createPrivateKey(pem));
}
