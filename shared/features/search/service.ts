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
import { sha256Hex } from '../../core/canonical-json.js';
import type { StreamStore } from '../lists/index.js';
import { decodeIndex, encodeIndex, isIndexFile } from './index-snapshot.js';
import type { IndexFileStore } from './index-store.js';
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
  /**
   * Stored region indexes (built after publishes by the background step, search-indexing.ts): a region
   * whose heads match a stored index is loaded from it instead of from every list version in force.
   */
  files?: IndexFileStore;
  /** Items from which a warm instance whose region moved loads the stored index rather than rebuilding. */
  fileThreshold?: number;
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
  /** Loaded from a stored index file (not built here). */
  fromFile?: boolean;
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
  files: IndexFileStore | undefined;
  /** Items from which a warm instance whose region moved loads the stored index rather than rebuilding. */
  fileThreshold: number;

  constructor(
    readonly store: StreamStore,
    options: RegionServiceOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 10_000;
    this.serveStale = options.serveStale ?? true;
    this.maxSnapshots = options.maxSnapshots ?? 8;
    this.now = options.now ?? Date.now;
    this.files = options.files;
    this.fileThreshold = options.fileThreshold ?? 20_000;
  }

  /**
   * The region's index as a file to store, built from the current heads and contents; undefined when the
   * index this service already holds came from a stored file with the same heads (nothing to store).
   */
  async indexFile(prefix: string, at: string): Promise<{ bytes: Uint8Array; headsDigest: string } | undefined> {
    this.heads.delete(prefix);
    const entry = await this.rebuild(prefix, at, `${prefix}|${at}`, this.snapshots.get(`${prefix}|${at}`), false);
    if (entry.fromFile) return undefined;
    entry.index ??= new SearchIndex(entry.snapshot, { cache: this.normalised });
    const headsDigest = sha256Hex(entry.headsSignature);
    return { bytes: encodeIndex(entry.index, headsDigest), headsDigest };
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
    useFiles = true,
  ): Promise<SnapshotEntry> {
    const heads = await this.headsOf(prefix);
    if (current && current.headsSignature === heads.signature) return this.touch(key, current);
    const inFlight = this.building.get(key);
    if (inFlight) return inFlight;
    const build = (async () => {
      // Cold, or a region large enough that rebuilding its postings costs more than loading the stored file.
      const consult = useFiles && (!current || (current.index?.size ?? 0) >= this.fileThreshold);
      const stored = consult ? await this.loadFile(prefix, at, heads.signature) : undefined;
      if (stored) return this.touch(key, stored);
      const snapshot = await loadSnapshot(this.store, heads.heads, prefix, at);
      // Heads moved without changing what is in force on `at` (e.g. a future version): keep the index.
      const entry: SnapshotEntry =
        current && current.snapshot.signature === snapshot.signature
          ? { ...current, headsSignature: heads.signature, fromFile: false }
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

  /** The stored index of the region, if there is one built from exactly these heads. */
  private async loadFile(prefix: string, at: string, headsSignature: string): Promise<SnapshotEntry | undefined> {
    const headsDigest = sha256Hex(headsSignature);
    const bytes = await this.files?.load(prefix, at, headsDigest);
    // A file of an older layout (stored before an upgrade) is left for the builder to replace.
    if (!bytes || !isIndexFile(bytes)) return undefined;
    const loaded = decodeIndex(bytes);
    if (loaded.headsSignature !== headsDigest) return undefined;
    return { headsSignature, snapshot: loaded.index.snapshot, index: loaded.index, fromFile: true };
  }

  private touch(key: string, entry: SnapshotEntry): SnapshotEntry {
    this.snapshots.delete(key);
    this.snapshots.set(key, entry);
    while (this.snapshots.size > this.maxSnapshots) this.snapshots.delete(this.snapshots.keys().next().value!);
    return entry;
  }
}
