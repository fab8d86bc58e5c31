/**
 * Character-level differences between two texts, as segments a page can
 * highlight. Chinese prose has no spaces, so words are not a useful unit:
 * the diff runs on Unicode code points (jsdiff's Myers O(ND) diff), which also
 * keeps characters outside the BMP (CJK Extension B) whole.
 */
import { diffChars } from 'diff';

export type SegmentOp = 'equal' | 'insert' | 'delete';

export interface TextSegment {
  op: SegmentOp;
  text: string;
}

/**
 * Edits beyond this many characters are shown as one replacement: such a text
 * was rewritten, not edited, and a character diff of it only adds noise (and
 * Myers' cost grows with the square of the edit distance).
 */
const MAX_EDIT_LENGTH = 1_000;

export function charDiff(oldText: string, newText: string): TextSegment[] {
  if (oldText === newText) return oldText === '' ? [] : [{ op: 'equal', text: oldText }];
  const changes = diffChars(oldText, newText, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return replacement(oldText, newText);
  return changes
    .filter((c) => c.value !== '')
    .map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}

function replacement(oldText: string, newText: string): TextSegment[] {
  const out: TextSegment[] = [];
  if (oldText !== '') out.push({ op: 'delete', text: oldText });
  if (newText !== '') out.push({ op: 'insert', text: newText });
  return out;
}
