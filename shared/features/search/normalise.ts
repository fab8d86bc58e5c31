/**
 * Text normalisation for search. Index and query go through the same function, so
 * a query matches whatever the index holds:
 * - Traditional → Simplified (opencc-js via toSimplified), character by character:
 *   phrase-level conversion could turn a phrase in a document differently from the
 *   same characters typed as a fragment in a query, and substring search needs the
 *   same character to always become the same character;
 * - NFKC compatibility forms and full-width ASCII fold to half-width, Latin to lower case;
 * - punctuation, symbols, spaces and control characters are dropped (《》、，。 do not matter).
 * Every kept code point maps to exactly one code point, so positions in the normalised
 * text map back to the original for highlighting.
 */
import { foldWidth, toSimplified } from '../../core/text.js';

const DROP = /^[\p{P}\p{S}\p{Z}\p{C}\s]$/u;
const charCache = new Map<number, string>();

/** One code point, normalised: one code point, or '' when it is ignored. Cached: opencc is slow per call. */
export function normaliseChar(cp: number): string {
  const hit = charCache.get(cp);
  if (hit !== undefined) return hit;
  const original = String.fromCodePoint(cp);
  let ch = original;
  const compat = ch.normalize('NFKC');
  if (single(compat)) ch = compat;
  ch = foldWidth(ch);
  let out: string;
  if (DROP.test(ch)) out = '';
  else {
    const simplified = toSimplified(ch);
    if (single(simplified)) ch = simplified;
    const lower = ch.toLowerCase();
    out = single(lower) ? lower : ch;
  }
  charCache.set(cp, out);
  return out;
}

function single(s: string): boolean {
  return s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff);
}

/** The normalised form of a text, as indexed. */
export function normalise(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
    }
    out += normaliseChar(cp);
  }
  return out;
}

/** Normalised text with, for each normalised UTF-16 unit, the original [start, end) it came from. */
export function normaliseWithMap(text: string): { text: string; starts: number[]; ends: number[] } {
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const start = i;
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
    }
    const n = normaliseChar(cp);
    for (let k = 0; k < n.length; k++) {
      starts.push(start);
      ends.push(i + 1);
    }
    out += n;
  }
  return { text: out, starts, ends };
}

/**
 * A query as terms: spaces and punctuation separate terms (all must match), and
 * each term is normalised. "食品 经營者" → ["食品", "经营者"].
 */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (const ch of query) {
    const n = normaliseChar(ch.codePointAt(0)!);
    if (n === '') {
      if (current) terms.push(current);
      current = '';
    } else current += n;
  }
  if (current) terms.push(current);
  return [...new Set(terms)].slice(0, 16);
}
