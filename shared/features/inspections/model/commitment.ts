/**
 * A draw commitment: everything that decides a draw's outcome except the randomness,
 * fixed before the randomness exists. Its hash (SHA-256 over the RFC 8785 canonical
 * JSON, raw 32 bytes) is the sampler's `commitmentHash`.
 */
import { z } from 'zod';
import { canonicalJson } from '../../../core/canonical-json.js';
import { createHash } from 'node:crypto';
import { isSalted, type SamplerOutcome } from './sampler.js';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '应为64位十六进制摘要');

export const TargetFilterSchema = z
  .object({
    /** GB/T 2260 prefix: 431200 county, 4312 city, 43 province. */
    regionPrefix: z
      .string()
      .regex(/^\d{2,6}$/)
      .optional(),
    targetType: z.string().min(1).optional(),
    industry: z.string().min(1).optional(),
    riskLevels: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type TargetFilter = z.infer<typeof TargetFilterSchema>;

export const BeaconRefSchema = z.object({
  /** drand chain hash, or `local-demo` for the labelled offline demo beacon. */
  chain: z.string().min(1),
  round: z.number().int().positive(),
});

export const CommitmentSchema = z
  .object({
    /**
     * v3: salted, inspectors by a shuffle (every new commitment); v2: salted, inspectors ranked by score;
     * v1: unsalted, as first built. The salt is secret until the unit reveals it with the results.
     */
    scheme: z.enum(['gongshi-draw-v1', 'gongshi-draw-v2', 'gongshi-draw-v3']),
    /** v2 and v3: SHA-256 (hex) of the unit's 32-byte salt, fixed before the round exists. */
    saltHash: hex64.optional(),
    drawId: z.string().min(1),
    /** The unit (执法主体) running the draw. */
    unit: z.string().min(1),
    planId: z.string().min(1),
    taskId: z.string().min(1),
    /** Random-inspection items (kind `random-inspection-items`) by 事项编码. */
    items: z.array(z.string()),
    targets: z.object({
      /** The unit whose inspection-targets list is drawn from. */
      unit: z.string().min(1),
      kind: z.literal('inspection-targets'),
      version: z.number().int().positive(),
      contentHash: hex64,
    }),
    inspectors: z.object({
      /** The units whose officers are drawn from (several for 部门联合抽查), sorted. */
      units: z.array(z.string().min(1)).min(1),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      category: z.string().min(1),
      count: z.number().int().nonnegative(),
      /** SHA-256 of the canonical JSON of the sorted eligible certificates (`inspectorSnapshot`). */
      contentHash: hex64,
    }),
    filter: TargetFilterSchema,
    count: z.number().int().positive(),
    inspectorsPerTarget: z.number().int().min(1),
    /** 统一社会信用代码 drawn already within the period, sorted. */
    excludedTargets: z.array(z.string()),
    /** Declared 回避 pairs, sorted by uscc then certificate number. */
    conflicts: z.array(z.object({ uscc: z.string(), certificateNumber: z.string() })),
    beacon: BeaconRefSchema,
    committedAt: z.string(),
    /** A re-draw names the draw it replaces and why. */
    redrawOf: z.string().optional(),
    reason: z.string().optional(),
  })
  .refine((c) => isSalted(c.scheme) === (c.saltHash !== undefined), {
    message: 'saltHash is required by schemes gongshi-draw-v2 and v3 and not allowed in v1',
    path: ['saltHash'],
  });
export type Commitment = z.infer<typeof CommitmentSchema>;

export const sha256Bytes = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export const commitmentHash = (c: Commitment): Buffer => sha256Bytes(canonicalJson(c));

/** An inspector as published in the directory snapshot a draw commits to. */
export interface InspectorEntry {
  certificateNumber: string;
  name: string;
  /** The unit the certificate belongs to. */
  uscc: string;
  category: string;
  validUntil: string;
}

/** The inspectors directory as committed: sorted by certificate number (UTF-8 bytes). */
export function inspectorSnapshot(entries: readonly InspectorEntry[]): InspectorEntry[] {
  return [...entries]
    .map(({ certificateNumber, name, uscc, category, validUntil }) => ({
      certificateNumber,
      name,
      uscc,
      category,
      validUntil,
    }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.certificateNumber), Buffer.from(b.certificateNumber)));
}

export const snapshotHash = (entries: readonly InspectorEntry[]): string =>
  sha256Bytes(canonicalJson(inspectorSnapshot(entries))).toString('hex');

/** The outcome as logged and hashed: drawn targets with their inspectors, in draw order. */
export const outcomeHash = (outcome: Pick<SamplerOutcome, 'targets'>): string =>
  sha256Bytes(canonicalJson({ targets: outcome.targets })).toString('hex');
