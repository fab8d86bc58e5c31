/**
 * The audit trail (全过程记录), pure part: what one record holds and how records
 * are chained. Each unit's records are numbered 1, 2, 3 … and each carries the
 * hash of the previous one, so a gap, an edit or a reordering is detectable by
 * anyone who reads the stream (`verifyChain`).
 */
import { contentHash } from '../../core/canonical-json.js';

export const GLOBAL_AUDIT_STREAM = 'GLOBAL';
/**
 * Refusals of callers who proved no identity (no, bad or expired token): their own stream, rate-limited, so
 * an anonymous flood neither contends with a unit's trail nor fills it. Each record names the unit the
 * request named in `detail.namedUnit`, and how many refusals were left unrecorded before it.
 */
export const ANONYMOUS_AUDIT_STREAM = 'ANONYMOUS';

export type AuditOutcome = 'succeeded' | 'denied' | 'refused' | 'failed';

export interface AuditEntry {
  /** ISO instant. */
  time: string;
  /** `sub` of the caller, or `anonymous`. */
  actor: string;
  role: string;
  /** Credit code, or GLOBAL for requests that name no unit. */
  unit: string;
  /** Region code of the unit when known, for region-scoped auditors. */
  regionCode: string;
  /** e.g. draft.create, draft.submit, draft.review, entity.draft, list.repeal. */
  action: string;
  /** What was acted on: `draft:<id>`, `list:<kind>`, `version:<kind>/<n>`, or the request path. */
  target: string;
  outcome: AuditOutcome;
  /** HTTP status answered. */
  status: number;
  /** Error code when refused. */
  code?: string;
  /** Content hash before and after the change (draft content, head content). */
  beforeHash?: string;
  afterHash?: string;
  requestId: string;
  sourceIp: string;
  userAgent: string;
  /** Small structured detail: decision, grounds, version published, deny reason. */
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  prevHash: string | null;
  hash: string;
}

export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'succeeded';
  if (status === 401 || status === 403) return 'denied';
  if (status < 500) return 'refused';
  return 'failed';
}

/** The record's hash covers every field but itself (RFC 8785 canonical JSON, SHA-256). */
export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  return contentHash(record);
}

export function sealRecord(entry: AuditEntry, seq: number, prevHash: string | null): AuditRecord {
  const unsealed = { ...entry, seq, prevHash };
  return { ...unsealed, hash: hashRecord(unsealed) };
}

export type ChainCheck =
  | { ok: true; checked: number }
  | { ok: false; seq: number; reason: 'HASH_MISMATCH' | 'BROKEN_LINK' | 'GAP' };

/**
 * Checks a contiguous run of one stream's records, oldest first (the first may link to an earlier record not given).
 */
export function verifyChain(records: readonly AuditRecord[]): ChainCheck {
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const { hash, ...rest } = r;
    if (hashRecord(rest) !== hash) return { ok: false, seq: r.seq, reason: 'HASH_MISMATCH' };
    if (i === 0) {
      if (r.seq === 1 && r.prevHash !== null) return { ok: false, seq: r.seq, reason: 'BROKEN_LINK' };
      continue;
    }
    const prev = records[i - 1]!;
    if (r.seq !== prev.seq + 1) return { ok: false, seq: r.seq, reason: 'GAP' };
    if (r.prevHash !== prev.hash) return { ok: false, seq: r.seq, reason: 'BROKEN_LINK' };
  }
  return { ok: true, checked: records.length };
}
