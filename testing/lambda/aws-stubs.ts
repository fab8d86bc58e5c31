/**
 * Just enough of KMS (Sign, GetPublicKey for one Ed25519 key, awsJson1_1) and Lambda (Invoke, restJson)
 * for the deployed bundles to talk to through the real AWS SDK (AWS_ENDPOINT_URL_KMS / _LAMBDA). KMS is
 * played by node:crypto with a fresh key, so signatures verify exactly as KMS's would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface AwsStubs {
  endpoint: string;
  keyArn: string;
  /** A key that is not Ed25519 (an RSA_2048 signing key): GetPublicKey answers its spec, for the refusal. */
  rsaKeyArn: string;
  /** The raw 32-byte Ed25519 public key KMS would return. */
  publicKeyRaw: Uint8Array;
  publicKey: KeyObject;
  /** Every KMS call, by target (Sign, GetPublicKey). */
  kmsCalls: Array<{ target: string; body: Record<string, unknown> }>;
  /** Every Lambda Invoke: function name, invocation type, payload. */
  invokes: Array<{ functionName: string; invocationType: string; payload: string }>;
  close(): Promise<void>;
}

export async function startAwsStubs(): Promise<AwsStubs> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const keyArn = 'arn:aws-cn:kms:cn-north-1:123456789012:key/00000000-0000-4000-8000-000000000001';
  const rsaKeyArn = 'arn:aws-cn:kms:cn-north-1:123456789012:key/00000000-0000-4000-8000-000000000002';
  const kmsCalls: AwsStubs['kmsCalls'] = [];
  const invokes: AwsStubs['invokes'] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, body: unknown, type = 'application/x-amz-json-1.1') => {
        res.writeHead(status, { 'content-type': type });
        res.end(JSON.stringify(body));
      };
      if (target.startsWith('TrentService.')) {
        const body = JSON.parse(raw || '{}') as Record<string, string>;
        const op = target.slice('TrentService.'.length);
        kmsCalls.push({ target: op, body });
        if (op === 'GetPublicKey' && body.KeyId === rsaKeyArn)
          return reply(200, { KeyId: rsaKeyArn, KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
        if (op === 'GetPublicKey') {
          return reply(200, {
            KeyId: keyArn,
            KeySpec: 'ECC_NIST_EDWARDS25519',
            KeyUsage: 'SIGN_VERIFY',
            PublicKey: spki.toString('base64'),
            SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'],
          });
        }
        if (op === 'Sign') {
          if (body.SigningAlgorithm !== 'ED25519_SHA_512' || body.MessageType !== 'RAW')
            return reply(400, { __type: 'ValidationException', message: 'unsupported' });
          const signature = sign(null, Buffer.from(body.Message!, 'base64'), privateKey);
          return reply(200, {
            KeyId: keyArn,
            Signature: signature.toString('base64'),
            SigningAlgorithm: 'ED25519_SHA_512',
          });
        }
        return reply(400, { __type: 'UnsupportedOperationException', message: op });
      }
      const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
      if (invoke && req.method === 'POST') {
        const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
        invokes.push({ functionName: decodeURIComponent(invoke[1]!), invocationType, payload: raw });
        res.writeHead(invocationType === 'Event' ? 202 : 200, { 'content-type': 'application/json' });
        return res.end('');
      }
      reply(404, { message: `no stub for ${req.method} ${req.url} ${target}` }, 'application/json');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    keyArn,
    rsaKeyArn,
    publicKey,
    publicKeyRaw: new Uint8Array(Buffer.from(String(jwk.x), 'base64url')),
    kmsCalls,
    invokes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
