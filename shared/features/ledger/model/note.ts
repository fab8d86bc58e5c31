/**
 * C2SP signed-note with Ed25519 keys: the text, a blank line, then one line per
 * signature, `— <key name> <base64(key id ‖ signature)>`. The key id is the
 * first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), so a verifier
 * picks the right key without trusting the name alone.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { fromBase64, sha256, toBase64 } from './hash.js';

/** Signature algorithm byte for Ed25519 in signed-note keys. */
export const ALG_ED25519 = 0x01;

export interface NoteSigner {
  /** Key name; for a log's checkpoints, its origin. */
  readonly name: string;
  publicKey(): Promise<Uint8Array>;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export interface NoteVerifierKey {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

const enc = new TextEncoder();

function checkName(name: string): void {
  if (!name || /[\s+]/.test(name))
    throw new Error(`key name ${JSON.stringify(name)} must be non-empty without spaces or '+'`);
}

export function keyId(name: string, publicKey: Uint8Array): Uint8Array {
  checkName(name);
  return sha256(enc.encode(name), Uint8Array.of(0x0a, ALG_ED25519), publicKey).slice(0, 4);
}

/** The verifier key string `<name>+<key id hex>+<base64(0x01 ‖ public key)>`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const id = Buffer.from(keyId(name, publicKey)).toString('hex');
  return `${name}+${id}+${toBase64(Uint8Array.of(ALG_ED25519, ...publicKey))}`;
}

export function parseVerifierKey(vkey: string): NoteVerifierKey {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey.trim());
  if (!m) throw new Error('malformed verifier key');
  const raw = fromBase64(m[3]!);
  if (raw.length !== 33 || raw[0] !== ALG_ED25519) throw new Error('verifier key is not an Ed25519 key');
  const publicKey = raw.slice(1);
  const id = keyId(m[1]!, publicKey);
  if (Buffer.from(id).toString('hex') !== m[2]) throw new Error('verifier key id does not match its name and key');
  return { name: m[1]!, keyId: id, publicKey };
}

export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
      format: 'jwk',
    });
    return nodeVerify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** Signs `text` (which must end in a newline) as a note with one signature. */
export async function signNote(text: string, signer: NoteSigner): Promise<string> {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  const publicKey = await signer.publicKey();
  const signature = await signer.sign(enc.encode(text));
  if (signature.length !== 64) throw new Error('Ed25519 signature must be 64 bytes');
  return `${text}\n— ${signer.name} ${toBase64(Uint8Array.of(...keyId(signer.name, publicKey), ...signature))}\n`;
}

export interface OpenedNote {
  text: string;
  /** Names of the keys whose signatures verified. */
  verifiedBy: string[];
}

/**
 * Splits a note and verifies its signatures against `keys`. Throws unless at
 * least one known key signed it; signatures by unknown keys are ignored, as
 * the spec asks, while a bad signature by a known key is an error.
 */
export function openNote(note: string, keys: readonly NoteVerifierKey[]): OpenedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('not a signed note');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const verifiedBy: string[] = [];
  for (const line of lines) {
    const m = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
    if (!m) throw new Error(`malformed signature line ${JSON.stringify(line)}`);
    const blob = fromBase64(m[2]!);
    if (blob.length < 5) throw new Error('signature too short');
    const key = keys.find((k) => k.name === m[1] && Buffer.from(k.keyId).equals(blob.slice(0, 4)));
    if (!key) continue;
    if (!ed25519Verify(key.publicKey, enc.encode(text), blob.slice(4)))
      throw new Error(`signature by ${key.name} does not verify`);
    verifiedBy.push(key.name);
  }
  if (verifiedBy.length === 0) throw new Error('note is not signed by a known key');
  return { text, verifiedBy };
}
