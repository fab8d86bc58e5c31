/**
 * Bytes → validated records: the importer's and the upload API's entry points.
 * Nothing here writes; every function returns all errors and warnings at once.
 */
import { entityKind, listKinds, type RecordKind } from '../../core/kinds/index.js';
import { headerScore, mapHeaders, type ColumnMap } from '../../core/headers.js';
import { matchKey } from '../../core/text.js';
import { readCsv } from './csv.js';
import { detectFormat } from './format.js';
import { fileIssue, type FileIssue, type IssueLocation } from './issues.js';
import { validateJsonItems } from './json-items.js';
import { IMPORT_LIMITS } from './limits.js';
import type { ParsedFile, ParsedWorkbook } from './parsed.js';
import { readDocx } from './docx.js';
import { detectedHeadings, sheetToRecords, takeMarkedRemovals } from './sheet-records.js';
import { columnMapIssues, headingKey, restrictColumnMap, type AppliedColumnMap } from './column-maps.js';
import type { Sheet } from './table.js';
import { readXlsx } from './xlsx.js';
import { combinedKindsOfFileName, listNameKey, splitCombined } from './combined.js';

export interface ParseOptions {
  /** The user's confirmed mapping: heading as published → field (or `additional`). */
  columnMap?: ColumnMap;
  /**
   * True for an upload's map: an entry naming a field the kind does not have, or a heading the file does not have,
   * is an error (the command line's `--map` serves a whole folder, so it is applied where it fits).
   */
  checkColumnMap?: boolean;
  /** The map remembered for the file's heading row (by headingKey), used when no columnMap is given. */
  rememberedColumnMap?: (headingKey: string) => Promise<ColumnMap | undefined>;
  /**
   * True when the kind was only inferred from the file's name: content that is clearly another kind is refused
   * with that reason rather than imported as the named kind.
   */
  kindFromName?: boolean;
  /**
   * True for a 增补修改 upload: rows a column headed 操作 or 删除 marks 删除 are not items but removals; they and the
   * column are taken out and reported as `removals` (CSV, XLSX and DOCX tables).
   */
  markedRemovals?: boolean;
}

/**
 * One list of `kind` from a CSV, XLSX (its sheet named after the kind, else its first list sheet), DOCX (its
 * largest table, or a regular numbered prose list) or JSON file.
 */
export async function parseListFile(
  kind: RecordKind,
  bytes: Uint8Array,
  fileName: string,
  options: ParseOptions = {},
): Promise<ParsedFile> {
  const at: IssueLocation = { file: fileName };
  const failed = (errors: FileIssue[], extra: Partial<ParsedFile> = {}): ParsedFile => ({
    file: fileName,
    kind: kind.id,
    items: [],
    errors,
    warnings: [],
    rows: 0,
    ...extra,
  });
  const precheck = checkBytes(bytes, at);
  if (precheck) return failed([precheck]);

  const format = detectFormat(bytes, fileName);
  switch (format) {
    case 'csv': {
      const read = readCsv(bytes, at);
      if (!read.sheet) return failed(read.errors, read.encoding ? { encoding: read.encoding } : {});
      const mismatch = options.kindFromName ? kindMismatch(kind, read.sheet, at) : undefined;
      if (mismatch) return failed([mismatch], { encoding: read.encoding });
      return { ...(await mappedRecords(kind, read.sheet, at, options)), encoding: read.encoding };
    }
    case 'docx': {
      const read = await readDocx(bytes, at);
      if (read.errors.length > 0 || !read.sheets[0]) return failed(read.errors);
      const mismatch = options.kindFromName ? kindMismatch(kind, read.sheets[0], at) : undefined;
      if (mismatch) return failed([mismatch]);
      return mappedRecords(kind, read.sheets[0], at, options);
    }
    case 'xlsx': {
      const read = await readXlsx(bytes, at);
      if (read.errors.length > 0) return failed(read.errors);
      const { sheet, ignored } = pickSheet(kind, read.sheets);
      if (!sheet) return failed([fileIssue(at, 'EMPTY_FILE', '工作簿中没有可导入的工作表')]);
      const mismatch = options.kindFromName ? kindMismatch(kind, sheet, { ...at, sheet: sheet.name }) : undefined;
      if (mismatch) return failed([mismatch]);
      const parsed = await mappedRecords(kind, sheet, { ...at, sheet: sheet.name }, options);
      const ignoredWarnings = ignored.map((name) =>
        fileIssue(at, 'SHEET_IGNORED', `工作表“${name}”未导入（本文件只导入${kind.label}）`, { sheet: name }),
      );
      return { ...parsed, warnings: [...ignoredWarnings, ...parsed.warnings] };
    }
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(new TextDecoder('utf-8').decode(bytes));
      } catch {
        return failed([fileIssue(at, 'NOT_A_SPREADSHEET', '文件不是有效的 JSON')]);
      }
      return validateJsonItems(kind, value, fileName);
    }
    case 'xls':
      return failed([
        fileIssue(at, 'UNSUPPORTED_FORMAT', '不支持旧版 .xls 格式，请用 Excel 或 WPS 另存为 .xlsx 或 CSV'),
      ]);
    default:
      return failed([
        fileIssue(at, 'UNSUPPORTED_FORMAT', '不支持的文件类型，请使用 CSV（UTF-8 或 GBK）、.xlsx 或 .docx'),
      ]);
  }
}

