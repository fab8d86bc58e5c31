/**
 * Full-text search of a region's decisions (GET /v1/regions/{code}/decisions/search) on the real engine: a
 * Simplified or a Traditional query finds the same decisions (the folding of list search); only the public view is
 * searched, so redacted text (ID number, phone, the natural person's full name) never matches nor comes back; a
 * withdrawn decision is not found; pages continue by cursor without gaps or repeats; reads are Queries only.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import {
  DecisionReports,
  Decisions,
  DecisionStore,
  registerDecisionRoutes,
  type CertificateLookup,
} from '../shared/features/decisions/index.js';
import type { AppEnv } from '../shared/platform/http/app-env.js';
import { errorHandler } from '../shared/platform/http/errors.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, publishUnits, UNIT_A } from './support/fixtures.js';

const certificates: CertificateLookup = {
  async certificateOn(n) {
    return {
      certificateNumber: n,
      name: n,
      uscc: UNIT_A,
      regionCode: '210900',
      certificateType: '行政执法证',
      category: '市场监管',
      issuedOn: '2020-01-01',
      validUntil: '2030-12-31',
      status: '有效',
      validOnDate: true,
    };
  },
  async validOfficers() {
    return [];
  },
};

const partyUscc = `91210900MA0000001${usccCheckCharacter('91210900MA0000001')}`;
const SECRETS = ['赵本山', '13512345678', '210902197001010011'];
let rt: TestRuntime;
let app: OpenAPIHono<AppEnv>;
const ids: Record<string, string> = {};

const search = async (q: string, extra = '') => {
  const res = await app.request(`/v1/regions/210900/decisions/search?q=${encodeURIComponent(q)}${extra}`);
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
};
const numbersOf = (body: { items: Array<{ number: string }> }) => body.items.map((i) => i.number);

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.clock.set('2026-03-10T02:00:00Z');
  await publishUnits(rt.registry, [{ entity: entity(UNIT_A), lists: {} }]);
  const decisions = new Decisions({
    store: new DecisionStore(rt.client, rt.tableName),
    registry: rt.registry,
    certificates,
    now: rt.clock.now,
  });
  app = new OpenAPIHono<AppEnv>();
  app.onError(errorHandler());
  registerDecisionRoutes(app, decisions, new DecisionReports(decisions));
  const base = {
    type: '行政处罚',
    basis: '《无证无照经营查处办法》第十三条',
    penaltyKinds: ['罚款'],
    fineYuan: 80000,
    content: '罚款80000元',
    procedure: '普通',
    officers: ['E1', 'E2'],
  };
  const record = async (key: string, body: Record<string, unknown>) => {
    ids[key] = (await decisions.record(UNIT_A, { ...base, ...body }, { publish: true })).decision.id;
  };
  await record('person', {
    number: '阜罚〔2026〕1号',
    decisionDate: '2026-03-02',
    party: { name: '赵本山', type: '自然人', idNumber: '210902197001010011', phone: '13512345678' },
    facts: '个体经营者赵本山（身份证号210902197001010011，电话13512345678）无证经营食品。',
  });
  await record('company', {
    number: '阜罚〔2026〕2号',
    decisionDate: '2026-03-03',
    party: { name: '阜新示例商贸有限公司', type: '法人', uscc: partyUscc },
    facts: '当事人无证经营食品。',
  });
  await record('withdrawn', {
    number: '阜罚〔2026〕3号',
    decisionDate: '2026-03-04',
    party: { name: '阜新另一商贸有限公司', type: '法人', uscc: partyUscc },
    facts: '当事人无证经营食品。',
  });
  await decisions.withdraw(ids.withdrawn!, {
    ground: '撤销',
    actNumber: '阜撤〔2026〕1号',
    actDate: '2026-03-09',
    reason: '复议撤销',
  });
  await record('other', {
    number: '阜罚〔2026〕4号',
    decisionDate: '2026-03-05',
    party: { name: '阜新第三商贸有限公司', type: '法人', uscc: partyUscc },
    facts: '当事人超范围经营。',
    fineYuan: 30000,
    content: '罚款30000元',
  });
});

describe('full-text search of a region’s decisions', () => {
  it('finds the same decisions for a Simplified and a Traditional query, terms anded, in date order', async () => {
    const simplified = await search('无证经营 食品');
    const traditional = await search('無證經營　食品');
    expect(simplified.status).toBe(200);
    expect(numbersOf(simplified.body)).toEqual(['阜罚〔2026〕1号', '阜罚〔2026〕2号']);
    expect(traditional.body.items).toEqual(simplified.body.items);
    expect(numbersOf((await search('商貿有限公司')).body)).toEqual(['阜罚〔2026〕2号', '阜罚〔2026〕4号']);
    expect(numbersOf((await search('超范圍')).body)).toEqual(['阜罚〔2026〕4号']);
  });

  it('never matches nor returns redacted text; the masked name is what the public finds', async () => {
    for (const secret of SECRETS) {
      const res = await search(secret);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    const masked = await search('赵某某');
    expect(numbersOf(masked.body)).toEqual(['阜罚〔2026〕1号']);
    const all = await search('罚款');
    expect(all.body.items.length).toBe(3);
    for (const secret of SECRETS) expect(all.text).not.toContain(secret);
  });

  it('does not find a withdrawn decision', async () => {
    expect((await search('另一商贸')).body.items).toEqual([]);
  });

  it('pages by cursor without gaps or repeats, reading with Queries only', async () => {
    rt.requests.reset();
    const first = await search('罚款', '&limit=1');
    expect(numbersOf(first.body)).toEqual(['阜罚〔2026〕1号']);
    expect(first.body.next).toBeTypeOf('string');
    const seen = [...numbersOf(first.body)];
    let next: string | undefined = first.body.next;
    while (next) {
      const page = await search('罚款', `&limit=1&cursor=${encodeURIComponent(next)}`);
      seen.push(...numbersOf(page.body));
      next = page.body.next;
    }
    expect(seen).toEqual(['阜罚〔2026〕1号', '阜罚〔2026〕2号', '阜罚〔2026〕4号']);
    expect(Object.keys(rt.requests.snapshot())).toEqual(['QueryCommand']);
  });

  it('refuses an empty query and a bad region with a 4xx, a code and a Chinese message', async () => {
    const empty = await search('，、 ');
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'BAD_REQUEST', details: { reason: 'EMPTY_QUERY', field: 'q' } });
    expect(empty.body.error.message).toMatch(/检索词/);
    const region = await app.request('/v1/regions/21/decisions/search?q=食品');
    expect(region.status).toBe(400);
  });
});
