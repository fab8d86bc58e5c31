/**
 * Keys of the items the workflow owns: drafts, audit records, idempotency keys (the table's layout:
 * shared/platform/dynamodb/table.ts).
 */
import { padKey as pad } from '../../platform/dynamodb/table.js';

export const workflowKeys = {
  draft: (id: string) => `DR#${id}`,
  draftsIndex: {
    name: 'gsi1',
    pk: 'DRAFT',
    sk: (regionCode: string, uscc: string, createdAt: string, id: string) => `${regionCode}#${uscc}#${createdAt}#${id}`,
  },
  audit: (unit: string) => `AUD#${unit}`,
  auditSeq: (seq: number) => `S#${pad(seq, 12)}`,
  /** An audit entry whose append kept losing the race: kept durably until it is appended to its stream. */
  auditPending: (unit: string) => `AUDP#${unit}`,
  auditIndex: {
    name: 'gsi1',
    pk: 'AUDIT',
    sk: (time: string, unit: string, seq: number) => `${time}#${unit}#${pad(seq, 12)}`,
  },
  idempotency: (sub: string, keyHash: string) => `IDEM#${sub}#${keyHash}`,
} as const;
