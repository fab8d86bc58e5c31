/**
 * The sampler against the fixed vectors of docs/random-draws.md, and against a second
 * implementation written from that page alone (BigInt scores and bounds, full sorts, a copied
 * and swapped array for the v3 shuffle, @noble/hashes).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2';
import {
  drawSeed,
  inspectorScore,
  runSampler,
  targetScore,
  WordStream,
  type SamplerScheme,
} from '../shared/features/inspections/model/sampler.js';

interface Vector {
  name: string;
  /** Absent in the first vectors, which are v1's. */
  scheme?: SamplerScheme;
  /** Hex, for the salted schemes. */
  salt?: string;
  commitmentHash: string;
  randomness: string;
  targets: string[];
  inspectors: string[];
  count: number;
  inspectorsPerTarget: number;
  excludedTargets: string[];
  conflicts: Array<{ uscc: string; certificateNumber: string }>;
  expected: {
    seed: string;
    firstTargetScore: { uscc: string; score: string };
    /** v1 and v2. */
    firstInspectorScore?: { uscc: string; certificateNumber: string; score: string };
    /** v3: block 0 of the first target's stream. */
    firstStreamBlock?: { uscc: string; block: string };
    targets: Array<{ uscc: string; inspectors: string[] }>;
    skipped: Array<{ uscc: string; reason: string }>;
  };
}

const vectors = JSON.parse(readFileSync('test/fixtures/draws/sampler-vectors.json', 'utf8')) as Vector[];
const doc = readFileSync('docs/random-draws.md', 'utf8');
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

