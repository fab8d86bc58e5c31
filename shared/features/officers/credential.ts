/**
 * Signed statements a phone or an auditor checks offline with the registry's published Ed25519 key:
 * - the card credential, in the card's QR code: `GSC1.<payload>.<signature>` (base64url, no padding),
 *   the payload being canonical JSON (RFC 8785) of the certificate's printed facts and the issue time;
 * - the region's status list: every certificate of a region with its status on a date, signed and dated,
 *   like a revocation list (a signature on a card cannot say "not cancelled since").
 * Each signature covers a context prefix, so neither can pass for the other. A credential signs the UTF-8 bytes
 * of `GSC1.<payload>` (a few hundred bytes). A status list signs `GSS2.<hex SHA-256 of the payload text>`: its
 * payload runs to megabytes, and a KMS key signs at most 4096 bytes raw (pure Ed25519 cannot be fed a digest).
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { canonicalJson, canonicalJsonAroundList, sha256Hex } from '../../core/canonical-json.js';

/** The signer interface of the ledger (local key file, or KMS on AWS): raw Ed25519 public key and signature. */
export interface CertificateSigner {
  publicKey(): Promise<Uint8Array>;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export const CREDENTIAL_PREFIX = 'GSC1';
export const STATUS_LIST_PREFIX = 'GSS2';

export interface CredentialPayload {
  /** 执法证号 */
  no: string;
  /** 姓名 */
  n: string;
  /** unit: name and 统一社会信用代码 */
  u: string;
  c: string;
  /** 证件类型, 执法类别, 行政区划代码 */
  t: string;
  k: string;
  r: string;
  /** 发证日期, 有效期至 */
  f: string;
  e: string;
  /** When the registry issued this credential (the publishedAt of the list version it states). */
  iat: string;
  /** Key id: the first 16 hex digits of SHA-256 of the raw public key. */
  kid: string;
}

export function keyId(publicKey: Uint8Array): string {
  return sha256Hex(publicKey).slice(0, 16);
}

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** The bytes a signature covers (see the header): the payload itself, or a status list's payload digest. */
function signedMessage(prefix: string, payload: string): Uint8Array {
  return new TextEncoder().encode(`${prefix}.${prefix === STATUS_LIST_PREFIX ? sha256Hex(payload) : payload}`);
}

/** Signs `<prefix>.<payload>` for a payload given as its canonical JSON text. */
async function signEnvelope(prefix: string, canonicalText: string, signer: CertificateSigner): Promise<string> {
  const payload = b64(canonicalText);
  const signature = await signer.sign(signedMessage(prefix, payload));
  return `${prefix}.${payload}.${b64(signature)}`;
}

export async function signCredential(
  payload: Omit<CredentialPayload, 'kid'>,
  signer: CertificateSigner,
): Promise<string> {
  return signEnvelope(CREDENTIAL_PREFIX, canonicalJson({ ...payload, kid: keyId(await signer.publicKey()) }), signer);
}

/** The payload of a signed envelope, read without checking the signature (to compare what a stored one states). */
export function envelopePayload<T>(text: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(text.split('.')[1] ?? '', 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

export type VerifyOutcome<T> = { ok: true; payload: T } | { ok: false; reason: string };

/** Verifies `<prefix>.<payload>.<signature>` against a raw Ed25519 public key; no network. */
export function verifyEnvelope<T>(text: string, expectedPrefix: string, publicKey: Uint8Array): VerifyOutcome<T> {
  const parts = text.trim().split('.');
  if (parts.length !== 3 || parts[0] !== expectedPrefix)
    return { ok: false, reason: `格式不符：应为 ${expectedPrefix}.<内容>.<签名>` };
  const [prefix, payload, signature] = parts as [string, string, string];
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
    format: 'jwk',
  });
  const valid = nodeVerify(null, signedMessage(prefix, payload), key, Buffer.from(signature, 'base64url'));
  if (!valid) return { ok: false, reason: '签名无效：内容被改动，或并非由该公钥签发' };
  try {
    return { ok: true, payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T };
  } catch {
    return { ok: false, reason: '签名有效但内容无法解析' };
  }
}

/** The credential text inside a QR code: either the bare credential or the check URL carrying it (`?c=`). */
export function credentialFromQrText(text: string): string {
  const t = text.trim();
  if (t.startsWith(`${CREDENTIAL_PREFIX}.`)) return t;
  try {
    const c = new URL(t).searchParams.get('c');
    if (c) return c;
  } catch {
    // not a URL: reported by the verifier as a format error
  }
  return t;
}

// ---------------------------------------------------------------- status list
export interface StatusListEntry {
  /** 执法证号, status on the list's date, 有效期至, and the date and reason of a cancellation. */
  no: string;
  s: string;
  e: string;
  d?: string;
  why?: string;
}

export interface StatusListBody {
  region: string;
  /** The China date the statuses are for. */
  date: string;
  /** When it was signed, and until when a verifier should accept it (24 hours later). */
  issuedAt: string;
  nextUpdate: string;
  /** The latest publication the list reflects. */
  dataAsOf?: string;
  kid: string;
  count: number;
  certificates: StatusListEntry[];
}

export const STATUS_LIST_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Any UTF-16 surrogate: a string holding one takes the generic path (which refuses a lone surrogate). */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The RFC 8785 text of one status-list entry, exactly as `canonicalJson(entry)` gives it: the keys in sorted
 * order (d, e, no, s, why) and each string as JSON.stringify writes it, which is the canonical form for any
 * string without surrogates. A list's entries are encoded once and shared by every region prefix listing them.
 */
export function encodeStatusListEntry(entry: StatusListEntry): string {
  const { no, s, e, d, why } = entry;
  if (SURROGATE.test(no + s + e + (d ?? '') + (why ?? ''))) return canonicalJson(entry);
  const q = JSON.stringify;
  return (
    `{${d === undefined ? '' : `"d":${q(d)},`}"e":${q(e)},"no":${q(no)},"s":${q(s)}` +
    `${why === undefined ? '' : `,"why":${q(why)}`}}`
  );
}

/**
 * A status list's entries as UTF-8 runs: each run the canonical texts of consecutive entries
 * (`encodeStatusListEntry`) joined by commas, in list order. A region's run is encoded once and shared by every
 * prefix that lists the region.
 */
export interface EncodedEntryRuns {
  count: number;
  runs: readonly Uint8Array[];
}

/**
 * Signs a status list: the same signed text as signing `canonicalJson` of the whole body, built as bytes (the
 * body's text around the entry runs) rather than as one string. Returns the payload bytes too (the canonical
 * JSON text the envelope's payload encodes), so the store packs them without decoding the envelope again.
 */
export async function signStatusList(
  header: Omit<StatusListBody, 'kid' | 'count' | 'certificates'>,
  entries: EncodedEntryRuns,
  signer: CertificateSigner,
): Promise<{ signed: string; payload: Buffer }> {
  const body = { ...header, kid: keyId(await signer.publicKey()), count: entries.count };
  const [before, after] = canonicalJsonAroundList(body, 'certificates');
  const pieces: Uint8Array[] = [Buffer.from(before)];
  for (const run of entries.runs) {
    if (run.length === 0) continue;
    if (pieces.length > 1) pieces.push(COMMA);
    pieces.push(run);
  }
  pieces.push(Buffer.from(after));
  const payload = Buffer.concat(pieces);
  const encoded = payload.toString('base64url');
  const signature = await signer.sign(signedMessage(STATUS_LIST_PREFIX, encoded));
  return { signed: `${STATUS_LIST_PREFIX}.${encoded}.${b64(signature)}`, payload };
}

const COMMA = Buffer.from(',');

/** How fresh a status list is at `now`: its age, and whether it is past its next update. */
export function statusListFreshness(body: StatusListBody, now: Date): { ageHours: number; stale: boolean } {
  const ageMs = now.getTime() - Date.parse(body.issuedAt);
  return { ageHours: Math.round((ageMs / 3_600_000) * 10) / 10, stale: now.getTime() > Date.parse(body.nextUpdate) };
}
