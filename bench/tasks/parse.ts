/**
 * Child task: parse and validate one spreadsheet file with the importer (shared/features/spreadsheets parseListFile).
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
}

export async function prepare(args: Record<string, unknown>): Promise<State> {
  const file = String(args.file);
  return {
    kind: findKind(String(args.kind))!,
    bytes: new Uint8Array(readFileSync(file)),
    fileName: basename(file),
    expected: Number(args.expected),
  };
}

export async function run(s: State): Promise<string> {
  const parsed = await parseListFile(s.kind, s.bytes, s.fileName);
  if (parsed.errors.length > 0)
    throw new Error(`${s.fileName}: ${parsed.errors.length} errors, first ${JSON.stringify(parsed.errors[0])}`);
  if (parsed.items.length !== s.expected)
    throw new Error(`${s.fileName}: ${parsed.items.length} items, expected ${s.expected}`);
  return `${parsed.items.length} items valid`;
}
