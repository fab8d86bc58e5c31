/**
 * A salted commitment to the full private record: SHA-256 over `gongshi-decision-v1:<salt hex>:<RFC 8785 JSON>`.
 * It is published with the redacted decision. The salt (32 random bytes) is handed to the unit once, at
 * recording, for the party; with the salt and the full record the party can show (for 异议 or 信用修复) that the
 * published, redacted record is theirs, while the commitment alone reveals nothing of what redaction removed.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';

const DOMAIN = 'gongshi-decision-v1';

export function newSalt(): string {
  return randomBytes(32).toString('hex');
}

export function commitTo(record: unknown, salt: string): string {
  return sha256Hex(`${DOMAIN}:${salt}:${canonicalJson(record)}`);
}

export function verifyCommitment(record: unknown, salt: string, commitment: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(commitment) || !/^[0-9a-f]{64}$/.test(salt)) return false;
  return timingSafeEqual(Buffer.from(commitTo(record, salt), 'hex'), Buffer.from(commitment, 'hex'));
}
