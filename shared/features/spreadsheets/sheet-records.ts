/**
 * One sheet of text → validated records of a kind, as governments publish their lists:
 * - up to six title or preface rows above the header; the header is the row (or pair of rows, for a two-level
 *   merged header) that maps best, not the first row. Titles and preface are kept as the version's notes;
 * - section rows (一、建设项目管理类) set the section of the items below them;
 * - note rows at the foot (备注：…) are kept as the version's notes;
 * - a preamble that states the conditions once, for a list without a conditions column, is every item's conditions;
 * - vertically merged cells are filled down within their item (workbooks say where merges are);
 * - tiered kinds (裁量基准) gather the rows of one violation into one item with its tiers;
 * - every column that matches no field is kept with the item as an additional attribute (heading → text).
 * Every row is validated and every problem reported at once.
 */
import { entityKind, entityWarnings, type RecordKind } from '../../core/kinds/index.js';
import {
  ADDITIONAL_FIELD,
  headerScore,
  mapHeaders,
  SECTION_FIELD,
  type ColumnMap,
  type HeaderMapping,
} from '../../core/headers.js';
import { validateRecords, type AdditionalAttribute, type RawRecord } from '../../core/records.js';
import { restoreNeutralisedCell } from '../../core/neutralise.js';
import { matchKey } from '../../core/text.js';
import { fileIssue, shownValue, sortIssues, type FileIssue, type IssueLocation } from './issues.js';
import { IMPORT_LIMITS } from './limits.js';
import type { ParsedFile, ParsedNotes } from './parsed.js';
import { isEmptyRow, type Sheet, type SheetRow } from './table.js';

/** Title and preface rows allowed above the header. */
const MAX_ROWS_ABOVE_HEADER = 6;
/** Headings are short; a row with a longer cell is data, not the second row of a header. */
const MAX_HEADING_CHARS = 40;
/** 一、 （一） 第一部分 A. : a section heading's numbering. */
const SECTION_NUMBERING =
  /^(\s*[一二三四五六七八九十百]+\s*[、.．]|\s*[（(][一二三四五六七八九十百]+[)）]|\s*第[一二三四五六七八九十百\d]+[部分类章节项])/;
/** 备注：… 注：… 说明：… at the foot of a table. */
const NOTE_PREFIX = /^\s*(备\s*注|注|说\s*明|附\s*注)\s*[:：\d一二三四五六七八九十、.．]/;
/** A form's fill-in label with nothing filled in (填报人：, 联系电话：): a foot row of the form, not data. */
const EMPTY_LABEL = /^[^:：]{1,20}[:：]$/;
/** Words, not a number: a group heading typed in the 序号 column (消耗臭氧层管理类) rather than an item's 序号. */
const HEADING_WORDS = /[\u4e00-\u9fff]{2,}/;
/** A row above the header that names the list (…清单, …目录, 附件2) rather than stating a condition. */
const TITLE_WORDS = /清单|目录|基准|附件|一览表|事项表|^\S{0,40}表$/;
/** C0 and C1 control characters other than tab and newlines: never in published text. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** A surrogate without its pair: ill-formed UTF-16, from a damaged file. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const badCharacters = (text: string) => text.search(CONTROL_CHARACTERS) >= 0 || text.search(LONE_SURROGATE) >= 0;

export interface SheetOptions {
  /** The user's confirmed mapping: heading → field (or `additional`). */
  columnMap?: ColumnMap;
}