/**
 * A sheet's records under the column map that applies: the one given, else the one remembered for the sheet's
 * heading row, else none (recognition alone). A given map that names an unknown field or heading is refused
 * with every such entry, beside every other problem of the file.
 */
async function mappedRecords(
  kind: RecordKind,
  given: Sheet,
  at: IssueLocation,
  options: ParseOptions,
): Promise<Omit<ParsedFile, 'encoding'>> {
  const marked = options.markedRemovals ? takeMarkedRemovals(kind, given) : undefined;
  const sheet = marked?.sheet ?? given;
  const headings = detectedHeadings(kind, sheet);
  const key = headings ? headingKey(headings) : undefined;
  let applied: AppliedColumnMap | undefined;
  if (options.columnMap) applied = { source: 'request', map: options.columnMap };
  else if (key && options.rememberedColumnMap) {
    const map = await options.rememberedColumnMap(key);
    if (map) applied = { source: 'remembered', map };
  }
  const parsed = sheetToRecords(kind, sheet, at, applied ? { columnMap: applied.map } : {});
  const mapIssues =
    options.checkColumnMap && options.columnMap
      ? columnMapIssues(kind, options.columnMap, parsed.mapping?.map((m) => m.heading) ?? [], {
          ...at,
          ...(parsed.headerRows?.[0] !== undefined ? { row: parsed.headerRows[0] } : {}),
        })
      : [];
  return {
    ...parsed,
    ...(mapIssues.length > 0 ? { items: [], errors: [...mapIssues, ...parsed.errors] } : {}),
    ...(key ? { headingKey: key } : {}),
    ...(applied ? { columnMap: applied } : {}),
    ...(marked?.removals.length ? { removals: marked.removals } : {}),
  };
}

/** The entity list (执法主体) of a region: entities.csv or entities.xlsx. */
export function parseEntitiesFile(bytes: Uint8Array, fileName: string): Promise<ParsedFile> {
  return parseListFile(entityKind, bytes, fileName);
}

/**
 * A workbook holding several lists, one per worksheet named by the list's Chinese
 * name (检查事项目录, 不予处罚事项清单 …, or an alias; Traditional names match too).
 * Instruction sheets are skipped; other sheets are reported as warnings.
 */
export interface WorkbookOptions {
  /**
   * One map for the whole workbook, heading → field: each sheet takes the entries whose heading its header has. With
   * `checkColumnMap`, an entry naming a field the kind of a sheet with that heading does not have, and a heading no
   * list sheet has, are errors.
   */
  columnMap?: ColumnMap;
  checkColumnMap?: boolean;
  /** The map remembered for a sheet's kind and heading row, used when no columnMap is given. */
  rememberedColumnMap?: (kind: string, headingKey: string) => Promise<ColumnMap | undefined>;
}

