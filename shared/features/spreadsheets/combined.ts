/**
 * Combined lists (免罚轻罚清单, 从轻减轻清单): one table holding the items of several kinds. They are split into
 * the kinds' own lists, never stored as a kind of their own: each of 不予处罚 / 从轻 / 减轻 has its own legal basis
 * (行政处罚法 第32、33条) and its own statistics. A table is split
 * - by its section rows, when rows of one text below the header name one kind each (一、不予处罚事项, 二、从轻处罚事项):
 *   every data row belongs to the kind of the section above it;
 * - otherwise by a column whose short cells each name one kind (类别: 不予处罚 / 从轻处罚 / 减轻处罚).
 * A table split neither way whose title rows and headings together name exactly one kind (a 从轻减轻处罚事项清单
 * titled 减轻处罚事项清单, or headed 减轻处罚的情形) is that kind's list: every data row goes to it, and the reader is
 * told why. Every data row is accounted for: it goes to exactly one kind, or it is an error (`NO_KIND_FOR_ROW`), never
 * dropped. Any other table split neither way is refused (`COMBINED_LIST_UNSPLIT`). Each part keeps the rows above the
 * header and the header, with the row numbers the sheet shows, so its errors point at the published rows.
 */
import { listKinds, type RecordKind } from '../../core/kinds/index.js';
import { matchKey } from '../../core/text.js';
import { fileIssue, shownValue, type FileIssue, type IssueLocation } from './issues.js';
import { detectedHeader, isNoteText } from './sheet-records.js';
import type { Sheet, SheetRow } from './table.js';
import { isEmptyRow } from './table.js';

/** The kinds a combined list may hold: those with words for it. */
export const combinableKinds = (kinds: readonly RecordKind[] = listKinds) => kinds.filter((k) => k.combinedWords);

/**
 * A list name as compared with the kinds' words: matchKey (Simplified, no spaces or marks), and 行政 dropped before
 * 处罚 or 强制, since names say 免予行政处罚 and 免予处罚, 减轻行政处罚 and 减轻处罚, for the same list.
 */
export const listNameKey = (text: string) => matchKey(text).replace(/行政(?=处罚|强制)/g, '');

const wordsCache = new WeakMap<RecordKind, string[]>();
function wordsOf(kind: RecordKind): string[] {
  let words = wordsCache.get(kind);
  if (!words) {
    const all = [kind.label, ...kind.sheetAliases, ...(kind.nameWords ?? []), ...(kind.combinedWords ?? [])];
    words = all.map(listNameKey);
    wordsCache.set(kind, words);
  }
  return words;
}

/**
 * Names of a combined list that contain no kind's words: 两轻一免 (减轻, 从轻 and 免予处罚 together), the name
 * several regions give their market-regulation lists.
 */
const FAMILY_NAMES: ReadonlyArray<{ name: string; kinds: readonly string[] }> = [
  { name: '两轻一免', kinds: ['no-penalty', 'lighter-penalty', 'reduced-penalty'] },
];

/** The kinds a text names (不予处罚事项 → no-penalty; 免罚轻罚 → two; 一般程序 → none). */
function kindsNamedIn(text: string, kinds: readonly RecordKind[]): RecordKind[] {
  const key = listNameKey(text);
  return kinds.filter((k) => wordsOf(k).some((w) => key.includes(w)));
}

/** A file named as a combined list (XX县免罚轻罚清单.csv): the two or more kinds its name names, else none. */
export function combinedKindsOfFileName(fileName: string, kinds: readonly RecordKind[] = listKinds): RecordKind[] {
  const stem = (fileName.split('/').pop() ?? fileName).replace(/\.[a-z0-9]+$/i, '');
  const family = FAMILY_NAMES.find((f) => listNameKey(stem).includes(f.name));
  if (family) return combinableKinds(kinds).filter((k) => family.kinds.includes(k.id));
  const named = kindsNamedIn(stem, combinableKinds(kinds));
  return named.length >= 2 ? named : [];
}

