/**
 * The certificate model, pure: a certificate as published, its status on a date, and the history of one
 * certificate number across the units that listed it (the certificate index item, see ./keys.ts).
 */
import { resolveInForce, type TimelineEntry } from '../../core/versions.js';

export type CertificateType = '行政执法证' | '行政执法监督证';
export type CertificateStatus = '有效' | '暂扣' | '注销' | '过期';
/** A status on a date also knows "not yet issued". */
export type StatusOnDate = CertificateStatus | '未生效';

export interface OfficerCertificate {
  certificateNumber: string;
  name: string;
  uscc: string;
  unitName?: string;
  regionCode: string;
  certificateType: CertificateType;
  category: string;
  area?: string;
  issuer?: string;
  issuedOn: string;
  validUntil: string;
  status: CertificateStatus;
  cancelledOn?: string;
  cancelReason?: string;
}

/** What a certificate's status on a date and its status-list entry are computed from. */
export type CertificateDates = Pick<
  OfficerCertificate,
  'certificateNumber' | 'status' | 'issuedOn' | 'validUntil' | 'cancelledOn' | 'cancelReason'
>;

/** One officers-list item as stored (the kind's schema output). */
export type OfficerRecord = Record<string, unknown>;

/**
 * The certificate part of a published officer record, with the unit that lists it. Built by assignment in
 * the printed field order (optional fields only when present): a region's status list builds 100,000 of them,
 * and object spreads made that several times slower.
 */
export function certificateOf(
  record: OfficerRecord,
  unit: { uscc: string; regionCode: string; unitName?: string },
): OfficerCertificate {
  const text = (k: string) => (typeof record[k] === 'string' ? (record[k] as string) : undefined);
  const c = { certificateNumber: String(record.certificateNumber), name: String(record.name) } as OfficerCertificate;
  c.uscc = unit.uscc;
  if (unit.unitName) c.unitName = unit.unitName;
  c.regionCode = unit.regionCode;
  c.certificateType = record.certificateType as CertificateType;
  c.category = String(record.category);
  const area = text('area');
  if (area) c.area = area;
  const issuer = text('issuer');
  if (issuer) c.issuer = issuer;
  c.issuedOn = String(record.issuedOn);
  c.validUntil = String(record.validUntil);
  c.status = record.status as CertificateStatus;
  const cancelledOn = text('cancelledOn');
  if (cancelledOn) c.cancelledOn = cancelledOn;
  const cancelReason = text('cancelReason');
  if (cancelReason) c.cancelReason = cancelReason;
  return c;
}

/**
 * What a certificate was on `date`, from the record in force that day: 注销/暂扣 from the cancellation date
 * on, 过期 after 有效期至 (or when published as expired), 未生效 before 发证日期, else 有效.
 * `laterCancellation` is the latest published record: a cancellation published afterwards but dated on or
 * before `date` applies too (the officer was no longer entitled that day, whatever the older list said).
 */
export function statusOn(cert: CertificateDates, date: string, laterCancellation?: CertificateDates): StatusOnDate {
  for (const c of [cert, laterCancellation]) {
    if (c && (c.status === '注销' || c.status === '暂扣') && c.cancelledOn && c.cancelledOn <= date) return c.status;
  }
  if (date < cert.issuedOn) return '未生效';
  if (date > cert.validUntil || cert.status === '过期') return '过期';
  return '有效';
}

// ---------------------------------------------------------------- the certificate index
/**
 * One unit's listing of a certificate: the unit's officers-list timeline (as of the version derived) and
 * the record per version, as runs: `[fromVersion, record | null]` holds from that version until the next
 * run (null: not listed).
 */
export interface Holding {
  uscc: string;
  regionCode: string;
  unitName?: string;
  /** The officers-list version of the unit this holding was derived from. */
  derivedVersion: number;
  timeline: TimelineEntry[];
  runs: Array<[number, OfficerRecord | null]>;
}

export interface CertificateIndex {
  certificateNumber: string;
  holdings: Holding[];
}

export function recordAt(holding: Holding, version: number): OfficerRecord | null {
  let found: OfficerRecord | null = null;
  for (const [from, record] of holding.runs) {
    if (from > version) break;
    found = record;
  }
  return found;
}

/** The record of a holding in its latest version (null when the unit no longer lists it). */
export function latestRecord(holding: Holding): OfficerRecord | null {
  return holding.runs.at(-1)?.[1] ?? null;
}

export interface CertificateOnDate extends OfficerCertificate {
  validOnDate: boolean;
  statusOnDate: StatusOnDate;
  /** The officers-list version that published this record, and its effective date. */
  version: number;
  effectiveFrom: string;
}

