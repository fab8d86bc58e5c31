/** The exports feature's public surface: what other features and shared/app may use. */
export { ExportFormatQuery, fileContent, formatEtag, sendFile, sendListFile } from './export-response.js';
export { historyFileName, regionHistory } from './history-export.js';
export { regionFileName, regionJsonLines, regionWorkbook } from './region-export.js';
export type { RegionQuery } from './region-export.js';
