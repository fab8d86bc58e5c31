/**
 * A draw leaf: the RFC 8785 canonical JSON of one public event of a random-inspection draw (双随机、一公开). It has
 * `"record": "draw"` (list leaves have no `record`, decision leaves `"decision"`), and `format` numbers its layout.
 *
 * Format 1, every key present in every leaf (fields that do not apply to the event are `null`):
 * - `event`: `committed` (the commitment, before its round exists), `drawn` (the outcome's hash, the outcome itself
 *   withheld), `refused` (the round came but nothing could be drawn), `outcome-published` (the outcome's hash again,
 *   when the outcome becomes public), `results-published` (the inspection results);
 * - `unit`, `drawId`, `commitmentHash` (SHA-256 of the commitment's canonical JSON: the sampler's input) on every leaf;
 * - `commitment`, on the `committed` leaf: the fields that decide the draw (the plan task and the hash of the task as
 *   stored, so its count, ratio and scope cannot change unseen; the directories' versions and content hashes; filter,
 *   count, constraints as hashes; the beacon round; the scheme and salt hash; a re-draw's `redrawOf` and `reason`);
 * - `outcomeHash` and `drawnCount` on `drawn` and `outcome-published`;
 * - `refusal` (reason code and the SHA-256 of its message) on `refused`;
 * - `results` on `results-published`: their count, and `root`, the RFC 9162 root over each result record's leaf
 *   hash (its canonical JSON), sorted by 统一社会信用代码: every result record's hash is fixed, and the leaf stays small;
 * - `at`: when the registry recorded the event; `origin` and `loggedAt` are added by the sequencer: `loggedAt` is
 *   the sequencer's time when it built the batch holding the leaf, just before the batch's commit and checkpoint,
 *   the time the log fixes (a commitment's must precede its round).
 */
import { z } from 'zod';
import { canonicalJson } from '../../../core/canonical-json.js';
import { leafHash, toHex } from './hash.js';
import { rootFromLeafHashes } from './merkle.js';

export const DRAW_EVENTS = ['committed', 'drawn', 'refused', 'outcome-published', 'results-published'] as const;
export type DrawEvent = (typeof DRAW_EVENTS)[number];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const DrawCommitmentFieldsSchema = z
  .object({
    scheme: z.string(),
    saltHash: hex64.nullable(),
    planId: z.string(),
    taskId: z.string(),
    /** SHA-256 of the RFC 8785 JSON of the plan task as stored when the draw was committed. */
    taskHash: hex64,
    items: z.array(z.string()),
    targets: z.object({ unit: z.string(), kind: z.string(), version: z.number(), contentHash: hex64 }).strict(),
    inspectors: z
      .object({
        units: z.array(z.string()),
        date: z.string(),
        category: z.string(),
        count: z.number(),
        contentHash: hex64,
      })
      .strict(),
    filter: z.record(z.string(), z.unknown()),
    count: z.number(),
    inspectorsPerTarget: z.number(),
    /** SHA-256 of the RFC 8785 JSON of the sorted excluded codes and of the declared 回避 pairs. */
    excludedTargetsHash: hex64,
    conflictsHash: hex64,
    beacon: z.object({ chain: z.string(), round: z.number() }).strict(),
    committedAt: z.string(),
    redrawOf: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .strict();
export type DrawCommitmentFields = z.infer<typeof DrawCommitmentFieldsSchema>;

const DrawLeafV1Schema = z
  .object({
    record: z.literal('draw'),
    format: z.literal(1),
    origin: z.string(),
    loggedAt: z.string(),
    event: z.enum(DRAW_EVENTS),
    at: z.string(),
    unit: z.string(),
    drawId: z.string(),
    commitmentHash: hex64,
    commitment: DrawCommitmentFieldsSchema.nullable(),
    outcomeHash: hex64.nullable(),
    drawnCount: z.number().int().nonnegative().nullable(),
    refusal: z.object({ reason: z.string(), messageHash: hex64 }).strict().nullable(),
    results: z.object({ count: z.number().int().nonnegative(), root: hex64 }).strict().nullable(),
  })
  .strict();

export type DrawLeaf = z.infer<typeof DrawLeafV1Schema>;
/** What the inspections feature enqueues: the leaf without the log's origin and time, which the sequencer adds. */
export type DrawLeafBody = Omit<DrawLeaf, 'origin' | 'loggedAt'>;

export const encodeDrawLeaf = (origin: string, loggedAt: string, body: DrawLeafBody): string =>
  canonicalJson(DrawLeafV1Schema.parse({ ...body, origin, loggedAt }));

export function decodeDrawLeaf(text: string): DrawLeaf {
  return DrawLeafV1Schema.parse(JSON.parse(text));
}

/** True for a draw leaf's text. */
export function isDrawLeafText(text: string): boolean {
  try {
    return (JSON.parse(text) as { record?: unknown }).record === 'draw';
  } catch {
    return false;
  }
}

/**
 * A `results-published` leaf's `results.root`: the RFC 9162 root over the leaf hash of each result record's RFC 8785
 * JSON, the records sorted by `uscc` (UTF-8 bytes).
 */
export function drawResultsRoot(results: ReadonlyArray<{ uscc: string }>): string {
  const sorted = [...results].sort((a, b) => Buffer.compare(Buffer.from(a.uscc), Buffer.from(b.uscc)));
  return toHex(rootFromLeafHashes(sorted.map((r) => leafHash(canonicalJson(r)))));
}