export async function parseWorkbook(
  bytes: Uint8Array,
  fileName: string,
  kinds: readonly RecordKind[] = listKinds,
  options: WorkbookOptions = {},
): Promise<ParsedWorkbook> {
  const at: IssueLocation = { file: fileName };
  const result = (errors: FileIssue[], extra: Partial<ParsedWorkbook> = {}): ParsedWorkbook => ({
    file: fileName,
    lists: [],
    errors,
    warnings: [],
    ...extra,
  });
  const precheck = checkBytes(bytes, at);
  if (precheck) return result([precheck]);
  if (detectFormat(bytes, fileName) !== 'xlsx')
    return result([fileIssue(at, 'UNSUPPORTED_FORMAT', '多清单工作簿应为 .xlsx 文件')]);

  const read = await readXlsx(bytes, at);
  if (read.errors.length > 0) return result(read.errors);
  const lists: ParsedFile[] = [];
  const errors: FileIssue[] = [];
  const warnings: FileIssue[] = [];
  const sheetOfKind = new Map<string, string>();
  for (const sheet of read.sheets) {
    const name = sheet.name ?? '';
    if (isInstructionSheet(name)) continue;
    const kind = kindOfSheet(name, kinds);
    if (!kind) {
      if (sheet.rows.length > 0)
        warnings.push(fileIssue(at, 'UNKNOWN_SHEET', `工作表“${name}”不是可识别的清单名称，未导入`, { sheet: name }));
      continue;
    }
    const earlier = sheetOfKind.get(kind.id);
    if (earlier !== undefined) {
      errors.push(
        fileIssue(
          at,
          'DUPLICATE_SHEET',
          `工作表“${name}”与“${earlier}”是同一清单（${kind.label}），请合并为一个工作表`,
          { sheet: name },
        ),
      );
      continue;
    }
    sheetOfKind.set(kind.id, name);
    lists.push(await partRecords(kind, sheet, { ...at, sheet: name }, options));
  }
  if (lists.length > 0) errors.push(...absentHeadings(lists, options, at));
  if (lists.length === 0 && errors.length === 0) {
    errors.push(
      fileIssue(
        at,
        'NO_LIST_SHEETS',
        `工作簿中没有以清单名称命名的工作表（应为：${kinds.map((k) => k.label).join('、')}）`,
      ),
    );
  }
  return { file: fileName, lists, errors, warnings };
}

/** One list of a file holding several (a workbook's sheet, a combined list's part) under the file's one map. */
function partRecords(kind: RecordKind, sheet: Sheet, at: IssueLocation, options: WorkbookOptions) {
  const own = options.columnMap ? restrictColumnMap(options.columnMap, detectedHeadings(kind, sheet) ?? []) : {};
  const remembered = options.rememberedColumnMap;
  return mappedRecords(kind, sheet, at, {
    ...(Object.keys(own).length > 0 ? { columnMap: own, checkColumnMap: options.checkColumnMap } : {}),
    ...(remembered && !options.columnMap ? { rememberedColumnMap: (key) => remembered(kind.id, key) } : {}),
  });
}

/** The entries of a file's one map whose heading none of its lists has. */
function absentHeadings(lists: ParsedFile[], options: WorkbookOptions, at: IssueLocation): FileIssue[] {
  if (!options.columnMap || !options.checkColumnMap) return [];
  const headings = lists.flatMap((l) => (l.mapping ?? []).map((m) => m.heading).filter((h) => h.trim()));
  return Object.keys(restrictColumnMap(options.columnMap, headings, false)).map((heading) =>
    fileIssue(at, 'COLUMN_NOT_FOUND', `列映射中的列“${heading}”不在任何清单的表头中`, {
      column: heading,
      field: options.columnMap![heading],
    }),
  );
}

/**
 * A combined list (免罚轻罚清单: one table of several kinds, by section rows or a 类别 column) as one list per kind
 * it holds (./combined.ts). Every data row is in one list or is an error; the rows of each list keep their numbers.
 */
