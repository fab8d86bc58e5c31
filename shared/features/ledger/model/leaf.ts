/**
 * A log leaf: the RFC 8785 canonical JSON of one published version's summary.
 * Repeals and corrections are versions too, so each gets its leaf. `status` is
 * included beside the field list so a repeal cannot be passed off as an
 * empty list (both have no items and the same contentHash).
 *
 * Two formats, told apart by the `format` field:
 * - format 1 (no `format` field): the version's identity, dates, status and hashes;
 * - format 2 (`"format": 2`): format 1 plus the publication facts a reader relies on:
 *   `publishedBy`, `source`, `documentNumber` (文号) and `note`, the last two `null` when absent;
 * - format 3 (`"format": 3`): format 2 plus `listNotesHash`, the SHA-256 (hex) of the RFC 8785 canonical JSON of the
 *   list's own title, preface and foot rows (`listNotes`), `null` when the version has none. These are published
 *   text outside the items, so without it they could be changed in storage unseen.
 * The sequencer writes format 3; leaves logged as format 1 or 2 stay verifiable, since a verifier
 * rebuilds each leaf in the format it was logged in (`leafFormatOf`).
 */
import { z } from 'zod';
import { canonicalJson, contentHash } from '../../../core/canonical-json.js';
import type { ListNotes } from '../../../core/versions.js';

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

const LeafV3Schema = LeafV2Schema.extend({
  format: z.literal(3),
  listNotesHash: z.string().nullable(),
});

export const LeafSchema = z.union([LeafV3Schema.strict(), LeafV2Schema.strict(), LeafV1Schema.strict()]);
export type Leaf = z.infer<typeof LeafSchema>;
export type LeafFormat = 1 | 2 | 3;
/** The format the sequencer writes now. */
export const CURRENT_LEAF_FORMAT: LeafFormat = 3;

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
  listNotes?: ListNotes;
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
  const v2 = {
    ...v1,
    format: 2 as const,
    publishedBy: meta.publishedBy ?? '',
    source: meta.source ?? '',
    documentNumber: meta.documentNumber ?? null,
    note: meta.note ?? null,
  };
  if (format === 2) return v2;
  return { ...v2, format: 3, listNotesHash: listNotesHash(meta.listNotes) };
}

/** The hash a format 3 leaf holds for a version's title, preface and foot rows; `null` when it has none. */
export const listNotesHash = (notes: ListNotes | undefined): string | null => (notes ? contentHash(notes) : null);

export const encodeLeaf = (leaf: Leaf): string => canonicalJson(leaf);

export function decodeLeaf(text: string): Leaf {
  return LeafSchema.parse(JSON.parse(text));
}

export const leafFormatOf = (leaf: Leaf): LeafFormat => ('format' in leaf ? leaf.format : 1);

/** Names the fields in which two leaves differ (for reports). */
export function leafDifferences(expected: Leaf, actual: Leaf): string[] {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  return [...keys].filter((k) => e[k] !== a[k]);
}
