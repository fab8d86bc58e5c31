/**
 * A decision leaf: the RFC 8785 canonical JSON of one public event of an enforcement decision (事后公示):
 * its publication, its withdrawal, or the end of its publicity period. List leaves (./leaf.ts) have no `record`
 * field; a decision leaf has `"record": "decision"`, and `format` numbers its layout.
 *
 * Format 1 holds only what the registry serves publicly, so that no leaf byte carries personal data in clear:
 * - `id`, `unit`, `regionCode`, `number` (决定书文号), `decisionType`, `decisionDate`;
 * - `commitment`: the salted commitment to the full private record (the party can prove it is theirs);
 * - `contentHash`: SHA-256 of the RFC 8785 JSON of the redacted public content, on the publication leaf only
 *   (the content itself is not in the leaf: it leaves the public view at the end of its period, the hash stays);
 * - `publicity`: the rule set, tier, months and end date applied;
 * - `withdrawal`: the revoking act (ground, 文号, date, reason) and the day it was recorded, on the withdrawal leaf;
 * - `expiredOn`: the day the period ended, on the expiry leaf;
 * - `at`: when the registry recorded the event; `origin`: the log's name, as in list leaves.
 * Fields that do not apply to an event are `null`, so every leaf of the format has the same keys.
 */
import { z } from 'zod';
import { canonicalJson } from '../../../core/canonical-json.js';

export const DECISION_EVENTS = ['published', 'withdrawn', 'expired'] as const;

const DecisionLeafV1Schema = z
  .object({
    record: z.literal('decision'),
    format: z.literal(1),
    origin: z.string(),
    event: z.enum(DECISION_EVENTS),
    at: z.string(),
    id: z.string(),
    unit: z.string(),
    regionCode: z.string(),
    number: z.string(),
    decisionType: z.string(),
    decisionDate: z.string(),
    commitment: z.string(),
    contentHash: z.string().nullable(),
    publicity: z
      .object({
        ruleSet: z.string().nullable(),
        tier: z.string().nullable(),
        months: z.number().nullable(),
        expiresOn: z.string().nullable(),
      })
      .strict(),
    withdrawal: z
      .object({
        ground: z.string(),
        actNumber: z.string(),
        actDate: z.string(),
        reason: z.string(),
        recordedOn: z.string(),
      })
      .strict()
      .nullable(),
    expiredOn: z.string().nullable(),
  })
  .strict();

export type DecisionLeaf = z.infer<typeof DecisionLeafV1Schema>;
/** What the decisions feature enqueues: the leaf without the log's origin, which the sequencer adds. */
export type DecisionLeafBody = Omit<DecisionLeaf, 'origin'>;

export const encodeDecisionLeaf = (origin: string, body: DecisionLeafBody): string =>
  canonicalJson(DecisionLeafV1Schema.parse({ ...body, origin }));

export function decodeDecisionLeaf(text: string): DecisionLeaf {
  return DecisionLeafV1Schema.parse(JSON.parse(text));
}

/** True for a decision leaf's text, false for a list leaf's (or text that is no JSON object). */
export function isDecisionLeafText(text: string): boolean {
  try {
    return (JSON.parse(text) as { record?: unknown }).record === 'decision';
  } catch {
    return false;
  }
}
