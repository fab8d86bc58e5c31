/**
 * The sampler against the fixed vectors of docs/random-draws.md, and against a second
 * implementation written from that page alone (BigInt scores, full sorts, @noble/hashes).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2';
import { drawSeed, inspectorScore, runSampler, targetScore } from '../shared/features/inspections/model/sampler.js';

interface Vector {
  name: string;
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
    firstInspectorScore: { uscc: string; certificateNumber: string; score: string };
    targets: Array<{ uscc: string; inspectors: string[] }>;
    skipped: Array<{ uscc: string; reason: string }>;
  };
}

const vectors = JSON.parse(readFileSync('test/fixtures/draws/sampler-vectors.json', 'utf8')) as Vector[];
const doc = readFileSync('docs/random-draws.md', 'utf8');
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

/** Straight from the doc: concatenate, hash, read as a big-endian integer, sort, walk. */
function independentDraw(v: Omit<Vector, 'name' | 'expected'>, salt?: Uint8Array) {
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
  const seed = salt
    ? sha256(cat(text.encode('gongshi-draw-v2'), fromHex(v.commitmentHash), fromHex(v.randomness), salt))
    : sha256(cat(text.encode('gongshi-draw-v1'), fromHex(v.commitmentHash), fromHex(v.randomness)));
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
    const inspectors = allowed
      .map((c) => ({ c, score: asInteger(sha256(cat(seed, text.encode('inspector'), text.encode(uscc + c)))) }))
      .sort(byScore)
      .slice(0, v.inspectorsPerTarget)
      .map((x) => x.c);
    drawn.push({ uscc, inspectors });
  }
  return { seed: Buffer.from(seed).toString('hex'), targets: drawn };
}

const inputOf = (v: Vector) => ({
  ...v,
  commitmentHash: fromHex(v.commitmentHash),
  randomness: fromHex(v.randomness),
});

describe('the sampler (docs/random-draws.md)', () => {
  for (const v of vectors) {
    it(`reproduces vector "${v.name}" exactly`, () => {
      const seed = drawSeed(fromHex(v.commitmentHash), fromHex(v.randomness));
      expect(seed.toString('hex')).toBe(v.expected.seed);
      expect(targetScore(seed, v.expected.firstTargetScore.uscc).toString('hex')).toBe(
        v.expected.firstTargetScore.score,
      );
      const { uscc, certificateNumber, score } = v.expected.firstInspectorScore;
      expect(inspectorScore(seed, uscc, certificateNumber).toString('hex')).toBe(score);
      const outcome = runSampler(inputOf(v));
      expect(outcome.targets).toEqual(v.expected.targets);
      expect(outcome.skipped).toEqual(v.expected.skipped);
    });

    it(`agrees with the independent implementation on vector "${v.name}"`, () => {
      const other = independentDraw(v);
      expect(other.seed).toBe(v.expected.seed);
      expect(other.targets).toEqual(v.expected.targets);
    });

    it(`publishes vector "${v.name}" in the doc`, () => {
      expect(doc).toContain(`### Vector \`${v.name}\``);
      expect(doc).toContain(v.expected.seed);
      for (const t of v.expected.targets) expect(doc).toContain(t.uscc);
    });
  }

  it('agrees with the independent implementation on 200 generated draws', () => {
    for (let n = 0; n < 200; n++) {
      const h = (s: string) => Buffer.from(sha256(new TextEncoder().encode(s))).toString('hex');
      const targets = Array.from({ length: 30 + (n % 7) }, (_, i) => `9143${String(n * 100 + i).padStart(14, '0')}`);
      const inspectors = Array.from({ length: 3 + (n % 5) }, (_, i) => `湘执${n}-${i}`);
      const v = {
        commitmentHash: h(`c${n}`),
        randomness: h(`r${n}`),
        targets,
        inspectors,
        count: 1 + (n % 10),
        inspectorsPerTarget: 2,
        excludedTargets: targets.filter((_, i) => i % 9 === n % 9),
        conflicts: targets
          .slice(0, 5)
          .map((uscc, i) => ({ uscc, certificateNumber: inspectors[i % inspectors.length]! })),
      };
      expect(
        runSampler({ ...v, commitmentHash: fromHex(v.commitmentHash), randomness: fromHex(v.randomness) }).targets,
      ).toEqual(independentDraw(v).targets);
    }
  });

  it('agrees with the independent implementation on codes of any length and script, repeated targets once', () => {
    // The reference builds each preimage in one reused buffer; these codes outgrow it (a 300-character
    // Chinese certificate number is 900 bytes of UTF-8) and mix 1-, 3- and 4-byte characters.
    const h = (s: string) => Buffer.from(sha256(new TextEncoder().encode(s))).toString('hex');
    const targets = [
      ...Array.from({ length: 12 }, (_, i) => `9143${String(i).padStart(14, '0')}`),
      '检'.repeat(120),
      `𠀀${'A'.repeat(250)}`,
      '91430000000000000X',
      '91430000000000000X',
    ];
    // Targets repeat (counted once); inspectors do not, as the independent implementation does not remove repeats.
    const inspectors = ['湘执'.repeat(150), 'A1', '𠀀执法证', `x${'9'.repeat(400)}`];
    for (let n = 0; n < 20; n++) {
      const v = {
        commitmentHash: h(`long c${n}`),
        randomness: h(`long r${n}`),
        targets,
        inspectors,
        count: 6,
        inspectorsPerTarget: 2,
        excludedTargets: [targets[n % targets.length]!],
        conflicts: [{ uscc: targets[12]!, certificateNumber: inspectors[0]! }],
      };
      const outcome = runSampler({
        ...v,
        commitmentHash: fromHex(v.commitmentHash),
        randomness: fromHex(v.randomness),
      });
      expect(outcome.targets).toEqual(independentDraw(v).targets);
      expect(outcome.targets).toHaveLength(6);
    }
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

  it('refuses hashes that are not 32 bytes', () => {
    expect(() => drawSeed(new Uint8Array(31), new Uint8Array(32))).toThrow(RangeError);
    expect(() => drawSeed(new Uint8Array(32), new Uint8Array(32), new Uint8Array(16))).toThrow(RangeError);
  });

  it('reproduces the salted vector (gongshi-draw-v2) of the doc, as the independent implementation does', () => {
    const v = vectors.find((x) => x.name === 'basic')!;
    const salt = new Uint8Array(32).fill(0x5a);
    const seed = drawSeed(fromHex(v.commitmentHash), fromHex(v.randomness), salt).toString('hex');
    const targets = runSampler({ ...inputOf(v), salt }).targets;
    expect(seed).toBe('9a4fadafedd4ab39aff515c2d2c20ad6a592a6f87f69b28be30dee18ba548c8d');
    expect(doc).toContain(seed);
    expect(independentDraw(v, salt)).toEqual({ seed, targets });
    expect(targets.map((t) => t.uscc)).toEqual(['91431202MA4L000024', '91431202MA4L000011', '91431202MA4L00004A']);
    // Without the salt the same public inputs give the unsalted (v1) draw, not this one.
    expect(runSampler(inputOf(v)).targets).toEqual(v.expected.targets);
    expect(v.expected.targets).not.toEqual(targets);
  });
});
