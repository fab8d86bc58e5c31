/**
 * One sheet of text → validated records of a kind: finds the header row, maps
 * columns (Chinese names, aliases, Traditional forms, English field names), then
 * validates every row and reports every problem at once.
 */
import { entityKind, entityWarnings, type RecordKind } from '../../core/kinds/index.js';
import { mapHeaders, type HeaderMapping } from '../../core/headers.js';
import { validateRecords, type RawRecord } from '../../core/records.js';
import { restoreNeutralisedCell } from '../../core/neutralise.js';
import { fileIssue, shownValue, sortIssues, type FileIssue, type IssueLocation } from './issues.js';
import { IMPORT_LIMITS } from './limits.js';
import type { ParsedFile } from './parsed.js';
import { isEmptyRow, type Sheet, type SheetRow } from './table.js';

/** Rows searched for the header: government sheets often carry a title row or two above it. */
const HEADER_SEARCH_ROWS = 5;

export function sheetToRecords(kind: RecordKind, sheet: Sheet, at: IssueLocation): Omit<ParsedFile, 'encoding'> {
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
  const { headerIndex, mapping } = findHeader(kind, rows);
  const header = rows[headerIndex]!;
  const data = rows.slice(headerIndex + 1);
  const errors: FileIssue[] = [];
  const warnings: FileIssue[] = [];

  for (const title of rows.slice(0, headerIndex)) {
    warnings.push(
      fileIssue(at, 'TITLE_ROW_SKIPPED', '表头上方的标题行未导入', {
        row: title.row,
        value: shownValue(title.cells.filter(Boolean).join(' ')),
      }),
    );
  }
  for (const m of mapping.missing) {
    errors.push(
      fileIssue(at, 'MISSING_COLUMN', `缺少必填列“${m.column}”`, { row: header.row, column: m.column, field: m.field }),
    );
  }
  for (const d of mapping.duplicated) {
    errors.push(
      fileIssue(at, 'DUPLICATE_COLUMN', `列“${d.column}”与另一列对应同一字段，请删除其一`, {
        row: header.row,
        column: d.column,
        field: d.field,
      }),
    );
  }
  for (const u of mapping.unknown) {
    warnings.push(fileIssue(at, 'UNKNOWN_COLUMN', `无法识别的列“${u}”，未导入`, { row: header.row, column: u }));
  }
  if (header.cells.length > IMPORT_LIMITS.maxColumns) {
    errors.push(
      fileIssue(at, 'TOO_MANY_COLUMNS', `列数过多（上限 ${IMPORT_LIMITS.maxColumns} 列）`, { row: header.row }),
    );
  }
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
    return { ...base, items: [], rows: data.length, errors, warnings };
  }

  const columnOf = new Map(kind.columns.map((c) => [c.key, c.column]));
  // Problems already reported for a cell (an oversized cell, a missing column) are not reported again by the schema.
  const suppressed = new Set<string>(mapping.missing.flatMap((m) => data.map((r) => `${r.row}|${m.field}`)));
  const rowContext: RowContext = { mapping, headerWidth: header.cells.length, at, columnOf, errors, suppressed };
  const records: RawRecord[] = data.map((r) => toRecord(r, rowContext));

  const validated = validateRecords(kind, records);
  for (const issue of validated.errors) {
    if (suppressed.has(`${issue.row}|${issue.field}`)) continue;
    errors.push({ ...at, ...issue });
  }
  if (kind.id === entityKind.id) warnings.push(...entityRowWarnings(records, validated.items, at));
  return {
    ...base,
    items: validated.items,
    rows: data.length,
    errors: sortIssues(errors),
    warnings: sortIssues(warnings),
  };
}

function findHeader(kind: RecordKind, rows: SheetRow[]): { headerIndex: number; mapping: HeaderMapping } {
  const candidates = rows.slice(0, HEADER_SEARCH_ROWS);
  for (let i = 0; i < candidates.length; i++) {
    const mapping = mapHeaders(kind, candidates[i]!.cells);
    if (mapping.missing.length === 0 && mapping.fields.some(Boolean)) return { headerIndex: i, mapping };
  }
  return { headerIndex: 0, mapping: mapHeaders(kind, rows[0]!.cells) };
}

/** What turning a row into a record needs, and where it reports what it finds. */
interface RowContext {
  mapping: HeaderMapping;
  headerWidth: number;
  at: IssueLocation;
  columnOf: Map<string, string>;
  errors: FileIssue[];
  /** `row|field` pairs already reported, so the schema does not report them again. */
  suppressed: Set<string>;
}

function toRecord(r: SheetRow, { mapping, headerWidth, at, columnOf, errors, suppressed }: RowContext): RawRecord {
  const values: Record<string, unknown> = {};
  r.cells.forEach((cell, i) => {
    const field = mapping.fields[i];
    if (!field) return;
    if (cell.length > IMPORT_LIMITS.maxCellChars) {
      errors.push(
        fileIssue(at, 'CELL_TOO_LONG', `单元格内容过长（${cell.length} 个字符），远超允许长度`, {
          row: r.row,
          column: columnOf.get(field) ?? field,
          field,
          value: shownValue(cell),
        }),
      );
      suppressed.add(`${r.row}|${field}`);
      values[field] = cell.slice(0, IMPORT_LIMITS.maxCellChars);
      return;
    }
    // Exports quote cells that a spreadsheet could run as a formula; undo it so a round trip is lossless.
    values[field] = restoreNeutralisedCell(cell);
  });
  const extra = r.cells.slice(headerWidth).filter((c) => c.trim() !== '');
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
