/**
 * Items as spreadsheet rows: the kind's Chinese column headers in registry
 * order, booleans as 是/否, absent values as empty cells, text neutralised
 * against formula injection. The inverse is the importer's reading of the
 * same columns, so an exported version re-imports to the identical content.
 */
import type { RecordKind } from '../../core/kinds/index.js';
import { neutraliseCell } from '../../core/neutralise.js';

export type Cell = string | number;

export function headerRow(kind: RecordKind): string[] {
  return kind.columns.map((c) => c.column);
}

export function cellValue(value: unknown): Cell {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return neutraliseCell(value);
  return neutraliseCell(JSON.stringify(value));
}

export function itemRow(kind: RecordKind, item: Record<string, unknown>): Cell[] {
  return kind.columns.map((c) => cellValue(item[c.key]));
}
