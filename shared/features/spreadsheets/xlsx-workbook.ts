/**
 * What a worksheet's cells refer to, read once per workbook: the sheets in tab order (hidden ones included, as every
 * sheet is checked), the shared strings, the number format of each cell style and the 1904 date system.
 * Texts follow exceljs's reading of the same parts, so a workbook reads as it did when exceljs loaded it whole.
 */
import { UnreadableWorkbook, type WorkbookArchive } from './xlsx-parts.js';

export interface WorksheetPart {
  name: string;
  /** The part's path in the archive, e.g. `xl/worksheets/sheet1.xml`. */
  path: string;
}

export interface WorkbookParts {
  sheets: WorksheetPart[];
  sharedStrings: string[];
  /** The number format code of each cell style (`s` of a cell), undefined for General. */
  numFmtOfStyle: Array<string | undefined>;
  date1904: boolean;
}

export async function readWorkbookParts(archive: WorkbookArchive): Promise<WorkbookParts> {
  const targets = await relationshipTargets(archive);
  const sheets: WorksheetPart[] = [];
  let date1904 = false;
  await archive.parse('xl/workbook.xml', {
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name !== 'sheet') return;
      // A chart sheet or dialog sheet has no cells: only worksheets are read.
      const path = targets.get(a['r:id'] ?? '');
      if (path && /^xl\/worksheets\/[^/]+\.xml$/.test(path)) sheets.push({ name: a.name ?? '', path });
    },
  });
  for (const s of sheets) if (!archive.has(s.path)) throw new UnreadableWorkbook(`missing ${s.path}`);
  return {
    sheets,
    sharedStrings: await readSharedStrings(archive),
    numFmtOfStyle: await readStyleFormats(archive),
    date1904,
  };
}

/** The workbook's relationships: id → part path. */
async function relationshipTargets(archive: WorkbookArchive): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await archive.parse('xl/_rels/workbook.xml.rels', {
    open(name, a) {
      if (name !== 'Relationship' || !a.Id || !a.Target) return;
      // Targets are relative to xl/, or absolute from the archive's root.
      out.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target.replace(/^\.\//, '')}`);
    },
  });
  return out;
}

/**
 * One text per `<si>`: its plain `<t>`, or its rich-text runs joined. Phonetic guides (`<rPh>`, furigana) are not
 * part of the text a reader sees.
 */
async function readSharedStrings(archive: WorkbookArchive): Promise<string[]> {
  const strings: string[] = [];
  const texts = new TextCollector();
  let inPhonetic = false;
  await archive.parse(
    'xl/sharedStrings.xml',
    {
      open(name) {
        if (name === 'si') texts.reset();
        else if (name === 'rPh') inPhonetic = true;
        else if (name === 't' && !inPhonetic) texts.start();
      },
      text: (t) => texts.add(t),
      close(name) {
        if (name === 't') texts.stop();
        else if (name === 'rPh') inPhonetic = false;
        else if (name === 'si') strings.push(texts.value());
      },
    },
    true,
  );
  return strings;
}

/** Gathers the text of `<t>` elements, decoding Excel's `_xHHHH_` escapes as exceljs does. */
export class TextCollector {
  private parts: string[] = [];
  private capturing = false;

  reset(): void {
    this.parts = [];
    this.capturing = false;
  }
  start(): void {
    this.capturing = true;
  }
  stop(): void {
    this.capturing = false;
  }
  add(text: string): void {
    if (this.capturing) this.parts.push(text);
  }
  value(): string {
    return this.parts.join('').replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/**
 * The built-in number formats exceljs knows a format code for (ids 27–36 and 50–58 depend on the locale, and
 * exceljs leaves them General: a cell styled so reads as its number).
 */
const BUILT_IN_FORMATS: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** The format code of each `<xf>` of `<cellXfs>`, in order: a cell's `s` attribute indexes this list. */
async function readStyleFormats(archive: WorkbookArchive): Promise<Array<string | undefined>> {
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let inCellXfs = false;
  await archive.parse(
    'xl/styles.xml',
    {
      open(name, a) {
        if (name === 'numFmt' && a.numFmtId && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) ids.push(Number(a.numFmtId ?? 0));
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    },
    true,
  );
  return ids.map((id) => (id ? (custom.get(id) ?? BUILT_IN_FORMATS[id]) : undefined));
}
