/**
 * Regions of 1,000 to 100,000 items, published once per run into one shared
 * table (default cache) and reused by the search and export groups.
 */
import type { GeneratedUnit } from '../../shared/features/demo/generate.js';
import type { BenchContext } from './context.js';
import { PLACES, itemCount, publishUnits, region } from './data.js';
import type { CountedRuntime } from './engine.js';

export interface RegionDataset {
  rt: CountedRuntime;
  tableName: string;
  regionCode: string;
  units: GeneratedUnit[];
  items: number;
}

const placeFor = (items: number) =>
  items <= 1_000 ? PLACES.search1k : items <= 10_000 ? PLACES.search10k : PLACES.search100k;

async function sharedRuntime(ctx: BenchContext): Promise<CountedRuntime> {
  let rt = ctx.datasets.get('runtime') as Promise<CountedRuntime> | undefined;
  if (!rt) {
    rt = ctx.engine.runtime();
    ctx.datasets.set('runtime', rt);
  }
  return rt;
}

/** A region of `items` items over units of about 2,000 items each (at least 5 units). */
export function regionDataset(ctx: BenchContext, items: number): Promise<RegionDataset> {
  const key = `region:${items}`;
  let ds = ctx.datasets.get(key) as Promise<RegionDataset> | undefined;
  if (!ds) {
    ds = (async () => {
      const rt = await sharedRuntime(ctx);
      const place = placeFor(items);
      const units = region(items, Math.max(5, Math.round(items / 2_000)), place);
      ctx.log(`data: publishing a region of ${itemCount(units).toLocaleString('en-US')} items (${units.length} units)`);
      await publishUnits(rt.registry, units);
      return { rt, tableName: rt.tableName, regionCode: place.regionCode, units, items: itemCount(units) };
    })();
    ctx.datasets.set(key, ds);
  }
  return ds;
}
