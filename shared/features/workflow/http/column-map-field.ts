/** The `columnMap` field of an upload: a JSON object, heading as published → field (or `additional`). */
import { AppError } from '../../../core/errors.js';
import { ColumnMapSchema } from '../../spreadsheets/index.js';
import { zodDetails } from '../../../platform/http/errors.js';

export const COLUMN_MAP_DOC = {
  type: 'string',
  description:
    'JSON object, heading as published → field name (or `additional`), e.g. {"法律依据":"legalBasis"}: overrides ' +
    'recognition for those columns; an unknown field or a heading not in the file is a 422 listing every entry. ' +
    'The map of a created draft is remembered for the unit, kind and heading row, and applied to the next upload ' +
    'with the same heading row when no map is given.',
  example: '{"法律依据":"legalBasis","投诉电话":"additional"}',
};

export const WORKBOOK_COLUMN_MAP_DOC = {
  ...COLUMN_MAP_DOC,
  description:
    'JSON object, heading as published → field name (or `additional`), one map for the workbook: each list sheet ' +
    'takes the entries its header has. A field the kind of a sheet with that heading does not have, or a heading no ' +
    'list sheet has, is a 422 listing every entry. Each sheet remembers its entries when its draft is created.',
};

export function parseColumnMapField(value: unknown): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  let raw: unknown = value;
  if (typeof value === 'string') {
    try {
      raw = JSON.parse(value);
    } catch {
      throw new AppError('BAD_REQUEST', '列映射 columnMap 应为 JSON 对象，如 {"法律依据":"legalBasis"}', {
        reason: 'BAD_COLUMN_MAP',
      });
    }
  }
  const parsed = ColumnMapSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', '列映射 columnMap 不符合要求（列名 → 字段名）', {
      reason: 'BAD_COLUMN_MAP',
      issues: zodDetails(parsed.error),
    });
  return parsed.data;
}
