/**
 * XLSX written as a stream (exceljs WorkbookWriter): rows are committed as they
 * arrive and the zip is emitted as it is built, so memory stays flat however
 * many rows a workbook has. Sheets are written one after another.
 */
import { loadExcel } from '../../platform/lazy-exceljs.js';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Cell } from './cells.js';
import type { NoteRows } from './note-rows.js';

export interface SheetSource {
  /** Worksheet name (Excel allows 31 characters). */
  name: string;
  header: readonly string[];
  /** Column widths in characters, same order as the header. */
  widths?: readonly number[];
  rows: AsyncIterable<ReadonlyArray<readonly Cell[]>>;
  /** One-cell rows above the header and below the last row: a list's title, preface and foot notes. */
  notes?: NoteRows;
}

/** Bytes buffered ahead of the reader before the writer waits for it. */
const HIGH_WATER = 1 << 20;

export async function* xlsxParts(sheets: AsyncIterable<SheetSource>): AsyncGenerator<Uint8Array> {
  const Excel = await loadExcel();
  const out = new PassThrough({ highWaterMark: HIGH_WATER });
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  let failure: unknown;
  const writing = (async () => {
    for await (const sheet of sheets) {
      const ws = workbook.addWorksheet(sheet.name.slice(0, 31));
      ws.columns = sheet.header.map((h, i) => ({
        width: sheet.widths?.[i] ?? Math.max(8, Math.min(40, h.length * 2 + 2)),
      }));
      for (const text of sheet.notes?.above ?? []) ws.addRow([text]).commit();
      ws.addRow([...sheet.header]).commit();
      for await (const rows of sheet.rows) {
        for (const row of rows) ws.addRow([...row]).commit();
        // Wait for the reader instead of buffering the workbook.
        if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
        if (out.destroyed) return;
      }
      for (const text of sheet.notes?.below ?? []) ws.addRow([text]).commit();
      ws.commit();
    }
    await workbook.commit();
  })().catch((e: unknown) => {
    failure = e;
    out.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  try {
    for await (const part of out as AsyncIterable<Buffer>) yield part;
    await writing;
  } finally {
    if (!out.readableEnded) out.destroy();
  }
  if (failure) throw failure;
}
