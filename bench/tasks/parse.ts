/**
 * Child task: parse and validate one spreadsheet file with the importer (shared/features/spreadsheets parseListFile),
 * or, with `refusedWith`, check that it is refused with that code.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { findKind, type RecordKind } from '../../shared/core/kinds/index.js';
import { parseListFile } from '../../shared/features/spreadsheets/index.js';

interface State {
  kind: RecordKind;
  bytes: Uint8Array;
  fileName: string;
  expected: number;
  /** The file must be refused with this code (the row-limit workbook), not parsed. */
  refusedWith?: string;
}

export async function prepare(args: Record<string, unknown>): Promise<State> {
  const file = String(args.file);
  return {
    kind: findKind(String(args.kind))!,
    bytes: new Uint8Array(readFileSync(file)),
    fileName: basename(file),
    expected: Number(args.expected),
    ...(args.refusedWith ? { refusedWith: String(args.refusedWith) } : {}),
  };
}

export async function run(s: State): Promise<string> {
  const parsed = await parseListFile(s.kind, s.bytes, s.fileName);
  if (s.refusedWith) {
    if (!parsed.errors.some((e) => e.code === s.refusedWith))
      throw new Error(`${s.fileName}: expected ${s.refusedWith}, got ${JSON.stringify(parsed.errors.slice(0, 2))}`);
    return `refused with ${s.refusedWith}`;
  }
  if (parsed.errors.length > 0)
    throw new Error(`${s.fileName}: ${parsed.errors.length} errors, first ${JSON.stringify(parsed.errors[0])}`);
  if (parsed.items.length !== s.expected)
    throw new Error(`${s.fileName}: ${parsed.items.length} items, expected ${s.expected}`);
  return `${parsed.items.length} items valid`;
}