const text = new TextEncoder();
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const asInteger = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
const counterBytes = (i: number) => Uint8Array.of((i >>> 24) & 255, (i >>> 16) & 255, (i >>> 8) & 255, i & 255);
const encoded = new Map<string, Uint8Array>();
const encode = (s: string) => encoded.get(s) ?? encoded.set(s, text.encode(s)).get(s)!;
const utf8Order = (a: string, b: string) => {
  const [x, y] = [encode(a), encode(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

/** v3's random words for one target, from the doc: block i = H(seed ‖ "inspectors" ‖ u ‖ i), 8 words a block. */
function independentWords(seed: Uint8Array, uscc: string) {
  const words: bigint[] = [];
  let block = 0;
  const word = () => {
    if (words.length === 0) {
      const digest = sha256(cat(seed, text.encode('inspectors'), text.encode(uscc), counterBytes(block++)));
      for (let j = 0; j < 32; j += 4) words.push(asInteger(digest.subarray(j, j + 4)));
    }
    return words.shift()!;
  };
  /** Uniform in [0, m): words ≥ ⌊2³² / m⌋ · m are passed over. */
  return (m: number) => {
    const limit = (2n ** 32n / BigInt(m)) * BigInt(m);
    for (;;) {
      const w = word();
      if (w < limit) return Number(w % BigInt(m));
    }
  };
}

/** Straight from the doc: concatenate, hash, read as a big-endian integer, sort, walk. */
function independentDraw(v: Omit<Vector, 'name' | 'expected'>, salt?: Uint8Array) {
  const scheme = v.scheme ?? (salt ? 'gongshi-draw-v2' : 'gongshi-draw-v1');
  const seed = salt
    ? sha256(cat(text.encode(scheme), fromHex(v.commitmentHash), fromHex(v.randomness), salt))
    : sha256(cat(text.encode(scheme), fromHex(v.commitmentHash), fromHex(v.randomness)));
  const byScore = (a: { score: bigint }, b: { score: bigint }) => (a.score < b.score ? -1 : a.score > b.score ? 1 : 0);
  const ranked = [...new Set(v.targets)]
    .map((uscc) => ({ uscc, score: asInteger(sha256(cat(seed, text.encode('target'), text.encode(uscc)))) }))
    .sort(byScore);
  const drawn: Array<{ uscc: string; inspectors: string[] }> = [];
  for (const { uscc } of ranked) {
    if (drawn.length === v.count) break;
    if (v.excludedTargets.includes(uscc)) continue;
    const allowed = v.inspectors.filter((c) => !v.conflicts.some((x) => x.uscc === uscc && x.certificateNumber === c));
    if (allowed.length < v.inspectorsPerTarget) continue;
    if (scheme === 'gongshi-draw-v3') {
      const pool = [...new Set(allowed)].sort(utf8Order);
      const below = independentWords(seed, uscc);
      for (let j = 0; j < v.inspectorsPerTarget; j++) {
        const r = j + below(pool.length - j);
        [pool[j], pool[r]] = [pool[r]!, pool[j]!];
      }
      drawn.push({ uscc, inspectors: pool.slice(0, v.inspectorsPerTarget) });
      continue;
    }
    const inspectors = allowed
      .map((c) => ({ c, score: asInteger(sha256(cat(seed, text.encode('inspector'), text.encode(uscc + c)))) }))
      .sort(byScore)
      .slice(0, v.inspectorsPerTarget)
      .map((x) => x.c);
    drawn.push({ uscc, inspectors });
  }
  return { seed: Buffer.from(seed).toString('hex'), targets: drawn };
}

const saltOf = (v: Pick<Vector, 'salt'>) => (v.salt === undefined ? undefined : fromHex(v.salt));
const inputOf = (v: Vector) => ({
  ...v,
  scheme: v.scheme ?? 'gongshi-draw-v1',
  salt: saltOf(v),
  commitmentHash: fromHex(v.commitmentHash),
  randomness: fromHex(v.randomness),
});

describe('the sampler (docs/random-draws.md)', () => {
  for (const v of vectors) {
    it(`reproduces vector "${v.name}" exactly`, () => {
      const input = inputOf(v);
      const seed = drawSeed(input.scheme, input.commitmentHash, input.randomness, input.salt);
      expect(seed.toString('hex')).toBe(v.expected.seed);
      expect(targetScore(seed, v.expected.firstTargetScore.uscc).toString('hex')).toBe(
        v.expected.firstTargetScore.score,
      );
      if (v.expected.firstInspectorScore) {
        const { uscc, certificateNumber, score } = v.expected.firstInspectorScore;
        expect(inspectorScore(seed, uscc, certificateNumber).toString('hex')).toBe(score);
      }
      if (v.expected.firstStreamBlock) {
        const { uscc, block } = v.expected.firstStreamBlock;
        expect(
          Buffer.from(sha256(cat(seed, text.encode('inspectors'), text.encode(uscc), counterBytes(0)))).toString('hex'),
        ).toBe(block);
      }
      const outcome = runSampler(inputOf(v));
      expect(outcome.targets).toEqual(v.expected.targets);
      expect(outcome.skipped).toEqual(v.expected.skipped);
    });

    it(`agrees with the independent implementation on vector "${v.name}"`, () => {
      const other = independentDraw(v, saltOf(v));
      expect(other.seed).toBe(v.expected.seed);
      expect(other.targets).toEqual(v.expected.targets);
    });

    it(`publishes vector "${v.name}" in the doc`, () => {
      expect(doc).toContain(`### Vector \`${v.name}\``);
      expect(doc).toContain(v.expected.seed);
      for (const t of v.expected.targets) expect(doc).toContain(t.uscc);
    });
  }

  const h = (s: string) => Buffer.from(sha256(text.encode(s))).toString('hex');
  const SCHEMES: SamplerScheme[] = ['gongshi-draw-v1', 'gongshi-draw-v2', 'gongshi-draw-v3'];
  /** The reference's input for a generated case; the salted schemes get a salt derived from `name`. */
  const reference = (v: Omit<Vector, 'name' | 'expected'>, scheme: SamplerScheme, salt?: Uint8Array) => ({
    ...v,
    scheme,
    salt,
    commitmentHash: fromHex(v.commitmentHash),
    randomness: fromHex(v.randomness),
  });

  for (const scheme of SCHEMES) {
    it(`agrees with the independent implementation on 200 generated draws (${scheme})`, () => {
      for (let n = 0; n < 200; n++) {
        const targets = Array.from({ length: 30 + (n % 7) }, (_, i) => `9143${String(n * 100 + i).padStart(14, '0')}`);
        const inspectors = Array.from({ length: 3 + (n % 5) }, (_, i) => `湘执${n}-${i}`);
        const v = {
          scheme,
          commitmentHash: h(`c${n}`),
          randomness: h(`r${n}`),
          targets,
          inspectors,
          count: 1 + (n % 10),
          inspectorsPerTarget: 2 + (n % 2),
          excludedTargets: targets.filter((_, i) => i % 9 === n % 9),
          conflicts: targets
            .slice(0, 5)
            .map((uscc, i) => ({ uscc, certificateNumber: inspectors[i % inspectors.length]! })),
        };
        const salt = scheme === 'gongshi-draw-v1' ? undefined : fromHex(h(`s${n}`));
        expect(runSampler(reference(v, scheme, salt)).targets).toEqual(independentDraw(v, salt).targets);
      }
    });

    it(`agrees with the independent implementation on codes of any length and script (${scheme})`, () => {
      // The reference builds each preimage in one reused buffer; these codes outgrow it (a 300-character
      // Chinese certificate number is 900 bytes of UTF-8) and mix 1-, 3- and 4-byte characters, whose
      // UTF-16 order differs from their UTF-8 order (v3 shuffles the inspectors in UTF-8 byte order).
      const targets = [
        ...Array.from({ length: 12 }, (_, i) => `9143${String(i).padStart(14, '0')}`),
        '检'.repeat(120),
        `𠀀${'A'.repeat(250)}`,
        '91430000000000000X',
        '91430000000000000X',
      ];
      // Targets repeat (counted once); inspectors do not, as the independent v1/v2 walk does not remove repeats.
      const inspectors = ['湘执'.repeat(150), 'A1', '𠀀执法证', `x${'9'.repeat(400)}`, '\uff21', '执'];
      for (let n = 0; n < 20; n++) {
        const v = {
          scheme,
          commitmentHash: h(`long c${n}`),
          randomness: h(`long r${n}`),
          targets,
          inspectors,
          count: 6,
          inspectorsPerTarget: 2 + (n % 3),
          excludedTargets: [targets[n % targets.length]!],
          conflicts: [{ uscc: targets[12]!, certificateNumber: inspectors[0]! }],
        };
        const salt = scheme === 'gongshi-draw-v1' ? undefined : fromHex(h(`long s${n}`));
        const outcome = runSampler(reference(v, scheme, salt));
        expect(outcome.targets).toEqual(independentDraw(v, salt).targets);
        expect(outcome.targets).toHaveLength(6);
      }
    });
  }

  it('v3 agrees with the independent implementation on large pools and many inspectors per target', () => {
    for (let n = 0; n < 30; n++) {
      const targets = Array.from({ length: 400 }, (_, i) => `9143${String(n * 1000 + i).padStart(14, '0')}`);
      const inspectors = Array.from({ length: 50 + n * 7 }, (_, i) => `湘执${(i * 7919) % 100_003}`);
      const v = {
        scheme: 'gongshi-draw-v3' as const,
        commitmentHash: h(`big c${n}`),
        randomness: h(`big r${n}`),
        targets,
        inspectors,
        count: 50,
        inspectorsPerTarget: 1 + (n % 12),
        excludedTargets: [],
        conflicts: targets.slice(0, 40).map((uscc, i) => ({ uscc, certificateNumber: inspectors[i]! })),
      };
      const salt = fromHex(h(`big s${n}`));
      expect(runSampler(reference(v, 'gongshi-draw-v3', salt)).targets).toEqual(independentDraw(v, salt).targets);
    }
  });

  it('v3 passes over the words a bound would bias, as the independent implementation does', () => {
    // With a bound just above 2³¹ almost half the words are at or above the largest multiple of it below 2³²;
    // real pools never come near, so this is where the rejection rule is exercised.
    const seed = fromHex(h('rejection seed'));
    for (const bound of [2 ** 31 + 1, 3_000_000_007, 2 ** 32 - 1, 2 ** 32, 1, 7]) {
      const ours = new WordStream(seed, '91431202MA4L000011');
      const theirs = independentWords(seed, '91431202MA4L000011');
      const drawn = Array.from({ length: 40 }, () => ours.below(bound));
      expect(drawn).toEqual(Array.from({ length: 40 }, () => theirs(bound)));
      for (const x of drawn) expect(x >= 0 && x < bound).toBe(true);
    }
  });

  it('v3 draws each inspector about equally often (no bias from the shuffle or the bound)', () => {
    const inspectors = Array.from({ length: 7 }, (_, i) => `湘执${i}`);
    const targets = Array.from({ length: 7_000 }, (_, i) => `9143${String(i).padStart(14, '0')}`);
    const outcome = runSampler({
      scheme: 'gongshi-draw-v3',
      salt: fromHex(h('fair salt')),
      commitmentHash: fromHex(h('fair c')),
      randomness: fromHex(h('fair r')),
      targets,
      inspectors,
      count: 7_000,
      inspectorsPerTarget: 3,
    });
    const seen = new Map<string, number>();
    for (const t of outcome.targets) for (const c of t.inspectors) seen.set(c, (seen.get(c) ?? 0) + 1);
    // 21,000 places over 7 inspectors: 3,000 each expected, σ ≈ 50; 5σ either way.
    for (const c of inspectors) expect(Math.abs(seen.get(c)! - 3_000)).toBeLessThan(250);
    for (const t of outcome.targets) expect(new Set(t.inspectors).size).toBe(3);
  });

  it('never draws an excluded target, a conflicted inspector or the same inspector twice for one target', () => {
    const v = vectors.find((x) => x.name === 'constraints')!;
    const outcome = runSampler(inputOf(v));
    for (const t of outcome.targets) {
      expect(v.excludedTargets).not.toContain(t.uscc);
      expect(new Set(t.inspectors).size).toBe(t.inspectors.length);
      expect(t.inspectors).toHaveLength(2);
      for (const c of t.inspectors) expect(v.conflicts).not.toContainEqual({ uscc: t.uscc, certificateNumber: c });
    }
    expect(new Set(outcome.targets.map((t) => t.uscc)).size).toBe(outcome.targets.length);
  });

  it('changes its outcome when one byte of the randomness changes', () => {
    const v = vectors[0]!;
    const flipped = Buffer.from(v.randomness, 'hex');
    flipped[0] = flipped[0]! ^ 1;
    expect(runSampler({ ...inputOf(v), randomness: flipped }).targets).not.toEqual(v.expected.targets);
  });

  it('refuses hashes that are not 32 bytes, a salted scheme without its salt and v1 with one', () => {
    const b32 = new Uint8Array(32);
    expect(() => drawSeed('gongshi-draw-v1', new Uint8Array(31), b32)).toThrow(RangeError);
    expect(() => drawSeed('gongshi-draw-v2', b32, b32, new Uint8Array(16))).toThrow(RangeError);
    expect(() => drawSeed('gongshi-draw-v3', b32, b32)).toThrow(RangeError);
    expect(() => drawSeed('gongshi-draw-v1', b32, b32, b32)).toThrow(RangeError);
  });

  it('reproduces the salted vector (gongshi-draw-v2) of the doc, as the independent implementation does', () => {
    const v = vectors.find((x) => x.name === 'basic')!;
    const salt = new Uint8Array(32).fill(0x5a);
    const seed = drawSeed('gongshi-draw-v2', fromHex(v.commitmentHash), fromHex(v.randomness), salt).toString('hex');
    const targets = runSampler({ ...inputOf(v), scheme: 'gongshi-draw-v2', salt }).targets;
    expect(seed).toBe('9a4fadafedd4ab39aff515c2d2c20ad6a592a6f87f69b28be30dee18ba548c8d');
    expect(doc).toContain(seed);
    expect(independentDraw(v, salt)).toEqual({ seed, targets });
    expect(targets.map((t) => t.uscc)).toEqual(['91431202MA4L000024', '91431202MA4L000011', '91431202MA4L00004A']);
    // Without the salt the same public inputs give the unsalted (v1) draw, not this one.
    expect(runSampler(inputOf(v)).targets).toEqual(v.expected.targets);
    expect(v.expected.targets).not.toEqual(targets);
  });
});
