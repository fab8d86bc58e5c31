/**
 * CSV as Excel on Chinese Windows opens it: UTF-8 with a byte-order mark (without
 * it Excel assumes GBK and shows mojibake), CRLF line ends, RFC 4180 quoting.
 */
import { stringify } from 'csv-stringify/sync';
import type { RecordKind } from '../../core/kinds/index.js';
import { headerRow, itemRows } from './cells.js';
import type { NoteRows } from './note-rows.js';

const BOM = '\uFEFF';

export async function* csvRows(
  kind: RecordKind,
  chunks: AsyncIterable<ReadonlyArray<Record<string, unknown>>>,
  extra: readonly string[] = [],
  notes: NoteRows = { above: [], below: [] },
): AsyncGenerator<string> {
  const lines = (rows: unknown[][]) => stringify(rows, { record_delimiter: 'windows' });
  yield BOM + lines([...notes.above.map((text) => [text]), headerRow(kind, extra)]);
  for await (const items of chunks) {
    if (items.length === 0) continue;
    yield lines(items.flatMap((item) => itemRows(kind, item, extra)));
  }
  if (notes.below.length > 0) yield lines(notes.below.map((text) => [text]));
}
