/**
 * The importer: spreadsheet and JSON bytes → validated records, and whole region
 * folders → published versions. Used by `gongshi import` and by the upload API.
 */
export { IMPORT_LIMITS } from './limits.js';
export type { FileIssue } from './issues.js';
export { versionNotes, workbookErrors, type ParsedFile, type ParsedWorkbook } from './parsed.js';
export {
  parseListFile,
  parseEntitiesFile,
  parseWorkbook,
  parseCombinedList,
  parseUnrecognisedFile,
  kindOfSheet,
  kindOfFileName,
  isInstructionSheet,
  type ParseOptions,
} from './parse.js';
export { readDocx } from './docx.js';
export { combinedKindsOfFileName } from './combined.js';
export { validateJsonItems } from './json-items.js';
export { inspectZip } from './zip-guard.js';
export { importRegionFolder, type FolderImportReport, type StreamResult } from './folder-import.js';
export type { CheckedUnitFile, UnitFileReader } from './unit-file-reader.js';
export { readCsv } from './csv.js';
export { readXlsx } from './xlsx.js';
export type { Sheet, SheetRow } from './table.js';
export { detectFormat } from './format.js';
export { decodeText } from './decode.js';
export { ColumnMapSchema, type AppliedColumnMap } from './column-maps.js';
export { ColumnMapStore, type RememberedColumnMap } from './column-map-store.js';
