/**
 * CSV as Excel on Chinese Windows opens it: UTF-8 with a byte-order mark (without
 * it Excel assumes GBK and shows mojibake), CRLF line ends, RFC 4180 quoting.
 */
import { stringify } from 'csv-stringify/sync';
import type { RecordKind } from '../../core/kinds/index.js';
import { headerRow, itemRow } from './cells.js';

const BOM = '\uFEFF';

export async function* csvRows(
  kind: RecordKind,
  chunks: AsyncIterable<ReadonlyArray<Record<string, unknown>>>,
): AsyncGenerator<string> {
  yield BOM + stringify([headerRow(kind)], { record_delimiter: 'windows' });
  for await (const items of chunks) {
    if (items.length === 0) continue;
    yield stringify(
      items.map((item) => itemRow(kind, item)),
      { record_delimiter: 'windows' },
    );
  }
}
