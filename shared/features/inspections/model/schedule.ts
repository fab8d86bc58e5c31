/**
 * The beacons' schedules: which chain emits which round when. Kept apart from ./beacon.ts, which verifies rounds
 * with drand-client, so that code only reading draws (the public function) carries no BLS library.
 */
import type { ChainInfo } from 'drand-client';

/** drand quicknet, as published at https://api.drand.sh/52db9ba7…c84e971/info. */
export const QUICKNET: ChainInfo = {
  public_key:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1' +
    '064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991' +
    'ef5ece45a',
  period: 3,
  genesis_time: 1692803367,
  hash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  groupHash: 'f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e',
  schemeID: 'bls-unchained-g1-rfc9380',
  metadata: { beaconID: 'quicknet' },
};

/** The chain name of the offline demo beacon; never accepted where drand is required. */
export const LOCAL_DEMO_CHAIN = 'local-demo';
export const LOCAL_DEMO_LABEL = '本地演示随机源（非 drand，仅供离线演示，不具公信力）';
/** The demo beacon keeps quicknet's schedule so round numbers mean the same instants. */
const LOCAL_DEMO_SCHEDULE = { genesis_time: QUICKNET.genesis_time, period: QUICKNET.period };

function scheduleOf(chain: string) {
  if (chain === QUICKNET.hash) return QUICKNET;
  if (chain === LOCAL_DEMO_CHAIN) return LOCAL_DEMO_SCHEDULE;
  return undefined;
}

/** The instant (ms since epoch) a round is emitted: genesis + (round − 1) × period. */
export function roundTime(chain: string, round: number): number | undefined {
  const s = scheduleOf(chain);
  return s && (s.genesis_time + (round - 1) * s.period) * 1000;
}

/** The first round emitted strictly after `instant`. */
export function firstRoundAfter(chain: string, instant: Date): number | undefined {
  const s = scheduleOf(chain);
  if (!s) return undefined;
  const elapsed = instant.getTime() / 1000 - s.genesis_time;
  return Math.max(1, Math.floor(elapsed / s.period) + 2);
}
