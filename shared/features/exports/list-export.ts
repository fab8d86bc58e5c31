/** One version of one list as a file: CSV, XLSX or JSON Lines, columns as the kind defines them. */
import type { RecordKind } from '../../core/kinds/index.js';
import type { ListNotes } from '../../core/versions.js';
import { extraHeadings, headerRow, itemRows } from './cells.js';
import { csvRows } from './csv.js';
import type { ExportFormat } from './formats.js';
import { jsonLines } from './jsonl.js';
import { noteRows } from './note-rows.js';
import type { Producer } from './streams.js';
import { xlsxParts } from './xlsx.js';

type Item = Record<string, unknown>;
export type FileFormat = Exclude<ExportFormat, 'json'>;

/** Items a few thousand at a time, so writers yield to the event loop between pieces. */
async function* inPieces<T>(items: readonly T[], size = 2_000): AsyncGenerator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Sections and additional attributes are exported under their own headings, and the list's notes (title, preface,
 * foot notes) as rows around the table in CSV and XLSX, so nothing published is lost. JSON Lines holds items only:
 * the notes are in the version's JSON (`listNotes`).
 */
export function listFile(kind: RecordKind, format: FileFormat, items: readonly Item[], notes?: ListNotes): Producer {
  const extra = extraHeadings(kind, items);
  switch (format) {
    case 'csv':
      return csvRows(kind, inPieces(items), extra, noteRows(notes));
    case 'jsonl':
      return jsonLines(inPieces(items));
    case 'xlsx':
      return xlsxParts(
        (async function* () {
          yield {
            name: kind.label,
            header: headerRow(kind, extra),
            notes: noteRows(notes),
            rows: (async function* () {
              for await (const piece of inPieces(items)) yield piece.flatMap((item) => itemRows(kind, item, extra));
            })(),
          };
        })(),
      );
  }
}

/** 11210900155967021X-不予处罚事项清单-第3版.csv */
export function listFileName(uscc: string, kind: RecordKind, version: number, format: FileFormat): string {
  return `${uscc}-${kind.label}-第${version}版.${format}`;
}
