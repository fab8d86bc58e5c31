/**
 * A signer on AWS: an ECC_NIST_EDWARDS25519 KMS key signs (pure Ed25519, ED25519_SHA_512 over the raw
 * message), so the private key never reaches Lambda code or the table. Implements the ledger's Signer
 * (./model/signer.ts) beside the local key-file signer; the ledger's checkpoints, the certificate cards and
 * status lists and the decision statements each use their own key, and errors name the signer.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { Signer } from './model/signer.js';

/** KMS signs raw messages up to 4096 bytes; checkpoints are a few lines. */
const MAX_RAW_MESSAGE = 4096;

interface PublicKeys {
  raw: Uint8Array;
  spki: KeyObject;
}

export class KmsSigner implements Signer {
  private keys?: Promise<PublicKeys>;

  constructor(
    readonly name: string,
    /** Key id, ARN or alias of the ECC_NIST_EDWARDS25519 SIGN_VERIFY key. */
    private readonly keyId: string,
    private readonly kms: KMSClient = new KMSClient({ maxAttempts: 5 }),
  ) {}

  async publicKey(): Promise<Uint8Array> {
    return (await this.publicKeys()).raw;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    if (message.byteLength > MAX_RAW_MESSAGE)
      throw new Error(`KMS signs at most ${MAX_RAW_MESSAGE} bytes raw; got ${message.byteLength}`);
    const out = await this.kms.send(
      new SignCommand({ KeyId: this.keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' }),
    );
    const signature = out.Signature;
    if (!signature || signature.byteLength !== 64)
      throw new Error(`KMS returned no 64-byte Ed25519 signature (got ${signature?.byteLength ?? 0} bytes)`);
    // Never hand out a signature that does not verify under the published key (wrong key, wrong algorithm).
    const { spki } = await this.publicKeys();
    if (!verify(null, message, spki, signature))
      throw new Error('KMS signature does not verify under the key’s public key');
    return new Uint8Array(signature);
  }

  /** Fetched once per instance; a failed fetch is retried on the next call. */
  private publicKeys(): Promise<PublicKeys> {
    this.keys ??= this.fetchPublicKeys().catch((e: unknown) => {
      this.keys = undefined;
      throw e;
    });
    return this.keys;
  }

  private async fetchPublicKeys(): Promise<PublicKeys> {
    const out = await this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (out.KeySpec !== 'ECC_NIST_EDWARDS25519' || out.KeyUsage !== 'SIGN_VERIFY') {
      throw new Error(
        `the ${this.name} signing key ${this.keyId} is ${out.KeySpec}/${out.KeyUsage}, ` +
          'not ECC_NIST_EDWARDS25519/SIGN_VERIFY',
      );
    }
    if (!out.PublicKey) throw new Error(`KMS returned no public key for the ${this.name} signing key ${this.keyId}`);
    const spki = createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' });
    const raw = new Uint8Array(Buffer.from(String(spki.export({ format: 'jwk' }).x), 'base64url'));
    return { raw, spki };
  }
}