export async function parseCombinedList(
  bytes: Uint8Array,
  fileName: string,
  options: WorkbookOptions = {},
): Promise<ParsedWorkbook> {
  const at: IssueLocation = { file: fileName };
  const refused = (errors: FileIssue[]): ParsedWorkbook => ({ file: fileName, lists: [], errors, warnings: [] });
  const precheck = checkBytes(bytes, at);
  if (precheck) return refused([precheck]);
  let sheet: Sheet | undefined;
  let encoding: string | undefined;
  const format = detectFormat(bytes, fileName);
  if (format === 'csv') {
    const read = readCsv(bytes, at);
    if (!read.sheet) return refused(read.errors);
    sheet = read.sheet;
    encoding = read.encoding;
  } else if (format === 'xlsx') {
    const read = await readXlsx(bytes, at);
    if (read.errors.length > 0) return refused(read.errors);
    sheet = read.sheets.find((s) => !isInstructionSheet(s.name ?? '') && s.rows.length > 0);
  } else if (format === 'docx') {
    const read = await readDocx(bytes, at);
    if (read.errors.length > 0) return refused(read.errors);
    sheet = read.sheets[0];
  } else return refused([fileIssue(at, 'UNSUPPORTED_FORMAT', '合并清单应为 CSV、.xlsx 或 .docx 文件')]);
  if (!sheet) return refused([fileIssue(at, 'EMPTY_FILE', '文件中没有可导入的表格')]);
  const where = { ...at, ...(sheet.name !== undefined ? { sheet: sheet.name } : {}) };
  const split = splitCombined(sheet, where);
  if (split.parts.length === 0) return refused(split.errors);
  const lists: ParsedFile[] = [];
  const warnings: FileIssue[] = [];
  const by = split.by && 'column' in split.by ? `按“${split.by.column}”列` : '按清单分节';
  const namedBy = split.by && 'namedBy' in split.by ? split.by.namedBy : undefined;
  for (const part of split.parts) {
    const parsed = await partRecords(part.kind, part.sheet, where, options);
    const title = [...(parsed.notes?.title ?? []), ...(part.heading ? [part.heading] : [])];
    lists.push({
      ...parsed,
      ...(encoding ? { encoding } : {}),
      ...(title.length > 0 ? { notes: { ...parsed.notes, title } } : {}),
    });
    warnings.push(
      namedBy !== undefined
        ? fileIssue(
            where,
            'COMBINED_LIST_ONE_KIND',
            `文件名表明是合并清单，但表格未分节、也没有注明所属清单的列，而其标题或表头“${namedBy}”只指向` +
              `${part.kind.label}：全部 ${part.rows.length} 行按${part.kind.label}导入`,
            { value: part.kind.id },
          )
        : fileIssue(where, 'COMBINED_LIST_SPLIT', `合并清单${by}拆分：${part.rows.length} 行为${part.kind.label}`, {
            value: part.kind.id,
          }),
    );
  }
  return { file: fileName, lists, errors: [...split.errors, ...absentHeadings(lists, options, at)], warnings };
}

/** The kind a worksheet name stands for: its label or a sheet alias, compared with matchKey (so 檢查事項目錄 matches). */
export function kindOfSheet(name: string, kinds: readonly RecordKind[] = listKinds): RecordKind | undefined {
  const key = matchKey(name);
  return kinds.find((k) => [k.label, k.id, ...k.sheetAliases].some((n) => matchKey(n) === key));
}

const INSTRUCTION_SHEET = /说明|填表|填写|instruction|readme|help/;

export function isInstructionSheet(name: string): boolean {
  return INSTRUCTION_SHEET.test(matchKey(name));
}

function checkBytes(bytes: Uint8Array, at: IssueLocation): FileIssue | undefined {
  if (bytes.byteLength > IMPORT_LIMITS.maxFileBytes) {
    return fileIssue(
      at,
      'PAYLOAD_TOO_LARGE',
      `文件过大（${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB，上限 ${IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB）`,
    );
  }
  if (bytes.byteLength === 0) return fileIssue(at, 'EMPTY_FILE', '文件为空');
  return undefined;
}

/**
 * For a single-list file: the sheet named after the kind, else the first sheet with content that is not instructions.
 */
function pickSheet(kind: RecordKind, sheets: Sheet[]): { sheet?: Sheet; ignored: string[] } {
  const candidates = sheets.filter((s) => !isInstructionSheet(s.name ?? '') && s.rows.length > 0);
  const sheet = candidates.find((s) => kindOfSheet(s.name ?? '', [kind])) ?? candidates[0];
  return { sheet, ignored: candidates.filter((s) => s !== sheet).map((s) => s.name ?? '') };
}

/**
 * A file whose name says neither entities nor a list kind. It cannot be imported
 * (its kind would be a guess), but it is still checked against the kind its header
 * matches best, so the user gets every row-level problem in one pass.
 */
export async function parseUnrecognisedFile(
  bytes: Uint8Array,
  fileName: string,
): Promise<ParsedFile & { guessedKind?: RecordKind }> {
  const at: IssueLocation = { file: fileName };
  const format = detectFormat(bytes, fileName);
  let sheet: Sheet | undefined;
  if (!checkBytes(bytes, at) && format === 'csv') sheet = readCsv(bytes, at).sheet;
  if (!checkBytes(bytes, at) && format === 'xlsx') {
    const read = await readXlsx(bytes, at);
    sheet = read.sheets.find((s) => !isInstructionSheet(s.name ?? '') && s.rows.length > 0);
  }
  const guessedKind = sheet ? closestKind(sheet) : undefined;
  // Re-read through the normal path, so encoding, limits and formats behave exactly as for a named file.
  return {
    ...(await parseListFile(guessedKind ?? listKinds[0]!, bytes, fileName)),
    ...(guessedKind ? { guessedKind } : {}),
  };
}

