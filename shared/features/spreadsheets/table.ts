/** A sheet as the importer reads it: rows of text cells, each with the row number the spreadsheet shows. */
export interface SheetRow {
  /** 1-based, as Excel or WPS shows it (a CSV record with an embedded newline is still one row). */
  row: number;
  cells: string[];
}

export interface Sheet {
  /** Worksheet name; undefined for CSV. */
  name?: string;
  rows: SheetRow[];
}

export const isEmptyRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');
