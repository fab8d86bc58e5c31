/**
 * Imports a targets directory (检查对象名录库) from CSV: the kind's own header aliases
 * and row validation, every failing row and column reported at once, nothing
 * published unless the whole file is valid. Directories are far larger than the
 * lists the general importer takes (a county has tens of thousands of market
 * entities), so this path has its own row limit.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../../core/errors.js';
import { mapHeaders } from '../../core/headers.js';
import { findKind } from '../../core/kinds/index.js';
import { validateRecords, type RawRecord } from '../../core/records.js';
import type { Registry } from '../lists/index.js';
import { decodeText } from '../spreadsheets/index.js';
import { TARGETS_KIND } from './service.js';

export const TARGETS_IMPORT_LIMITS = { maxRows: 300_000, maxBytes: 64 * 1024 * 1024 } as const;

export interface TargetsImportInput {
  uscc: string;
  bytes: Uint8Array;
  effectiveFrom: string;
  publishedBy: string;
  source: string;
}

export function parseTargetsCsv(bytes: Uint8Array) {
  const kind = findKind(TARGETS_KIND)!;
  if (bytes.length > TARGETS_IMPORT_LIMITS.maxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${TARGETS_IMPORT_LIMITS.maxBytes / 1024 / 1024} MB`);
  const { text } = decodeText(bytes);
  const rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, relax_quotes: true }) as string[][];
  const [header = [], ...data] = rows;
  if (data.length > TARGETS_IMPORT_LIMITS.maxRows)
    throw new AppError('PAYLOAD_TOO_LARGE', `检查对象超过 ${TARGETS_IMPORT_LIMITS.maxRows} 行`, { rows: data.length });
  const mapping = mapHeaders(kind, header);
  if (mapping.missing.length)
    throw new AppError('VALIDATION_FAILED', '缺少必填列', {
      errors: mapping.missing.map((m) => ({
        row: 1,
        column: m.column,
        field: m.field,
        code: 'MISSING_COLUMN',
        message: `缺少必填列：${m.column}`,
      })),
    });
  const records: RawRecord[] = [];
  data.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const values: Record<string, unknown> = {};
    mapping.fields.forEach((f, col) => {
      if (f) values[f] = cells[col];
    });
    records.push({ row: i + 2, values });
  });
  return { ...validateRecords(kind, records), unknownColumns: mapping.unknown };
}

/** Validates and publishes a new version of the unit's targets directory. */
export async function importTargets(registry: Registry, input: TargetsImportInput) {
  const { items, errors, unknownColumns } = parseTargetsCsv(input.bytes);
  if (errors.length) throw new AppError('VALIDATION_FAILED', '检查对象名录库有误，未发布', { errors });
  if (items.length === 0) throw new AppError('VALIDATION_FAILED', '检查对象名录库没有数据行');
  const result = await registry.publish({
    uscc: input.uscc,
    stream: TARGETS_KIND,
    status: 'published',
    items,
    effectiveFrom: input.effectiveFrom,
    publishedBy: input.publishedBy,
    source: input.source,
  });
  return { outcome: result.outcome, version: result.head.version, itemCount: items.length, unknownColumns };
}
