/**
 * Who holds the sequencer lease, and whether that holder is known to be gone.
 *
 * On AWS a holder cannot be told dead from alive (another sandbox, another host), so a crashed run's lease is
 * waited out (30 s, once). On one machine it can: local owners name their host, process id and a token of their
 * process, so a run that finds the lease held by a process of this host that no longer exists (killed mid-run)
 * takes it over at once instead of waiting, which keeps the local bound at one interval plus one run after a crash.
 * A process with the holder's pid but another token is a later process that reused the pid: the holder is gone.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export interface LeaseOwners {
  /** A new owner name for one run. */
  next(): string;
  /** True only when the holder is certainly gone; false when alive or unknown. */
  isGone(holder: string): boolean;
}

/** Anonymous owners, for runs whose holders cannot be checked (Lambda): a held lease is always waited out. */
export const anonymousOwners: LeaseOwners = {
  next: () => randomBytes(8).toString('hex'),
  isGone: () => false,
};

const LOCAL = 'local';
/** One per process, so every runtime a process opens names the same process. */
const PROCESS_TOKEN = randomBytes(6).toString('hex');

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LocalProcess {
  host: string;
  pid: number;
  /** Distinguishes this process from an earlier one that had the same pid. */
  token: string;
  exists(pid: number): boolean;
}

/** Owners that name this process, for runs on one machine (npm start, gongshi import). */
export function localProcessOwners(
  self: LocalProcess = {
    host: hostname(),
    pid: process.pid,
    token: PROCESS_TOKEN,
    exists: processExists,
  },
): LeaseOwners {
  return {
    next: () => [LOCAL, encodeURIComponent(self.host), self.pid, self.token, randomBytes(4).toString('hex')].join(':'),
    isGone(holder) {
      const [tag, host, pidText, token] = holder.split(':');
      const pid = Number(pidText);
      if (tag !== LOCAL || host !== encodeURIComponent(self.host) || !Number.isSafeInteger(pid) || !token) return false;
      if (pid === self.pid) return token !== self.token;
      return !self.exists(pid);
    },
  };
}
