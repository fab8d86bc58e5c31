/**
 * The random-inspection sampler (双随机): which targets and which inspectors a draw
 * picks, from the commitment's hash and the beacon's randomness alone. Anyone can
 * reproduce it from docs/random-draws.md; this file is the reference implementation.
 *
 *   seed            = SHA-256("gongshi-draw-v2" ‖ commitmentHash ‖ randomness ‖ salt)   (salted commitments)
 *   seed            = SHA-256("gongshi-draw-v1" ‖ commitmentHash ‖ randomness)          (unsalted, v1)
 *   target score    = SHA-256(seed ‖ "target" ‖ 统一社会信用代码)
 *   inspector score = SHA-256(seed ‖ "inspector" ‖ 统一社会信用代码 ‖ 执法证号)
 *
 * Strings are UTF-8, ‖ is byte concatenation, commitmentHash, randomness and salt are raw
 * 32-byte values. Scores are compared as unsigned big-endian integers, which is the
 * byte order of the 32-byte digests.
 */
import { createHash } from 'node:crypto';

export const SAMPLER_DOMAIN = 'gongshi-draw-v1';
/** The seed's domain when the commitment names a salt (scheme gongshi-draw-v2). */
export const SALTED_SAMPLER_DOMAIN = 'gongshi-draw-v2';

export interface SamplerInput {
  /** SHA-256 of the commitment's canonical JSON, 32 bytes. */
  commitmentHash: Uint8Array;
  /** The beacon round's randomness, 32 bytes. */
  randomness: Uint8Array;
  /** The unit's secret salt, 32 bytes, for a salted commitment (its SHA-256 is the commitment's saltHash). */
  salt?: Uint8Array;
  /** 统一社会信用代码 of every eligible target (the filtered directory), any order. */
  targets: readonly string[];
  /** 执法证号 of every eligible inspector, any order. */
  inspectors: readonly string[];
  /** How many targets to draw. */
  count: number;
  /** Inspectors per target (at least 2 for 双随机). */
  inspectorsPerTarget: number;
  /** Targets that may not be drawn (drawn already within the period). */
  excludedTargets?: readonly string[];
  /** Declared conflicts (回避): this inspector may not inspect this target. */
  conflicts?: ReadonlyArray<{ certificateNumber: string; uscc: string }>;
}

export interface DrawnTarget {
  uscc: string;
  /** 执法证号 in the order drawn. */
  inspectors: string[];
}

export interface SamplerOutcome {
  targets: DrawnTarget[];
  /** Targets passed over, in score order, with the constraint that excluded them. */
  skipped: Array<{ uscc: string; reason: 'EXCLUDED_WITHIN_PERIOD' | 'TOO_FEW_INSPECTORS' }>;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export function drawSeed(commitmentHash: Uint8Array, randomness: Uint8Array, salt?: Uint8Array): Buffer {
  if (commitmentHash.length !== 32) throw new RangeError('commitmentHash must be 32 bytes');
  if (randomness.length !== 32) throw new RangeError('randomness must be 32 bytes');
  if (salt === undefined) return sha256(utf8(SAMPLER_DOMAIN), commitmentHash, randomness);
  if (salt.length !== 32) throw new RangeError('salt must be 32 bytes');
  return sha256(utf8(SALTED_SAMPLER_DOMAIN), commitmentHash, randomness, salt);
}

export const targetScore = (seed: Uint8Array, uscc: string): Buffer => sha256(seed, utf8('target'), utf8(uscc));

export const inspectorScore = (seed: Uint8Array, uscc: string, certificateNumber: string): Buffer =>
  sha256(seed, utf8('inspector'), utf8(uscc), utf8(certificateNumber));

/**
 * Scores of many codes under one prefix, as lowercase hex: the prefix is hashed once and
 * its state copied per code; hex strings compare in the same order as the digests' bytes.
 */
function scorer(...prefix: Uint8Array[]): (code: string) => string {
  const base = createHash('sha256');
  for (const p of prefix) base.update(p);
  return (code) => base.copy().update(code, 'utf8').digest('hex');
}

interface Scored {
  code: string;
  score: string;
}

/** Ascending by score; equal scores (never seen with SHA-256) fall back to the code's UTF-8 bytes. */
const before = (a: Scored, b: Scored) =>
  a.score < b.score ? -1 : a.score > b.score ? 1 : Buffer.compare(utf8(a.code), utf8(b.code));

/** The `k` codes of lowest score in ascending order (a full sort's first `k`, without sorting all). */
function lowest(codes: readonly string[], k: number, score: (code: string) => string): string[] {
  const best: Scored[] = [];
  for (const code of codes) {
    const candidate = { code, score: score(code) };
    if (best.length === k && before(candidate, best[k - 1]!) >= 0) continue;
    let at = best.length === k ? k - 1 : best.length;
    best[at] = candidate;
    while (at > 0 && before(best[at]!, best[at - 1]!) < 0) {
      [best[at - 1], best[at]] = [best[at]!, best[at - 1]!];
      at--;
    }
  }
  return best.map((b) => b.code);
}

/**
 * Runs the draw. Targets are taken in ascending score order until `count` are drawn;
 * a target is skipped when it is excluded within the period, or when fewer than
 * `inspectorsPerTarget` inspectors remain once its conflicts are removed. For each
 * drawn target, inspectors are taken in ascending inspector-score order, skipping
 * conflicted ones. Duplicate codes in the inputs count once. The result may hold
 * fewer than `count` targets; callers refuse such a draw before logging it.
 */
export function runSampler(input: SamplerInput): SamplerOutcome {
  const seed = drawSeed(input.commitmentHash, input.randomness, input.salt);
  const excluded = new Set(input.excludedTargets ?? []);
  const conflicted = new Set((input.conflicts ?? []).map((c) => `${c.uscc}\u0000${c.certificateNumber}`));
  const conflictedTargets = new Set((input.conflicts ?? []).map((c) => c.uscc));
  const inspectors = [...new Set(input.inspectors)];
  const targets: DrawnTarget[] = [];
  const skipped: SamplerOutcome['skipped'] = [];
  const targetScoreHex = scorer(seed, utf8('target'));
  const ranked = [...new Set(input.targets)].map((code) => ({ code, score: targetScoreHex(code) })).sort(before);
  for (const { code: uscc } of ranked) {
    if (targets.length >= input.count) break;
    if (excluded.has(uscc)) {
      skipped.push({ uscc, reason: 'EXCLUDED_WITHIN_PERIOD' });
      continue;
    }
    const free = conflictedTargets.has(uscc)
      ? inspectors.filter((cert) => !conflicted.has(`${uscc}\u0000${cert}`))
      : inspectors;
    if (free.length < input.inspectorsPerTarget) {
      skipped.push({ uscc, reason: 'TOO_FEW_INSPECTORS' });
      continue;
    }
    targets.push({
      uscc,
      inspectors: lowest(free, input.inspectorsPerTarget, scorer(seed, utf8('inspector'), utf8(uscc))),
    });
  }
  return { targets, skipped };
}
