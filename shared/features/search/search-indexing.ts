/**
 * The background step that keeps stored region indexes current: after a publication it rebuilds the index
 * of the unit's province, city and county (today's date) and stores it (index-store.ts), so an instance that
 * starts cold loads a file instead of reading a province's list versions. Locally it runs in the server's
 * process, a moment after each publish; the search service re-reads heads at once, so results are fresh
 * within the rebuild's time. Publications arriving while a rebuild runs are folded into the next one.
 */
import { regionPrefix } from '../../core/region.js';
import type { Registry } from '../lists/index.js';
import type { IndexFileStore } from './index-store.js';
import type { RegionService } from './service.js';

export interface SearchIndexerOptions {
  /** Wait after a publication before rebuilding, so a burst of publishes costs one rebuild (ms). */
  delayMs?: number;
  /** Where failures are reported; a failed rebuild leaves the previous stored index, still valid for its heads. */
  onError?: (error: unknown, prefix: string) => void;
}

/** Province, city and county prefixes of a region code: 210921 → 21, 2109, 210921. */
export function prefixesOf(regionCode: string): string[] {
  const code = regionCode.padEnd(6, '0');
  return [
    ...new Set([regionPrefix(`${code.slice(0, 2)}0000`), regionPrefix(`${code.slice(0, 4)}00`), regionPrefix(code)]),
  ];
}

export class SearchIndexer {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private readonly delayMs: number;

  constructor(
    private readonly service: RegionService,
    private readonly files: IndexFileStore,
    private readonly today: () => string,
    private readonly clock: () => Date,
    private readonly options: SearchIndexerOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 200;
  }

  /** Rebuilds and stores the index of each prefix now (those already current are skipped). */
  async refresh(prefixes: readonly string[]): Promise<void> {
    const at = this.today();
    for (const prefix of prefixes) {
      try {
        const file = await this.service.indexFile(prefix, at);
        if (file) await this.files.save(prefix, at, { ...file, builtAt: this.clock().toISOString() });
      } catch (e) {
        this.options.onError?.(e, prefix);
      }
    }
  }

  /** Queues the prefixes of a published unit's region for the next rebuild. */
  schedule(regionCode: string): void {
    for (const p of prefixesOf(regionCode)) this.pending.add(p);
    this.service.invalidate();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, this.delayMs);
  }

  /** Resolves when every queued rebuild has been stored (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    while (this.timer || this.running || this.pending.size) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        void this.drain();
      }
      await this.running;
    }
  }

  private async drain(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      while (this.pending.size) {
        const prefixes = [...this.pending];
        this.pending.clear();
        await this.refresh(prefixes);
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }
}

/**
 * Serves searches of `registry` from stored indexes when their heads match, and (with `build`) rebuilds
 * them in this process after each publication. Returns the indexer when it builds.
 */
export function useStoredIndexes(
  registry: Registry,
  service: RegionService,
  files: IndexFileStore,
  options: SearchIndexerOptions & { build?: boolean } = {},
): SearchIndexer | undefined {
  service.files = files;
  if (!options.build) return undefined;
  const indexer = new SearchIndexer(
    service,
    files,
    () => registry.today(),
    () => registry.store.now(),
    options,
  );
  const previous = registry.afterPublish;
  registry.afterPublish = (result) => {
    previous?.(result);
    if (result.outcome === 'published' && result.head.regionCode) indexer.schedule(result.head.regionCode);
  };
  return indexer;
}
