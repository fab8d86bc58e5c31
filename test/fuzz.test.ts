/**
 * Malformed requests over every route, as a careless user or an attacker sends them: no answer is a 5xx.
 * Routes are every route the app mounts (API, portal, workbench); each request picks one and breaks it somewhere:
 * path parameters, query values (impossible dates, year 10000, lone surrogates, control characters, prototype
 * keys, over-long strings), tampered cursors, JSON bodies built from the route's OpenAPI schema with fields broken,
 * workbench forms with and without the session's CSRF token, bearer tokens and workbench sessions of every role,
 * or none. A fixed seed makes the run reproducible; GONGSHI_FUZZ_SEED and GONGSHI_FUZZ_COUNT run another
 * (scripts/fuzz.sh runs 5,000 with a new seed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, UNIT_C, type Harness } from './fixtures/workflow/harness.js';
import { noPenaltyItem, UNIT_A } from './support/fixtures.js';
import {
  enc,
  FORM_FIELDS,
  NASTY,
  pick,
  prng,
  RAW_BODIES,
  sample,
  tamper,
  type Random,
  type Schema,
} from './support/fuzz-inputs.js';
import { ORIGIN, WorkbenchClient } from './support/workbench-client.js';

const SEED = Number(process.env.GONGSHI_FUZZ_SEED ?? 20241202);
const COUNT = Number(process.env.GONGSHI_FUZZ_COUNT ?? 1200);

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface Route {
  method: string;
  /** The mounted path, parameters as `:name` or `:name{pattern}`. */
  path: string;
  query: string[];
  /** The request body's schema and media type, where the OpenAPI document states one. */
  body?: { type: string; schema: Schema };
}

/** A caller: a bearer token, a workbench session (cookie and its CSRF token), or nobody. */
interface Caller {
  authorization?: string;
  cookie?: string;
  csrf?: string;
}

const PORTAL_QUERY = ['at', 'asOf', 'q', 'region', 'page', 'from', 'to', 'kind', 'category', 'year', 'status', 'next'];

let h: Harness;
let routes: Route[];
let components: Record<string, Schema>;
let callers: Caller[];
let cursors: string[];
let ids: string[];

async function workbenchCaller(role: string, scope: { uscc?: string; region?: string }): Promise<Caller> {
  const wb = new WorkbenchClient(h.app);
  await wb.signIn(role, scope);
  const home = await wb.get('/workbench');
  const next = home.headers.get('location');
  if (next) await wb.get(next);
  const cookie = [...wb.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return { cookie, csrf: wb.csrf() };
}

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
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  components = doc.components?.schemas ?? {};
  const documented = new Map<string, Operation>();
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      documented.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op);
  const mounted = new Set<string>();
  routes = [];
  for (const { method, path } of h.app.routes) {
    if (method === 'ALL' || mounted.has(`${method} ${path}`)) continue;
    mounted.add(`${method} ${path}`);
    const op = documented.get(`${method} ${path.replace(/(:\w+)\{[^}]*\}/g, '$1')}`);
    const query = op ? (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) : PORTAL_QUERY;
    const content = Object.entries(op?.requestBody?.content ?? {})[0];
    routes.push({
      method,
      path,
      query,
      ...(content?.[1].schema ? { body: { type: content[0], schema: content[1].schema } } : {}),
    });
  }
  const token = (role: Parameters<Harness['token']>[0], opts?: Parameters<Harness['token']>[1]) =>
    h.token(role, opts).then((t) => ({ authorization: `Bearer ${t}` }));
  callers = [
    {},
    { authorization: 'Bearer not-a-jwt' },
    await token('editor', { units: [UNIT_A] }),
    await token('reviewer', { region: '210900' }),
    await token('auditor', { region: '*' }),
    await token('admin'),
    await workbenchCaller('editor', { uscc: UNIT_A }),
    await workbenchCaller('reviewer', { region: '210900' }),
    await workbenchCaller('admin', {}),
    await workbenchCaller('auditor', { region: '210900' }),
  ];
  // Real cursors to tamper with (units, items, audit) and real identifiers for path parameters (a draft).
  cursors = [];
  const units = await h.call('GET', '/v1/units?limit=1&status=all');
  if (units.body.nextCursor) cursors.push(units.body.nextCursor);
  const items = await h.call('GET', `/v1/units/${UNIT_A}/lists/no-penalty?limit=1`);
  if (items.body.nextCursor) cursors.push(items.body.nextCursor);
  const audit = await h.call('GET', '/v1/audit?limit=1', { token: await h.token('auditor', { region: '*' }) });
  if (audit.body.nextCursor) cursors.push(audit.body.nextCursor);
  ids = [];
  const draft = await h.call('POST', `/v1/units/${UNIT_A}/lists/no-penalty/drafts`, {
    token: await h.token('editor', { units: [UNIT_A] }),
    json: { items: [noPenaltyItem(1), noPenaltyItem(9)], effectiveFrom: '2024-06-01' },
  });
  if (draft.body.id) ids.push(draft.body.id);
}, 180_000);

