/**
 * The local signing key: generated under the data directory (.data/ by default,
 * GONGSHI_DATA_DIR to move it) on first use, so `gongshi token` and the local
 * server agree without any setup. Never used on AWS, where Cognito signs tokens.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export const LOCAL_ALG = 'ES256';

export interface LocalKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export function localKeyPath(dataDir: string): string {
  return join(resolve(dataDir), 'auth', 'local-signing-key.json');
}

/** A fresh key in memory (tests; never written anywhere). */
export async function generateLocalKey(): Promise<LocalKey> {
  const { privateKey, publicKey } = await generateKeyPair(LOCAL_ALG, { extractable: true });
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { kid, privateKey, publicKey };
}

async function fromJwk(jwk: JWK): Promise<LocalKey> {
  const { d: _d, ...pub } = jwk;
  const privateKey = (await importJWK(jwk, LOCAL_ALG)) as CryptoKey;
  const publicKey = (await importJWK(pub, LOCAL_ALG)) as CryptoKey;
  return { kid: await calculateJwkThumbprint(pub), privateKey, publicKey };
}

/** Reads the key file, creating it (0600, exclusive create so two first users cannot clobber each other) if missing. */
export async function loadOrCreateLocalKey(path: string): Promise<LocalKey> {
  try {
    return await fromJwk(JSON.parse(readFileSync(path, 'utf8')) as JWK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const { privateKey } = await generateKeyPair(LOCAL_ALG, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: LOCAL_ALG };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another process created it first: use theirs.
    return fromJwk(JSON.parse(readFileSync(path, 'utf8')) as JWK);
  }
  return fromJwk(jwk);
}
