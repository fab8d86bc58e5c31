/**
 * Publishing the signed status lists (like revocation lists): every certificate of a region with its status
 * on the China date, signed once and stored (./status-list-store.ts), so readers get the stored bytes. A list
 * is published for each region prefix that has officers lists: each county, its city and its province.
 * Run daily after midnight Beijing time (statuses change with the date: an expiry takes effect that day) by
 * the scheduled job, and for the prefixes of a unit's region after each publication of its officers list.
 * A run reads the officers heads (one gsi2 Query walk) and the status projection of each version in force (one
 * BatchGetItem per 100 units, ./status-projection.ts), reading the content only of a version not projected yet
 * (and projecting it). Each region code's entries are encoded once (canonical JSON, UTF-8) and shared by every
 * prefix that lists it: a prefix's list is the runs of its region codes, in region code and number order.
 */
import { chinaDate } from '../../core/dates.js';
import { regionPrefix } from '../../core/region.js';
import { officersKind } from '../../core/kinds/officers.js';
import type { StreamStore } from '../lists/index.js';
import {
  encodeStatusListEntry,
  keyId,
  signStatusList,
  STATUS_LIST_MAX_AGE_MS,
  type CertificateSigner,
} from './credential.js';
import { byRegionAndNumber, inParallel, officersVersionsInForce } from './region-certificates.js';
import { statusListEntry } from './signing.js';
import type { StatusListStore } from './status-list-store.js';
import {
  projectedDates,
  projectRecord,
  type ProjectedCertificate,
  type StatusProjectionStore,
  type VersionLocator,
} from './status-projection.js';

export interface StatusListRun {
  date: string;
  issuedAt: string;
  /** The region prefixes published, and how many certificates all of them named. */
  regions: string[];
  certificates: number;
  ms: number;
}

/** The prefix itself and the larger regions containing it: 330681 → 33, 3306, 330681. */
export function enclosingPrefixes(prefix: string): string[] {
  return [2, 4, 6].filter((n) => n <= prefix.length).map((n) => prefix.slice(0, n));
}

export class StatusListPublisher {
  constructor(
    readonly store: StreamStore,
    readonly lists: StatusListStore,
    readonly signer: CertificateSigner,
    readonly projections: StatusProjectionStore,
  ) {}

  /** Every region that has officers lists (one Query walk over the heads). */
  publishAll(): Promise<StatusListRun> {
    return this.publish('');
  }

  /** The lists that cover a unit's region (its county, city and province), after its officers list changed. */
  publishFor(regionCode: string): Promise<StatusListRun> {
    return this.publish(regionPrefix(regionCode).slice(0, 2), enclosingPrefixes(regionPrefix(regionCode)));
  }

  private async publish(scope: string, only?: string[]): Promise<StatusListRun> {
    const started = performance.now();
    const now = this.store.now();
    const date = chinaDate(now);
    const publicKey = await this.signer.publicKey();
    await this.lists.putPublicKey(publicKey, keyId(publicKey));
    const regions = encodeByRegion(await this.projectedEntries(scope, date));
    const prefixes = only ?? [...new Set(regions.flatMap((r) => enclosingPrefixes(regionPrefix(r.regionCode))))];
    let certificates = 0;
    for (const prefix of prefixes.sort()) {
      const within = regions.filter((r) => r.regionCode.startsWith(prefix));
      const count = within.reduce((n, r) => n + r.count, 0);
      const dataAsOf = within.reduce<string | undefined>((m, r) => (!m || r.dataAsOf > m ? r.dataAsOf : m), undefined);
      const header = {
        region: prefix,
        date,
        issuedAt: now.toISOString(),
        nextUpdate: new Date(now.getTime() + STATUS_LIST_MAX_AGE_MS).toISOString(),
        ...(dataAsOf ? { dataAsOf } : {}),
      };
      const { signed, payload } = await signStatusList(header, { count, runs: within.map((r) => r.run) }, this.signer);
      certificates += count;
      await this.lists.put({ regionPrefix: prefix, date, issuedAt: now.toISOString(), count, signed }, payload);
    }
    return {
      date,
      issuedAt: now.toISOString(),
      regions: prefixes,
      certificates,
      ms: Math.round(performance.now() - started),
    };
  }

  /**
   * Every certificate of the scope on `date`, its entry encoded: from the projections of the versions in force,
   * and for a version without one from its content, which is then projected so the next run reads the projection.
   */
  private async projectedEntries(scope: string, date: string): Promise<EncodedEntry[]> {
    const { versions } = await officersVersionsInForce(this.store, scope, date, officersKind.id);
    const locators = new Map<VersionLocator, (typeof versions)[number]>(
      versions.map((v) => [{ uscc: v.head.uscc, version: v.entry.version, attempt: v.entry.attempt }, v]),
    );
    const projected = await this.projections.getMany([...locators.keys()]);
    await inParallel(
      [...locators.keys()].filter((l) => !projected.has(l)),
      async (locator) => {
        const { items } = await this.store.readContent(locator.uscc, officersKind.id, locators.get(locator)!.entry);
        const rows = items.map(projectRecord);
        await this.projections.put(locator, rows);
        projected.set(locator, rows);
      },
    );
    const entries: EncodedEntry[] = [];
    for (const [locator, { head, entry }] of locators) {
      for (const row of projected.get(locator) ?? [])
        entries.push(encodeEntry(row, head.regionCode, entry.publishedAt, date));
    }
    return entries.sort((a, b) =>
      byRegionAndNumber(a.regionCode, a.certificateNumber, b.regionCode, b.certificateNumber),
    );
  }
}

/** One certificate's status-list entry as canonical JSON, with what places it: region code, number, version. */
interface EncodedEntry {
  regionCode: string;
  certificateNumber: string;
  publishedAt: string;
  json: string;
}

function encodeEntry(row: ProjectedCertificate, regionCode: string, publishedAt: string, date: string): EncodedEntry {
  const dates = projectedDates(row);
  return {
    regionCode,
    certificateNumber: dates.certificateNumber,
    publishedAt,
    json: encodeStatusListEntry(statusListEntry(dates, date)),
  };
}

/** The entries of one region code, joined by commas as UTF-8, with their count and latest publication. */
interface RegionRun {
  regionCode: string;
  count: number;
  dataAsOf: string;
  run: Uint8Array;
}

/** Sorted entries cut into one run per region code (they are contiguous in region code order). */
function encodeByRegion(entries: readonly EncodedEntry[]): RegionRun[] {
  const runs: RegionRun[] = [];
  for (let i = 0; i < entries.length; ) {
    const regionCode = entries[i]!.regionCode;
    let j = i;
    let dataAsOf = '';
    const texts: string[] = [];
    for (; j < entries.length && entries[j]!.regionCode === regionCode; j++) {
      texts.push(entries[j]!.json);
      if (entries[j]!.publishedAt > dataAsOf) dataAsOf = entries[j]!.publishedAt;
    }
    runs.push({ regionCode, count: j - i, dataAsOf, run: Buffer.from(texts.join(',')) });
    i = j;
  }
  return runs;
}
