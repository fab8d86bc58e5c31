/**
 * One worksheet's XML, streamed, → the rows of cell texts the importer reads. Only the texts are kept (no styles,
 * no cell objects). Merged ranges (`<mergeCells>`, written after `<sheetData>`) are applied once every row is read:
 * the master's text stays in its column on every row the range covers (a merge downwards is the same item's), and
 * the cells it spans to the right are emptied, since their text belongs to the master's column.
 */
import { IMPORT_LIMITS } from './limits.js';
import { isEmptyRow, type Sheet, type SheetRow } from './table.js';
import { cellText, type RawCell } from './xlsx-cell.js';
import type { WorkbookArchive } from './xlsx-parts.js';
import { TextCollector, type WorkbookParts, type WorksheetPart } from './xlsx-workbook.js';

/** The sheet holds more rows with text than `rowBound`; reading stopped there. */
export class SheetOverRowBound extends Error {
  constructor(readonly sheet: string) {
    super(`sheet ${sheet} is over the row bound`);
  }
}

interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Cells past this column are not kept: one past the limit is enough for the header check to refuse the row. */
const LAST_KEPT_COLUMN = IMPORT_LIMITS.maxColumns + 1;

export async function readWorksheetGrid(
  archive: WorkbookArchive,
  workbook: WorkbookParts,
  part: WorksheetPart,
  rowBound: number,
): Promise<Sheet> {
  const rows = new Map<number, string[]>();
  const merges: MergedRange[] = [];
  const sharedFormulas = new Map<string, { formula: string; ref: string }>();
  const texts = new TextCollector();
  let cells: string[] | null = null;
  let rowNumber = 0;
  let cell: (RawCell & { column: number }) | null = null;
  let column = 0;
  let capture: 'v' | 'f' | null = null;
  let inPhonetic = false;

  await archive.parse(part.path, {
    open(name, a) {
      switch (name) {
        case 'row':
          rowNumber = a.r ? Number(a.r) : rowNumber + 1;
          cells = [];
          column = 0;
          break;
        case 'c':
          if (!cells) break;
          column = a.r ? columnOf(a.r) : column + 1;
          cell = { column, type: a.t, numFmt: workbook.numFmtOfStyle[Number(a.s ?? 0)], ref: a.r ?? '' };
          texts.reset();
          break;
        case 'v':
          if (cell) (cell.value = ''), (capture = 'v');
          break;
        case 'f':
          if (!cell) break;
          cell.formula = '';
          capture = 'f';
          if (a.t === 'shared' && a.si !== undefined) cell.shared = { index: a.si, master: a.ref !== undefined };
          break;
        case 'is':
          if (cell) cell.inline = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (cell?.inline && !inPhonetic) texts.start();
          break;
        case 'mergeCell': {
          const range = a.ref ? rangeOf(a.ref) : undefined;
          if (range) merges.push(range);
          break;
        }
      }
    },
    text(t) {
      if (capture === 'v') cell!.value += t;
      else if (capture === 'f') cell!.formula += t;
      else texts.add(t);
    },
    close(name) {
      switch (name) {
        case 'v':
        case 'f':
          capture = null;
          break;
        case 't':
          texts.stop();
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          if (cell && cells && cell.column <= LAST_KEPT_COLUMN) {
            if (cell.inline) cell.value = texts.value();
            cells[cell.column - 1] = cellText(resolveSharedFormula(cell, sharedFormulas), workbook);
          }
          cell = null;
          break;
        case 'row':
          if (cells && !isEmptyRow(cells)) {
            rows.set(rowNumber, fillHoles(cells));
            // One row past the bound is enough to refuse the sheet; memory stays bounded.
            if (rows.size > rowBound) throw new SheetOverRowBound(part.name);
          }
          cells = null;
          break;
      }
    },
  });
  applyMerges(rows, merges, rowBound, part.name);
  const out: SheetRow[] = [...rows.entries()]
    .filter(([, c]) => !isEmptyRow(c))
    .sort(([a], [b]) => a - b)
    .map(([row, c]) => ({ row, cells: c }));
  return { name: part.name, rows: out };
}

