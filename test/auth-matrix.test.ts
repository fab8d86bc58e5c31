/**
 * The whole authorisation matrix: every role × every authenticated route × own
 * and other unit, table-driven; plus 401 for no, bad and expired tokens. Every
 * refusal must also be in the audit trail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal, Role } from '../shared/features/auth/principal.js';
import type { AuditNote } from '../shared/features/workflow/audit-note.js';
import { createHarness, OTHER_REGION, UNIT_C, type Harness } from './fixtures/workflow/harness.js';
import { entity, noPenaltyItem, UNIT_A } from './support/fixtures.js';

let h: Harness;

type Who = 'admin' | 'editor' | 'reviewer' | 'auditor' | 'auditorAll' | 'norole';
const WHO: Record<Who, { roles: Role[]; units?: string[]; region?: string }> = {
  admin: { roles: ['admin'] },
  editor: { roles: ['editor'], units: [UNIT_A] },
  reviewer: { roles: ['reviewer'], region: '210900' },
  auditor: { roles: ['auditor'], region: '210900' },
  auditorAll: { roles: ['auditor'], region: '*' },
  norole: { roles: [] },
};
const tokens = {} as Record<Who, string>;
const system: Principal = { sub: 'system-editor', roles: ['editor'], units: [UNIT_A, UNIT_C] };

/** A fresh draft of the unit in the given state, made by someone who is none of the callers. */
async function draftOf(unit: string, state: 'draft' | 'submitted'): Promise<string> {
  const note: AuditNote = {};
  const d = await h.write.workflow.createDraft(
    system,
    {
      unit,
      stream: 'no-penalty',
      action: 'publish',
      items: [noPenaltyItem(Math.floor(Math.random() * 1e6))],
      effectiveFrom: '2024-06-01',
      source: 'test',
    },
    note,
  );
  if (state === 'submitted') await h.write.workflow.submit(system, d.id, undefined, note);
  return d.id;
}

interface Route {
  name: string;
  call(unit: string, token: string): Promise<{ status: number; headers: Headers; body: any }>;
  /** Who may, on their own unit / another unit. */
  allowed: Partial<Record<Who, 'own' | 'both'>>;
  ok: number;
}

const routes: Route[] = [
  {
    name: 'POST lists/{kind}/drafts',
    call: (u, t) =>
      h.call('POST', `/v1/units/${u}/lists/no-penalty/drafts`, {
        token: t,
        json: { items: [noPenaltyItem(Math.floor(Math.random() * 1e6))], effectiveFrom: '2024-06-01' },
      }),
    allowed: { editor: 'own' },
    ok: 201,
  },
  {
    name: 'POST lists/{kind}/drafts?dryRun',
    call: (u, t) =>
      h.call('POST', `/v1/units/${u}/lists/no-penalty/drafts?dryRun=true`, {
        token: t,
        json: { items: [noPenaltyItem(1)], effectiveFrom: '2024-06-01' },
      }),
    allowed: { editor: 'own' },
    ok: 200,
  },
  {
    name: 'POST lists/{kind}/repeal',
    call: (u, t) =>
      h.call('POST', `/v1/units/${u}/lists/no-penalty/repeal`, { token: t, json: { effectiveFrom: '2030-01-01' } }),
    allowed: { editor: 'own' },
    ok: 201,
  },
  {
    name: 'PUT /v1/units/{uscc}',
    call: (u, t) =>
      h.call('PUT', `/v1/units/${u}`, {
        token: t,
        json: {
          entity: entity(u, {
            regionCode: u === UNIT_C ? OTHER_REGION : '210900',
            phone: `0418-${Math.floor(Math.random() * 1e7)}`,
          }),
          effectiveFrom: '2024-06-01',
        },
      }),
    allowed: { admin: 'both' },
    ok: 201,
  },
  {
    name: 'GET /v1/drafts?unit=',
    call: (u, t) => h.call('GET', `/v1/drafts?unit=${u}`, { token: t }),
    allowed: { admin: 'both', editor: 'own', reviewer: 'own', auditor: 'own', auditorAll: 'both' },
    ok: 200,
  },
  {
    name: 'GET /v1/drafts/{id}',
    call: async (u, t) => h.call('GET', `/v1/drafts/${await draftOf(u, 'draft')}`, { token: t }),
    allowed: { admin: 'both', editor: 'own', reviewer: 'own', auditor: 'own', auditorAll: 'both' },
    ok: 200,
  },
  {
    name: 'POST /v1/drafts/{id}/submit',
    call: async (u, t) => h.call('POST', `/v1/drafts/${await draftOf(u, 'draft')}/submit`, { token: t }),
    allowed: { editor: 'own' },
    ok: 200,
  },
  {
    name: 'POST /v1/drafts/{id}/review',
    call: async (u, t) =>
      h.call('POST', `/v1/drafts/${await draftOf(u, 'submitted')}/review`, {
        token: t,
        json: { decision: 'reject', grounds: ['事实不清'] },
      }),
    allowed: { reviewer: 'own' },
    ok: 200,
  },
  {
    name: 'GET /v1/audit?unit=',
    call: (u, t) => h.call('GET', `/v1/audit?unit=${u}`, { token: t }),
    allowed: { auditor: 'own', auditorAll: 'both' },
    ok: 200,
  },
  {
    name: 'GET lists/{kind}/drafts (versions with drafts)',
    call: (u, t) => h.call('GET', `/v1/units/${u}/lists/no-penalty/drafts`, { token: t }),
    allowed: { admin: 'both', editor: 'own', reviewer: 'own', auditor: 'own', auditorAll: 'both' },
    ok: 200,
  },
];

