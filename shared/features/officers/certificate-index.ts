/**
 * The certificate index: one item per certificate number (pk CERT#<number>), so that a check by number is
 * one GetItem. It is derived, never the commit point: the officers list's publish (the stream head's
 * conditional update) commits; afterwards `deriveUnit` rewrites this unit's holding on every number the
 * unit ever listed, from the unit's versions. Deriving is idempotent (the holding is a function of the
 * versions) and safe to repeat or run late: readers see the previous holding until then. Two units
 * deriving the same number at once (a transfer) merge through a conditional put on the item's revision,
 * each replacing only its own holding.
 */
import {
  BatchGetItemCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { entityKind } from '../../core/kinds/index.js';
import { officersKind } from '../../core/kinds/officers.js';
import type { StreamStore } from '../lists/index.js';
import { officerKeys } from './keys.js';
import { buildHolding, type CertificateIndex, type Holding, type OfficerRecord } from './model.js';

const BATCH_KEYS = 100;
const PARALLEL_WRITES = 16;

interface StoredIndex {
  index: CertificateIndex;
  revision: number;
}

export class CertificateIndexStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** One GetItem. */
  async get(certificateNumber: string, consistent = false): Promise<CertificateIndex | undefined> {
    return (await this.read(certificateNumber, consistent))?.index;
  }

  private async read(certificateNumber: string, consistent: boolean): Promise<StoredIndex | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: officerKeys.certificate(certificateNumber), sk: officerKeys.meta }),
        ConsistentRead: consistent,
      }),
    );
    return out.Item ? decode(out.Item) : undefined;
  }

  /** Many numbers, 100 per BatchGetItem; absent numbers are absent from the map. */
  async getMany(numbers: readonly string[]): Promise<Map<string, CertificateIndex>> {
    const found = new Map<string, CertificateIndex>();
    let pending: Array<Record<string, AttributeValue>> = [...new Set(numbers)].map((n) =>
      marshall({ pk: officerKeys.certificate(n), sk: officerKeys.meta }),
    );
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 10) throw new Error(`BatchGetItem left ${pending.length} certificates unprocessed after retries`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const batch = pending.slice(0, BATCH_KEYS);
      const out = await this.client.send(
        new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: batch, ConsistentRead: true } } }),
      );
      for (const raw of out.Responses?.[this.tableName] ?? []) {
        const { index } = decode(raw);
        found.set(index.certificateNumber, index);
      }
      pending = [...pending.slice(BATCH_KEYS), ...(out.UnprocessedKeys?.[this.tableName]?.Keys ?? [])];
    }
    return found;
  }

  /**
   * Rewrites this unit's holding on every number its officers list ever named, from its versions.
   * Returns how many index items changed. Reads every version's content (cached by the stream store).
   */
  async deriveUnit(store: StreamStore, uscc: string): Promise<{ certificates: number; written: number }> {
    const [head, entity] = await Promise.all([
      store.getHead(uscc, officersKind.id, true),
      store.getHead(uscc, entityKind.id, true),
    ]);
    if (!head) return { certificates: 0, written: 0 };
    const unit = {
      uscc,
      regionCode: head.regionCode,
      ...(typeof entity?.entity?.name === 'string' ? { unitName: entity.entity.name } : {}),
    };
    const byNumber = new Map<string, Map<number, OfficerRecord | null>>();
    for (const entry of head.timeline) {
      if (entry.status === 'repealed') continue;
      const { items } = await store.readContent(uscc, officersKind.id, entry);
      for (const item of items) {
        const number = String(item.certificateNumber);
        let versions = byNumber.get(number);
        if (!versions) byNumber.set(number, (versions = new Map()));
        versions.set(entry.version, item);
      }
    }
    const holdings = [...byNumber].map(([number, versions]) => ({
      number,
      holding: buildHolding(unit, head.timeline, versions),
    }));
    let written = 0;
    for (let i = 0; i < holdings.length; i += PARALLEL_WRITES) {
      const results = await Promise.all(
        holdings.slice(i, i + PARALLEL_WRITES).map((h) => this.putHolding(h.number, h.holding)),
      );
      written += results.filter(Boolean).length;
    }
    return { certificates: holdings.length, written };
  }

  /** Replaces one unit's holding on a number; false when it was already so. Retries on a concurrent write. */
  private async putHolding(number: string, holding: Holding): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.read(number, true);
      const others = (stored?.index.holdings ?? []).filter((h) => h.uscc !== holding.uscc);
      const mine = stored?.index.holdings.find((h) => h.uscc === holding.uscc);
      if (mine && JSON.stringify(mine) === JSON.stringify(holding)) return false;
      // A later derive of this unit may already be stored (derives can run out of order): keep the newer.
      if (mine && mine.derivedVersion > holding.derivedVersion) return false;
      const index: CertificateIndex = {
        certificateNumber: number,
        holdings: [...others, holding].sort((a, b) => (a.uscc < b.uscc ? -1 : 1)),
      };
      const revision = (stored?.revision ?? 0) + 1;
      const written = await conditionalWrite(
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall({
              pk: officerKeys.certificate(number),
              sk: officerKeys.meta,
              revision,
              index: JSON.stringify(index),
            }),
            ConditionExpression: stored ? 'revision = :r' : 'attribute_not_exists(pk)',
            ...(stored ? { ExpressionAttributeValues: marshall({ ':r': stored.revision }) } : {}),
          }),
        ),
      );
      if (written) return true;
      // Another unit's derivation wrote this certificate's index meanwhile: read it again and merge.
      if (attempt >= 10) throw new Error(`certificate index ${number} kept changing under concurrent updates`);
    }
  }
}

function decode(raw: Record<string, AttributeValue>): StoredIndex {
  const item = unmarshall(raw) as { revision: number; index: string };
  return { index: JSON.parse(item.index) as CertificateIndex, revision: item.revision };
}
