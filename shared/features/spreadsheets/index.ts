/**
 * The importer: spreadsheet and JSON bytes → validated records, and whole region
 * folders → published versions. Used by `gongshi import` and by the upload API.
 */
export { IMPORT_LIMITS, type ImportLimits } from './limits.js';
export type { FileIssue } from './issues.js';
export { workbookErrors, type ParsedFile, type ParsedWorkbook } from './parsed.js';
export {
  parseListFile,
  parseEntitiesFile,
  parseWorkbook,
  parseUnrecognisedFile,
  kindOfSheet,
  isInstructionSheet,
} from './parse.js';
export { validateJsonItems } from './json-items.js';
export { detectFormat, SUPPORTED_EXTENSIONS, type FileFormat } from './format.js';
export { decodeText, type TextEncoding } from './decode.js';
export { inspectZip, type ZipVerdict } from './zip-guard.js';
export { scanRegionFolder, type ScannedFolder, type ScannedUnit, type ScannedFile } from './folder-scan.js';
export {
  importRegionFolder,
  type FolderImportOptions,
  type FolderImportReport,
  type ImportProgress,
  type StreamOutcome,
  type StreamResult,
  type FileResult,
} from './folder-import.js';

export { loadExcel } from '../../platform/lazy-exceljs.js';
export { registerTemplateRoutes } from './routes.js';
export { readCsv } from './csv.js';
export { readXlsx } from './xlsx.js';
export type { Sheet, SheetRow } from './table.js';
