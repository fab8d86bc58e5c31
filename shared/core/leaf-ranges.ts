/**
 * Which leaf holds which version of a stream. The sequencer logs a stream's
 * versions in consecutive leaves, so each run that touched the stream appends
 * one pair [first version, first leaf index] to the stream head; any version's
 * leaf index follows without an extra read on the hot read paths.
 */
export type LeafRange = readonly [fromVersion: number, firstLeaf: number];

export function leafIndexFor(
  ranges: readonly LeafRange[] | undefined,
  loggedVersion: number | undefined,
  version: number,
): number | undefined {
  if (!ranges || loggedVersion === undefined || version > loggedVersion || version < 1) return undefined;
  let found: LeafRange | undefined;
  for (const r of ranges) if (r[0] <= version && (!found || r[0] > found[0])) found = r;
  return found ? found[1] + (version - found[0]) : undefined;
}

/** A version's metadata with its leaf index added once the version is logged. */
export function withLeafIndex<T extends { version: number }>(
  meta: T,
  head: { loggedVersion?: number; leafRanges?: ReadonlyArray<LeafRange> } | undefined,
): T & { leafIndex?: number } {
  const leafIndex = head ? leafIndexFor(head.leafRanges, head.loggedVersion, meta.version) : undefined;
  return leafIndex === undefined ? meta : { ...meta, leafIndex };
}