/**
 * The certificate as listed on `date`: among the units whose officers list in force on that date lists the
 * number, the list that took effect last (a transfer: the receiving unit's list took effect after the
 * sending unit's). Undefined when no list in force on `date` lists it.
 */
export function certificateOnDate(index: CertificateIndex, date: string, asOf?: string): CertificateOnDate | undefined {
  let best: CertificateOnDate | undefined;
  for (const h of index.holdings) {
    const { entry } = resolveInForce(h.timeline, { at: date, ...(asOf ? { asOf } : {}) });
    if (!entry) continue;
    const record = recordAt(h, entry.version);
    if (!record) continue;
    const unit = { uscc: h.uscc, regionCode: h.regionCode, ...(h.unitName ? { unitName: h.unitName } : {}) };
    const cert = certificateOf(record, unit);
    const latest = latestRecord(h);
    const status = statusOn(cert, date, latest ? certificateOf(latest, unit) : undefined);
    const candidate = {
      ...cert,
      validOnDate: status === '有效',
      statusOnDate: status,
      version: entry.version,
      effectiveFrom: entry.effectiveFrom,
    };
    if (!best || candidate.effectiveFrom > best.effectiveFrom) best = candidate;
  }
  return best;
}

/** The latest published record of the certificate, from the holding whose list changed it last. */
export function currentCertificate(index: CertificateIndex): OfficerCertificate | undefined {
  let best: { cert: OfficerCertificate; publishedAt: string } | undefined;
  for (const h of index.holdings) {
    const record = latestRecord(h);
    if (!record) continue;
    const publishedAt = h.timeline.at(-1)?.publishedAt ?? '';
    const unit = { uscc: h.uscc, regionCode: h.regionCode, ...(h.unitName ? { unitName: h.unitName } : {}) };
    if (!best || publishedAt > best.publishedAt) best = { cert: certificateOf(record, unit), publishedAt };
  }
  return best?.cert;
}

export interface HistoryEntry {
  uscc: string;
  unitName?: string;
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  /** What this version says: the record, or that the unit's list no longer names it. */
  change: 'listed' | 'changed' | 'removed';
  certificate?: OfficerCertificate;
}

/** Every version that listed, changed or dropped the certificate, in recorded order. */
export function certificateHistory(index: CertificateIndex): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const h of index.holdings) {
    const unit = { uscc: h.uscc, regionCode: h.regionCode, ...(h.unitName ? { unitName: h.unitName } : {}) };
    let previous: OfficerRecord | null = null;
    for (const [from, record] of h.runs) {
      const entry = h.timeline.find((e) => e.version === from);
      if (!entry) continue;
      const change = record === null ? 'removed' : previous === null ? 'listed' : 'changed';
      if (record === null && previous === null) continue;
      out.push({
        uscc: h.uscc,
        ...(h.unitName ? { unitName: h.unitName } : {}),
        version: from,
        effectiveFrom: entry.effectiveFrom,
        publishedAt: entry.publishedAt,
        change,
        ...(record ? { certificate: certificateOf(record, unit) } : {}),
      });
      previous = record;
    }
  }
  return out.sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : 0));
}

/**
 * The holding of one unit rebuilt from its versions (oldest first): runs only where the record changes.
 * Deterministic, so deriving twice writes the same item.
 */
export function buildHolding(
  unit: { uscc: string; regionCode: string; unitName?: string },
  timeline: TimelineEntry[],
  recordsByVersion: ReadonlyMap<number, OfficerRecord | null>,
): Holding {
  const runs: Array<[number, OfficerRecord | null]> = [];
  let last: string | undefined;
  for (const e of [...timeline].sort((a, b) => a.version - b.version)) {
    const listed = recordsByVersion.get(e.version);
    // 序号 is the row's position in the sheet, not part of the certificate.
    const record = listed ? withoutSeq(listed) : null;
    const key = record === null ? 'null' : stableKey(record);
    if (key === last) continue;
    runs.push([e.version, record]);
    last = key;
  }
  // A holding that starts with "not listed" carries no information.
  while (runs.length > 0 && runs[0]![1] === null) runs.shift();
  return {
    ...unit,
    derivedVersion: Math.max(0, ...timeline.map((e) => e.version)),
    timeline,
    runs,
  };
}

function withoutSeq({ seq: _seq, ...rest }: OfficerRecord): OfficerRecord {
  return rest;
}

function stableKey(record: OfficerRecord): string {
  return JSON.stringify(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}
