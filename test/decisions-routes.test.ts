/** The public decisions API: lookups answer with the redacted public view; bad input gets a 4xx with a code. */
import { beforeAll, describe, expect, it } from 'vitest';
import { OpenAPIHono } from '@hono/zod-openapi';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, publishUnits, UNIT_A } from './support/fixtures.js';
import { handleError } from '../shared/platform/http/errors.js';
import type { AppEnv } from '../shared/platform/http/app-env.js';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import {
  Decisions,
  DecisionStore,
  registerDecisionRoutes,
  type CertificateLookup,
} from '../shared/features/decisions/index.js';

const certificates: CertificateLookup = {
  async certificateOn(n) {
    return {
      certificateNumber: n,
      name: n,
      uscc: UNIT_A,
      regionCode: '210900',
      certificateType: '行政执法证',
      category: '生态环境',
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
let rt: TestRuntime;
let app: OpenAPIHono<AppEnv>;
let decisionIdOf: string;

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
  app.onError(handleError);
  registerDecisionRoutes(app, decisions);
  const base = {
    type: '行政处罚',
    facts: '个体经营者赵本山（电话13512345678）无证经营。',
    basis: '《无证无照经营查处办法》第十三条',
    penaltyKinds: ['罚款'],
    fineYuan: 8000,
    content: '罚款8000元',
    procedure: '普通',
    decisionDate: '2026-03-09',
    officers: ['E1', 'E2'],
  };
  const a = await decisions.record(
    UNIT_A,
    { ...base, number: '阜罚〔2026〕1号', party: { name: '赵本山', type: '自然人', idNumber: '210902197001010011' } },
    { publish: true },
  );
  decisionIdOf = a.decision.id;
  await decisions.record(
    UNIT_A,
    {
      ...base,
      number: '阜罚〔2026〕2号',
      party: { name: '阜新示例商贸有限公司', type: '法人', uscc: partyUscc },
      facts: '当事人无证经营。',
      fineYuan: 80000,
    },
    { publish: true },
  );
});

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, text: await res.text() };
};

describe('public decision lookups', () => {
  it('answers by id, unit, region, 文号 and party credit code without personal information', async () => {
    const answers = await Promise.all([
      get(`/v1/decisions/${decisionIdOf}`),
      get(`/v1/units/${UNIT_A}/decisions?from=2026-01-01&to=2026-12-31`),
      get('/v1/regions/210900/decisions?from=2026-01-01'),
      get(`/v1/decisions?number=${encodeURIComponent('阜罚〔2026〕1号')}`),
      get(`/v1/decisions?party=${partyUscc}`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const all = answers.map((a) => a.text).join('\n');
    expect(all).toContain('赵某某');
    for (const secret of ['赵本山', '210902197001010011', '13512345678']) expect(all).not.toContain(secret);
    expect(JSON.parse(answers[1]!.text).items).toHaveLength(2);
    expect(JSON.parse(answers[4]!.text).items.map((d: { number: string }) => d.number)).toEqual(['阜罚〔2026〕2号']);
  });

  it('refuses malformed queries with a 4xx and a stable code', async () => {
    const bad = await get(`/v1/units/${UNIT_A}/decisions?from=2026-02-30`);
    expect(bad.status).toBe(400);
    const both = await get(`/v1/decisions?number=x&party=${partyUscc}`);
    expect(both.status).toBe(400);
    const missing = await get(`/v1/decisions/${UNIT_A}.2026-03-09.000000000000`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.code).toBe('NOT_FOUND');
    expect((await get('/v1/regions/21/decisions')).status).toBe(400);
  });
});