export interface CombinedPart {
  kind: RecordKind;
  /** The rows above the header, the header and this kind's rows, numbered as the sheet shows them. */
  sheet: Sheet;
  /** The section heading that named the kind (二、从轻处罚事项), when split by sections. */
  heading?: string;
  /** The data rows given to this kind. */
  rows: number[];
}

export interface CombinedSplit {
  parts: CombinedPart[];
  /** Rows that fit no kind, or a table that cannot be split (no row). */
  errors: FileIssue[];
  /**
   * What the table was split by: its section rows, the heading of the column that names each row's kind, or (one
   * part) the title or heading text that names the only kind the table names.
   */
  by?: { sections: true } | { column: string } | { namedBy: string };
}

const distinctTexts = (cells: readonly string[]) => [...new Set(cells.map((c) => c.trim()).filter(Boolean))];
/** A kind's section heading is short; a longer one-text row is a note or a stated condition. */
const MAX_SECTION_CHARS = 60;
/** A cell that names a row's kind is a word or two (从轻处罚), not a sentence that mentions one. */
const MAX_KIND_CELL_CHARS = 20;
/** More than this share of a column's filled cells must each name one kind for the column to split the table. */
const KIND_COLUMN_SHARE = 0.5;

/** Splits a combined list's sheet into one sheet per kind it holds (kinds in order of first appearance). */
export function splitCombined(
  sheet: Sheet,
  at: IssueLocation,
  kinds: readonly RecordKind[] = combinableKinds(),
): CombinedSplit {
  const rows = sheet.rows.filter((r) => !isEmptyRow(r.cells));
  const header = kinds[0] ? detectedHeader(kinds[0], sheet) : undefined;
  if (!header || rows.length === 0) return { parts: [], errors: [fileIssue(at, 'EMPTY_FILE', '文件为空')] };
  const last = header.rows[header.rows.length - 1]!;
  const headerEnd = rows.findIndex((r) => r.row === last) + 1;
  const top = rows.slice(0, headerEnd);
  const body = rows.slice(headerEnd);
  const oneText = (r: SheetRow) => {
    const texts = distinctTexts(r.cells);
    return texts.length === 1 ? texts[0]! : undefined;
  };

  // Section rows naming one kind each, each followed by at least one data row of its own.
  const sectionKind = body.map((r) => {
    const text = oneText(r);
    if (text === undefined || text.length > MAX_SECTION_CHARS || isNoteText(text)) return undefined;
    const named = kindsNamedIn(text, kinds);
    return named.length === 1 ? named[0] : undefined;
  });
  sectionKind.forEach((kind, i) => {
    if (!kind) return;
    const next = sectionKind.findIndex((k, j) => j > i && k !== undefined);
    const end = next < 0 ? body.length : next;
    if (!body.slice(i + 1, end).some((r) => oneText(r) === undefined)) sectionKind[i] = undefined;
  });

  const parts = new Map<RecordKind, { rows: SheetRow[]; data: number[]; heading?: string }>();
  const partOf = (kind: RecordKind) => {
    let part = parts.get(kind);
    if (!part) parts.set(kind, (part = { rows: [], data: [] }));
    return part;
  };
  const errors: FileIssue[] = [];
  const noKind = (r: SheetRow, message: string, extra: Partial<FileIssue> = {}) =>
    errors.push(fileIssue(at, 'NO_KIND_FOR_ROW', message, { row: r.row, ...extra }));
  const names = kinds.map((k) => k.shortLabel ?? k.label).join('、');
  let by: CombinedSplit['by'];

  if (sectionKind.some(Boolean)) {
    by = { sections: true };
    let current: RecordKind | undefined;
    body.forEach((r, i) => {
      const kind = sectionKind[i];
      if (kind) {
        current = kind;
        const part = partOf(kind);
        part.heading ??= oneText(r);
        return;
      }
      if (!current) {
        noKind(r, `第${r.row}行在任何清单分节（如“一、不予处罚事项”）之前，不知属于哪一清单（${names}）`, {
          value: shownValue(distinctTexts(r.cells).join(' ')),
        });
        return;
      }
      const part = partOf(current);
      part.rows.push(r);
      if (oneText(r) === undefined) part.data.push(r.row);
    });
  } else {
    const column = kindColumn(body, header, kinds, oneText);
    const only = column === undefined ? onlyKindNamed(top, kinds) : undefined;
    if (only)
      return {
        parts: [
          {
            kind: only.kind,
            sheet: { ...(sheet.name !== undefined ? { name: sheet.name } : {}), rows },
            rows: body.filter((r) => oneText(r) === undefined).map((r) => r.row),
          },
        ],
        errors: [],
        by: { namedBy: only.text },
      };
    if (column === undefined)
      return {
        parts: [],
        errors: [
          fileIssue(
            at,
            'COMBINED_LIST_UNSPLIT',
            `文件名表明是合并清单（${names}中的多项），但表格既没有按清单分节（如“一、不予处罚事项”），也没有注明每项所属清单的列（如“类别”），无法拆分；请按清单分节或分别上传`,
          ),
        ],
      };
    const heading = header.headings[column] ?? '';
    by = { column: heading };
    const shared: SheetRow[] = [];
    for (const r of body) {
      if (oneText(r) !== undefined) {
        // A section or note row applies to every kind's rows below it: each part keeps it.
        shared.push(r);
        for (const part of parts.values()) part.rows.push(r);
        continue;
      }
      const cell = (r.cells[column] ?? '').trim();
      const named = cell.length <= MAX_KIND_CELL_CHARS ? kindsNamedIn(cell, kinds) : [];
      if (named.length !== 1) {
        noKind(
          r,
          cell === ''
            ? `第${r.row}行“${heading}”为空，不知属于哪一清单（${names}）`
            : named.length > 1
              ? `第${r.row}行“${heading}”为“${cell}”，同时指向${named.map((k) => k.shortLabel ?? k.label).join('与')}，只能属于一个清单`
              : `第${r.row}行“${heading}”为“${cell}”，不是可拆分的清单（${names}）`,
          { column: heading, value: shownValue(cell) },
        );
        continue;
      }
      const isNew = !parts.has(named[0]!);
      const part = partOf(named[0]!);
      // A kind first met below shared section rows still gets those above it.
      if (isNew) part.rows.push(...shared);
      part.rows.push(r);
      part.data.push(r.row);
    }
  }
  return {
    parts: [...parts].map(([kind, p]) => ({
      kind,
      sheet: { ...(sheet.name !== undefined ? { name: sheet.name } : {}), rows: [...top, ...p.rows] },
      ...(p.heading !== undefined ? { heading: p.heading } : {}),
      rows: p.data,
    })),
    errors,
    by,
  };
}

