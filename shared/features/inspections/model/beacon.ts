/**
 * Public randomness for draws: drand quicknet rounds, verified against the chain's
 * public key, and a clearly labelled local demo beacon for offline demo runs.
 *
 * Verification uses drand-client's own beacon check (BLS12-381, signatures on G1,
 * RFC 9380 hash-to-curve), run offline: the round is handed to it by a chain client
 * that serves only that round and the pinned chain info, so no network is needed.
 */
import { createHash } from 'node:crypto';
import type { ChainClient, ChainInfo } from 'drand-client';
import { LOCAL_DEMO_CHAIN, QUICKNET, roundTime } from './schedule.js';

export { firstRoundAfter, LOCAL_DEMO_CHAIN, QUICKNET, roundTime } from './schedule.js';

export interface BeaconRound {
  chain: string;
  round: number;
  /** hex; drand: SHA-256 of the signature. */
  randomness: string;
  /** hex BLS signature; empty for the local demo beacon. */
  signature: string;
}

export type BeaconCheck =
  | { ok: true }
  | { ok: false; reason: 'UNKNOWN_CHAIN' | 'BAD_SIGNATURE' | 'BAD_RANDOMNESS' | 'MALFORMED' };

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function localDemoRound(round: number): BeaconRound {
  const preimage = Buffer.alloc(8);
  preimage.writeBigUInt64BE(BigInt(round));
  const randomness = sha256Hex(Buffer.concat([Buffer.from('gongshi-local-demo-beacon', 'utf8'), preimage]));
  return { chain: LOCAL_DEMO_CHAIN, round, randomness, signature: '' };
}

function offlineClient(info: ChainInfo, beacon: BeaconRound): ChainClient {
  const served = { round: beacon.round, randomness: beacon.randomness, signature: beacon.signature };
  return {
    options: { disableBeaconVerification: false, noCache: false },
    latest: async () => served,
    get: async () => served,
    chain: () => ({ baseUrl: 'offline', info: async () => info }),
  };
}

/** Checks a round: a drand quicknet round by its BLS signature, a demo round by recomputing it. */
export async function checkRound(beacon: BeaconRound, options: { allowLocalDemo: boolean }): Promise<BeaconCheck> {
  if (!/^[0-9a-f]{64}$/.test(beacon.randomness) || !Number.isSafeInteger(beacon.round) || beacon.round < 1)
    return { ok: false, reason: 'MALFORMED' };
  if (beacon.chain === LOCAL_DEMO_CHAIN) {
    if (!options.allowLocalDemo) return { ok: false, reason: 'UNKNOWN_CHAIN' };
    return localDemoRound(beacon.round).randomness === beacon.randomness
      ? { ok: true }
      : { ok: false, reason: 'BAD_RANDOMNESS' };
  }
  if (beacon.chain !== QUICKNET.hash) return { ok: false, reason: 'UNKNOWN_CHAIN' };
  if (!/^[0-9a-f]{96}$/.test(beacon.signature)) return { ok: false, reason: 'MALFORMED' };
  if (sha256Hex(Buffer.from(beacon.signature, 'hex')) !== beacon.randomness)
    return { ok: false, reason: 'BAD_RANDOMNESS' };
  try {
    // Loaded on the first round checked: its BLS12-381 set-up costs about 130 ms, which cold starts need not pay.
    const { fetchBeacon } = await import('drand-client');
    await fetchBeacon(offlineClient(QUICKNET, beacon), beacon.round);
    return { ok: true };
  } catch {
    return { ok: false, reason: 'BAD_SIGNATURE' };
  }
}

/** Where rounds come from: drand over HTTP on AWS, recorded rounds in tests, the demo beacon offline. */
export interface BeaconSource {
  readonly chain: string;
  /** The round, or undefined while it has not been emitted (or is not available). */
  round(round: number): Promise<BeaconRound | undefined>;
}

/**
 * Rounds recorded earlier (test fixtures, a mirror). With a clock, a round is served only
 * once its scheduled instant has passed, as the live network would.
 */
export function recordedBeacon(
  rounds: readonly BeaconRound[],
  options: { chain?: string; clock?: () => Date } = {},
): BeaconSource {
  const chain = options.chain ?? QUICKNET.hash;
  const byRound = new Map(rounds.filter((r) => r.chain === chain).map((r) => [r.round, r]));
  const emitted = (n: number) => !options.clock || roundTime(chain, n)! <= options.clock().getTime();
  return { chain, round: async (n) => (emitted(n) ? byRound.get(n) : undefined) };
}

/** The offline demo beacon: a round exists once its scheduled instant has passed on the given clock. */
export function localDemoBeacon(clock: () => Date): BeaconSource {
  return {
    chain: LOCAL_DEMO_CHAIN,
    round: async (n) => (roundTime(LOCAL_DEMO_CHAIN, n)! <= clock().getTime() ? localDemoRound(n) : undefined),
  };
}

/** drand quicknet over HTTP (the AWS deployment); the relay is injected, nothing here reads the environment. */
export function httpDrandBeacon(
  fetchRound: (url: string) => Promise<unknown>,
  relay = 'https://api.drand.sh',
): BeaconSource {
  return {
    chain: QUICKNET.hash,
    async round(n) {
      const body = (await fetchRound(`${relay}/${QUICKNET.hash}/public/${n}`)) as
        | { round?: number; randomness?: string; signature?: string }
        | undefined;
      if (!body || body.round !== n || typeof body.randomness !== 'string' || typeof body.signature !== 'string')
        return undefined;
      return { chain: QUICKNET.hash, round: n, randomness: body.randomness, signature: body.signature };
    },
  };
}
