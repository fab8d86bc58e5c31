/**
 * What the fuzz suite sends: a seeded PRNG, the malformed values, tampered cursors, and JSON bodies built from an
 * operation's OpenAPI request schema with one or more fields broken, so a request gets past the first check and
 * reaches the deeper ones (service rules, engine keys) that a wholly wrong body never reaches.
 */
import { noPenaltyItem } from './fixtures.js';

/** mulberry32: a small seeded PRNG, so a failing request can be replayed from the seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export const LONG = 'A'.repeat(3000);

/** Values a careless client or an attacker puts anywhere: impossible dates, surrogates, control characters, … */
export const NASTY: readonly string[] = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  '99999999999999999999',
  'NaN',
  'null',
  'true',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  '2023-02-30',
  '0000-01-01',
  '10000-01-01',
  '+010000-01-01T00:00:00Z',
  '2024-13-01',
  '2024-01-01T25:00:00Z',
  '2024-01-01T00:00:00+99:99',
  '2024-00',
  '2024-13',
  '\ud800',
  'a\udc00b',
  'a\r\nSet-Cookie: x=1',
  'a\u0000b',
  'x"; filename="evil.exe',
  '中文名称',
  '沅司发〔2023〕5号',
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  LONG,
  '9'.repeat(400),
  '11210900155967021Y',
  'GLOBAL',
  'ANONYMOUS',
  'no-penalty',
  'entity',
  '1',
  '2',
  '1000000',
  '2024-01-01',
  '2024-01-01T00:00:00Z',
  'x001/234',
  'x000/000.p/3',
];

/** Percent-encodes, sending a lone surrogate as the (ill-formed) UTF-8 bytes a careless client would. */
export const enc = (value: string) =>
  value
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

/** A real cursor with one character changed, its MAC cut off, a forged payload under its MAC, or doubled. */
export function tamper(cursor: string, r: Random): string {
  const i = Math.floor(r() * cursor.length);
  const choice = r();
  if (choice < 0.3) return cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);
  if (choice < 0.5) return cursor.split('.')[0]!;
  if (choice < 0.7) {
    const forged = Buffer.from(
      JSON.stringify({ k: { pk: LONG, sk: 1 }, a: { regionCode: '\ud800', uscc: 7 } }),
    ).toString('base64url');
    return `${forged}.${cursor.split('.')[1] ?? ''}`;
  }
  return cursor + cursor;
}

/** A JSON schema as the OpenAPI document states it (the parts the sampler reads). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  minLength?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
  example?: unknown;
}

const WRONG_TYPES: readonly unknown[] = [null, 7, -1, 1e308, true, [], {}, '', LONG, '\ud800', { __proto__: 1 }];

/**
 * A value for `schema`, plausible where the schema says enough (enums, formats, examples) and broken with
 * probability `breakRate` at every node: a nasty string, a wrong type, or a missing property.
 */
export function sample(
  schema: Schema,
  r: Random,
  components: Record<string, Schema>,
  breakRate: number,
  depth = 0,
): unknown {
  if (schema.$ref) return sample(components[schema.$ref.split('/').pop()!] ?? {}, r, components, breakRate, depth);
  if (r() < breakRate) return r() < 0.5 ? pick(r, NASTY) : pick(r, WRONG_TYPES);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return sample(pick(r, alternatives), r, components, breakRate, depth);
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((s) => sample(s, r, components, breakRate, depth + 1));
    return Object.assign({}, ...parts.filter((p) => p && typeof p === 'object'));
  }
  if (schema.enum?.length) return pick(r, schema.enum);
  if (schema.example !== undefined && r() < 0.5) return schema.example;
  if (schema.default !== undefined && r() < 0.3) return schema.default;
  const type = Array.isArray(schema.type) ? pick(r, schema.type) : schema.type;
  if (depth > 6) return null;
  switch (type ?? (schema.properties ? 'object' : schema.items ? 'array' : 'string')) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(schema.properties ?? {}))
        if (r() > breakRate / 2) out[name] = sample(prop, r, components, breakRate, depth + 1);
      return out;
    }
    case 'array': {
      const n = pick(r, [0, 1, 1, 2, 3]);
      return Array.from({ length: n }, () => sample(schema.items ?? {}, r, components, breakRate, depth + 1));
    }
    case 'integer':
      return pick(r, [schema.minimum ?? 0, 1, 2, 100]);
    case 'number':
      return pick(r, [0, 1, 0.5, 100]);
    case 'boolean':
      return r() < 0.5;
    case 'null':
      return null;
    default:
      return plausibleString(schema, r);
  }
}

function plausibleString(schema: Schema, r: Random): string {
  if (schema.format === 'date') return pick(r, ['2024-01-01', '2024-03-01', '2023-06-30']);
  if (schema.format === 'date-time') return pick(r, ['2024-01-01T00:00:00Z', '2024-03-01T02:00:00.000Z']);
  if (schema.pattern?.includes('[0-9A-HJ-NPQRTUWXY]')) return '11210900155967021X';
  if (schema.pattern?.includes('\\d{6}') || schema.pattern?.includes('[0-9]{6}')) return '210900';
  if (schema.pattern?.includes('\\d{4}-\\d{2}')) return pick(r, ['2024-01', '2024-02']);
  return pick(r, ['甲', '检查事项', '沅司发〔2023〕5号', 'x'.repeat(Math.max(1, schema.minLength ?? 1))]);
}

/** Bodies of any shape, for routes whose schema the document does not give (or to break the whole body). */
export const RAW_BODIES: readonly string[] = [
  '',
  '{',
  'null',
  '[]',
  '{"items":"x"}',
  '{"items":[{"name":"\\ud800"}],"effectiveFrom":"2024-01-01"}',
  `{"items":[${JSON.stringify(noPenaltyItem(3))}],"effectiveFrom":"0000-01-01"}`,
  `{"items":[${JSON.stringify(noPenaltyItem(3))}],"effectiveFrom":"2024-02-30","documentNumber":"a\\r\\nb"}`,
  '{"decision":"approve","grounds":"x"}',
  '{"decision":"constructor"}',
  '{"entity":{"uscc":"__proto__"},"effectiveFrom":"2024-01-01"}',
  `{"__proto__":{"admin":true},"items":[],"effectiveFrom":"2024-01-01"}`,
  JSON.stringify({ items: [{ ...noPenaltyItem(4), measures: '\u0000\u0007' }], effectiveFrom: '2024-01-01' }),
  `{"items":[${JSON.stringify(noPenaltyItem(5)).replace('予以', '\\ud800')}],"effectiveFrom":"2024-01-01"}`,
  '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n\xff\xfe\r\n--x--\r\n',
];

/** The workbench forms' field names (sign-in, uploads, mapping, review, entities, assignments). */
export const FORM_FIELDS: readonly string[] = [
  'role',
  'uscc',
  'region',
  'user',
  'userId',
  'scope',
  'next',
  'effectiveFrom',
  'mode',
  'documentNumber',
  'revisionOf',
  'removals',
  'confirmRemoval',
  'pastDateReason',
  'decision',
  'grounds',
  'comment',
  'name',
  'regionCode',
  'category',
  'map.0',
  'column',
];
