/**
 * Malformed requests over every route, as a careless user or an attacker sends them: no answer is a 5xx.
 * Routes come from the OpenAPI document (every API route) plus the portal pages; each request picks a
 * route and breaks it somewhere: path parameters, query values (impossible dates, year 10000, lone
 * surrogates, control characters, prototype keys, over-long strings), tampered cursors, bodies (bad JSON,
 * wrong types, lone surrogates), tokens of any role or none. A fixed seed makes the run reproducible;
 * GONGSHI_FUZZ_SEED and GONGSHI_FUZZ_COUNT run another (scripts/fuzz.sh runs 5,000 with a new seed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, UNIT_C, type Harness } from './fixtures/workflow/harness.js';
import { noPenaltyItem, UNIT_A } from './support/fixtures.js';

const SEED = Number(process.env.GONGSHI_FUZZ_SEED ?? 20241202);
const COUNT = Number(process.env.GONGSHI_FUZZ_COUNT ?? 1200);

/** mulberry32: a small seeded PRNG, so a failing request can be replayed from the seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LONG = 'A'.repeat(3000);
const NASTY = [
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
  UNIT_A,
  UNIT_C,
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

interface Route {
  method: string;
  path: string;
  params: string[];
  query: string[];
  body: boolean;
}

let h: Harness;
let routes: Route[];
let tokens: Array<string | undefined>;
let cursors: string[];

beforeAll(async () => {
  h = await createHarness();
  for (const kind of ['no-penalty', 'inspection-items'] as const) {
    await h.registry.publish({
      uscc: UNIT_A,
      stream: kind,
      status: 'published',
      items:
        kind === 'no-penalty'
          ? [noPenaltyItem(1), noPenaltyItem(2)]
          : [{ name: '检查甲', category: '一般', basis: '《某法》第一条' }],
      effectiveFrom: '2023-01-01',
      publishedBy: 'seed',
      source: 'seed',
    });
  }
  const doc = (await (await h.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown }>>;
  };
  routes = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      routes.push({ method: method.toUpperCase(), path, params, query, body: op.requestBody !== undefined });
    }
  }
  for (const path of [
    '/',
    '/units',
    '/search',
    '/stats',
    '/units/{uscc}',
    '/units/{uscc}/lists/{kind}',
    '/units/{uscc}/lists/{kind}/diff',
  ])
    routes.push({
      method: 'GET',
      path,
      params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
      query: ['at', 'asOf', 'q', 'region', 'page', 'from', 'to', 'kind', 'category'],
      body: false,
    });
  tokens = [
    undefined,
    'not-a-jwt',
    await h.token('editor', { units: [UNIT_A] }),
    await h.token('reviewer', { region: '210900' }),
    await h.token('auditor', { region: '*' }),
    await h.token('admin'),
  ];
  // Real cursors to tamper with: units, items, audit.
  cursors = [];
  const units = await h.call('GET', '/v1/units?limit=1&status=all');
  if (units.body.nextCursor) cursors.push(units.body.nextCursor);
  const items = await h.call('GET', `/v1/units/${UNIT_A}/lists/no-penalty?limit=1`);
  if (items.body.nextCursor) cursors.push(items.body.nextCursor);
  const audit = await h.call('GET', '/v1/audit?limit=1', { token: tokens[4] });
  if (audit.body.nextCursor) cursors.push(audit.body.nextCursor);
}, 120_000);

/** Percent-encodes, sending a lone surrogate as the (ill-formed) UTF-8 bytes a careless client would. */
const enc = (value: string) =>
  value
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

function tamper(cursor: string, r: () => number): string {
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

function malformedRequest(r: () => number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const route = pick(routes);
  let path = route.path;
  for (const p of route.params) {
    const value =
      p === 'uscc'
        ? pick([UNIT_A, UNIT_A, pick(NASTY)])
        : p === 'kind'
          ? pick(['no-penalty', 'inspection-items', pick(NASTY)])
          : pick(NASTY);
    path = path.replace(new RegExp(`\\{${p}(\\{[^}]*\\})?\\}`), enc(value).slice(0, 4000));
  }
  const q: string[] = [];
  const names = [...route.query, ...(r() < 0.3 ? [pick(['x', 'constructor', '__proto__', 'limit', 'cursor'])] : [])];
  for (const name of names) {
    if (r() < 0.5) continue;
    const value = name === 'cursor' && cursors.length && r() < 0.7 ? tamper(pick(cursors), r) : pick(NASTY);
    q.push(`${enc(name)}=${enc(value)}`);
  }
  const headers: Record<string, string> = { 'user-agent': 'fuzz' };
  const token = pick(tokens);
  if (token) headers.authorization = `Bearer ${token}`;
  if (r() < 0.1) headers['if-match'] = pick(['*', '"v1-x"', 'garbage', '"\ud800"'.replace(/[^\x20-\x7e]/g, '?')]);
  let body: string | undefined;
  if (route.method !== 'GET' && route.method !== 'HEAD') {
    headers['content-type'] = pick([
      'application/json',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]);
    body = pick([
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
    ]);
  }
  return { method: route.method, url: `${path}${q.length ? `?${q.join('&')}` : ''}`, headers, body };
}

describe(`fuzz: ${COUNT} malformed requests over every route (seed ${SEED})`, () => {
  it('no answer is a 5xx', async () => {
    expect(routes.length).toBeGreaterThan(30);
    const r = prng(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < COUNT; i++) {
      const req = malformedRequest(r);
      let status: number;
      let text = '';
      try {
        const res = await h.app.request(req.url, { method: req.method, headers: req.headers, body: req.body });
        status = res.status;
        text = status >= 500 ? (await res.text()).slice(0, 200) : '';
        if (status < 500) await res.arrayBuffer();
      } catch (e) {
        status = 599;
        text = String(e).slice(0, 200);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) failures.push(`#${i} ${req.method} ${req.url.slice(0, 300)} → ${status} ${text}`);
    }
    console.log(
      `fuzz seed ${SEED}: ${COUNT} requests over ${routes.length} routes; statuses ` +
        `${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures).toEqual([]);
  }, 600_000);
});
