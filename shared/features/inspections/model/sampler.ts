/**
 * The random-inspection sampler (双随机): which targets and which inspectors a draw
 * picks, from the commitment's hash and the beacon's randomness alone. Anyone can
 * reproduce it from docs/random-draws.md; this file is the reference implementation.
 *
 *   seed            = SHA-256("gongshi-draw-v3" ‖ commitmentHash ‖ randomness ‖ salt)   (every new commitment)
 *   seed            = SHA-256("gongshi-draw-v2" ‖ commitmentHash ‖ randomness ‖ salt)   (salted, scored inspectors)
 *   seed            = SHA-256("gongshi-draw-v1" ‖ commitmentHash ‖ randomness)          (unsalted, v1)
 *   target score    = SHA-256(seed ‖ "target" ‖ 统一社会信用代码)                        (all versions)
 *   inspector score = SHA-256(seed ‖ "inspector" ‖ 统一社会信用代码 ‖ 执法证号)            (v1, v2)
 *   stream block i  = SHA-256(seed ‖ "inspectors" ‖ 统一社会信用代码 ‖ i as 4 bytes BE)    (v3)
 *
 * v1 and v2 rank every eligible inspector by score for every drawn target; v3 takes them by a
 * partial Fisher–Yates shuffle of the sorted eligible inspectors, driven by the target's stream,
 * so a drawn target costs one digest per 8 random words instead of one per inspector.
 * Strings are UTF-8, ‖ is byte concatenation, commitmentHash, randomness and salt are raw
 * 32-byte values. Scores are compared as unsigned big-endian integers, which is the
 * byte order of the 32-byte digests.
 */
import { createHash, hash } from 'node:crypto';

/** The commitment's `scheme`, which is also the seed's domain string. */
export type SamplerScheme = 'gongshi-draw-v1' | 'gongshi-draw-v2' | 'gongshi-draw-v3';

/** The scheme new commitments name. */
export const CURRENT_SCHEME = 'gongshi-draw-v3' satisfies SamplerScheme;

/** Whether a scheme's seed covers a salt (v2 and v3) or not (v1). */
export const isSalted = (scheme: SamplerScheme): boolean => scheme !== 'gongshi-draw-v1';

export interface SamplerInput {
  scheme: SamplerScheme;
  /** SHA-256 of the commitment's canonical JSON, 32 bytes. */
  commitmentHash: Uint8Array;
  /** The beacon round's randomness, 32 bytes. */
  randomness: Uint8Array;
  /** The unit's secret salt, 32 bytes, required by v2 and v3 (its SHA-256 is the commitment's saltHash). */
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

const TARGET_LABEL = utf8('target');
const INSPECTOR_LABEL = utf8('inspector');

export function drawSeed(
  scheme: SamplerScheme,
  commitmentHash: Uint8Array,
  randomness: Uint8Array,
  salt?: Uint8Array,
): Buffer {
  if (commitmentHash.length !== 32) throw new RangeError('commitmentHash must be 32 bytes');
  if (randomness.length !== 32) throw new RangeError('randomness must be 32 bytes');
  if (!isSalted(scheme)) {
    if (salt !== undefined) throw new RangeError(`${scheme} takes no salt`);
    return sha256(utf8(scheme), commitmentHash, randomness);
  }
  if (salt?.length !== 32) throw new RangeError(`${scheme} needs a 32-byte salt`);
  return sha256(utf8(scheme), commitmentHash, randomness, salt);
}

export const targetScore = (seed: Uint8Array, uscc: string): Buffer => sha256(seed, utf8('target'), utf8(uscc));

export const inspectorScore = (seed: Uint8Array, uscc: string, certificateNumber: string): Buffer =>
  sha256(seed, utf8('inspector'), utf8(uscc), utf8(certificateNumber));

/**
 * Scores of many codes under one prefix, as lowercase hex (hex strings compare in the same order as
 * the digests' bytes). A draw computes 10⁵ + count × 10³ of them, so the preimage is assembled in one
 * reused buffer and hashed by the one-shot `crypto.hash`, which skips the Hash object that
 * `createHash().copy()` builds per call (the profile's largest cost before).
 */
class Scorer {
  private buffer = Buffer.alloc(256);
  private prefixLength = 0;

  /** Starts a new prefix (the seed and a label, then for inspectors the target's code). */
  reset(...prefix: Uint8Array[]): this {
    this.prefixLength = 0;
    for (const p of prefix) this.append(p);
    return this;
  }

  private append(bytes: Uint8Array) {
    this.reserve(this.prefixLength + bytes.length);
    this.buffer.set(bytes, this.prefixLength);
    this.prefixLength += bytes.length;
  }

