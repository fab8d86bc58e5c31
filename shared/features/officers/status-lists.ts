/**
 * Publishing the signed status lists (like revocation lists): every certificate of a region with its status
 * on the China date, signed once and stored (./status-list-store.ts), so readers get the stored bytes. A list
 * is published for each region prefix that has officers lists: each county, its city and its province.
 * Run daily after midnight Beijing time (statuses change with the date: an expiry takes effect that day) by
 * the scheduled job, and for the prefixes of a unit's region after each publication of its officers list.
 */
import { chinaDate } from '../../core/dates.js';
import { regionPrefix } from '../../core/region.js';
import type { StreamStore } from '../lists/index.js';
import { keyId, signStatusList, STATUS_LIST_MAX_AGE_MS, type CertificateSigner } from './credential.js';
import { regionCertificates, type RegionCertificates } from './region-certificates.js';
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
    const region = await regionCertificates(this.store, scope, date);
    const prefixes = only ?? [
      ...new Set(region.certificates.flatMap((c) => enclosingPrefixes(regionPrefix(c.regionCode)))),
    ];
    let certificates = 0;
    for (const prefix of prefixes.sort()) {
      const signed = await this.sign(region, prefix, now, date);
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

  private async sign(region: RegionCertificates, prefix: string, now: Date, date: string) {
    const within = region.certificates.filter((c) => c.regionCode.startsWith(prefix));
    const dataAsOf = within.reduce<string | undefined>(
      (m, c) => (!m || c.publishedAt > m ? c.publishedAt : m),
      undefined,
    );
    const signed = await signStatusList(
      {
        region: prefix,
        date,
        issuedAt: now.toISOString(),
        nextUpdate: new Date(now.getTime() + STATUS_LIST_MAX_AGE_MS).toISOString(),
        ...(dataAsOf ? { dataAsOf } : {}),
        certificates: within.map((c) => statusListEntry(c, date)),
      },
      this.signer,
    );
    return { regionPrefix: prefix, date, issuedAt: now.toISOString(), count: within.length, signed };
  }
}
