/** The public decisions API: lookups answer with the redacted public view; bad input gets a 4xx with a code. */
import { beforeAll, describe, expect, it } from 'vitest';
import { OpenAPIHono } from '@hono/zod-openapi';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, publishUnits, UNIT_A } from './support/fixtures.js';
import { errorHandler } from '../shared/platform/http/errors.js';
import type { AppEnv } from '../shared/platform/http/app-env.js';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import {
  DecisionReports,
  Decisions,
  DecisionStore,
  registerDecisionRoutes,
  registerDecisionWriteRoutes,
  type CertificateLookup,
} from '../shared/features/decisions/index.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { AppError } from '../shared/core/errors.js';
import type { Authenticator } from '../shared/features/auth/index.js';

/** Tokens of the form `editor:<unit>`; the real policy decides what they may do. */
const auth: Authenticator = {
  mode: 'local',
  async authenticate({ authorization }) {
    const m = /^Bearer (\w+):(\w*)$/.exec(authorization ?? '');
    if (!m) throw new AppError('UNAUTHENTICATED', '未登录或令牌无效', { reason: 'NO_TOKEN' });
    return { sub: `${m[1]}-1`, roles: [m[1] as 'editor'], units: m[2] ? [m[2]] : [] };
  },
};

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
let reports: DecisionReports;

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
  reports = new DecisionReports(decisions, Ed25519Signer.generate('decision-statements'));
  registerDecisionRoutes(app, decisions, reports);
  registerDecisionWriteRoutes(app, { decisions, reports, auth });
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

describe('the unit’s write routes', () => {
  const post = (path: string, body: unknown, token?: string) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const decision = {
    number: '阜罚〔2026〕9号',
    type: '行政处罚',
    party: { name: '钱七', type: '自然人', phone: '13700001111' },
    facts: '当事人钱七占道经营。',
    basis: '《城市市容和环境卫生管理条例》第三十六条',
    penaltyKinds: ['罚款'],
    fineYuan: 2000,
    content: '罚款2000元',
    procedure: '普通',
    decisionDate: '2026-03-09',
    officers: ['E1', 'E2'],
  };

  it('needs a token and an editor of the unit', async () => {
    expect((await post(`/v1/units/${UNIT_A}/decisions`, decision)).status).toBe(401);
    expect((await post(`/v1/units/${UNIT_A}/decisions`, decision, 'editor:OTHER')).status).toBe(403);
  });

  it('previews the public form without recording, then records, publishes and withdraws', async () => {
    const preview = await post(`/v1/units/${UNIT_A}/decisions/preview`, decision, `editor:${UNIT_A}`);
    expect(preview.status).toBe(200);
    const shown = JSON.parse(await preview.text());
    expect(shown.preview.party.name).toBe('钱某某');
    expect(JSON.stringify(shown)).not.toContain('13700001111');
    expect((await get(`/v1/decisions?number=${encodeURIComponent(decision.number)}`)).text).toBe('{"items":[]}');

    const created = await post(`/v1/units/${UNIT_A}/decisions`, decision, `editor:${UNIT_A}`);
    expect(created.status).toBe(201);
    const { decision: recorded, salt } = JSON.parse(await created.text());
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    expect((await post(`/v1/decisions/${recorded.id}/publish`, {}, `editor:${UNIT_A}`)).status).toBe(200);
    const withdrawn = await post(
      `/v1/decisions/${recorded.id}/withdrawal`,
      { ground: '撤销', actNumber: '阜撤〔2026〕1号', actDate: '2026-03-10', reason: '原决定适用依据错误，予以撤销' },
      `editor:${UNIT_A}`,
    );
    expect(withdrawn.status).toBe(200);
    const trace = JSON.parse((await get(`/v1/decisions/${recorded.id}`)).text);
    expect(trace).toMatchObject({ state: 'withdrawn', withdrawal: { reason: '原决定适用依据错误，予以撤销' } });
  });

  it('refuses an invalid body with every problem and a 422', async () => {
    const res = await post(
      `/v1/units/${UNIT_A}/decisions`,
      { ...decision, number: '阜罚〔2026〕10号', decisionDate: 'yesterday', procedure: '?' },
      `editor:${UNIT_A}`,
    );
    expect(res.status).toBe(422);
    const body = JSON.parse(await res.text());
    expect(body.error.code).toBe('UNPROCESSABLE');
    expect(body.error.details.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'decisionDate',
      'procedure',
    ]);
  });

  it('serves the deadline clock and the yearly report as JSON, XLSX and HTML', async () => {
    const clock = JSON.parse((await get(`/v1/units/${UNIT_A}/decision-deadlines?from=2026-01-01`)).text);
    expect(clock.counts['on-time']).toBeGreaterThanOrEqual(2);
    expect((await get(`/v1/units/${UNIT_A}/decision-reports/2026`)).status).toBe(404);
    await reports.computeYear(UNIT_A, 2026);
    const report = JSON.parse((await get(`/v1/units/${UNIT_A}/decision-reports/2026`)).text);
    expect(report).toMatchObject({ version: 1, withdrawn: 1, byType: { 行政处罚: 3 } });
    const xlsx = await app.request(`/v1/units/${UNIT_A}/decision-reports/2026?format=xlsx`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const html = (await get(`/v1/units/${UNIT_A}/decision-reports/2026?format=html`)).text;
    expect(html).toContain('2026年度行政执法数据');
    expect(html).toContain('撤回公示</th><td>1');
  });
});