export function sheetToRecords(
  kind: RecordKind,
  sheet: Sheet,
  at: IssueLocation,
  options: SheetOptions = {},
): Omit<ParsedFile, 'encoding'> {
  const base = { file: at.file, ...(at.sheet ? { sheet: at.sheet } : {}), kind: kind.id };
  const rows = sheet.rows.filter((r) => !isEmptyRow(r.cells));
  if (rows.length === 0) {
    return {
      ...base,
      items: [],
      rows: 0,
      warnings: [],
      errors: [fileIssue(at, 'EMPTY_FILE', '文件为空：没有表头，也没有数据')],
    };
  }
  const header = findHeader(kind, rows, options.columnMap ?? {});
  const { mapping } = header;
  const headerRow = rows[header.index]!;
  const headerWidth = Math.max(...rows.slice(header.index, header.index + header.height).map((r) => r.cells.length));
  const errors: FileIssue[] = [];
  const warnings: FileIssue[] = [];
  const notes: ParsedNotes = {};

  for (const above of rows.slice(0, header.index)) {
    const text = distinctTexts(above.cells).join(' ');
    const isTitle = TITLE_WORDS.test(text) && text.length <= 60;
    (isTitle ? (notes.title ??= []) : (notes.preamble ??= [])).push(text);
    warnings.push(
      fileIssue(at, 'TITLE_ROW_KEPT', isTitle ? '表头上方的标题行作为清单标题保留' : '表头上方的说明作为清单说明保留', {
        row: above.row,
        value: shownValue(text),
      }),
    );
  }
  for (const m of mapping.missing) {
    errors.push(
      fileIssue(at, 'MISSING_COLUMN', `缺少必填列“${m.column}”`, {
        row: headerRow.row,
        column: m.column,
        field: m.field,
      }),
    );
  }
  for (const m of mapping.explained) {
    if (m.how === 'rule')
      warnings.push(
        fileIssue(
          at,
          'COLUMN_RECOGNISED',
          `列“${m.heading}”识别为“${columnLabel(kind, m.field)}”（${m.why}），如有误请更正列映射`,
          {
            row: headerRow.row,
            column: m.heading,
            field: m.field,
          },
        ),
      );
    if (m.field === undefined && m.how !== 'empty')
      warnings.push(
        fileIssue(at, 'ADDITIONAL_COLUMN', `列“${m.heading}”${m.why}`, { row: headerRow.row, column: m.heading }),
      );
  }
  if (headerWidth > IMPORT_LIMITS.maxColumns) {
    errors.push(
      fileIssue(at, 'TOO_MANY_COLUMNS', `列数过多（上限 ${IMPORT_LIMITS.maxColumns} 列）`, { row: headerRow.row }),
    );
  }

  const body = rows.slice(header.index + header.height);
  const layout = readBody(body, mapping);
  if (layout.footnotes.length > 0) notes.footnotes = layout.footnotes;
  const data = layout.rows;
  if (data.length === 0) {
    errors.push(fileIssue(at, 'NO_DATA_ROWS', '文件只有表头，没有数据行'));
  }
  if (data.length > IMPORT_LIMITS.maxDataRows) {
    errors.push(
      fileIssue(
        at,
        'TOO_MANY_ROWS',
        `数据行过多（${data.length} 行，上限 ${IMPORT_LIMITS.maxDataRows} 行），请拆分后导入`,
      ),
    );
    // Row-by-row validation of an oversized file would only bury this one error.
    return { ...base, items: [], rows: data.length, errors, warnings, mapping: mapping.explained };
  }

  // A preamble that states one condition for every item, in a list without a conditions column (the tax list's
  // 首违不罚 condition): each item's conditions are that text.
  const listWideConditions =
    mapping.missing.some((m) => m.field === 'conditions') && notes.preamble ? notes.preamble.join('\n') : undefined;
  if (listWideConditions !== undefined) {
    mapping.missing = mapping.missing.filter((m) => m.field !== 'conditions');
    const i = errors.findIndex((e) => e.code === 'MISSING_COLUMN' && e.field === 'conditions');
    if (i >= 0) errors.splice(i, 1);
    notes.listWideConditions = listWideConditions;
    warnings.push(
      fileIssue(at, 'LIST_WIDE_CONDITIONS', '表头上方的说明作为每一事项的适用条件', { field: 'conditions' }),
    );
  }

  const columnOf = new Map(kind.columns.map((c) => [c.key, c.column]));
  const headings = mapping.explained.map((m) => m.heading);
  // Problems already reported for a cell (an oversized cell, a missing column) are not reported again by the schema.
  const suppressed = new Set<string>(mapping.missing.flatMap((m) => data.map((r) => `${r.row}|${m.field}`)));
  const rowContext: RowContext = { mapping, headings, headerWidth, at, columnOf, errors, suppressed };
  let records: RawRecord[] = data.map((r) => {
    const record = toRecord(r, rowContext);
    if (r.section !== undefined) record.values[SECTION_FIELD] = r.section;
    if (listWideConditions !== undefined) record.values.conditions = listWideConditions;
    return record;
  });
  if (kind.tiers) records = gatherTiers(kind, records);

  const validated = validateRecords(kind, records);
  for (const issue of validated.errors) {
    if (suppressed.has(`${issue.row}|${issue.field}`)) continue;
    errors.push({ ...at, ...issue, column: publishedColumn(issue.field, issue.column, mapping) });
  }
  if (kind.id === entityKind.id) warnings.push(...entityRowWarnings(records, validated.items, at));
  for (const absent of validated.oneOfFieldsAbsent ?? []) warnings.push(oneOfColumnsAbsent(absent, at, headerRow.row));
  return {
    ...base,
    items: validated.items,
    itemRows: validated.itemRows,
    rows: data.length,
    errors: sortIssues(errors),
    warnings: sortIssues(warnings),
    mapping: mapping.explained,
    headerRows: rows.slice(header.index, header.index + header.height).map((r) => r.row),
    ...(Object.keys(notes).length > 0 ? { notes } : {}),
  };
}

