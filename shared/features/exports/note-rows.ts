/**
 * A list's own notes (title, preface, foot notes: `listNotes`) as the rows a file export writes around its table,
 * where the published file had them: the title and preface above the header, the foot notes below the last row.
 * The importer reads such rows back as the same notes, so an exported list imports as it was published.
 */
import type { ListNotes } from '../../core/versions.js';

export interface NoteRows {
  above: readonly string[];
  below: readonly string[];
}

export const noteRows = (notes: ListNotes | undefined): NoteRows => ({
  above: [...(notes?.title ?? []), ...(notes?.preamble ?? [])],
  below: notes?.footnotes ?? [],
});
