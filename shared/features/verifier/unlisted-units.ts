/**
 * Units the log knows but a run's listings leave out. A region or full run takes its units from the listings
 * (`/v1/units`, the former-units route), which read the region indexes; a unit whose head is taken out of them would
 * be invisible to the run. The log names every unit in its leaves, so for each unit outside the run's scope the
 * latest logged published entity version says where it belongs: a full run names every such unit (it belongs in the
 * listing of all regions); a region run reads that version's content (verified against the leaf's contentHash and
 * mirrored, so later runs read nothing) and names the unit when its region is under the run's (`region-index`).
 *
 * Only the latest published entity version is read: a unit that moved out of the region and is also hidden from the
 * region's former units is not seen by this region's run (the run of its current region verifies it).
 */
import { contentHash } from '../../core/canonical-json.js';
import type { Leaf } from '../ledger/index.js';
import { HttpError, type PublicApi } from './client.js';
import type { Mirror } from './mirror.js';

export interface UnlistedFinding {
  unit: string;
  kind: 'entity';
  version: number;
  check: 'region-index' | 'contentHash';
  message: string;
}

type Pool = <T>(items: readonly T[], fn: (item: T) => Promise<void>) => Promise<void>;

/** Keeps, per unit, the latest published entity leaf seen (the log is read in order, so versions only grow). */
export function keepLatestEntityLeaf(latest: Map<string, Leaf>, leaf: Leaf): void {
  if (leaf.kind !== 'entity' || leaf.status !== 'published') return;
  const seen = latest.get(leaf.unit);
  if (!seen || leaf.version > seen.version) latest.set(leaf.unit, leaf);
}

export async function unlistedUnitFindings(
  api: PublicApi,
  mirror: Mirror,
  run: { prefix: string; label: string; outside: ReadonlyMap<string, Leaf> },
  pool: Pool,
): Promise<UnlistedFinding[]> {
  const out: UnlistedFinding[] = [];
  await pool([...run.outside.values()], async (leaf) => {
    const at = { unit: leaf.unit, kind: 'entity' as const, version: leaf.version };
    const missing = (region?: string) =>
      out.push({
        ...at,
        check: 'region-index',
        message:
          `logged (entity version ${leaf.version}${region ? `, region ${region}` : ''}) but missing from the unit ` +
          `listing of ${run.label}${run.prefix ? ' and from its former units' : ''}`,
      });
    // Every unit belongs in the listing of all regions: nothing to read.
    if (run.prefix === '') {
      missing();
      return;
    }
    let record: Record<string, unknown> | undefined;
    try {
      record = await verifiedRecord(api, mirror, leaf);
    } catch (e) {
      out.push({ ...at, check: 'region-index', message: `not placeable: ${describe(e)}` });
      return;
    }
    if (!record) {
      out.push({ ...at, check: 'contentHash', message: `does not hash to the logged contentHash` });
      return;
    }
    const region = record.regionCode;
    if (typeof region === 'string' && region.startsWith(run.prefix)) missing(region);
  });
  return out;
}

/** The version's record when it hashes to the leaf's contentHash (the mirror's copy first); else undefined. */
async function verifiedRecord(
  api: PublicApi,
  mirror: Mirror,
  leaf: Leaf,
): Promise<Record<string, unknown> | undefined> {
  const parts = ['units', leaf.unit, 'entity', `${leaf.version}.json`];
  const kept = mirror.readJson<{ items: Array<Record<string, unknown>> }>(...parts);
  if (kept && contentHash(kept.items[0]) === leaf.contentHash) return kept.items[0];
  const served = await api.version(leaf.unit, 'entity', leaf.version);
  if (contentHash(served.items[0]) !== leaf.contentHash) return undefined;
  mirror.writeJson(served, ...parts);
  return served.items[0];
}

const describe = (e: unknown) =>
  e instanceof HttpError ? `HTTP ${e.status}${e.reason ? ` ${e.reason}` : ''}` : ((e as Error).message ?? String(e));
