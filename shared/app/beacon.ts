/**
 * The draws' beacon the configuration selects (config.beacon): drand quicknet through an HTTP relay, or the labelled
 * local demo beacon. Used by every process that commits or runs draws (the write function, the scheduled jobs, the
 * local server).
 */
// The beacon's own module, not the feature's index, which would bring the inspection routes and pages to start.
import { httpDrandBeacon, localDemoBeacon, type BeaconSource } from '../features/inspections/model/beacon.js';
import type { GongshiConfig } from './config.js';

export function beaconFromConfig(
  beacon: GongshiConfig['beacon'],
  clock: () => Date,
  fetchJson: (url: string) => Promise<unknown> = fetchRound,
): BeaconSource {
  return beacon.kind === 'drand' ? httpDrandBeacon(fetchJson, beacon.relay) : localDemoBeacon(clock);
}

/**
 * A round from a drand relay: its JSON, or undefined while the relay does not have it (a future round answers 425
 * Too Early or 404). Any other failure is thrown, so a draw waits rather than being refused.
 */
export async function fetchRound(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
  if (res.status === 404 || res.status === 425) return undefined;
  if (!res.ok) throw new Error(`drand relay answered ${res.status} for ${url}`);
  return res.json();
}
