/**
 * A decision document leaf: the RFC 8785 canonical JSON of one document the registry publishes about a unit's or a
 * region's enforcement decisions (事后公示), so that none can be changed, back-dated or removed unseen:
 * - `zero-statement`: a unit's signed monthly count of its decisions (月度执法决定数量声明), `period` YYYY-MM;
 * - `yearly-report`: a unit's yearly enforcement data (年度执法数据, 国办发〔2018〕118号), `period` YYYY;
 * - `region-report`: a region's yearly report, the sum of its units' reports, `period` YYYY.
 * Each version of a document is its own leaf (reports are recomputed as new versions, never overwritten).
 *
 * Format 1: `record` is `"decision-document"`; `document`, `unit` (the unit's 统一社会信用代码, `null` for a region
 * report), `regionCode` (the unit's region when it was made, or the report's region), `period`, `version` (1 for a
 * statement), `contentHash` (SHA-256 of the RFC 8785 JSON of the document exactly as the public route serves it),
 * `at` (when the registry stored it) and `origin` (the log's name, as in list leaves).
 */
import { z } from 'zod';
import { canonicalJson } from '../../../core/canonical-json.js';

export const DECISION_DOCUMENTS = ['zero-statement', 'yearly-report', 'region-report'] as const;
export type DecisionDocument = (typeof DECISION_DOCUMENTS)[number];

const DocumentLeafV1Schema = z
  .object({
    record: z.literal('decision-document'),
    format: z.literal(1),
    origin: z.string(),
    document: z.enum(DECISION_DOCUMENTS),
    at: z.string(),
    unit: z.string().nullable(),
    regionCode: z.string(),
    period: z.string().regex(/^\d{4}(-\d{2})?$/),
    version: z.number().int().positive(),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export type DocumentLeaf = z.infer<typeof DocumentLeafV1Schema>;
/** What the decisions feature enqueues: the leaf without the log's origin, which the sequencer adds. */
export type DocumentLeafBody = Omit<DocumentLeaf, 'origin'>;

export const encodeDocumentLeaf = (origin: string, body: DocumentLeafBody): string =>
  canonicalJson(DocumentLeafV1Schema.parse({ ...body, origin }));

export function decodeDocumentLeaf(text: string): DocumentLeaf {
  return DocumentLeafV1Schema.parse(JSON.parse(text));
}

/** True for a decision document leaf's text. */
export function isDocumentLeafText(text: string): boolean {
  try {
    return (JSON.parse(text) as { record?: unknown }).record === 'decision-document';
  } catch {
    return false;
  }
}
