/**
 * The table: one source of truth for its key schema and indexes. The CDK stack,
 * the local engine and the tests all create it from this definition.
 *
 * The key layout. Every item the registry stores is listed here; each feature owns the key builders of its
 * items (shared/features/lists/keys.ts, workflow/keys.ts, ledger/keys.ts, spreadsheets/keys.ts, auth/keys.ts,
 * workbench/keys.ts).
 *
 * | item                         | pk                              | sk                         |
 * |------------------------------|---------------------------------|----------------------------|
 * | stream head (entity or list) | U#<uscc>                        | H#<stream>                 |
 * | version summary (history)    | U#<uscc>                        | V#<stream>#<n:10>#<attempt> |
 * | former region of a moved unit | U#<uscc>                       | R#<regionCode>             |
 * | version metadata (content)   | I#<uscc>#<stream>#<n:10>#<attempt> | A#META                  |
 * | version items, in chunks     | I#<uscc>#<stream>#<n:10>#<attempt> | C#<first item index:7>  |
 * | draft (workflow) metadata    | DR#<draft id>                   | A#META                     |
 * | draft items, in chunks       | DR#<draft id>                   | C#<first item index:7>     |
 * | audit record (全过程记录)     | AUD#<uscc or GLOBAL>            | S#<seq:12>                 |
 * | idempotency key (TTL expiresAt) | IDEM#<sub>#<sha256 of key>   | A#META                     |
 * | remembered column map        | CMAP#<uscc>                     | <kind>#<headingKey>        |
 * | role assignment (auth)       | ASSIGN#<sub>                    | <role>#<uscc or region>    |
 * | workbench upload, its chunks | WB#UP#<upload id>               | A#META, C#<n:4>            |
 * | signed-out session (TTL expiresAt) | WB#END#<session id>       | A#END                      |
 * | last scheduled verification (verifier) | VERIFY                | R#<regionCode>             |
 * | log state (size, root, edge)  | LOG                             | STATE                      |
 * | log signing key (public)     | LOG                             | KEY                        |
 * | signed checkpoint, by size   | LOG                             | CP#<size:16>               |
 * | full hash tile (tlog-tiles)  | LOG#T#<level>#<index:12>        | TILE                       |
 * | log entry (leaf data)        | LOG#E#<bundle index:12>         | <index in bundle:3>        |
 *
 * <stream> is the id of the record kind a head versions: a list kind id, or `entity` (entityKind.id) for the
 * unit's own record. "Stream" is storage's word for one unit's versioned sequence of one kind. A unit's heads are
 * contiguous (`H#`), so
 * its overview is one Query. Content is written under a fresh <attempt> before the
 * head moves, so it is immutable and invisible until the head's conditional update
 * names it; orphans of failed attempts are never read.
 *
 * gsi1 (entities by region): gsi1pk = UNIT, gsi1sk = <regionCode>#<uscc>, on entity heads.
 * gsi2 (all heads by region): gsi2pk = HEAD, gsi2sk = <regionCode>#<uscc>#<stream>; a former-region marker sits
 * beside them as the stream `~former-region`, so reads of that region for a past date find the unit.
 * ledger-pending (sparse): ledgerPk = LEDGER, ledgerSk = <first unlogged publishedAt>#<uscc>#<stream>.
 * The ledger sequencer also sets on heads loggedVersion and leafRanges ([first version, first leaf index] per
 * run), so any version's leaf index follows from the head. The LOG items are the transparency log.
 * gsi1 also indexes drafts (gsi1pk = DRAFT, gsi1sk = <regionCode>#<uscc>#<createdAt>#<id>) and audit records
 * across units (gsi1pk = AUDIT, gsi1sk = <time>#<unit>#<seq:12>) and role assignments by region (gsi1pk = ASSIGN,
 * gsi1sk = <regionCode>#<role>#<scope>#<user id>): other partition values, same index.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  /** Attributes projected besides the keys; all when absent. */
  projection?: readonly string[];
}

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Every attribute used in a key is a string. */
  globalIndexes: [
    /** Entities by region: gsi1pk = UNIT, gsi1sk = <regionCode>#<uscc>; region filters are prefix queries. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /**
     * Every stream head (entity and lists) by region: gsi2pk = HEAD, gsi2sk = <regionCode>#<uscc>#<stream>. Keys,
     * versions and timelines (search and statistics resolve `at` from it).
     */
    {
      indexName: 'gsi2',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      projection: ['uscc', 'stream', 'version', 'contentHash', 'updatedAt', 'regionCode', 'timeline'],
    },
    /**
     * Heads with versions not yet in the transparency log (sparse): ledgerPk = LEDGER,
     * ledgerSk = <publishedAt of the first unlogged version>#<uscc>#<stream>. The sequencer removes both once logged.
     */
    {
      indexName: 'ledger-pending',
      partitionKey: 'ledgerPk',
      sortKey: 'ledgerSk',
      projection: ['uscc', 'stream', 'version', 'timeline', 'loggedVersion'],
    },
  ] as IndexDefinition[],
  /** Attribute that expires items (DynamoDB TTL), for short-lived records such as idempotency keys. */
  ttlAttribute: 'expiresAt',
} as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const i of tableDefinition.globalIndexes) {
    keyAttributes.add(i.partitionKey);
    keyAttributes.add(i.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyAttributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: i.projection
        ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection] }
        : { ProjectionType: 'ALL' },
    })),
  };
}

/** Zero-padded number for sort keys, so that string order is numeric order. */
export const padKey = (n: number, width: number) => String(n).padStart(width, '0');
