/**
 * Every version ever published in a region, for an auditor's offline copy: JSON
 * Lines, one line per version, `{"unit","kind","version":{metadata},"items":[…]}`
 * (the entity stream's one item is the entity record; a repeal has no items).
 * A line is written piece by piece as its chunks are read, so even a very
 * large version never sits in memory whole.
 */
import { knownAt } from '../../core/versions.js';
import type { RegionReader } from '../lists/index.js';

export interface HistoryQuery {
  region: string;
  regionPrefix: string;
  /** Only versions recorded by this instant (all when absent). */
  asOf?: string;
}

export async function* regionHistory(reader: RegionReader, q: HistoryQuery): AsyncGenerator<string> {
  for await (const head of reader.heads(q.regionPrefix)) {
    for (const entry of knownAt(head.timeline, q.asOf)) {
      let first = true;
      for await (const part of reader.version(head.uscc, head.stream, entry)) {
        if ('meta' in part) {
          yield `{"unit":${JSON.stringify(head.uscc)},"kind":${JSON.stringify(head.stream)},` +
            `"version":${JSON.stringify(part.meta)},"items":[`;
          continue;
        }
        if (part.items.length === 0) continue;
        yield (first ? '' : ',') + part.items.map((item) => JSON.stringify(item)).join(',');
        first = false;
      }
      yield ']}\n';
    }
  }
}

export function historyFileName(q: HistoryQuery): string {
  return `行政执法公示-${q.region}-全部版本${q.asOf ? `-asof-${q.asOf.slice(0, 10)}` : ''}.jsonl`;
}
