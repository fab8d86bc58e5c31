/** The KMS checkpoint signer through the real AWS SDK against the local KMS stub (Ed25519 by node:crypto). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSigner } from '../shared/features/ledger/kms-signer.js';
import { signerFromConfig } from '../shared/features/ledger/signer-from-config.js';
import { startAwsStubs, type AwsStubs } from '../testing/lambda/aws-stubs.js';

let stubs: AwsStubs;
let kms: KMSClient;

beforeAll(async () => {
  stubs = await startAwsStubs();
  kms = new KMSClient({
    endpoint: stubs.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(() => stubs.close());

describe('KmsSigner', () => {
  it('signs raw messages with ED25519_SHA_512 and returns signatures that verify under the public key', async () => {
    const signer = new KmsSigner('registry.example.gov.cn/log', stubs.keyArn, kms);
    expect(await signer.publicKey()).toEqual(stubs.publicKeyRaw);
    const message = new TextEncoder().encode('registry.example.gov.cn/log\n4\nq3ZzY2hlY2twb2ludA==\n');
    const signature = await signer.sign(message);
    expect(signature).toHaveLength(64);
    expect(verify(null, message, stubs.publicKey, signature)).toBe(true);
    const sign = stubs.kmsCalls.find((c) => c.target === 'Sign')!;
    expect(sign.body).toMatchObject({ KeyId: stubs.keyArn, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' });
  });

  it('fetches the public key once', async () => {
    const before = stubs.kmsCalls.filter((c) => c.target === 'GetPublicKey').length;
    const signer = new KmsSigner('o', stubs.keyArn, kms);
    await Promise.all([signer.publicKey(), signer.sign(new Uint8Array([1])), signer.sign(new Uint8Array([2]))]);
    expect(stubs.kmsCalls.filter((c) => c.target === 'GetPublicKey').length - before).toBe(1);
  });

  it('refuses a key that is not Ed25519, naming the signer whose key it is', async () => {
    const signer = new KmsSigner('gongshi-certificates', stubs.rsaKeyArn, kms);
    const refusal = signer.publicKey();
    await expect(refusal).rejects.toThrow(
      `the gongshi-certificates signing key ${stubs.rsaKeyArn} is RSA_2048/SIGN_VERIFY, ` +
        'not ECC_NIST_EDWARDS25519/SIGN_VERIFY',
    );
    // A signature is never handed out without the key's check.
    await expect(signer.sign(new Uint8Array([1]))).rejects.toThrow(/gongshi-certificates signing key/);
  });

  it('refuses messages KMS cannot sign raw', async () => {
    await expect(new KmsSigner('o', stubs.keyArn, kms).sign(new Uint8Array(4097))).rejects.toThrow(/4096/);
  });

  it('is the signer a configured KMS key id selects, and no signer is configured without one', async () => {
    const signer = await signerFromConfig('o', { kmsKeyId: stubs.keyArn });
    expect(signer).toBeInstanceOf(KmsSigner);
    expect(signer.name).toBe('o');
    await expect(signerFromConfig('o', {})).rejects.toThrow(/no ledger signer configured/);
  });
});
