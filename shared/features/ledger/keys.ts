/** Keys of the transparency log's items (the table's layout: shared/platform/dynamodb/table.ts). */
import { padKey as pad } from '../../platform/dynamodb/table.js';

export const ledgerKeys = {
  logPk: 'LOG',
  logState: 'STATE',
  logKey: 'KEY',
  logCheckpoint: (size: number) => `CP#${pad(size, 16)}`,
  logCheckpointPrefix: 'CP#',
  logTile: (level: number, index: number) => `LOG#T#${level}#${pad(index, 12)}`,
  logTileSk: 'TILE',
  logEntryBundle: (bundle: number) => `LOG#E#${pad(bundle, 12)}`,
  logEntry: (offset: number) => pad(offset, 3),
} as const;
