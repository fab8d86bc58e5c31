/**
 * Counts the rows with content in a worksheet's XML as it is inflated, without parsing it: a row counts when it
 * holds a value (`<v>`), an inline string (`<is>`) or a formula (`<f>`), so rows that only carry formatting do not.
 * The zip guard feeds it while it inflates each sheet, so a workbook with far more rows than the limit is refused
 * before a single cell is parsed.
 */
/** The longest token (`</row>`): a `<` closer than this to a chunk's end may be a token cut in two. */
const LONGEST = 6;

export class SheetRowCounter {
  rows = 0;
  private inRow = false;
  private hasContent = false;
  /** The end of the previous chunk from a `<` that may begin a token cut in two. */
  private pending = '';

  /**
   * A chunk of the sheet's XML; the markup is ASCII, so latin1 decoding never splits a token. Tokens are found by
   * their `<` (no regular-expression matches: this runs over every byte of every sheet).
   */
  push(chunk: Buffer): void {
    // A token cut in two is read whole: the previous chunk's end from its `<` is read again before this chunk.
    const text = this.pending + chunk.toString('latin1');
    this.pending = '';
    // The last `<` may begin a token the next chunk ends; every `<` before it begins a token this chunk holds whole.
    const last = text.lastIndexOf('<');
    const end = last >= 0 && last + LONGEST >= text.length ? last : text.length;
    for (let at = text.indexOf('<'); at >= 0 && at < end; at = text.indexOf('<', at + 1))
      this.take(text, at, tokenLength(text, at));
    if (end < text.length) this.pending = text.slice(end);
  }

  private take(text: string, at: number, length: number): void {
    if (length === 0) return;
    if (length === 6 && text.charCodeAt(at + 1) === SLASH) this.endRow();
    else if (length === 5) {
      this.endRow();
      this.inRow = true;
    } else if (this.inRow) this.hasContent = true;
  }

  /** The count once the sheet has been read to its end. */
  finish(): number {
    this.endRow();
    return this.rows;
  }

  private endRow(): void {
    if (this.inRow && this.hasContent) this.rows++;
    this.inRow = false;
    this.hasContent = false;
  }
}

const SLASH = 0x2f;
const GT = 0x3e;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const ends = (c: number, slash: boolean) => isSpace(c) || c === GT || (slash && c === SLASH);

/**
 * The length of the token at `at` that the counter looks for, 0 for any other markup: `<row` (5, with the character
 * after it: space, `>` or `/`), `</row>` (6), `<v` and `<is` followed by space or `>`, `<f` followed by space, `>` or
 * `/` (each 3 or 4). A token cut off by the end of the text is 0.
 */
function tokenLength(text: string, at: number): number {
  const c1 = text.charCodeAt(at + 1);
  const c2 = text.charCodeAt(at + 2);
  const c3 = text.charCodeAt(at + 3);
  if (c1 === 0x72 && c2 === 0x6f && c3 === 0x77) return ends(text.charCodeAt(at + 4), true) ? 5 : 0; // <row
  if (c1 === SLASH) return text.startsWith('row>', at + 2) ? 6 : 0; // </row>
  if (c1 === 0x76) return ends(c2, false) ? 3 : 0; // <v
  if (c1 === 0x66) return ends(c2, true) ? 3 : 0; // <f
  if (c1 === 0x69 && c2 === 0x73) return ends(c3, false) ? 4 : 0; // <is
  return 0;
}

/** Worksheet parts of a workbook archive. */
export const isWorksheetEntry = (fileName: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(fileName);