/**
 * The headings of the row (or pair of rows) recognition takes as the header with no column map: what identifies
 * the file's layout for a remembered map. Undefined for an empty sheet.
 */
/**
 * Headings of the column that marks a row of a 增补修改 upload for removal, and the mark itself, as match keys: made on
 * first use, because matchKey builds the 繁→简 dictionaries (about 40 ms), which a cold start need not pay.
 */
let removalKeys: { headings: Set<string>; mark: string } | undefined;
const removal = () =>
  (removalKeys ??= {
    headings: new Set(['操作', '删除', '删除标记', '增删', '变更类型'].map(matchKey)),
    mark: matchKey('删除'),
  });

/** A row marked 删除: the row as the spreadsheet shows it and the item it names (事项编码, else its name). */
export interface MarkedRemoval {
  row: number;
  identity: string;
}

/**
 * Takes out the rows a marker column (操作 or 删除) marks 删除, and the marker column itself, so that the rest of
 * the sheet reads as a list; answers which items the marked rows name. A sheet without the column is unchanged.
 */
export function takeMarkedRemovals(kind: RecordKind, sheet: Sheet): { sheet: Sheet; removals: MarkedRemoval[] } {
  const rows = sheet.rows.filter((r) => !isEmptyRow(r.cells));
  if (rows.length === 0) return { sheet, removals: [] };
  const header = findHeader(kind, rows, {});
  const headerRows = rows.slice(header.index, header.index + header.height);
  const column = headerRows
    .map((r) => r.cells.findIndex((c) => removal().headings.has(matchKey(c))))
    .find((i) => i >= 0);
  if (column === undefined) return { sheet, removals: [] };
  const lastHeaderRow = headerRows.at(-1)!.row;
  const idColumns = ['code', ...kind.identityFields]
    .map((f) => header.mapping.fields.indexOf(f))
    .filter((i) => i >= 0 && i !== column);
  const removals: MarkedRemoval[] = [];
  const kept = sheet.rows.filter((r) => {
    if (r.row <= lastHeaderRow || matchKey(r.cells[column] ?? '') !== removal().mark) return true;
    const identity = idColumns.map((i) => (r.cells[i] ?? '').trim()).find(Boolean) ?? '';
    removals.push({ row: r.row, identity });
    return false;
  });
  return {
    sheet: { ...sheet, rows: kept.map((r) => ({ ...r, cells: r.cells.filter((_, i) => i !== column) })) },
    removals,
  };
}

