/**
 * Region snapshots and their search indexes, kept in memory per process (a Lambda
 * instance or the local server) and refreshed when the region's heads move.
 *
 * - Heads of a region prefix are re-read (one Query on gsi2) at most every
 *   `refreshMs`; between checks a search or statistics request reads nothing.
 * - A snapshot (units and lists in force on a date) is rebuilt only when the heads
 *   changed, reading only versions not already cached (content is immutable).
 * - The index is rebuilt from the snapshot; normalised text of unchanged list
 *   versions is reused, so a publish costs the re-normalisation of that list only.
 * - With `serveStale`, a request that finds the heads moved is answered from the
 *   previous index while the new one builds (results lag a publish by one refresh).
 */
import type { StreamStore } from '../lists/index.js';
import { loadSnapshot, queryRegionHeads, type RegionHead } from './region-source.js';
import { NormalisedLru, SearchIndex } from './search-index.js';
import type { RegionSnapshot } from './snapshot.js';

export interface RegionServiceOptions {
  /** How long heads read from gsi2 are trusted (ms). */
  refreshMs?: number;
  /** Answer from the previous snapshot while a changed region rebuilds. */
  serveStale?: boolean;
  /** Snapshots (region × date) kept. */
  maxSnapshots?: number;
  now?: () => number;
}

interface HeadsEntry {
  heads: RegionHead[];
  signature: string;
  fetchedAt: number;
  pending?: Promise<HeadsEntry>;
}

interface SnapshotEntry {
  headsSignature: string;
  snapshot: RegionSnapshot;
  index?: SearchIndex;
  pending?: Promise<SnapshotEntry>;
}

export class RegionService {
  private readonly heads = new Map<string, HeadsEntry>();
  private readonly snapshots = new Map<string, SnapshotEntry>();
  private readonly building = new Map<string, Promise<SnapshotEntry>>();
  private readonly normalised = new NormalisedLru();
  refreshMs: number;
  serveStale: boolean;
  private readonly maxSnapshots: number;
  private readonly now: () => number;

  constructor(
    readonly store: StreamStore,
    options: RegionServiceOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 10_000;
    this.serveStale = options.serveStale ?? true;
    this.maxSnapshots = options.maxSnapshots ?? 8;
    this.now = options.now ?? Date.now;
  }

  /** Units and lists of the region in force on `at`. */
  async snapshot(prefix: string, at: string): Promise<RegionSnapshot> {
    return (await this.entry(prefix, at)).snapshot;
  }

  /** The search index of the region on `at`. */
  async index(prefix: string, at: string): Promise<SearchIndex> {
    const entry = await this.entry(prefix, at);
    entry.index ??= new SearchIndex(entry.snapshot, { cache: this.normalised });
    return entry.index;
  }

  /** Heads of the region (cached for `refreshMs`), for statistics over history. */
  async regionHeads(prefix: string): Promise<RegionHead[]> {
    return (await this.headsOf(prefix)).heads;
  }

  /** Forget cached heads so the next request re-reads them (e.g. after a local publish). */
  invalidate(): void {
    this.heads.clear();
  }

  private async headsOf(prefix: string): Promise<HeadsEntry> {
    const cached = this.heads.get(prefix);
    if (cached && this.now() - cached.fetchedAt < this.refreshMs) return cached;
    if (cached?.pending) return cached.pending;
    const pending = (async () => {
      const heads = await queryRegionHeads(this.store, prefix);
      const entry: HeadsEntry = {
        heads,
        signature: heads.map((h) => `${h.uscc}${h.stream}${h.version}`).join(','),
        fetchedAt: this.now(),
      };
      this.heads.set(prefix, entry);
      return entry;
    })();
    if (cached) cached.pending = pending;
    else this.heads.set(prefix, { heads: [], signature: '', fetchedAt: -Infinity, pending });
    try {
      return await pending;
    } catch (e) {
      this.heads.delete(prefix);
      throw e;
    }
  }

  private async entry(prefix: string, at: string): Promise<SnapshotEntry> {
    const key = `${prefix}|${at}`;
    const current = this.snapshots.get(key);
    if (
      current &&
      this.serveStale &&
      this.heads.has(prefix) &&
      this.now() - this.heads.get(prefix)!.fetchedAt >= this.refreshMs
    ) {
      // Refresh in the background; this request is answered from what we have.
      void this.rebuild(prefix, at, key, current).catch(() => undefined);
      return current;
    }
    return this.rebuild(prefix, at, key, current);
  }

  private async rebuild(
    prefix: string,
    at: string,
    key: string,
    current: SnapshotEntry | undefined,
  ): Promise<SnapshotEntry> {
    const heads = await this.headsOf(prefix);
    if (current && current.headsSignature === heads.signature) return this.touch(key, current);
    const inFlight = this.building.get(key);
    if (inFlight) return inFlight;
    const build = (async () => {
      const snapshot = await loadSnapshot(this.store, heads.heads, prefix, at);
      // Heads moved without changing what is in force on `at` (e.g. a future version): keep the index.
      const entry: SnapshotEntry =
        current && current.snapshot.signature === snapshot.signature
          ? { ...current, headsSignature: heads.signature }
          : { headsSignature: heads.signature, snapshot };
      return this.touch(key, entry);
    })();
    this.building.set(key, build);
    try {
      return await build;
    } finally {
      this.building.delete(key);
    }
  }

  private touch(key: string, entry: SnapshotEntry): SnapshotEntry {
    this.snapshots.delete(key);
    this.snapshots.set(key, entry);
    while (this.snapshots.size > this.maxSnapshots) this.snapshots.delete(this.snapshots.keys().next().value!);
    return entry;
  }
}
