/**
 * Every limit the importer enforces, in one place. They protect the process
 * (memory, CPU) from oversized or hostile files; the schema's own length limits
 * (shared/core/fields.ts) still decide what a valid cell is.
 */
export const IMPORT_LIMITS = {
  /** Bytes of one uploaded or imported file (CSV, XLSX or JSON). */
  maxFileBytes: 10 * 1024 * 1024,
  /** Data rows of one list (header excluded, fully empty rows not counted). */
  maxDataRows: 20_000,
  /** Worksheets in one workbook. */
  maxSheets: 20,
  /**
   * Characters kept of one raw cell. Longer cells are still reported with their
   * true length, but never passed on whole (error reports, zod, hashing).
   */
  maxCellChars: 100_000,
  /** Columns of one row; a wider row is reported, not parsed further. */
  maxColumns: 200,
  /** XLSX: total uncompressed bytes the zip central directory may declare. */
  maxUncompressedBytes: 100 * 1024 * 1024,
  /** XLSX: uncompressed/compressed ratio of the whole archive (zip bombs reach thousands). */
  maxCompressionRatio: 200,
  /** XLSX: the ratio is only judged above this many uncompressed bytes (tiny files compress oddly). */
  ratioCheckAboveBytes: 1024 * 1024,
  /** XLSX: entries in the archive. */
  maxZipEntries: 2_000,
  /** Characters of a value shown in an error report. */
  maxShownChars: 200,
} as const;
