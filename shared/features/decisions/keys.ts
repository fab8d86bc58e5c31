/**
 * The decisions feature's items in the single table. Every read is a GetItem or a Query bounded by what it returns.
 *
 * | item                              | pk                         | sk                               |
 * |-----------------------------------|----------------------------|----------------------------------|
 * | decision (private record, public view, state) | DEC#<unit uscc> | D#<decision date>#<文号 hash:12> |
 * | 文号 claim (unique per unit; lookup by 文号) | DECNO#<normalised 文号> | <unit uscc>                 |
 * | zero statement (per month)        | DEC#<unit uscc>            | Z#<yyyy-mm>                      |
 * | yearly report of a unit, versioned | DEC#<unit uscc>           | Y#<yyyy>#<version:4>             |
 * | yearly report of a region         | DECREG#<region code>       | Y#<yyyy>#<version:4>             |
 * | expiry job watermark              | DECJOB                     | EXPIRY                           |
 * | statement signing key (public half) | DECKEY                   | <key id>                         |
 *
 * A unit's decisions by date are one Query of its partition. Indexes, overloading the table's GSIs with their own
 * partition values (other features' queries name other partitions):
 * - gsi1 (by region and date): gsi1pk = DECR#<region code>#<yyyy>, gsi1sk = <date>#<unit>#<hash>;
 * - gsi2 (by party credit code): gsi2pk = DECP#<party uscc>, gsi2sk = <date>#<unit>#<hash>, only for parties with one;
 * - ledger-pending (sparse, by expiry day): ledgerPk = DECEXP#<yyyy-mm of expiry>, ledgerSk = <expiry date>#<unit>#
 *   <hash>, only while a published decision waits for the end of its publicity period; the expiry job reads the
 *   range of days it has not yet done (one Query per month touched), i.e. only decisions due.
 */
import { sha256Hex } from '../../core/canonical-json.js';
import { padKey } from '../../platform/dynamodb/table.js';
import { normaliseNumber } from './model.js';

export const decisionKeys = {
  unit: (uscc: string) => `DEC#${uscc}`,
  decision: (date: string, hash: string) => `D#${date}#${hash}`,
  decisionPrefix: 'D#',
  number: (number: string) => `DECNO#${normaliseNumber(number)}`,
  zeroStatement: (month: string) => `Z#${month}`,
  zeroStatementPrefix: 'Z#',
  report: (year: number, version: number) => `Y#${year}#${padKey(version, 4)}`,
  reportPrefix: (year: number) => `Y#${year}#`,
  regionReport: (regionCode: string) => `DECREG#${regionCode}`,
  expiryJob: { pk: 'DECJOB', sk: 'EXPIRY' },
  statementKeys: 'DECKEY',
  regionIndex: {
    name: 'gsi1',
    pk: (regionCode: string, year: string) => `DECR#${regionCode}#${year}`,
    sk: (date: string, unit: string, hash: string) => `${date}#${unit}#${hash}`,
  },
  partyIndex: {
    name: 'gsi2',
    pk: (uscc: string) => `DECP#${uscc}`,
    sk: (date: string, unit: string, hash: string) => `${date}#${unit}#${hash}`,
  },
  expiryIndex: {
    name: 'ledger-pending',
    pk: (date: string) => `DECEXP#${date.slice(0, 7)}`,
    sk: (date: string, unit: string, hash: string) => `${date}#${unit}#${hash}`,
  },
} as const;

/** The hash that names a decision within its unit: SHA-256 of its normalised 文号, 12 hex digits. */
export const numberHash = (number: string) => sha256Hex(normaliseNumber(number)).slice(0, 12);

/** A decision's public id: <unit uscc>.<decision date>.<文号 hash>; it names the item's key. */
export function decisionId(unit: string, date: string, hash: string): string {
  return `${unit}.${date}.${hash}`;
}

export const DECISION_ID = /^([0-9A-HJ-NPQRTUWXY]{18})\.(\d{4}-\d{2}-\d{2})\.([0-9a-f]{12})$/;

export function parseDecisionId(id: string): { unit: string; date: string; hash: string } | undefined {
  const m = DECISION_ID.exec(id);
  return m ? { unit: m[1]!, date: m[2]!, hash: m[3]! } : undefined;
}