function pathValue(name: string, r: Random): string {
  if (name === 'uscc') return pick(r, [UNIT_A, UNIT_A, UNIT_C, pick(r, NASTY)]);
  if (name === 'kind') return pick(r, ['no-penalty', 'inspection-items', 'entity', 'officers', pick(r, NASTY)]);
  if (name === 'region' || name === 'regionCode') return pick(r, ['210900', '430981', pick(r, NASTY)]);
  if (name === 'month') return pick(r, ['2024-01', '2024-13', pick(r, NASTY)]);
  if (name === 'year') return pick(r, ['2024', '0', pick(r, NASTY)]);
  if (name === 'id' && ids.length && r() < 0.4) return pick(r, ids);
  return pick(r, NASTY);
}

function jsonBody(route: Route, r: Random): string {
  if (!route.body || r() < 0.25) return pick(r, RAW_BODIES);
  const value = sample(route.body.schema, r, components, pick(r, [0, 0.05, 0.15, 0.4]));
  return JSON.stringify(value);
}

function formBody(route: Route, r: Random, caller: Caller): FormData | URLSearchParams {
  const form = route.body?.type.startsWith('multipart') || r() < 0.5 ? new FormData() : new URLSearchParams();
  if (caller.csrf && r() < 0.8) form.append('_csrf', r() < 0.9 ? caller.csrf : `${caller.csrf}x`);
  for (const name of FORM_FIELDS) if (r() < 0.3) form.append(name, pick(r, NASTY));
  if (form instanceof FormData && r() < 0.5)
    form.set('file', new File([pick(r, ['名称,依据\n甲,乙\n', '\xff\xfe', 'PK\u0003\u0004', ''])], pick(r, NASTY)));
  return form;
}

function malformedRequest(r: Random) {
  const route = pick(r, routes);
  const path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => enc(pathValue(name, r)).slice(0, 4000));
  const q: string[] = [];
  const names = [...route.query, ...(r() < 0.3 ? [pick(r, ['x', 'constructor', '__proto__', 'limit', 'cursor'])] : [])];
  for (const name of names) {
    if (r() < 0.5) continue;
    const value = name === 'cursor' && cursors.length && r() < 0.7 ? tamper(pick(r, cursors), r) : pick(r, NASTY);
    q.push(`${enc(name)}=${enc(value)}`);
  }
  const caller = pick(r, callers);
  const headers: Record<string, string> = { 'user-agent': 'fuzz' };
  if (caller.authorization) headers.authorization = caller.authorization;
  if (caller.cookie) headers.cookie = caller.cookie;
  if (r() < 0.1) headers['if-match'] = pick(r, ['*', '"v1-x"', 'garbage', '"?"']);
  let body: string | FormData | URLSearchParams | undefined;
  if (route.method !== 'GET' && route.method !== 'HEAD') {
    if (route.path.startsWith('/workbench') || route.body?.type.startsWith('multipart')) {
      headers.origin = pick(r, [ORIGIN, ORIGIN, ORIGIN, 'https://evil.example', 'null']);
      body = formBody(route, r, caller);
    } else {
      headers['content-type'] = pick(r, ['application/json', 'application/json', 'application/json', 'text/plain']);
      body = jsonBody(route, r);
    }
  }
  return { method: route.method, url: `${ORIGIN}${path}${q.length ? `?${q.join('&')}` : ''}`, headers, body };
}

describe(`fuzz: ${COUNT} malformed requests over every route (seed ${SEED})`, () => {
  it('no answer is a 5xx', async () => {
    // Every mounted route, including decisions, draws, plans, certificates and the workbench's forms.
    expect(routes.length).toBeGreaterThan(110);
    for (const prefix of ['/v1/units/:uscc/decisions', '/v1/units/:uscc/draws', '/workbench/admin/assignments'])
      expect(routes.some((route) => route.method === 'POST' && route.path === prefix)).toBe(true);
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
        `${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    expect(failures).toEqual([]);
  }, 1_200_000);
});
