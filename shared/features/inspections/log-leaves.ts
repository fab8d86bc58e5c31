/**
 * The transparency-log leaf bodies of a draw's public events (format: ledger/model/draw-leaf.ts), built from the
 * draw record: the commitment's deciding fields on the `committed` leaf, the outcome only as its hash, each result
 * record only as a leaf of the results root. The verifiers rebuild the same fields from what is served.
 */
import { contentHash, sha256Hex } from '../../core/canonical-json.js';
import {
  drawResultsRoot,
  type DrawCommitmentFields,
  type DrawEvent,
  type DrawLeafBody,
  type DrawLogEvent,
} from '../ledger/index.js';
import { inspectionKeys } from './keys.js';
import type { Commitment } from './model/commitment.js';
import type { DrawRecord } from './model/draw.js';
import type { Task } from './model/plan-schema.js';

/** SHA-256 of the RFC 8785 JSON of a plan task as stored and served (undefined fields dropped). */
export const taskHash = (task: Task): string => contentHash(JSON.parse(JSON.stringify(task)));

/** The commitment's fields a `committed` leaf records; long lists enter as their hashes. */
export function commitmentFields(c: Commitment, task: string): DrawCommitmentFields {
  return {
    scheme: c.scheme,
    saltHash: c.saltHash ?? null,
    planId: c.planId,
    taskId: c.taskId,
    taskHash: task,
    items: c.items,
    targets: c.targets,
    inspectors: c.inspectors,
    filter: c.filter,
    count: c.count,
    inspectorsPerTarget: c.inspectorsPerTarget,
    excludedTargetsHash: contentHash(c.excludedTargets),
    conflictsHash: contentHash(c.conflicts),
    beacon: c.beacon,
    committedAt: c.committedAt,
    redrawOf: c.redrawOf ?? null,
    reason: c.reason ?? null,
  };
}

/** The queued event of one of a draw's public events; `task` is needed by the `committed` event only. */
export function drawLogEvent(draw: DrawRecord, event: DrawEvent, at: string, task?: Task): DrawLogEvent {
  const withOutcome = event === 'drawn' || event === 'outcome-published';
  if (event === 'committed' && !task) throw new Error('a committed draw event needs its plan task');
  const body: DrawLeafBody = {
    record: 'draw',
    format: 1,
    event,
    at,
    unit: draw.unit,
    drawId: draw.drawId,
    commitmentHash: draw.commitmentHash,
    commitment: event === 'committed' ? commitmentFields(draw.commitment, taskHash(task!)) : null,
    outcomeHash: withOutcome ? (draw.outcomeHash ?? null) : null,
    drawnCount: withOutcome ? (draw.drawnCount ?? null) : null,
    refusal:
      event === 'refused' && draw.refusal
        ? { reason: draw.refusal.reason, messageHash: sha256Hex(draw.refusal.message) }
        : null,
    results: event === 'results-published' ? { count: draw.results.length, root: drawResultsRoot(draw.results) } : null,
  };
  return { subject: inspectionKeys.logSubject(draw.unit, draw.drawId), event, body };
}
