/**
 * Versions of a stream (one unit's list of one kind, or its entity record) and
 * the rules that pick the version in force. Pure functions; storage keeps the
 * timeline on the stream head and calls `resolveInForce`.
 */
import { z } from 'zod';
import { contentHash } from './canonical-json.js';

export const versionStatuses = ['published', 'repealed'] as const;
export type VersionStatus = (typeof versionStatuses)[number];

/**
 * What a published list says besides its items, as published: the title rows and preface rows above its table and
 * the notes at its foot (备注：…). Kept with the version so that no published text is lost on the way to the API.
 */
export const ListNotesSchema = z.object({
  title: z.array(z.string()).optional().meta({ description: 'title rows above the table (XX县不予处罚事项清单)' }),
  preamble: z.array(z.string()).optional().meta({ description: 'preface rows above the table that are not titles' }),
  footnotes: z.array(z.string()).optional().meta({ description: 'note rows at the foot of the table (备注：…)' }),
});
export type ListNotes = z.infer<typeof ListNotesSchema>;

/** Whether two versions say the same besides their items: a new version whose notes alone differ is a change. */
export const sameListNotes = (a: ListNotes | undefined, b: ListNotes | undefined): boolean =>
  contentHash(a ?? {}) === contentHash(b ?? {});

/** Version metadata as stored and served (items travel separately). */
export const VersionMetaSchema = z.object({
  unit: z.string().meta({ description: '统一社会信用代码' }),
  kind: z.string().meta({ description: 'list kind id, or `entity`' }),
  version: z.number().int().positive(),
  status: z.enum(versionStatuses),
  effectiveFrom: z.string().meta({ description: 'China date (YYYY-MM-DD) from which the version governs conduct' }),
  publishedAt: z.string().meta({ description: 'ISO timestamp when the registry recorded the version' }),
  publishedBy: z.string(),
  source: z.string().meta({ description: 'where the content came from: import file, upload, draft id' }),
  documentNumber: z.string().optional().meta({ description: '文号, e.g. 沅司发〔2023〕5号' }),
  note: z.string().optional(),
  listNotes: ListNotesSchema.optional().meta({
    description: "the list's own title, preface and foot notes, as the published file has them",
  }),
  itemCount: z.number().int().nonnegative(),
  contentHash: z.string().meta({ description: 'SHA-256 (hex) of the RFC 8785 canonical JSON of the items' }),
  previousHash: z.string().nullable().meta({ description: "the previous version's contentHash; null for version 1" }),
  leafIndex: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .meta({ description: "index of this version's leaf in the transparency log (/v1/ledger), once logged" }),
});
export type VersionMeta = z.infer<typeof VersionMetaSchema>;

/** One entry of a stream's timeline: everything needed to resolve `at`/`asOf` without reading versions. */
export interface TimelineEntry {
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  status: VersionStatus;
  /** Storage locator of the version's immutable content. */
  attempt: string;
}

/** The hash of a version's content: the items array in published order, or the entity record. */
export function hashContent(content: unknown): string {
  return contentHash(content);
}

export interface InForceQuery {
  /** China date YYYY-MM-DD: the version in force on this date. */
  at: string;
  /** ISO timestamp: ignore versions recorded after this instant. */
  asOf?: string;
}

/**
 * The rule (README, "Which version is in force"): among versions recorded by
 * `asOf`, take those whose effectiveFrom ≤ `at`; the one with the latest
 * effectiveFrom wins, and on the same effectiveFrom the later-recorded (higher
 * number) wins, so a correction replaces what it corrects from its date on. If
 * the winner is a repeal, nothing is in force.
 */
export function resolveInForce(
  timeline: readonly TimelineEntry[],
  query: InForceQuery,
): { entry?: TimelineEntry; repealedBy?: TimelineEntry } {
  let best: TimelineEntry | undefined;
  const asOfMs = query.asOf === undefined ? Number.POSITIVE_INFINITY : Date.parse(query.asOf);
  for (const e of timeline) {
    if (Date.parse(e.publishedAt) > asOfMs) continue;
    if (e.effectiveFrom > query.at) continue;
    if (
      !best ||
      e.effectiveFrom > best.effectiveFrom ||
      (e.effectiveFrom === best.effectiveFrom && e.version > best.version)
    )
      best = e;
  }
  if (best?.status === 'repealed') return { repealedBy: best };
  return { entry: best };
}

/** Versions as the registry knew them at `asOf` (all when absent). */
export function knownAt(timeline: readonly TimelineEntry[], asOf?: string): TimelineEntry[] {
  if (asOf === undefined) return [...timeline];
  const t = Date.parse(asOf);
  return timeline.filter((e) => Date.parse(e.publishedAt) <= t);
}

/** 文号: brackets normalised to 〔〕 as GB/T 9704 prescribes (沅司发[2023]5号 → 沅司发〔2023〕5号). */
export function normaliseDocumentNumber(value: string): string {
  return value.trim().replace(/[[【(（]\s*(\d{4})\s*[\]】)）]/, '〔$1〕');
}