const cases = routes.flatMap((route) =>
  (Object.keys(WHO) as Who[]).flatMap((who) =>
    (['own', 'other'] as const).map((target) => {
      const grant = route.allowed[who];
      const expected = grant === 'both' || (grant === 'own' && target === 'own') ? route.ok : 403;
      return { route, who, target, expected };
    }),
  ),
);

beforeAll(async () => {
  h = await createHarness();
  for (const who of Object.keys(WHO) as Who[])
    tokens[who] = await h.token(WHO[who].roles, { sub: `${who}-1`, units: WHO[who].units, region: WHO[who].region });
  // Lists to repeal, on both units.
  for (const u of [UNIT_A, UNIT_C]) {
    await h.registry.publish({
      uscc: u,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(1)],
      effectiveFrom: '2023-01-01',
      publishedBy: 'seed',
      source: 'seed',
    });
  }
});

describe('authorisation matrix: roles × routes × own/other unit', () => {
  it.each(cases.map((c) => [c.route.name, c.who, c.target, c.expected, c] as const))(
    '%s as %s on %s unit → %i',
    async (_n, _w, _t, _e, c) => {
      const unit = c.target === 'own' ? UNIT_A : UNIT_C;
      const res = await c.route.call(unit, tokens[c.who]);
      expect(res.status, JSON.stringify(res.body)).toBe(c.expected);
      if (c.expected === 403) {
        expect(res.body.error.code).toBe('FORBIDDEN');
        // Recorded: the response names its audit record, which says "denied".
        const ref = res.headers.get('Audit-Record');
        expect(ref).toMatch(/^[0-9A-Z]{18}\/\d+$/);
        const [stream, seq] = ref!.split('/');
        const page = await h.write.audit.listUnit(stream!, { limit: 1000 });
        const record = page.records.find((r) => r.seq === Number(seq));
        expect(record).toMatchObject({ actor: `${c.who}-1`, outcome: 'denied', status: 403, unit });
      }
    },
  );
});

describe('authentication', () => {
  const paths: Array<[string, string, unknown?]> = [
    ['POST', `/v1/units/${UNIT_A}/lists/no-penalty/drafts`, { items: [], effectiveFrom: '2024-01-01' }],
    ['POST', `/v1/units/${UNIT_A}/lists/no-penalty/repeal`, { effectiveFrom: '2024-01-01' }],
    ['PUT', `/v1/units/${UNIT_A}`, { entity: entity(UNIT_A), effectiveFrom: '2024-01-01' }],
    ['GET', '/v1/drafts'],
    ['GET', '/v1/drafts/dlt80bi8021428ce5cb05'],
    ['POST', '/v1/drafts/dlt80bi8021428ce5cb05/submit'],
    ['POST', '/v1/drafts/dlt80bi8021428ce5cb05/review', { decision: 'approve' }],
    ['GET', '/v1/audit'],
    ['GET', `/v1/units/${UNIT_A}/lists/no-penalty/drafts`],
    ['POST', '/v1/no/such/route'],
  ];
  it.each(paths)('%s %s: no token, garbage, expired → 401 with WWW-Authenticate', async (method, path, json) => {
    const expired = await h.token('admin', { ttlSeconds: 60 });
    h.clock.advance(120_000);
    try {
      for (const token of [undefined, 'not-a-jwt', expired]) {
        const res = await h.call(method, path, { token, json });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    } finally {
      h.clock.advance(-120_000);
    }
  });

  it('public routes stay anonymous', async () => {
    expect((await h.call('GET', `/v1/units/${UNIT_A}`)).status).toBe(200);
    expect((await h.call('GET', `/v1/units/${UNIT_A}/lists/no-penalty`)).status).toBe(200);
    expect((await h.call('GET', '/v1/templates/no-penalty.csv')).status).toBe(200);
  });

  it('anonymous refusals go to the rate-limited ANONYMOUS stream, and their response names no record', async () => {
    // The stream admits one record a second after a burst; earlier tests spent the burst and moved the clock.
    h.clock.advance(600_000);
    const res = await h.call('POST', '/v1/no/such/route', {});
    expect(res.status).toBe(401);
    expect(res.headers.get('Audit-Record')).toBeNull();
    const anonymous = await h.call('GET', '/v1/audit?unit=ANONYMOUS', { token: tokens.auditorAll });
    expect(anonymous.status).toBe(200);
    const records = [...anonymous.body.records];
    for (let next = anonymous.body.nextCursor; next; ) {
      const page = await h.call('GET', `/v1/audit?unit=ANONYMOUS&cursor=${encodeURIComponent(next)}`, {
        token: tokens.auditorAll,
      });
      records.push(...page.body.records);
      next = page.body.nextCursor;
    }
    expect(records.find((r: { target?: string }) => r.target === '/v1/no/such/route')).toMatchObject({
      unit: 'ANONYMOUS',
      actor: 'anonymous',
      outcome: 'denied',
      target: '/v1/no/such/route',
    });
    expect(anonymous.body.chain.ok).toBe(true);
    expect((await h.call('GET', '/v1/audit?unit=ANONYMOUS', { token: tokens.auditor })).status).toBe(403);
  });

  it('refused changes of a signed-in caller that name no unit go to the global stream', async () => {
    const res = await h.call('POST', '/v1/no/such/route', { token: tokens.auditorAll, json: {} });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('Audit-Record')).toMatch(/^GLOBAL\/\d+$/);
    const global = await h.call('GET', '/v1/audit?unit=GLOBAL', { token: tokens.auditorAll });
    expect(global.body.records.at(-1)).toMatchObject({ unit: 'GLOBAL', target: '/v1/no/such/route' });
    expect(global.body.chain.ok).toBe(true);
    expect((await h.call('GET', '/v1/audit?unit=GLOBAL', { token: tokens.auditor })).status).toBe(403);
  });
});