  private reserve(size: number) {
    if (size <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(size, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.prefixLength);
    this.buffer = grown;
  }

  /** The score of a code given as text, written into the buffer as UTF-8 (no Buffer per code). */
  scoreText(code: string): string {
    this.reserve(this.prefixLength + code.length * 3);
    const end = this.prefixLength + this.buffer.write(code, this.prefixLength, 'utf8');
    return hash('sha256', this.buffer.subarray(0, end), 'hex');
  }

  score(code: Uint8Array): string {
    const end = this.prefixLength + code.length;
    this.reserve(end);
    this.buffer.set(code, this.prefixLength);
    return hash('sha256', this.buffer.subarray(0, end), 'hex');
  }
}

interface Scored {
  code: string;
  score: string;
}

/** Ascending by score; equal scores (never seen with SHA-256) fall back to the code's UTF-8 bytes. */
const before = (a: Scored, b: Scored) =>
  a.score < b.score ? -1 : a.score > b.score ? 1 : Buffer.compare(utf8(a.code), utf8(b.code));

/** The `k` entries of lowest score in ascending order (a full sort's first `k`, without sorting all). */
function lowest(codes: ReadonlyArray<{ code: string; bytes: Buffer }>, k: number, scorer: Scorer): string[] {
  const best: Scored[] = [];
  for (const { code, bytes } of codes) {
    const score = scorer.score(bytes);
    const worst = best[k - 1];
    if (worst && (score > worst.score || (score === worst.score && before({ code, score }, worst) >= 0))) continue;
    let at = best.length === k ? k - 1 : best.length;
    best[at] = { code, score };
    while (at > 0 && before(best[at]!, best[at - 1]!) < 0) {
      [best[at - 1], best[at]] = [best[at]!, best[at - 1]!];
      at--;
    }
  }
  return best.map((b) => b.code);
}

const BLOCK_BYTES = 32;
const WORD_VALUES = 2 ** 32;
const STREAM_LABEL = utf8('inspectors');

/**
 * A drawn target's random words (v3): the 4-byte big-endian words of the blocks
 * SHA-256(seed ‖ "inspectors" ‖ 统一社会信用代码 ‖ i as 4 bytes big-endian), i = 0, 1, …, read in order,
 * 8 words per block.
 */
export class WordStream {
  private readonly preimage: Buffer;
  private block = Buffer.alloc(0);
  private used = BLOCK_BYTES;
  private counter = 0;

  constructor(seed: Uint8Array, uscc: string) {
    this.preimage = Buffer.concat([seed, STREAM_LABEL, utf8(uscc), Buffer.alloc(4)]);
  }

  private next(): number {
    if (this.used === BLOCK_BYTES) {
      if (this.counter > 0xffffffff) throw new RangeError('random stream exhausted');
      this.preimage.writeUInt32BE(this.counter++, this.preimage.length - 4);
      this.block = hash('sha256', this.preimage, 'buffer');
      this.used = 0;
    }
    const word = this.block.readUInt32BE(this.used);
    this.used += 4;
    return word;
  }

  /**
   * A uniform integer in [0, m), m ≤ 2³², by rejection: a word at or above the largest multiple of m
   * not above 2³² is passed over and the next word read, so `word mod m` has no bias.
   */
  below(m: number): number {
    const limit = WORD_VALUES - (WORD_VALUES % m);
    for (;;) {
      const word = this.next();
      if (word < limit) return word % m;
    }
  }
}

/**
 * v3: the first `k` entries of a partial Fisher–Yates shuffle of `pool` (the target's eligible inspectors in
 * UTF-8 byte order): for j = 0 … k−1, swap entry j with entry j + below(n − j) and take entry j. Only moved
 * positions are recorded, so a target costs O(k), not a copy of the pool.
 */
function shuffledPrefix(pool: ReadonlyArray<{ code: string }>, k: number, stream: WordStream): string[] {
  const moved = new Map<number, string>();
  const at = (i: number) => moved.get(i) ?? pool[i]!.code;
  const taken: string[] = [];
  for (let j = 0; j < k; j++) {
    const swapWith = j + stream.below(pool.length - j);
    const chosen = at(swapWith);
    moved.set(swapWith, at(j));
    taken.push(chosen);
  }
  return taken;
}

/**
 * Runs the draw. Targets are taken in ascending score order until `count` are drawn;
 * a target is skipped when it is excluded within the period, or when fewer than
 * `inspectorsPerTarget` inspectors remain once its conflicts are removed. For each
 * drawn target, inspectors not in conflict with it are taken in ascending
 * inspector-score order (v1, v2) or by the target's shuffle (v3). Duplicate codes in
 * the inputs count once. The result may hold fewer than `count` targets; callers
 * refuse such a draw before logging it.
 */
export function runSampler(input: SamplerInput): SamplerOutcome {
  const seed = drawSeed(input.scheme, input.commitmentHash, input.randomness, input.salt);
  const excluded = new Set(input.excludedTargets ?? []);
  const conflicted = new Set((input.conflicts ?? []).map((c) => `${c.uscc}\u0000${c.certificateNumber}`));
  const conflictedTargets = new Set((input.conflicts ?? []).map((c) => c.uscc));
  // Distinct, in UTF-8 byte order: the pool v3 shuffles (v1 and v2 rank by score, so the order is theirs to ignore).
  const inspectors = [...new Set(input.inspectors)]
    .map((code) => ({ code, bytes: utf8(code) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const scorer = new Scorer().reset(seed, TARGET_LABEL);
  const ranked = [...new Set(input.targets)].map((code) => ({ code, score: scorer.scoreText(code) })).sort(before);
  const assign =
    input.scheme === 'gongshi-draw-v3'
      ? (uscc: string, pool: typeof inspectors) =>
          shuffledPrefix(pool, input.inspectorsPerTarget, new WordStream(seed, uscc))
      : (uscc: string, pool: typeof inspectors) =>
          lowest(pool, input.inspectorsPerTarget, scorer.reset(seed, INSPECTOR_LABEL, utf8(uscc)));
  const targets: DrawnTarget[] = [];
  const skipped: SamplerOutcome['skipped'] = [];
  for (const { code: uscc } of ranked) {
    if (targets.length >= input.count) break;
    if (excluded.has(uscc)) {
      skipped.push({ uscc, reason: 'EXCLUDED_WITHIN_PERIOD' });
      continue;
    }
    const free = conflictedTargets.has(uscc)
      ? inspectors.filter((i) => !conflicted.has(`${uscc}\u0000${i.code}`))
      : inspectors;
    if (free.length < input.inspectorsPerTarget) {
      skipped.push({ uscc, reason: 'TOO_FEW_INSPECTORS' });
      continue;
    }
    targets.push({ uscc, inspectors: assign(uscc, free) });
  }
  return { targets, skipped };
}
