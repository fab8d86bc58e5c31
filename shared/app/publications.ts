/** Tells the write Lambda whether a request published a version, through the registry's afterPublish hook. */
import type { Registry } from '../features/lists/registry.js';

/** Returns `takePublished()`: true once a version was published since the last call; each call resets it. */
export function watchPublications(registry: Registry): () => boolean {
  let published = false;
  const previous = registry.afterPublish;
  registry.afterPublish = (result) => {
    previous?.(result);
    published = true;
  };
  return () => {
    const was = published;
    published = false;
    return was;
  };
}
export { sequencerNudge } from '../features/ledger/sequencer-nudge.js';