export function detectedHeadings(kind: RecordKind, sheet: Sheet): string[] | undefined {
  const rows = sheet.rows.filter((r) => !isEmptyRow(r.cells));
  if (rows.length === 0) return undefined;
  return findHeader(kind, rows, {}).mapping.explained.map((m) => m.heading);
}

/** The rows (as the sheet shows them) recognition takes as the header, and the column index of each field. */
export function detectedHeader(
  kind: RecordKind,
  sheet: Sheet,
  columnMap: ColumnMap = {},
): { rows: number[]; fields: Array<string | undefined>; headings: string[] } | undefined {
  const rows = sheet.rows.filter((r) => !isEmptyRow(r.cells));
  if (rows.length === 0) return undefined;
  const header = findHeader(kind, rows, columnMap);
  return {
    rows: rows.slice(header.index, header.index + header.height).map((r) => r.row),
    fields: header.mapping.fields,
    headings: header.mapping.explained.map((m) => m.heading),
  };
}

/** A note at the foot of a table (备注：…, 注：…, 说明：…). */
export const isNoteText = (text: string) => NOTE_PREFIX.test(text);

function columnLabel(kind: RecordKind, field: string | undefined): string {
  if (field === SECTION_FIELD) return '所属分类';
  return kind.columns.find((c) => c.key === field)?.column ?? field ?? '';
}

/** Errors name the column as published (法 律 依 据), not the template's name for it. */
function publishedColumn(field: string, fallback: string, mapping: HeaderMapping): string {
  return mapping.explained.find((m) => m.field === field)?.heading ?? fallback;
}

const distinctTexts = (cells: readonly string[]) => [...new Set(cells.map((c) => c.trim()).filter(Boolean))];

interface Header {
  index: number;
  /** 1, or 2 for a two-level header (parent headings over child headings). */
  height: 1 | 2;
  mapping: HeaderMapping;
}

/**
 * The header: among the first rows, the one (or the pair) that maps best. A pair reads each column as its child
 * heading under its parent (处罚依据 / 违法条款), or as the parent alone where the child is empty or merged from it.
 */
function findHeader(kind: RecordKind, rows: SheetRow[], columnMap: ColumnMap): Header {
  let best: (Header & { score: number }) | undefined;
  const searched = Math.min(rows.length, MAX_ROWS_ABOVE_HEADER + 1);
  const singles = rows.slice(0, searched + 1).map((r) => mapHeaders(kind, r.cells, columnMap));
  for (let i = 0; i < searched; i++) {
    const single = singles[i]!;
    const score = headerScore(single);
    if (single.fields.some(Boolean) && (!best || score > best.score))
      best = { index: i, height: 1, mapping: single, score };
    const next = rows[i + 1];
    const nextScore = singles[i + 1] ? headerScore(singles[i + 1]!) : -Infinity;
    if (!next || next.cells.some((c) => c.length > MAX_HEADING_CHARS)) continue;
    const width = Math.max(rows[i]!.cells.length, next.cells.length);
    const parents = fillAcross(rows[i]!.cells, width);
    const children = Array.from({ length: width }, (_, c) => (next.cells[c] ?? '').trim());
    const named = children.map((child, c) => (child === '' || child === parents[c] ? parents[c]! : child));
    const pair = mapHeaders(kind, named, columnMap);
    const pairScore = headerScore(pair);
    // A pair is a header when it maps better than either row alone, or as well as the child row when some headings
    // are merged down from the parent row (a workbook repeats a merged cell's text): a title over a header is not.
    const mergedDown = children.some((c, k) => c !== '' && c === parents[k]);
    const split = children.some((c, k) => c !== '' && parents[k] !== '' && c !== parents[k]);
    if (
      pair.fields.some(Boolean) &&
      best &&
      split &&
      pairScore >= best.score &&
      (pairScore > nextScore || (mergedDown && pairScore === nextScore))
    ) {
      // Reports and additional attributes carry the heading as published: parent / child.
      pair.explained = pair.explained.map((m) => {
        const parent = parents[m.index]!;
        const child = children[m.index]!;
        return child && parent && child !== parent ? { ...m, heading: `${parent}/${child}` } : m;
      });
      pair.unknown = pair.explained.filter((m) => !m.field && m.how !== 'empty').map((m) => m.heading);
      best = { index: i, height: 2, mapping: pair, score: pairScore };
    }
  }
  return best ?? { index: 0, height: 1, mapping: mapHeaders(kind, rows[0]!.cells, columnMap) };
}

