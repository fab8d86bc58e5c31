/**
 * CSV as Excel on Chinese Windows opens it: UTF-8 with a byte-order mark (without
 * it Excel assumes GBK and shows mojibake), CRLF line ends, RFC 4180 quoting.
 */
import { stringify } from 'csv-stringify/sync';
import type { RecordKind } from '../../core/kinds/index.js';
import { headerRow, itemRows } from './cells.js';

const BOM = '\uFEFF';

export async function* csvRows(
  kind: RecordKind,
  chunks: AsyncIterable<ReadonlyArray<Record<string, unknown>>>,
  extra: readonly string[] = [],
): AsyncGenerator<string> {
  yield BOM + stringify([headerRow(kind, extra)], { record_delimiter: 'windows' });
  for await (const items of chunks) {
    if (items.length === 0) continue;
    yield stringify(
      items.flatMap((item) => itemRows(kind, item, extra)),
      { record_delimiter: 'windows' },
    );
  }
}
