/**
 * The certificates of a region as published on a date: every unit's officers list in force that day,
 * read straight from the versions (so the cancellations feed, the status list and the statistics are
 * exactly what the transparency log holds, never the derived index). One gsi2 Query walk for the heads,
 * then the content of each list in force (cached by the stream store, immutable).
 */
import { entityKind } from '../../core/kinds/index.js';
import { officersKind } from '../../core/kinds/officers.js';
import { resolveInForce, type TimelineEntry } from '../../core/versions.js';
import { RegionReader, type StreamHead, type StreamStore } from '../lists/index.js';
import { certificateOf, type OfficerCertificate } from './model.js';

export interface RegionCertificates {
  date: string;
  /** The latest publishedAt among the lists read: how fresh the data is. */
  dataAsOf?: string;
  units: number;
  certificates: Array<OfficerCertificate & { version: number; publishedAt: string }>;
}

/** One unit's officers list in force on a date: the unit, the version read and its records as published. */
export interface UnitOfficersList {
  unit: { uscc: string; regionCode: string; unitName?: string };
  version: number;
  publishedAt: string;
  /** The publishedAt of the unit's latest version (it may take effect later than the date). */
  latestPublishedAt: string;
  items: ReadonlyArray<Record<string, unknown>>;
}

const PARALLEL_READS = 8;

/** A unit's officers-list head and the version of it in force on a date. */
export interface OfficersVersionInForce {
  head: StreamHead;
  entry: TimelineEntry;
}

/**
 * The officers-list heads of a region prefix (one gsi2 Query walk) with the version in force on `date`, and the
 * entity heads beside them (for unit names). Units with no version in force that day are left out.
 */
export async function officersVersionsInForce(
  store: StreamStore,
  regionPrefix: string,
  date: string,
  stream?: string,
): Promise<{ versions: OfficersVersionInForce[]; entityHeads: Map<string, StreamHead> }> {
  const versions: OfficersVersionInForce[] = [];
  const entityHeads = new Map<string, StreamHead>();
  for await (const head of new RegionReader(store.client, store.tableName).heads(regionPrefix, stream, undefined, 0)) {
    if (head.stream === entityKind.id) entityHeads.set(head.uscc, head);
    if (head.stream !== officersKind.id) continue;
    const { entry } = resolveInForce(head.timeline, { at: date });
    if (entry) versions.push({ head, entry });
  }
  return { versions, entityHeads };
}

/**
 * Every unit's officers list in force on `date` within the region prefix, in no particular order: one gsi2
 * Query walk for the heads, then each list's content (eight reads in flight). The unit names cost one more
 * read per unit (its entity list), so a caller that prints no names leaves `unitNames` off.
 */
export async function officersListsInForce(
  store: StreamStore,
  regionPrefix: string,
  date: string,
  options: { unitNames: boolean },
): Promise<UnitOfficersList[]> {
  const { versions, entityHeads } = await officersVersionsInForce(store, regionPrefix, date);
  const lists: UnitOfficersList[] = [];
  await inParallel(versions, async ({ head, entry }) => {
    const [{ items }, unitName] = await Promise.all([
      store.readContent(head.uscc, officersKind.id, entry),
      options.unitNames ? nameOf(store, entityHeads.get(head.uscc), date) : undefined,
    ]);
    lists.push({
      unit: { uscc: head.uscc, regionCode: head.regionCode, ...(unitName ? { unitName } : {}) },
      version: entry.version,
      publishedAt: entry.publishedAt,
      latestPublishedAt: head.timeline.at(-1)!.publishedAt,
      items,
    });
  });
  return lists;
}

/** Runs `work` on every value, eight at a time (the reads a region's units need in flight). */
export async function inParallel<T>(values: readonly T[], work: (value: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < values.length) await work(values[next++]!);
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
}

/** The certificates of the region on `date` with their unit names, ordered by region code and number. */
export async function regionCertificates(
  store: StreamStore,
  regionPrefix: string,
  date: string,
): Promise<RegionCertificates> {
  const lists = await officersListsInForce(store, regionPrefix, date, { unitNames: true });
  const certificates: RegionCertificates['certificates'] = [];
  let dataAsOf: string | undefined;
  for (const list of lists) {
    if (!dataAsOf || list.latestPublishedAt > dataAsOf) dataAsOf = list.latestPublishedAt;
    for (const item of list.items) {
      const certificate: RegionCertificates['certificates'][number] = Object.assign(certificateOf(item, list.unit), {
        version: list.version,
        publishedAt: list.publishedAt,
      });
      certificates.push(certificate);
    }
  }
  certificates.sort((a, b) => byRegionAndNumber(a.regionCode, a.certificateNumber, b.regionCode, b.certificateNumber));
  return { date, ...(dataAsOf ? { dataAsOf } : {}), units: lists.length, certificates };
}

/** The order of certificates in the region's lists: by region code, then by certificate number. */
export function byRegionAndNumber(regionA: string, numberA: string, regionB: string, numberB: string): number {
  if (regionA !== regionB) return regionA < regionB ? -1 : 1;
  return numberA < numberB ? -1 : numberA > numberB ? 1 : 0;
}

async function nameOf(store: StreamStore, head: StreamHead | undefined, date: string): Promise<string | undefined> {
  if (!head) return undefined;
  const { entry } = resolveInForce(head.timeline, { at: date });
  const e = entry ?? head.timeline.at(-1);
  if (!e) return undefined;
  const { items } = await store.readContent(head.uscc, entityKind.id, e);
  return typeof items[0]?.name === 'string' ? items[0].name : undefined;
}
