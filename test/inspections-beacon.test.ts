/**
 * drand quicknet rounds recorded from public sources, verified offline; tampered rounds and the demo beacon refused.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  checkRound,
  firstRoundAfter,
  LOCAL_DEMO_CHAIN,
  localDemoBeacon,
  localDemoRound,
  QUICKNET,
  recordedBeacon,
  roundTime,
  type BeaconRound,
} from '../shared/features/inspections/model/beacon.js';

const recorded = JSON.parse(readFileSync('test/fixtures/drand/quicknet-rounds.json', 'utf8')) as {
  chain: string;
  rounds: Array<Omit<BeaconRound, 'chain'> & { source: string }>;
};
const rounds: BeaconRound[] = recorded.rounds.map(({ source: _s, ...r }) => ({ ...r, chain: recorded.chain }));

describe('drand quicknet rounds', () => {
  it('pins the quicknet chain the brief names', () => {
    expect(recorded.chain).toBe(QUICKNET.hash);
    expect(QUICKNET.schemeID).toBe('bls-unchained-g1-rfc9380');
  });

  for (const r of rounds) {
    it(`verifies recorded round ${r.round} against the chain's public key`, async () => {
      expect(await checkRound(r, { allowLocalDemo: false })).toEqual({ ok: true });
    });
  }

  it('refuses a round whose signature was tampered with (randomness recomputed to match)', async () => {
    const good = rounds[0]!;
    const other = rounds[1]!;
    // A valid G1 point, but the signature of another round: passes the hash check, fails the pairing.
    const forged = { ...good, signature: other.signature, randomness: other.randomness };
    expect(await checkRound(forged, { allowLocalDemo: false })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('refuses a round renumbered to a round it does not sign', async () => {
    expect(await checkRound({ ...rounds[0]!, round: 124 }, { allowLocalDemo: false })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('refuses randomness that is not the hash of the signature', async () => {
    const r = { ...rounds[0]!, randomness: rounds[1]!.randomness };
    expect(await checkRound(r, { allowLocalDemo: false })).toEqual({ ok: false, reason: 'BAD_RANDOMNESS' });
  });

  it('refuses a flipped signature bit and an unknown chain', async () => {
    const sig = Buffer.from(rounds[1]!.signature, 'hex');
    sig[20] = sig[20]! ^ 1;
    const flipped = { ...rounds[1]!, signature: sig.toString('hex') };
    const { createHash } = await import('node:crypto');
    flipped.randomness = createHash('sha256').update(sig).digest('hex');
    expect((await checkRound(flipped, { allowLocalDemo: false })).ok).toBe(false);
    expect(await checkRound({ ...rounds[0]!, chain: 'f'.repeat(64) }, { allowLocalDemo: false })).toEqual({
      ok: false,
      reason: 'UNKNOWN_CHAIN',
    });
  });

  it('computes round times from genesis and period, and the first round after an instant', () => {
    expect(roundTime(QUICKNET.hash, 1)).toBe(1692803367000);
    expect(roundTime(QUICKNET.hash, 123)).toBe((1692803367 + 122 * 3) * 1000);
    const at = new Date((1692803367 + 122 * 3) * 1000);
    expect(firstRoundAfter(QUICKNET.hash, at)).toBe(124);
    expect(firstRoundAfter(QUICKNET.hash, new Date(at.getTime() - 1))).toBe(123);
  });

  it('serves recorded rounds only', async () => {
    const source = recordedBeacon(rounds);
    expect((await source.round(657413))?.randomness).toBe(rounds[1]!.randomness);
    expect(await source.round(657414)).toBeUndefined();
  });
});

describe('the local demo beacon', () => {
  it('is labelled, reproducible and accepted only where demo rounds are allowed', async () => {
    const r = localDemoRound(1000);
    expect(r.chain).toBe(LOCAL_DEMO_CHAIN);
    expect(localDemoRound(1000)).toEqual(r);
    expect(await checkRound(r, { allowLocalDemo: true })).toEqual({ ok: true });
    expect(await checkRound(r, { allowLocalDemo: false })).toEqual({ ok: false, reason: 'UNKNOWN_CHAIN' });
    expect(await checkRound({ ...r, randomness: '0'.repeat(64) }, { allowLocalDemo: true })).toEqual({
      ok: false,
      reason: 'BAD_RANDOMNESS',
    });
  });

  it('emits a round only once its instant has passed on the clock', async () => {
    let now = new Date(roundTime(LOCAL_DEMO_CHAIN, 500)! - 1);
    const beacon = localDemoBeacon(() => now);
    expect(await beacon.round(500)).toBeUndefined();
    now = new Date(roundTime(LOCAL_DEMO_CHAIN, 500)!);
    expect((await beacon.round(500))?.round).toBe(500);
  });
});
