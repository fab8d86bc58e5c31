/**
 * The certificates of a region as published on a date: every unit's officers list in force that day,
 * read straight from the versions (so the cancellations feed, the status list and the statistics are
 * exactly what the transparency log holds, never the derived index). One gsi2 Query walk for the heads,
 * then the content of each list in force (cached by the stream store, immutable).
 */
import { entityKind } from '../../core/kinds/index.js';
import { officersKind } from '../../core/kinds/officers.js';
import { resolveInForce } from '../../core/versions.js';
import { RegionReader, type StreamHead, type StreamStore } from '../lists/index.js';
import { certificateOf, type OfficerCertificate } from './model.js';

export interface RegionCertificates {
  date: string;
  /** The latest publishedAt among the lists read: how fresh the data is. */
  dataAsOf?: string;
  units: number;
  certificates: Array<OfficerCertificate & { version: number; publishedAt: string }>;
}

const PARALLEL_READS = 8;

export async function regionCertificates(
  store: StreamStore,
  regionPrefix: string,
  date: string,
): Promise<RegionCertificates> {
  const officerHeads: StreamHead[] = [];
  const entityHeads = new Map<string, StreamHead>();
  for await (const head of new RegionReader(store.client, store.tableName).heads(
    regionPrefix,
    undefined,
    undefined,
    0,
  )) {
    if (head.stream === officersKind.id) officerHeads.push(head);
    else if (head.stream === entityKind.id) entityHeads.set(head.uscc, head);
  }
  const certificates: RegionCertificates['certificates'] = [];
  let dataAsOf: string | undefined;
  let units = 0;
  let next = 0;
  const work = async () => {
    while (next < officerHeads.length) {
      const head = officerHeads[next++]!;
      const { entry } = resolveInForce(head.timeline, { at: date });
      if (!entry) continue;
      units++;
      const latest = head.timeline.at(-1)!.publishedAt;
      if (!dataAsOf || latest > dataAsOf) dataAsOf = latest;
      const [{ items }, unitName] = await Promise.all([
        store.readContent(head.uscc, officersKind.id, entry),
        nameOf(store, entityHeads.get(head.uscc), date),
      ]);
      const unit = { uscc: head.uscc, regionCode: head.regionCode, ...(unitName ? { unitName } : {}) };
      for (const item of items)
        certificates.push({ ...certificateOf(item, unit), version: entry.version, publishedAt: entry.publishedAt });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, work));
  certificates.sort((a, b) =>
    a.regionCode !== b.regionCode
      ? a.regionCode < b.regionCode
        ? -1
        : 1
      : a.certificateNumber < b.certificateNumber
        ? -1
        : a.certificateNumber > b.certificateNumber
          ? 1
          : 0,
  );
  return { date, ...(dataAsOf ? { dataAsOf } : {}), units, certificates };
}

async function nameOf(store: StreamStore, head: StreamHead | undefined, date: string): Promise<string | undefined> {
  if (!head) return undefined;
  const { entry } = resolveInForce(head.timeline, { at: date });
  const e = entry ?? head.timeline.at(-1);
  if (!e) return undefined;
  const { items } = await store.readContent(head.uscc, entityKind.id, e);
  return typeof items[0]?.name === 'string' ? items[0].name : undefined;
}
