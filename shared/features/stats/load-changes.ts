/**
 * Reads what `summariseChanges` needs: the versions of a region's lists published
 * in a period (from the heads' timelines, one gsi2 Query, usually cached) and, for
 * each, its items and its predecessor's (immutable content, cached by the store).
 *
 * A version counts for the region the unit was in on the day it was published (the entity in force that day), as
 * search and statistics read a region on a date: a unit that moved counts in its former region for the changes made
 * while it was there, and in its new region from the move on.
 */
import { chinaDate } from '../../core/dates.js';
import { isListKind, entityKind } from '../../core/kinds/index.js';
import { resolveInForce } from '../../core/versions.js';
import type { StreamStore } from '../lists/index.js';
import type { RegionHead } from '../search/index.js';
import { summariseChanges, type ChangesReport, type PublishedVersion } from './changes.js';

export async function loadChanges(
  store: StreamStore,
  heads: readonly RegionHead[],
  prefix: string,
  from: string,
  to: string,
): Promise<ChangesReport> {
  const entityHeads = new Map(heads.filter((h) => h.stream === entityKind.id).map((h) => [h.uscc, h]));
  /** The unit's region on `day`: its entity in force then; the head's region before any entity is. */
  const regionOn = async (head: RegionHead, day: string) => {
    const entityHead = entityHeads.get(head.uscc);
    const { entry } = entityHead ? resolveInForce(entityHead.timeline, { at: day }) : {};
    if (!entityHead || !entry) return head.regionCode;
    const entity = (await store.readContent(head.uscc, entityKind.id, entry)).items[0];
    return String(entity?.regionCode ?? head.regionCode);
  };
  const wanted: Array<{ head: RegionHead; index: number }> = [];
  for (const head of heads) {
    if (!isListKind(head.stream)) continue;
    for (const [index, e] of head.timeline.entries()) {
      const day = chinaDate(new Date(e.publishedAt));
      if (day < from || day > to) continue;
      if (prefix === '' || (await regionOn(head, day)).startsWith(prefix)) wanted.push({ head, index });
    }
  }
  const published: PublishedVersion[] = new Array(wanted.length);
  const read = async (head: RegionHead, index: number) => {
    const e = head.timeline[index];
    if (!e || e.status === 'repealed') return [];
    return (await store.readContent(head.uscc, head.stream, e)).items;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, wanted.length) }, async () => {
      while (next < wanted.length) {
        const i = next++;
        const { head, index } = wanted[i]!;
        const e = head.timeline[index]!;
        const [previousItems, items] = await Promise.all([read(head, index - 1), read(head, index)]);
        published[i] = {
          uscc: head.uscc,
          kind: head.stream,
          version: e.version,
          status: e.status,
          effectiveFrom: e.effectiveFrom,
          publishedAt: e.publishedAt,
          previousItems,
          items,
        };
      }
    }),
  );
  // Unit names from their latest entity record (cached content).
  const names = new Map<string, string>();
  const units = new Set(published.map((p) => p.uscc));
  for (const head of heads) {
    if (head.stream !== entityKind.id || !units.has(head.uscc)) continue;
    const latest = [...head.timeline].reverse().find((e) => e.status === 'published');
    if (!latest) continue;
    const entity = (await store.readContent(head.uscc, entityKind.id, latest)).items[0];
    if (entity?.name) names.set(head.uscc, String(entity.name));
  }
  return summariseChanges(published, names);
}