/** A parent heading row: an empty cell after a heading belongs to the heading before it (a horizontal merge). */
function fillAcross(cells: readonly string[], width: number): string[] {
  const out: string[] = [];
  let last = '';
  for (let c = 0; c < width; c++) {
    const text = (cells[c] ?? '').trim();
    if (text) last = text;
    out.push(text || (c > 0 ? last : ''));
  }
  return out;
}

interface BodyRow extends SheetRow {
  section?: string;
}

/**
 * The rows below the header: data rows with the section they fall under, and the notes at the foot. A row with one
 * text only (a merged row) is a section when numbered as one (一、 （一）) or when it is words alone in the 序号
 * column (a heading merged across the row), a note when it says so (备注：) or when it follows the last data row;
 * a row of empty fill-in labels (填报人：  联系电话：) is a note too; otherwise it is data, and validated as such.
 */
function readBody(rows: SheetRow[], mapping: HeaderMapping): { rows: BodyRow[]; footnotes: string[] } {
  const out: BodyRow[] = [];
  const footnotes: string[] = [];
  let section: string | undefined;
  let lastData = -1;
  const kinds = rows.map((r) => {
    // Most rows are data with several texts: told apart without building their text lists.
    if (!mayBeNoteOrSection(r.cells)) return 'data' as const;
    const texts = distinctTexts(r.cells);
    // Labels in cells of their own, or in one cell apart by spaces (as an export writes the note back).
    const labels = texts.flatMap((t) => t.split(/\s+/).filter(Boolean));
    if (labels.length > 0 && labels.every((t) => EMPTY_LABEL.test(t))) return 'note' as const;
    if (texts.length !== 1) return 'data' as const;
    const text = texts[0]!;
    if (NOTE_PREFIX.test(text)) return 'note' as const;
    const filled = r.cells.filter((c) => c.trim() !== '').length;
    // One text over several columns (a merged row), or alone in its row under a numbered heading.
    if (SECTION_NUMBERING.test(text) && (filled > 1 || mapping.fields.filter(Boolean).length > 1))
      return 'section' as const;
    // Alone in the 序号 column and made of words: a group heading merged across the row, numbered or not.
    if (filled === 1 && mapping.fields[0] === 'seq' && r.cells[0]?.trim() === text && HEADING_WORDS.test(text))
      return 'section' as const;
    return 'data' as const;
  });
  kinds.forEach((k, i) => {
    if (k === 'data') lastData = i;
  });
  rows.forEach((r, i) => {
    const k = kinds[i]!;
    if (k === 'section') section = distinctTexts(r.cells)[0];
    else if (k === 'note' || (i > lastData && k !== 'data')) footnotes.push(distinctTexts(r.cells).join(' '));
    else out.push(section !== undefined ? { ...r, section } : r);
  });
  return { rows: out, footnotes };
}

/**
 * False for a row readBody reads as data whatever its texts say: one with two different texts, not all ending in a
 * colon (a note of fill-in labels has every label end in one; a section or note row has one distinct text).
 */
