/**
 * The inspections feature's items, all in one partition per unit:
 *
 * | item                               | pk            | sk                                |
 * |------------------------------------|---------------|-----------------------------------|
 * | plan (抽查工作计划, with its tasks)  | INSP#<uscc>   | PLAN#<planId>                     |
 * | draw (commitment, state, results)  | INSP#<uscc>   | DRAW#<drawId>                     |
 * | draw part: outcome / inspectors    | INSP#<uscc>   | PART#<drawId>#<commitment hash>#<O or I>#<chunk:5> |
 * | draw log entry (hash-chained)      | INSP#<uscc>   | LOG#<seq:10>                      |
 * | committed draw awaiting its round  | INSP-DUE      | <round time ISO>#<uscc>#<drawId>  |
 *
 * A draw's public events also enter the transparency log's event queue, under the subject `draw/<uscc>/<drawId>`
 * (`logSubject`; the items are the ledger feature's).
 *
 * The awaiting items are one small partition the scheduled draw queries for rounds already due
 * (sk ≤ now); each is deleted once its draw is drawn or refused.
 *
 * Draw parts are written before the draw item names them, so a reader never sees a
 * half-written outcome. They are keyed by the commitment hash too: two commitments racing for one draw
 * number write apart, and the loser (refused when its draw item is not created) cannot overwrite the
 * winner's inspectors snapshot. The draw log is append-only: each entry is a conditional put
 * on a fresh sequence number and carries the hash of the entry before it.
 */
import { padKey as pad } from '../../platform/dynamodb/table.js';

export const inspectionKeys = {
  unit: (uscc: string) => `INSP#${uscc}`,
  plan: (planId: string) => `PLAN#${planId}`,
  planPrefix: 'PLAN#',
  draw: (drawId: string) => `DRAW#${drawId}`,
  drawPrefix: 'DRAW#',
  part: (drawId: string, commitmentHash: string, part: 'O' | 'I', chunk: number) =>
    `PART#${drawId}#${commitmentHash}#${part}#${pad(chunk, 5)}`,
  partPrefix: (drawId: string, commitmentHash: string, part: 'O' | 'I') => `PART#${drawId}#${commitmentHash}#${part}#`,
  log: (seq: number) => `LOG#${pad(seq, 10)}`,
  logPrefix: 'LOG#',
  due: 'INSP-DUE',
  dueAt: (roundTime: string, uscc: string, drawId: string) => `${roundTime}#${uscc}#${drawId}`,
  /** A draw's subject in the transparency log's event queue (ledger/log-events.ts). */
  logSubject: (uscc: string, drawId: string) => `draw/${uscc}/${drawId}`,
} as const;
