/**
 * Keys of the items the lists feature owns: heads, version summaries, version content and its chunks, and the
 * indexes over heads (the table's whole layout is documented in shared/platform/dynamodb/table.ts). A stream is
 * named by the kind id it versions.
 */
import { padKey as pad } from '../../platform/dynamodb/table.js';

export const listKeys = {
  unit: (uscc: string) => `U#${uscc}`,
  head: (stream: string) => `H#${stream}`,
  headPrefix: 'H#',
  versionSummary: (stream: string, version: number, attempt: string) => `V#${stream}#${pad(version, 10)}#${attempt}`,
  versionSummaryPrefix: (stream: string) => `V#${stream}#`,
  content: (uscc: string, stream: string, version: number, attempt: string) =>
    `I#${uscc}#${stream}#${pad(version, 10)}#${attempt}`,
  contentMeta: 'A#META',
  chunk: (firstIndex: number) => `C#${pad(firstIndex, 7)}`,
  chunkPrefix: 'C#',
  /**
   * A region the unit was in before it moved, under the unit's key; indexed in gsi2 beside that region's heads (as
   * the stream `formerRegionStream`) so a read of the region for a past date finds the unit.
   */
  formerRegion: (regionCode: string) => `R#${regionCode}`,
  formerRegionStream: '~former-region',
  unitsIndex: { name: 'gsi1', pk: 'UNIT', sk: (regionCode: string, uscc: string) => `${regionCode}#${uscc}` },
  headsIndex: {
    name: 'gsi2',
    pk: 'HEAD',
    sk: (regionCode: string, uscc: string, stream: string) => `${regionCode}#${uscc}#${stream}`,
  },
  ledgerPendingIndex: {
    name: 'ledger-pending',
    pk: 'LEDGER',
    sk: (publishedAt: string, uscc: string, stream: string) => `${publishedAt}#${uscc}#${stream}`,
  },
} as const;

/** Parses the version number and attempt out of a version summary sort key. */
export function parseVersionSummaryKey(sk: string): { stream: string; version: number; attempt: string } {
  const [, stream, n, attempt] = sk.split('#');
  return { stream: stream!, version: Number(n), attempt: attempt! };
}
