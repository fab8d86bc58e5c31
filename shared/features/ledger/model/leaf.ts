/**
 * A log leaf: the RFC 8785 canonical JSON of one published version's summary.
 * Repeals and corrections are versions too, so each gets its leaf. `status` is
 * included beside the field list so a repeal cannot be passed off as an
 * empty list (both have no items and the same contentHash).
 */
import { z } from 'zod';
import { canonicalJson } from '../../../core/canonical-json.js';

export const LeafSchema = z.object({
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
export type Leaf = z.infer<typeof LeafSchema>;

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
}

export function buildLeaf(origin: string, meta: LeafSource, itemsRoot: string): Leaf {
  return {
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
}

export const encodeLeaf = (leaf: Leaf): string => canonicalJson(leaf);

export function decodeLeaf(text: string): Leaf {
  return LeafSchema.parse(JSON.parse(text));
}

/** Names the fields in which two leaves differ (for reports). */
export function leafDifferences(expected: Leaf, actual: Leaf): Array<keyof Leaf> {
  return (Object.keys(expected) as Array<keyof Leaf>).filter((k) => expected[k] !== actual[k]);
}