/**
 * The one kind the title rows and headings (the rows down to the header) name, with the first text naming it;
 * undefined when they name none, or two or more (免罚轻罚清单 as title names both).
 */
function onlyKindNamed(top: SheetRow[], kinds: readonly RecordKind[]): { kind: RecordKind; text: string } | undefined {
  const named = new Map<RecordKind, string>();
  for (const r of top)
    for (const text of distinctTexts(r.cells))
      for (const k of kindsNamedIn(text, kinds)) if (!named.has(k)) named.set(k, text);
  if (named.size !== 1) return undefined;
  const [kind, text] = [...named][0]!;
  return { kind, text };
}

/** The column whose short cells name one kind each in most data rows (undefined: none does). */
function kindColumn(
  body: SheetRow[],
  header: { headings: string[] },
  kinds: readonly RecordKind[],
  oneText: (r: SheetRow) => string | undefined,
): number | undefined {
  const data = body.filter((r) => oneText(r) === undefined);
  let best: { column: number; named: number } | undefined;
  for (let column = 0; column < header.headings.length; column++) {
    let filled = 0;
    let named = 0;
    for (const r of data) {
      const cell = (r.cells[column] ?? '').trim();
      if (!cell) continue;
      filled++;
      if (cell.length <= MAX_KIND_CELL_CHARS && kindsNamedIn(cell, kinds).length === 1) named++;
    }
    if (named === 0 || named <= filled * KIND_COLUMN_SHARE || filled < data.length / 2) continue;
    if (!best || named > best.named) best = { column, named };
  }
  return best?.column;
}
