/**
 * Counts the rows with content in a worksheet's XML as it is inflated, without parsing it: a row counts when it
 * holds a value (`<v>`), an inline string (`<is>`) or a formula (`<f>`), so rows that only carry formatting do not.
 * The zip guard feeds it while it inflates each sheet, so a workbook with far more rows than the limit is refused
 * before exceljs builds a single cell.
 */
const TOKEN = /<row[\s>/]|<\/row>|<v[\s>]|<is[\s>]|<f[\s>/]/g;
/** Longer than the longest token, so a token split across two chunks is seen whole once. */
const TAIL = 7;

export class SheetRowCounter {
  rows = 0;
  private inRow = false;
  private hasContent = false;
  private tail = '';

  /** A chunk of the sheet's XML; the markup is ASCII, so latin1 decoding never splits a token. */
  push(chunk: Buffer): void {
    const text = this.tail + chunk.toString('latin1');
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
      // A token wholly inside the carried-over tail was seen with the previous chunk.
      if (m.index + m[0].length <= this.tail.length) continue;
      const token = m[0];
      if (token.startsWith('<row')) {
        this.endRow();
        this.inRow = true;
      } else if (token === '</row>') this.endRow();
      else if (this.inRow) this.hasContent = true;
    }
    this.tail = text.slice(-TAIL);
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

/** Worksheet parts of a workbook archive. */
export const isWorksheetEntry = (fileName: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(fileName);
