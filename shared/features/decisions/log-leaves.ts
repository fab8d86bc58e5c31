/**
 * The transparency-log leaf bodies of a decision's public events (format: ledger/model/decision-leaf.ts). Built
 * from the public view's facts only: the redacted content enters as its hash, the full record as its salted
 * commitment, so no leaf byte holds personal data in clear. And those of the documents published about decisions
 * (statements, yearly reports: ledger/model/document-leaf.ts), whose log subject names the stored item.
 */
import { contentHash } from '../../core/canonical-json.js';
import type { DecisionDocument, DecisionLeafBody, DecisionLogEvent, DocumentLogEvent } from '../ledger/index.js';
import type { DecisionRecord } from './store.js';

/** SHA-256 of the RFC 8785 JSON of the public content, as the public API serves it (undefined fields dropped). */
export const publicContentHash = (content: unknown): string => contentHash(JSON.parse(JSON.stringify(content)));

export function decisionLogEvent(d: DecisionRecord, event: DecisionLeafBody['event'], at: string): DecisionLogEvent {
  const p = d.publicity;
  const w = d.withdrawal;
  const body: DecisionLeafBody = {
    record: 'decision',
    format: 1,
    event,
    at,
    id: d.id,
    unit: d.unit,
    regionCode: d.regionCode,
    number: d.number,
    decisionType: d.type,
    decisionDate: d.decisionDate,
    commitment: d.commitment,
    contentHash: event === 'published' && d.publicContent ? publicContentHash(d.publicContent) : null,
    publicity: {
      ruleSet: p.ruleSet ?? null,
      tier: p.publish ? p.tier : null,
      months: p.publish ? p.months : null,
      expiresOn: d.expiresOn ?? null,
    },
    withdrawal:
      event === 'withdrawn' && w
        ? { ground: w.ground, actNumber: w.actNumber, actDate: w.actDate, reason: w.reason, recordedOn: w.recordedOn }
        : null,
    expiredOn: event === 'expired' ? (d.expiredOn ?? d.expiresOn ?? null) : null,
  };
  return { subject: d.id, event, body };
}

/** A document's log subject: the stored item's key, under a prefix no decision id has. */
const DOCUMENT_SUBJECT = 'DECDOC~';
export const documentSubject = (pk: string, sk: string) => `${DOCUMENT_SUBJECT}${pk}~${sk}`;
export const isDocumentSubject = (subject: string) => subject.startsWith(DOCUMENT_SUBJECT);
export function documentKeyOf(subject: string): { pk: string; sk: string } | undefined {
  const [pk, sk, extra] = subject.slice(DOCUMENT_SUBJECT.length).split('~');
  return isDocumentSubject(subject) && pk && sk && extra === undefined ? { pk, sk } : undefined;
}

/** The published version of a document as one log event; `body` is the document exactly as served. */
export function documentLogEvent(
  key: { pk: string; sk: string },
  body: Record<string, unknown>,
  leaf: { document: DecisionDocument; unit: string | null; regionCode: string; period: string; version: number },
  at: string,
): DocumentLogEvent {
  return {
    subject: documentSubject(key.pk, key.sk),
    event: 'published',
    body: { record: 'decision-document', format: 1, ...leaf, at, contentHash: publicContentHash(body) },
  };
}
