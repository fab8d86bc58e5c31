/**
 * The key layout of the single table. Every item the registry stores is named here.
 *
 * | item                         | pk                              | sk                         |
 * |------------------------------|---------------------------------|----------------------------|
 * | stream head (entity or list) | U#<uscc>                        | H#<stream>                 |
 * | version summary (history)    | U#<uscc>                        | V#<stream>#<n:10>#<attempt> |
 * | version metadata (content)   | I#<uscc>#<stream>#<n:10>#<attempt> | A#META                  |
 * | version items, in chunks     | I#<uscc>#<stream>#<n:10>#<attempt> | C#<first item index:7>  |
 * | draft (workflow) metadata    | DR#<draft id>                   | A#META                     |
 * | draft items, in chunks       | DR#<draft id>                   | C#<first item index:7>     |
 * | audit record (全过程记录)     | AUD#<uscc or GLOBAL>            | S#<seq:12>                 |
 * | idempotency key (TTL expiresAt) | IDEM#<sub>#<sha256 of key>   | A#META                     |
 * | log state (size, root, edge)  | LOG                             | STATE                      |
 * | log signing key (public)     | LOG                             | KEY                        |
 * | signed checkpoint, by size   | LOG                             | CP#<size:16>               |
 * | full hash tile (tlog-tiles)  | LOG#T#<level>#<index:12>        | TILE                       |
 * | log entry (leaf data)        | LOG#E#<bundle index:12>         | <index in bundle:3>        |
 *
 * <stream> is a list kind id or `entity`. A unit's heads are contiguous (`H#`), so
 * its overview is one Query. Content is written under a fresh <attempt> before the
 * head moves, so it is immutable and invisible until the head's conditional update
 * names it; orphans of failed attempts are never read.
 *
 * gsi1 (entities by region): gsi1pk = UNIT, gsi1sk = <regionCode>#<uscc>, on entity heads.
 * gsi2 (all heads by region): gsi2pk = HEAD, gsi2sk = <regionCode>#<uscc>#<stream>.
 * ledger-pending (sparse): ledgerPk = LEDGER, ledgerSk = <first unlogged publishedAt>#<uscc>#<stream>.
 * The ledger sequencer also sets on heads loggedVersion and leafRanges ([first version, first leaf index] per
 * run), so any version's leaf index follows from the head. The LOG items are the transparency log .
 * gsi1 also indexes drafts (gsi1pk = DRAFT, gsi1sk = <regionCode>#<uscc>#<createdAt>#<id>) and audit records
 * across units (gsi1pk = AUDIT, gsi1sk = <time>#<unit>#<seq:12>): other partition values, same index.
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
