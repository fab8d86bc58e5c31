/**
 * A log leaf: the RFC 8785 canonical JSON of one published version's summary.
 * Repeals and corrections are versions too, so each gets its leaf. `status` is
 * included beside the field list so a repeal cannot be passed off as an
 * empty list (both have no items and the same contentHash).
 *
 * Two formats, told apart by the `format` field:
 * - format 1 (no `format` field): the version's identity, dates, status and hashes;
 * - format 2 (`"format": 2`): format 1 plus the publication facts a reader relies on:
 *   `publishedBy`, `source`, `documentNumber` (文号) and `note`, the last two `null` when absent.
 * The sequencer writes format 2; leaves logged as format 1 stay verifiable, since a verifier
 * rebuilds each leaf in the format it was logged in (`leafFormatOf`).
 */
import { z } from 'zod';
import { canonicalJson } from '../../../core/canonical-json.js';

const LeafV1Schema = z.object({
  origin: z.string(),
  unit: z.string(),
  kind: z.string(),
  version: z.number().int().positive(),
  status: z.enum(['published', 'repealed']),
  effectiveFrom: z.string(),
  publishedAt: z.string(),
  itemCount: z.number().int().nonnegative(),
  contentHash: z.string(),
  previousHash: z.string().nullable(),
  itemsRoot: z.string(),
});

const LeafV2Schema = LeafV1Schema.extend({
  format: z.literal(2),
  publishedBy: z.string(),
  source: z.string(),
  documentNumber: z.string().nullable(),
  note: z.string().nullable(),
});

export const LeafSchema = z.union([LeafV2Schema.strict(), LeafV1Schema.strict()]);
export type Leaf = z.infer<typeof LeafSchema>;
export type LeafFormat = 1 | 2;
/** The format the sequencer writes now. */
export const CURRENT_LEAF_FORMAT: LeafFormat = 2;

export interface LeafSource {
  unit: string;
  kind: string;
  version: number;
  status: 'published' | 'repealed';
  effectiveFrom: string;
  publishedAt: string;
  itemCount: number;
  contentHash: string;
  previousHash: string | null;
  publishedBy?: string;
  source?: string;
  documentNumber?: string;
  note?: string;
}

export function buildLeaf(
  origin: string,
  meta: LeafSource,
  itemsRoot: string,
  format: LeafFormat = CURRENT_LEAF_FORMAT,
): Leaf {
  const v1 = {
    origin,
    unit: meta.unit,
    kind: meta.kind,
    version: meta.version,
    status: meta.status,
    effectiveFrom: meta.effectiveFrom,
    publishedAt: meta.publishedAt,
    itemCount: meta.itemCount,
    contentHash: meta.contentHash,
    previousHash: meta.previousHash,
    itemsRoot,
  };
  if (format === 1) return v1;
  return {
    ...v1,
    format: 2,
    publishedBy: meta.publishedBy ?? '',
    source: meta.source ?? '',
    documentNumber: meta.documentNumber ?? null,
    note: meta.note ?? null,
  };
}

export const encodeLeaf = (leaf: Leaf): string => canonicalJson(leaf);

export function decodeLeaf(text: string): Leaf {
  return LeafSchema.parse(JSON.parse(text));
}

export const leafFormatOf = (leaf: Leaf): LeafFormat => ('format' in leaf ? 2 : 1);

/** Names the fields in which two leaves differ (for reports). */
export function leafDifferences(expected: Leaf, actual: Leaf): string[] {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  return [...keys].filter((k) => e[k] !== a[k]);
}
