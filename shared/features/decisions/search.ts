/**
 * Full-text search of a region's published decisions, with the same folding as list search (简→繁 character by
 * character, width, case, punctuation dropped: search/normalise.ts), so 「經營者」 finds 经营者. Only the public view
 * is searched — 文号, type, the masked party, facts, basis, content and penalty kinds of decisions in their
 * publicity period — so a redacted field (ID number, phone, address, a natural person's full name) never matches
 * and is never returned. Reads are bounded: one Query page after another over the region's date index, at most
 * `SEARCH_READ_LIMIT` decisions per request, and a cursor to go on where the reads stopped (no Scan, no index of
 * its own: a county's year is 5,000–20,000 decisions).
 */
import { normalise } from '../search/index.js';
import type { PublicDecision } from './service.js';

/** Decisions read per search request at most; the answer's cursor continues after them. */
export const SEARCH_READ_LIMIT = 2_000;

/** The text a published decision is found by: its public view only. */
export function searchableText(view: PublicDecision): string {
  const c = view.content;
  if (!c) return '';
  return normalise(
    [
      view.number,
      view.type,
      c.party.name,
      c.party.uscc ?? '',
      c.facts,
      c.basis,
      c.content,
      c.penaltyKinds.join(' '),
    ].join('\n'),
  );
}

export function matchesAll(view: PublicDecision, terms: readonly string[]): boolean {
  const text = searchableText(view);
  return text !== '' && terms.every((t) => text.includes(t));
}