function mayBeNoteOrSection(cells: readonly string[]): boolean {
  let first: string | undefined;
  let allLabels = true;
  let oneText = true;
  for (const cell of cells) {
    const text = cell.trim();
    if (text === '') continue;
    const last = text.charCodeAt(text.length - 1);
    if (last !== 0x3a && last !== 0xff1a) allLabels = false;
    if (first === undefined) first = text;
    else if (text !== first) oneText = false;
    if (!allLabels && !oneText) return false;
  }
  return true;
}

/**
 * Tiered kinds: a row whose item cells are empty or the same as the row above (merged over the tiers, or repeated
 * by an export) is another tier of the same item; its tier cells become one tier. The additional cells of an item's
 * rows are then told apart (tierAttributes): the same text on every row that has one is the item's, texts that
 * differ from tier to tier (六安's 处罚款标准: 盗伐林木价值3倍, 5倍) are each tier's own.
 */
function gatherTiers(kind: RecordKind, records: RawRecord[]): RawRecord[] {
  const tierKeys = new Set(kind.columns.filter((c) => c.tier).map((c) => c.key));
  const field = kind.tiers!.field;
  const out: Array<{ record: RawRecord; additional: Array<AdditionalAttribute[] | undefined> }> = [];
  let current: (typeof out)[number] | undefined;
  for (const record of records) {
    const tier: Record<string, unknown> = {};
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record.values)) (tierKeys.has(key) ? tier : own)[key] = value;
    const additional = own[ADDITIONAL_FIELD] as AdditionalAttribute[] | undefined;
    delete own[ADDITIONAL_FIELD];
    const continues =
      current !== undefined &&
      Object.entries(own).every(([key, value]) => {
        const text = typeof value === 'string' ? value.trim() : value;
        return text === '' || text === undefined || text === current!.record.values[key];
      });
    if (continues && current) {
      (current.record.values[field] as unknown[]).push(tier);
      current.record.tierRows!.push(record.row);
      current.additional.push(additional);
      continue;
    }
    current = {
      record: { row: record.row, values: { ...own, [field]: [tier] }, tierRows: [record.row] },
      additional: [additional],
    };
    out.push(current);
  }
  for (const { record, additional } of out) tierAttributes(record, additional, field);
  return out.map((o) => o.record);
}

/**
 * The additional cells of an item's tier rows, by heading: a heading with one text (on every row, merged or
 * repeated, or on some rows only) is the item's attribute; one with two or more different texts is kept on each
 * tier that has a text, as that tier's `additional`. An export writes them back the same way, so a round trip gives
 * the same item.
 */
function tierAttributes(record: RawRecord, perTier: Array<AdditionalAttribute[] | undefined>, field: string): void {
  const headings = [...new Set(perTier.flatMap((list) => (list ?? []).map((a) => a.heading)))];
  const itemOwn: AdditionalAttribute[] = [];
  const tiers = record.values[field] as Array<Record<string, unknown>>;
  for (const heading of headings) {
    const texts = perTier.map((list) => list?.find((a) => a.heading === heading)?.text ?? '');
    const distinct = new Set(texts.map((t) => t.trim()).filter(Boolean));
    if (distinct.size <= 1) {
      itemOwn.push({ heading, text: texts.find((t) => t.trim() !== '')! });
      continue;
    }
    texts.forEach((text, i) => {
      if (text.trim() === '') return;
      ((tiers[i]![ADDITIONAL_FIELD] ??= []) as AdditionalAttribute[]).push({ heading, text });
    });
  }
  if (itemOwn.length > 0) record.values[ADDITIONAL_FIELD] = itemOwn;
}

/** What turning a row into a record needs, and where it reports what it finds. */
interface RowContext {
  mapping: HeaderMapping;
  /** Headings as published, by column. */
  headings: string[];
  headerWidth: number;
  at: IssueLocation;
  columnOf: Map<string, string>;
  errors: FileIssue[];
  /** `row|field` pairs already reported, so the schema does not report them again. */
  suppressed: Set<string>;
}

