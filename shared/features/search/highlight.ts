/**
 * Snippets with highlight ranges in the ORIGINAL text (not the normalised one), so a
 * Traditional item found by a Simplified query is shown as written, with the
 * matching characters marked. Ranges are UTF-16 offsets [start, end) into `text`;
 * renderers escape the text and wrap the ranges (the portal uses <mark>).
 */
import { normaliseWithMap } from './normalise.js';

export interface Snippet {
  text: string;
  ranges: Array<[number, number]>;
  /** True when the snippet is a window of a longer text. */
  truncated: boolean;
}

export function highlightRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  if (terms.length === 0 || text === '') return [];
  const { text: norm, starts, ends } = normaliseWithMap(text);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    for (let at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + 1)) {
      ranges.push([starts[at]!, ends[at + term.length - 1]!]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** A window of at most `max` characters around the first match, with the ranges inside it. */
export function snippet(text: string, terms: readonly string[], max = 120): Snippet {
  const ranges = highlightRanges(text, terms);
  if (text.length <= max) return { text, ranges, truncated: false };
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(max / 4));
  const end = Math.min(text.length, start + max);
  start = Math.max(0, end - max);
  // Never cut a surrogate pair in half.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start]!)) start++;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  const inside = ranges
    .filter(([s, e]) => e > start && s < end)
    .map(([s, e]) => [Math.max(s, start) + shift, Math.min(e, end) + shift] as [number, number]);
  return { text: prefix + text.slice(start, end) + suffix, ranges: inside, truncated: true };
}

/** Splits a snippet into plain and marked parts, for renderers that escape text themselves. */
export function markedParts(s: {
  text: string;
  ranges: ReadonlyArray<readonly [number, number]>;
}): Array<{ text: string; mark: boolean }> {
  const parts: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const [a, b] of s.ranges) {
    if (a > at) parts.push({ text: s.text.slice(at, a), mark: false });
    parts.push({ text: s.text.slice(a, b), mark: true });
    at = b;
  }
  if (at < s.text.length) parts.push({ text: s.text.slice(at), mark: false });
  return parts;
}