/** How well the best header row among a sheet's first rows maps to a kind, and the required columns it lacks. */
interface KindScore {
  kind: RecordKind;
  score: number;
  missing: string[];
  /** The headings of the row that maps best. */
  headings: readonly string[];
}

/** The kind whose columns the sheet's header (among its first rows) matches most; ties go to the earlier kind. */
function closestKind(sheet: Sheet): RecordKind | undefined {
  return kindScores(sheet, [entityKind, ...listKinds])[0]?.kind;
}

/** Kinds by how well a header among the sheet's first rows maps to them, best first (ties: registry order). */
function kindScores(sheet: Sheet, kinds: readonly RecordKind[]): KindScore[] {
  const scored = kinds.map((kind) => {
    let best: KindScore = { kind, score: -Infinity, missing: [], headings: [] };
    for (const row of sheet.rows.slice(0, 8)) {
      const m = mapHeaders(kind, row.cells);
      const score = headerScore(m);
      if (m.fields.some(Boolean) && score > best.score)
        best = { kind, score, missing: m.missing.map((c) => c.column), headings: row.cells };
    }
    return best;
  });
  return scored.filter((s) => s.score > -Infinity).sort((a, b) => b.score - a.score);
}

/** Whether one of the headings a kind was scored on has one of its `headingWords` (true for a kind with none). */
function headingsSay({ kind, headings }: KindScore): boolean {
  const words = kind.headingWords?.map(matchKey);
  if (!words) return true;
  return headings.some((h) => words.some((w) => matchKey(h).includes(w)));
}

/** Two more fields recognised: the content is clearly the other kind, not a variant of the named one. */
const CLEARLY_BETTER = 4;

/**
 * A file whose name says one kind and whose content is clearly another (a 裁量基准 table named
 * lighter-penalty.xlsx) is refused with that reason: importing it as the named kind would publish it as what it
 * is not, and importing it as another kind would publish a list the unit did not name.
 */
function kindMismatch(named: RecordKind, sheet: Sheet, at: IssueLocation): FileIssue | undefined {
  const scores = kindScores(sheet, listKinds);
  const best = scores[0];
  const own = scores.find((s) => s.kind === named);
  if (!best || best.kind === named || best.score < (own?.score ?? -Infinity) + CLEARLY_BETTER) return undefined;
  if (!headingsSay(best)) return undefined;
  // A table that lacks the named kind's required columns may be an incomplete list of that kind (a township's
  // 行政检查事项清单 without 检查类别 and 检查依据) rather than the other kind: the message says what it lacks first.
  const lacks = own && own.missing.length > 0 ? `缺少其必填列${own.missing.map((c) => `“${c}”`).join('')}，` : '';
  return fileIssue(
    at,
    'KIND_MISMATCH',
    `文件名表明是“${named.label}”，但表格${lacks}表头与“${best.kind.label}”的字段对应得更多，未导入；` +
      '请补齐所缺的列，或按内容重新命名文件、在上传时指定清单类型',
    { value: best.kind.id },
  );
}

/**
 * The list kind a file's name says, by its id (no-penalty.csv) or by the list name it contains
 * (大英县文化市场不予处罚事项清单.csv, 附件2：XX从轻处罚事项清单.xlsx). A name that names two kinds (免罚轻罚清单)
 * says none: undefined.
 */
export function kindOfFileName(fileName: string, kinds: readonly RecordKind[] = listKinds): RecordKind | undefined {
  const stem = (fileName.split('/').pop() ?? fileName).replace(/\.[a-z0-9]+$/i, '');
  const byId = kinds.find((k) => k.id === stem.trim().toLowerCase());
  if (byId) return byId;
  const exact = kindOfSheet(stem, kinds);
  if (exact) return exact;
  // A combined list (免罚轻罚清单, 从轻减轻清单) is split into the kinds it holds, not read as one of them.
  if (combinedKindsOfFileName(stem, kinds).length > 0) return undefined;
  const key = listNameKey(stem);
  const named = kinds.filter((k) =>
    [k.label, ...k.sheetAliases, ...(k.nameWords ?? [])].some((w) => key.includes(listNameKey(w))),
  );
  return named.length === 1 ? named[0] : undefined;
}
