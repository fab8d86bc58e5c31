/**
 * JSON arrays of items (uploads and API clients), validated by the same schema
 * as spreadsheet rows. Keys may be English field names or Chinese column names;
 * "row" in reports is the item's position, counting from 1.
 */
import { mapHeaders } from '../../core/headers.js';
import { entityKind, type RecordKind } from '../../core/kinds/index.js';
import { validateRecords, type RawRecord } from '../../core/records.js';
import { fileIssue, shownValue, type FileIssue, type IssueLocation } from './issues.js';
import { IMPORT_LIMITS } from './limits.js';
import type { ParsedFile } from './parsed.js';
import { entityRowWarnings, oneOfColumnsAbsent } from './sheet-records.js';

export function validateJsonItems(kind: RecordKind, items: unknown, fileName = 'items.json'): ParsedFile {
  const at: IssueLocation = { file: fileName };
  const result = (errors: FileIssue[], rows: number): ParsedFile => ({
    file: fileName,
    kind: kind.id,
    items: [],
    errors,
    warnings: [],
    rows,
  });
  if (!Array.isArray(items)) return result([fileIssue(at, 'NOT_AN_ARRAY', '应为事项数组（JSON array）')], 0);
  if (items.length > IMPORT_LIMITS.maxDataRows) {
    return result(
      [
        fileIssue(
          at,
          'TOO_MANY_ROWS',
          `事项过多（${items.length} 项，上限 ${IMPORT_LIMITS.maxDataRows} 项），请拆分后提交`,
        ),
      ],
      items.length,
    );
  }
  if (items.length === 0) return result([fileIssue(at, 'NO_DATA_ROWS', '事项数组为空')], 0);

  const notObjects = items.flatMap((item, i) =>
    item === null || typeof item !== 'object' || Array.isArray(item)
      ? [fileIssue(at, 'INVALID_ITEM', '每一项应为对象（JSON object）', { row: i + 1 })]
      : [],
  );
  if (notObjects.length > 0) return result(notObjects, items.length);

  // Keys are mapped one by one: unlike a header row, different items may name the same field differently.
  const keys = [...new Set(items.flatMap((item) => Object.keys(item as object)))];
  const fieldOf = new Map(keys.map((k) => [k, mapHeaders(kind, [k]).fields[0]]));
  const columnOf = new Map(kind.columns.map((c) => [c.key, c.column]));
  const errors: FileIssue[] = [];
  const warnings: FileIssue[] = keys
    .filter((k) => !fieldOf.get(k))
    .map((k) => fileIssue(at, 'UNKNOWN_FIELD', `无法识别的字段“${k}”，已忽略`, { column: k }));
  const oversized = new Set<string>();
  const records: RawRecord[] = items.map((item, i) => {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      const field = fieldOf.get(key);
      if (!field) continue;
      if (typeof value === 'string' && value.length > IMPORT_LIMITS.maxCellChars) {
        errors.push(
          fileIssue(at, 'CELL_TOO_LONG', `内容过长（${value.length} 个字符），远超允许长度`, {
            row: i + 1,
            column: columnOf.get(field) ?? field,
            field,
            value: shownValue(value),
          }),
        );
        oversized.add(`${i + 1}|${field}`);
        values[field] = value.slice(0, IMPORT_LIMITS.maxCellChars);
      } else values[field] = value;
    }
    return { row: i + 1, values };
  });
  const validated = validateRecords(kind, records);
  for (const issue of validated.errors)
    if (!oversized.has(`${issue.row}|${issue.field}`)) errors.push({ ...at, ...issue });
  if (kind.id === entityKind.id) warnings.push(...entityRowWarnings(records, validated.items, at));
  for (const absent of validated.oneOfFieldsAbsent ?? []) warnings.push(oneOfColumnsAbsent(absent, at));
  return {
    file: fileName,
    kind: kind.id,
    items: validated.items,
    itemRows: validated.itemRows,
    errors,
    warnings,
    rows: items.length,
  };
}
