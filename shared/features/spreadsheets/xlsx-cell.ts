/**
 * One `<c>` of a worksheet → the text the importer stores. Cells become the text a reader of the sheet sees, except
 * formulas: a formula is stored as its own text (=HYPERLINK(…)), never evaluated and never replaced by a cached
 * result that the registry cannot vouch for. A hyperlink does not change a cell's text.
 */
import type { WorkbookParts } from './xlsx-workbook.js';

/** A cell as written in the sheet XML. */
export interface RawCell {
  /** `t`: s (shared string), str, inlineStr, b, e, n or absent (a number). */
  type?: string;
  /** The text of `<v>`. */
  value?: string;
  /** The text of `<f>`; for a shared formula's other cells, the master's formula moved to this cell. */
  formula?: string;
  shared?: { index: string; master: boolean };
  inline?: boolean;
  numFmt?: string;
  /** The cell's address as written (`B7`). */
  ref: string;
}

export function cellText(c: RawCell, workbook: Pick<WorkbookParts, 'sharedStrings' | 'date1904'>): string {
  if (c.formula !== undefined) return `=${c.formula}`;
  if (c.inline || c.type === 'inlineStr') return c.inline ? (c.value ?? '') : '';
  if (c.value === undefined) return '';
  switch (c.type) {
    case 's':
      return workbook.sharedStrings[Number.parseInt(c.value, 10)] ?? '';
    case 'str':
      return xmlDecode(c.value);
    // Excel shows a boolean cell as TRUE/FALSE; 是否 columns accept both.
    case 'b':
      return Number.parseInt(c.value, 10) !== 0 ? 'TRUE' : 'FALSE';
    case 'e':
      return c.value;
    default: {
      const n = Number.parseFloat(c.value);
      if (Number.isNaN(n)) return '';
      return isDateFormat(c.numFmt) ? dateText(excelDate(n, workbook.date1904)) : numberText(n, c.numFmt);
    }
  }
}

/** Excel stores dates as day numbers shown in local time: the day is read as the UTC day of that wall time. */
function excelDate(days: number, date1904: boolean): Date {
  return new Date(Math.round((days - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

function dateText(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

/** A number as its text; percentages as shown (0.2 formatted 0% is 20%), never as 0.2. */
function numberText(n: number, numFmt: string | undefined): string {
  if (numFmt && numFmt.includes('%')) return `${Number((n * 100).toPrecision(12))}%`;
  return String(Number(n.toPrecision(15)));
}

/** A format shows a date when, outside quotes and [brackets], it has a date or time letter (exceljs's rule). */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

/** `t="str"` values are entity-decoded once more, as exceljs reads them. */
function xmlDecode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : "'",
  );
}
