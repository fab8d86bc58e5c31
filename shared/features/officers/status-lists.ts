/**
 * Publishing the signed status lists (like revocation lists): every certificate of a region with its status
 * on the China date, signed once and stored (./status-list-store.ts), so readers get the stored bytes. A list
 * is published for each region prefix that has officers lists: each county, its city and its province.
 * Run daily after midnight Beijing time (statuses change with the date: an expiry takes effect that day) by
 * the scheduled job, and for the prefixes of a unit's region after each publication of its officers list.
 * The lists are read once per run, each certificate's entry is encoded once (canonical JSON) and shared by every
 * prefix that lists it, and each prefix is a run of the entries ordered by region code and number.
 */
import { chinaDate } from '../../core/dates.js';
import { regionPrefix } from '../../core/region.js';
import type { StreamStore } from '../lists/index.js';
import {
  encodeStatusListEntry,
  keyId,
  signStatusList,
  STATUS_LIST_MAX_AGE_MS,
  type CertificateSigner,
} from './credential.js';
import { certificateOf } from './model.js';
import { byRegionAndNumber, officersListsInForce } from './region-certificates.js';
import { statusListEntry } from './signing.js';
import type { StatusListStore } from './status-list-store.js';

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
    const entries = await encodedEntries(this.store, scope, date);
    const prefixes = only ?? [...new Set(entries.flatMap((e) => enclosingPrefixes(regionPrefix(e.regionCode))))];
    let certificates = 0;
    for (const prefix of prefixes.sort()) {
      const signed = await this.sign(entries, prefix, now, date);
      certificates += signed.count;
      await this.lists.put(signed);
    }
    return {
      date,
      issuedAt: now.toISOString(),
      regions: prefixes,
      certificates,
      ms: Math.round(performance.now() - started),
    };
  }

  private async sign(entries: EncodedEntry[], prefix: string, now: Date, date: string) {
    const within = entries.filter((e) => e.regionCode.startsWith(prefix));
    const dataAsOf = within.reduce<string | undefined>(
      (m, e) => (!m || e.publishedAt > m ? e.publishedAt : m),
      undefined,
    );
    const header = {
      region: prefix,
      date,
      issuedAt: now.toISOString(),
      nextUpdate: new Date(now.getTime() + STATUS_LIST_MAX_AGE_MS).toISOString(),
      ...(dataAsOf ? { dataAsOf } : {}),
    };
    const signed = await signStatusList(
      header,
      within.map((e) => e.json),
      this.signer,
    );
    return { regionPrefix: prefix, date, issuedAt: now.toISOString(), count: within.length, signed };
  }
}

/** One certificate's status-list entry as canonical JSON, with what places it: region code, number, version. */
interface EncodedEntry {
  regionCode: string;
  certificateNumber: string;
  publishedAt: string;
  json: string;
}

/** Every certificate of the scope on `date`, its entry encoded, ordered by region code and number. */
async function encodedEntries(store: StreamStore, scope: string, date: string): Promise<EncodedEntry[]> {
  const entries: EncodedEntry[] = [];
  for (const list of await officersListsInForce(store, scope, date, { unitNames: false })) {
    for (const item of list.items) {
      const certificate = certificateOf(item, list.unit);
      entries.push({
        regionCode: certificate.regionCode,
        certificateNumber: certificate.certificateNumber,
        publishedAt: list.publishedAt,
        json: encodeStatusListEntry(statusListEntry(certificate, date)),
      });
    }
  }
  return entries.sort((a, b) =>
    byRegionAndNumber(a.regionCode, a.certificateNumber, b.regionCode, b.certificateNumber),
  );
}