/**
 * A shared formula's master (`<f t="shared" ref=… si=…>`) holds the text; the other cells of the group hold only
 * its index, and read as the master's formula moved by their offset, as Excel shows them.
 */
function resolveSharedFormula(cell: RawCell, shared: Map<string, { formula: string; ref: string }>): RawCell {
  if (!cell.shared || cell.formula === undefined) return cell;
  if (cell.shared.master) {
    shared.set(cell.shared.index, { formula: cell.formula, ref: cell.ref });
    return cell;
  }
  const master = shared.get(cell.shared.index);
  return master ? { ...cell, formula: slideFormula(master.formula, master.ref, cell.ref) } : cell;
}

/** Excel's reference shift for a copied formula (exceljs's slideFormula): relative references move, `$` ones stay. */
function slideFormula(formula: string, from: string, to: string): string {
  const a = addressOf(from);
  const b = addressOf(to);
  if (!a || !b) return formula;
  return formula.replace(/(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi, (match, sheet, _s, part: string, paren) => {
    if (paren) return match;
    const m = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i.exec(part);
    if (!m) return match;
    const letters = m[2]!.toUpperCase();
    if (letters.length > 3 || (letters.length === 3 && letters > 'XFD')) return match;
    const col = lettersToColumn(letters) + (m[1] ? 0 : b.column - a.column);
    const row = Number(m[4]) + (m[3] ? 0 : b.row - a.row);
    return `${sheet ?? ''}${m[1] ?? ''}${columnToLetters(col)}${m[3] ?? ''}${row}`;
  });
}

function applyMerges(rows: Map<number, string[]>, merges: MergedRange[], rowBound: number, sheet: string): void {
  for (const m of merges) {
    const master = rows.get(m.top)?.[m.left - 1] ?? '';
    const right = Math.min(m.right, LAST_KEPT_COLUMN);
    for (let r = m.top; r <= m.bottom; r++) {
      let cells = rows.get(r);
      if (!cells) {
        // A row with no text of its own only matters if the merge gives it some.
        if (master.trim() === '') continue;
        cells = [];
        rows.set(r, cells);
        if (rows.size > rowBound) throw new SheetOverRowBound(sheet);
      }
      while (cells.length < right) cells.push('');
      if (m.left <= LAST_KEPT_COLUMN) cells[m.left - 1] = master;
      for (let c = m.left + 1; c <= right; c++) cells[c - 1] = '';
    }
  }
}

/** Columns with no `<c>` between two that have one read as empty cells. */
function fillHoles(cells: string[]): string[] {
  for (let i = 0; i < cells.length; i++) cells[i] ??= '';
  return cells;
}

function rangeOf(ref: string): MergedRange | undefined {
  const [from, to = from] = ref.split(':');
  const a = addressOf(from!);
  const b = addressOf(to!);
  if (!a || !b) return undefined;
  return {
    top: Math.min(a.row, b.row),
    bottom: Math.max(a.row, b.row),
    left: Math.min(a.column, b.column),
    right: Math.max(a.column, b.column),
  };
}

function addressOf(ref: string): { column: number; row: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(ref);
  return m ? { column: lettersToColumn(m[1]!.toUpperCase()), row: Number(m[2]) } : undefined;
}

/** The column of a cell's `r` (`B7` → 2), read letter by letter: it runs for every cell of the sheet. */
function columnOf(ref: string): number {
  let n = 0;
  let i = ref.charCodeAt(0) === 0x24 ? 1 : 0; // a leading $
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) & ~0x20; // upper case
    if (code < 0x41 || code > 0x5a) break;
    n = n * 26 + (code - 64);
  }
  return n;
}

function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function columnToLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
