/**
 * The status projection of an officers-list version: what a status-list entry needs of each certificate the
 * version lists (number, status, 发证日期, 有效期至, cancellation date and reason), written when the version is
 * published, so the daily status-list job reads a few compact items per unit instead of every officer record.
 * Rows are stored as a gzipped JSON array in parts of at most 200 KB (a unit of 1,000 officers packs to about
 * 20 KB: one item), under the unit's pk and the version's storage locator (version and attempt), so one
 * BatchGetItem reads the projections of 100 units. A version's content is immutable, and so is its projection:
 * writing it again writes the same bytes. It is derived, never the commit point: a version without one (published
 * before projections, or by a process that failed before writing it) is read from its content and projected then.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { batchGetAll, batchWriteAll } from '../../platform/dynamodb/batch.js';
import { CHUNK_BYTES } from '../../platform/dynamodb/chunks.js';
import { officersKind } from '../../core/kinds/officers.js';
import type { StreamStore } from '../lists/index.js';
import { officerKeys } from './keys.js';
import type { CertificateDates, OfficerRecord } from './model.js';

/** One certificate as projected: [执法证号, status as published, 发证日期, 有效期至, 注销日期, 注销原因] ('' when absent). */
export type ProjectedCertificate = [string, string, string, string, string, string];

/** Where a version's content is stored: the unit, the version and the attempt that committed it. */
export interface VersionLocator {
  uscc: string;
  version: number;
  attempt: string;
}

interface PartItem {
  pk: string;
  sk: string;
  data: Uint8Array;
  /** On part 0 only: how many parts and rows the projection has. */
  parts?: number;
  count?: number;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The projection of one officer record, read as `certificateOf` reads it. */
export function projectRecord(record: OfficerRecord): ProjectedCertificate {
  return [
    String(record.certificateNumber),
    String(record.status),
    String(record.issuedOn),
    String(record.validUntil),
    text(record.cancelledOn),
    text(record.cancelReason),
  ];
}

/** The fields the status on a date is computed from, as `statusOn` and `statusListEntry` take them. */
export function projectedDates(row: ProjectedCertificate): CertificateDates {
  const [certificateNumber, status, issuedOn, validUntil, cancelledOn, cancelReason] = row;
  const dates = { certificateNumber, status, issuedOn, validUntil } as CertificateDates;
  if (cancelledOn) dates.cancelledOn = cancelledOn;
  if (cancelReason) dates.cancelReason = cancelReason;
  return dates;
}

const keyOf = (v: VersionLocator, part: number) => ({
  pk: officerKeys.statusProjection(v.uscc),
  sk: officerKeys.statusProjectionPart(v.version, v.attempt, part),
});

const locatorKey = (v: VersionLocator) => `${v.uscc}|${v.version}|${v.attempt}`;

export class StatusProjectionStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /**
   * Projects the unit's latest officers-list version (after its publication): reads its content (cached by the
   * stream store when the publish just wrote it) and writes the projection. A repealed version lists nothing.
   */
  async projectLatest(store: StreamStore, uscc: string): Promise<{ certificates: number }> {
    const latest = (await store.getHead(uscc, officersKind.id, true))?.timeline.at(-1);
    if (!latest) return { certificates: 0 };
    const { items } =
      latest.status === 'repealed' ? { items: [] } : await store.readContent(uscc, officersKind.id, latest);
    await this.put({ uscc, version: latest.version, attempt: latest.attempt }, items.map(projectRecord));
    return { certificates: items.length };
  }

  /** Writes a version's projection: its further parts first, then part 0, which says how many there are. */
  async put(version: VersionLocator, rows: readonly ProjectedCertificate[]): Promise<void> {
    const zipped = gzipSync(JSON.stringify(rows));
    const parts: Uint8Array[] = [];
    for (let i = 0; i < zipped.length; i += CHUNK_BYTES) parts.push(zipped.subarray(i, i + CHUNK_BYTES));
    if (parts.length === 0) parts.push(new Uint8Array());
    const item = (part: number): PartItem => ({
      ...keyOf(version, part),
      data: parts[part]!,
      ...(part === 0 ? { parts: parts.length, count: rows.length } : {}),
    });
    const request = (part: number) => ({ PutRequest: { Item: marshall(item(part)) } });
    await batchWriteAll(
      this.client,
      this.tableName,
      parts.slice(1).map((_, i) => request(i + 1)),
    );
    await batchWriteAll(this.client, this.tableName, [request(0)]);
  }

  /**
   * The projections of many versions: one BatchGetItem per 100 versions for their part 0, and one per 100 further
   * parts of the few longer than 200 KB packed. A version without a stored projection is absent from the map.
   */
  async getMany(versions: readonly VersionLocator[]): Promise<Map<VersionLocator, ProjectedCertificate[]>> {
    const firsts = await this.readParts(versions.map((v) => ({ version: v, part: 0 })));
    const rest = versions.flatMap((v) =>
      Array.from({ length: Math.max(0, (firsts.get(locatorKey(v))?.[0]?.parts ?? 1) - 1) }, (_, i) => ({
        version: v,
        part: i + 1,
      })),
    );
    const further = rest.length ? await this.readParts(rest) : new Map<string, PartItem[]>();
    const found = new Map<VersionLocator, ProjectedCertificate[]>();
    for (const v of versions) {
      const first = firsts.get(locatorKey(v))?.[0];
      if (!first) continue;
      const more = further.get(locatorKey(v)) ?? [];
      // A projection whose further parts are not all readable yet is read from the content instead.
      if (more.length !== (first.parts ?? 1) - 1) continue;
      const bytes = Buffer.concat([first, ...more.sort((a, b) => (a.sk < b.sk ? -1 : 1))].map((p) => p.data));
      found.set(v, JSON.parse(gunzipSync(bytes).toString('utf8')) as ProjectedCertificate[]);
    }
    return found;
  }

  private async readParts(
    wanted: ReadonlyArray<{ version: VersionLocator; part: number }>,
  ): Promise<Map<string, PartItem[]>> {
    const byKey = new Map(wanted.map((w) => [`${keyOf(w.version, w.part).pk}|${keyOf(w.version, w.part).sk}`, w]));
    const items = await batchGetAll(
      this.client,
      this.tableName,
      wanted.map((w) => marshall(keyOf(w.version, w.part))),
    );
    const found = new Map<string, PartItem[]>();
    for (const raw of items) {
      const item = decode(raw);
      const w = byKey.get(`${item.pk}|${item.sk}`);
      if (!w) continue;
      const key = locatorKey(w.version);
      found.set(key, [...(found.get(key) ?? []), item]);
    }
    return found;
  }
}

function decode(raw: Record<string, AttributeValue>): PartItem {
  return unmarshall(raw) as PartItem;
}