function toRecord(r: SheetRow, { mapping, headings, headerWidth, at, errors, suppressed }: RowContext): RawRecord {
  const values: Record<string, unknown> = {};
  const additional: AdditionalAttribute[] = [];
  const width = Math.min(r.cells.length, headerWidth);
  for (let i = 0; i < width; i++) {
    const raw = r.cells[i];
    if (raw === undefined) continue;
    const field = mapping.fields[i];
    const heading = headings[i]?.trim() || `（第${i + 1}列）`;
    if (raw.length > IMPORT_LIMITS.maxCellChars) {
      errors.push(
        fileIssue(at, 'CELL_TOO_LONG', `单元格内容过长（${raw.length} 个字符），远超允许长度`, {
          row: r.row,
          column: heading,
          field: field ?? ADDITIONAL_FIELD,
          value: shownValue(raw),
        }),
      );
      suppressed.add(`${r.row}|${field ?? ADDITIONAL_FIELD}`);
      if (field) values[field] = raw.slice(0, IMPORT_LIMITS.maxCellChars);
      continue;
    }
    if (badCharacters(raw)) {
      errors.push(
        fileIssue(
          at,
          'INVALID_CHARACTERS',
          '单元格含有控制字符或不成对的代理字符（文件可能已损坏），请删除后重新导入',
          {
            row: r.row,
            column: heading,
            field: field ?? ADDITIONAL_FIELD,
            value: shownValue(raw.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL_CHARACTERS, '\uFFFD')),
          },
        ),
      );
      suppressed.add(`${r.row}|${field ?? ADDITIONAL_FIELD}`);
      continue;
    }
    // Exports quote cells that a spreadsheet could run as a formula; undo it so a round trip is lossless.
    const cell = restoreNeutralisedCell(raw);
    if (!field) {
      if (cell.trim() !== '') additional.push({ heading, text: cell });
      continue;
    }
    values[field] = cell;
  }
  if (additional.length > 0) values[ADDITIONAL_FIELD] = additional;
  const extra = r.cells.length > headerWidth ? r.cells.slice(headerWidth).filter((c) => c.trim() !== '') : [];
  if (extra.length > 0) {
    errors.push(
      fileIssue(
        at,
        'EXTRA_CELLS',
        `本行比表头多出 ${r.cells.length - headerWidth} 个单元格（可能是未加引号的逗号或错位）`,
        { row: r.row, value: shownValue(extra.join(',')) },
      ),
    );
  }
  return { row: r.row, values };
}

/** Warnings that do not reject an entity (GB 11714 check, unusual category, retired region code), with their rows. */
export function entityRowWarnings(
  records: RawRecord[],
  items: Array<Record<string, unknown>>,
  at: IssueLocation,
): FileIssue[] {
  const rowOf = new Map<string, number>();
  for (const r of records) {
    const uscc = String(r.values.uscc ?? '')
      .trim()
      .toUpperCase();
    if (!rowOf.has(uscc)) rowOf.set(uscc, r.row);
  }
  return items.flatMap((item) => {
    const uscc = String(item.uscc);
    return entityWarnings({ uscc, regionCode: String(item.regionCode) }).map((w) => {
      const value = w.column === '行政区划代码' ? String(item.regionCode) : uscc;
      return fileIssue(at, w.code, w.message, { row: rowOf.get(uscc), column: w.column, value });
    });
  });
}

/** The list-level warning for a list with no value of one of its kind's `oneOfFields` groups (taken as published). */
export function oneOfColumnsAbsent(absent: { field: string; message: string }, at: IssueLocation, row?: number) {
  return fileIssue(at, 'ONE_OF_COLUMNS_ABSENT', absent.message, { field: absent.field, ...(row ? { row } : {}) });
}
