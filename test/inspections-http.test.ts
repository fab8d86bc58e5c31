/**
 * 双随机 over HTTP on the app the processes serve: the public reads and portal pages mounted in the public app,
 * and the write story (plan, targets, commit, draw, results) through the authenticated routes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { entityKind } from '../shared/core/kinds/index.js';
import {
  importTargets,
  InspectionService,
  InspectionStore,
  recordedBeacon,
  type BeaconRound,
} from '../shared/features/inspections/index.js';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { localAuthenticator } from '../shared/features/auth/authenticator.js';
import { generateLocalKey, type LocalKey } from '../shared/features/auth/local-key.js';
import { signLocalToken } from '../shared/features/auth/local-token.js';
import type { Role } from '../shared/features/auth/principal.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { fileForm } from './fixtures/workflow/harness.js';
import { InMemoryCertificates, officer, targetsCsv } from '../testing/inspections.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, UNIT_A, UNIT_B } from './support/fixtures.js';

const fixture = JSON.parse(readFileSync('test/fixtures/drand/quicknet-rounds.json', 'utf8')) as {
  chain: string;
  rounds: Array<Omit<BeaconRound, 'chain'>>;
};
const ROUNDS: BeaconRound[] = fixture.rounds.map((r) => ({ ...r, chain: fixture.chain }));
const ROUND = 657413; // emitted 2023-09-15T11:00:03Z
const BEFORE_ROUND = '2023-09-15T10:58:00Z';
const AFTER_ROUND = '2023-09-15T11:00:10Z';

const PLAN_TABLE = {
  header: ['计划名称', '任务名称', '抽查事项', '抽查对象范围', '抽查比例(及频次)', '实施时间', '发起部门', '配合部门'],
  rows: [
    {
      row: 2,
      cells: [
        '2023年度双随机抽查工作计划',
        '餐饮服务食品安全抽查',
        'SJ-001',
        '辖区餐饮服务经营者',
        '抽取3户',
        '2023年9月-11月',
        '市场监督管理局',
        '',
      ],
    },
  ],
};

const ORIGIN = 'inspections-http.test/log';
let rt: TestRuntime;
let certificates: InMemoryCertificates;

function service() {
  return new InspectionService({
    store: new InspectionStore(rt.client, rt.tableName),
    registry: rt.registry,
    certificates,
    beacon: recordedBeacon(ROUNDS, { clock: rt.clock.now }),
    clock: rt.clock.now,
  });
}

beforeEach(async () => {
  rt = await createTestRuntime({ clock: new TestClock(new Date(BEFORE_ROUND)) });
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: entityKind.id,
    status: 'published',
    items: [entity()],
    effectiveFrom: '2023-01-01',
    publishedBy: 'test',
    source: 'test',
  });
  certificates = new InMemoryCertificates(Array.from({ length: 4 }, (_, i) => officer(UNIT_A, i + 1)));
});

describe('public reads in the public app', () => {
  beforeEach(async () => {
    await importTargets(rt.registry, {
      uscc: UNIT_A,
      bytes: targetsCsv(30),
      effectiveFrom: '2023-01-01',
      publishedBy: 'test',
      source: 'test',
    });
  });

  it('serves the draws, the draw log and the portal pages, the outcome withheld until published', async () => {
    const s = service();
    const [plan] = await s.importPlans(UNIT_A, PLAN_TABLE);
    const committed = await s.commitDraw(UNIT_A, {
      planId: plan!.planId,
      taskId: 'T01',
      category: '市场监管',
      round: ROUND,
    });
    rt.clock.set(AFTER_ROUND);
    await s.executeDraw(UNIT_A, committed.drawId);

    // The read-only function's app, as the public Lambda builds it.
    const pub = createPublicRuntime(
      { tableName: rt.tableName, endpoint: rt.endpoint, region: 'cn-north-1' },
      { client: rt.client, clock: rt.clock.now },
    );
    for (const app of [rt.app, pub.app]) {
      const list = await app.request(`/v1/units/${UNIT_A}/draws`);
      expect(list.status).toBe(200);
      const { draws } = (await list.json()) as { draws: Array<Record<string, unknown>> };
      expect(draws.map((d) => [d.drawId, d.state, d.drawnCount])).toEqual([[committed.drawId, 'drawn', 3]]);
      expect(draws[0]!.outcome).toBeUndefined();
      expect(draws[0]!.outcomeHash).toMatch(/^[0-9a-f]{64}$/);

      const one = await app.request(`/v1/units/${UNIT_A}/draws/${committed.drawId}`);
      expect(one.status).toBe(200);
      const inspectors = await app.request(`/v1/units/${UNIT_A}/draws/${committed.drawId}/inspectors`);
      expect(((await inspectors.json()) as { inspectors: unknown[] }).inspectors).toHaveLength(4);
      const log = await app.request(`/v1/units/${UNIT_A}/draw-log`);
      expect(((await log.json()) as { entries: Array<{ type: string }> }).entries.map((e) => e.type)).toEqual([
        'committed',
        'drawn',
      ]);
      const stats = await app.request(`/v1/units/${UNIT_A}/inspection-stats?year=2023`);
      expect(await stats.json()).toMatchObject({ tasks: 1, draws: 1, targetsDrawn: 3, directorySize: 30 });

      const page = await app.request(`/units/${UNIT_A}/draws`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await page.text();
      expect(html).toContain('双随机抽查：抽取记录');
      expect(html).toContain(`href="/units/${UNIT_A}/draws/${committed.drawId}"`);
      expect(html).toContain('已抽取，结果暂不公开');

      const drawPage = await app.request(`/units/${UNIT_A}/draws/${committed.drawId}`);
      expect(drawPage.status).toBe(200);
      expect(await drawPage.text()).toContain('怎样自己核验这次抽取');

      const unitPage = await (await app.request(`/units/${UNIT_A}`)).text();
      expect(unitPage).toContain(`href="/units/${UNIT_A}/draws"`);
    }
  });

  it("reads the unit's plans back, all and one, from the public function, as OpenAPI describes them", async () => {
    const [plan] = await service().importPlans(UNIT_A, PLAN_TABLE);
    const pub = createPublicRuntime(
      { tableName: rt.tableName, endpoint: rt.endpoint, region: 'cn-north-1' },
      { client: rt.client, clock: rt.clock.now },
    );
    for (const app of [rt.app, pub.app]) {
      const list = await app.request(`/v1/units/${UNIT_A}/inspection-plans`);
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual({ plans: [plan] });
      const one = await app.request(`/v1/units/${UNIT_A}/inspection-plans/${plan!.planId}`);
      expect(one.status).toBe(200);
      expect(await one.json()).toMatchObject({
        planId: '2023-1',
        name: '2023年度双随机抽查工作计划',
        year: 2023,
        tasks: [
          {
            taskId: 'T01',
            name: '餐饮服务食品安全抽查',
            items: ['SJ-001'],
            sampling: { count: 3, text: '抽取3户' },
            period: { from: '2023-09-01', to: '2023-11-30' },
            joint: false,
          },
        ],
      });
      const unknown = await app.request(`/v1/units/${UNIT_A}/inspection-plans/2099-1`);
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      expect((await app.request(`/v1/units/${UNIT_A}/inspection-plans/${'x'.repeat(300)}`)).status).toBe(400);
      expect((await app.request(`/v1/units/${UNIT_B}/inspection-plans`)).status).toBe(200);
    }
    const doc = (await (await pub.app.request('/openapi.json')).json()) as any;
    const listed = doc.paths['/v1/units/{uscc}/inspection-plans'].get;
    expect(listed.tags).toEqual(['inspections']);
    expect(doc.paths['/v1/units/{uscc}/inspection-plans/{planId}'].get.responses['200']).toBeDefined();
    expect(doc.components.schemas.InspectionPlan.properties.tasks).toBeDefined();
  });

  it('answers unknown draws and bad codes with 404/400, as JSON on the API and as pages on the portal', async () => {
    const api = await rt.app.request(`/v1/units/${UNIT_A}/draws/2099-1.T01.1`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const missing = await rt.app.request(`/units/${UNIT_A}/draws/2099-1.T01.1`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect((await rt.app.request('/units/NOT-A-CODE/draws')).status).toBe(400);
    expect((await rt.app.request(`/units/${UNIT_A}/draws/${'x'.repeat(300)}`)).status).toBe(400);
    const empty = await (await rt.app.request(`/units/${UNIT_A}/draws`)).text();
    expect(empty).toContain('该执法主体尚无抽取记录');
  });
});

describe('the write story over HTTP, behind the auth policy', () => {
  let app: Runtime['app'];
  let full: Runtime;
  let key: LocalKey;
  let editor: string;

  const token = (role: Role, units: string[] = [UNIT_A], sub = `${role}-1`) =>
    signLocalToken(key, { sub, roles: [role], units, region: '210900', ttlSeconds: 3600, now: rt.clock.now() });

  async function call(method: string, path: string, opts: { token?: string; json?: unknown; form?: FormData } = {}) {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | FormData | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else body = opts.form;
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** Draws, plans and the log as stored: a refusal must leave them as they were. */
  const stored = async () => ({
    draws: (await full.inspections.listDraws(UNIT_A)).map((d) => [d.drawId, d.state, d.results?.length]),
    plans: (await full.inspections.listPlans(UNIT_A)).length,
    log: (await full.inspections.drawLog(UNIT_A)).length,
  });

  beforeEach(async () => {
    key = await generateLocalKey();
    full = createRuntime(
      { tableName: rt.tableName, endpoint: rt.endpoint },
      {
        client: rt.client,
        clock: rt.clock.now,
        write: { auth: localAuthenticator(async () => key, rt.clock.now) },
        beacon: recordedBeacon(ROUNDS, { clock: rt.clock.now }),
        // The sequencer is run by hand, so the test decides when a commitment enters the transparency log.
        ledger: { signer: Ed25519Signer.generate(ORIGIN), origin: ORIGIN, afterPublish: false },
      },
    );
    app = full.app;
    editor = await token('editor');
    await full.registry.publish({
      uscc: UNIT_A,
      stream: 'officers',
      status: 'published',
      items: Array.from({ length: 4 }, (_, i) => {
        const { uscc: _u, regionCode: _r, ...o } = officer(UNIT_A, i + 1);
        return { seq: i + 1, ...o };
      }),
      effectiveFrom: '2023-01-01',
      publishedBy: 'test',
      source: 'test',
    });
    await full.officers.settled();
  });

  it('uploads the targets, imports the plan, commits, draws once the round exists, records results', async () => {
    // The targets directory is a list: a CSV draft, submitted, reviewed and published like any other.
    const draft = await call('POST', `/v1/units/${UNIT_A}/lists/inspection-targets/drafts`, {
      token: editor,
      form: fileForm(targetsCsv(30), '检查对象名录库.csv', { effectiveFrom: '2023-01-01' }),
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.itemCount).toBe(30);
    const submitted = await app.request(`/v1/drafts/${draft.body.id}/submit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editor}`, 'if-match': draft.headers.get('etag')! },
    });
    expect(submitted.status).toBe(200);
    const reviewer = await token('reviewer', [], 'li.reviewer');
    const approved = await call('POST', `/v1/drafts/${draft.body.id}/review`, {
      token: reviewer,
      json: { decision: 'approve' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const plans = await call('POST', `/v1/units/${UNIT_A}/inspection-plans`, { token: editor, json: PLAN_TABLE });
    expect(plans.status, JSON.stringify(plans.body)).toBe(201);
    const planId = plans.body.plans[0].planId as string;

    const committed = await call('POST', `/v1/units/${UNIT_A}/draws`, {
      token: editor,
      json: { planId, taskId: 'T01', category: '市场监管', round: ROUND },
    });
    expect(committed.status, JSON.stringify(committed.body)).toBe(201);
    expect(committed.headers.get('location')).toBe(`/v1/units/${UNIT_A}/draws/${committed.body.drawId}`);
    expect(committed.headers.get('audit-record')).toMatch(new RegExp(`^${UNIT_A}/\\d+$`));
    const drawId = committed.body.drawId as string;
    expect(committed.body).toMatchObject({ state: 'committed', commitment: { count: 3, inspectors: { count: 4 } } });

    const early = await call('POST', `/v1/units/${UNIT_A}/draws/${drawId}/draw`, { token: editor });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'ROUND_NOT_YET_AVAILABLE' } });

    // The commitment enters the transparency log before its round; a second one, committed after that run, does not.
    await full.ledger!.runOnce();
    const unlogged = await call('POST', `/v1/units/${UNIT_A}/draws`, {
      token: editor,
      json: { planId, taskId: 'T01', category: '市场监管', round: ROUND },
    });
    expect(unlogged.status, JSON.stringify(unlogged.body)).toBe(201);
    rt.clock.set(AFTER_ROUND);
    const refused = await call('POST', `/v1/units/${UNIT_A}/draws/${unlogged.body.drawId}/draw`, { token: editor });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'CONFLICT',
      message: '该抽取承诺尚未记入透明日志，不能抽取',
      details: { reason: 'COMMITMENT_NOT_LOGGED', round: ROUND },
    });

    const drawn = await call('POST', `/v1/units/${UNIT_A}/draws/${drawId}/draw`, { token: editor });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
    expect(drawn.body).toMatchObject({ state: 'drawn', drawnCount: 3 });
    expect(drawn.body.outcome).toBeUndefined();
    const again = await call('POST', `/v1/units/${UNIT_A}/draws/${drawId}/draw`, { token: editor });
    expect(again.body.error.details.reason).toBe('ALREADY_DRAWN');

    // The unit reads whom to inspect behind its token (the public sees only the outcome's hash until published).
    const assignment = await call('GET', `/v1/units/${UNIT_A}/draws/${drawId}/assignment`, { token: editor });
    expect(assignment.status, JSON.stringify(assignment.body)).toBe(200);
    expect(assignment.headers.get('cache-control')).toBe('private, no-store');
    const outcome = assignment.body.targets as Array<{ uscc: string; inspectors: string[] }>;
    expect(outcome).toHaveLength(3);
    expect(outcome.every((t) => t.inspectors.length === 2)).toBe(true);
    for (const [who, status] of [
      [undefined, 401],
      [await token('editor', [UNIT_B]), 403],
    ] as const)
      expect((await call('GET', `/v1/units/${UNIT_A}/draws/${drawId}/assignment`, { token: who })).status).toBe(status);
    const publicApp = createPublicRuntime(
      { tableName: rt.tableName, endpoint: rt.endpoint, region: 'cn-north-1' },
      { client: rt.client, clock: rt.clock.now },
    ).app;
    expect((await publicApp.request(`/v1/units/${UNIT_A}/draws/${drawId}/assignment`)).status).toBe(404);
    const results = outcome.map((t, i) => ({
      uscc: t.uscc,
      result: i === 0 ? '发现问题已责令整改' : '未发现问题',
      inspectedOn: '2023-10-09',
    }));
    const before = await stored();
    const undrawn = await call('POST', `/v1/units/${UNIT_A}/draws/${drawId}/results`, {
      token: editor,
      json: { results: [{ uscc: UNIT_B, result: '未发现问题', inspectedOn: '2023-10-09' }] },
    });
    expect(undrawn.status).toBe(400);
    expect(undrawn.body.error.details.errors[0]).toMatchObject({ code: 'RESULT_FOR_UNDRAWN_TARGET' });
    expect(await stored()).toEqual(before);

    const half = await call('POST', `/v1/units/${UNIT_A}/draws/${drawId}/results`, {
      token: editor,
      json: { results: results.slice(0, 1) },
    });
    expect(half.status).toBe(200);
    expect(half.body.state).toBe('drawn');
    expect((await call('GET', `/v1/units/${UNIT_A}/draws/${drawId}`)).body.outcome).toBeUndefined();

    const done = await call('POST', `/v1/units/${UNIT_A}/draws/${drawId}/results`, {
      token: editor,
      json: { results: results.slice(1) },
    });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('published');
    const pub = await call('GET', `/v1/units/${UNIT_A}/draws/${drawId}`);
    expect(pub.body.outcome.map((t: { uscc: string }) => t.uscc)).toEqual(outcome.map((t) => t.uscc));
    expect(pub.body.results).toHaveLength(3);
    const log = await call('GET', `/v1/units/${UNIT_A}/draw-log`);
    const ofDraw = log.body.entries.filter((e: { drawId: string }) => e.drawId === drawId);
    expect(ofDraw.map((e: { type: string }) => e.type)).toEqual(['committed', 'drawn', 'results-published']);

    // Every change is in the unit's audit trail, with its hashes.
    const auditor = await token('auditor', [], 'zhao.auditor');
    const trail = await call('GET', `/v1/audit?unit=${UNIT_A}`, { token: auditor });
    const records = trail.body.records as Array<{ action: string; status: number; target: string }>;
    const d = `draws/${drawId}`;
    // Every change and every refusal is recorded; the unit's own successful reads (the assignment) are not changes.
    expect(
      records.filter((r) => r.action.startsWith('inspection.')).map((r) => [r.action, r.status, r.target]),
    ).toEqual([
      ['inspection.plan', 201, 'inspection-plans'],
      ['inspection.draw', 201, d],
      ['inspection.draw', 409, d],
      ['inspection.draw', 201, `draws/${unlogged.body.drawId}`],
      ['inspection.draw', 409, `draws/${unlogged.body.drawId}`],
      ['inspection.draw', 200, d],
      ['inspection.draw', 409, d],
      ['inspection.draw', 403, `${d}/assignment`],
      ['inspection.draw', 400, `${d}/results`],
      ['inspection.draw', 200, `${d}/results`],
      ['inspection.draw', 200, `${d}/results`],
    ]);
  });

  it('refuses without a token, outside the role or unit, and bad input, changing nothing', async () => {
    await importTargets(full.registry, {
      uscc: UNIT_A,
      bytes: targetsCsv(10),
      effectiveFrom: '2023-01-01',
      publishedBy: 'test',
      source: 'test',
    });
    const plans = await call('POST', `/v1/units/${UNIT_A}/inspection-plans`, { token: editor, json: PLAN_TABLE });
    const planId = plans.body.plans[0].planId as string;
    const before = await stored();
    const commit =
      (json: unknown, t: string | null = editor) =>
      () =>
        call('POST', `/v1/units/${UNIT_A}/draws`, { ...(t ? { token: t } : {}), json });
    const good = { planId, taskId: 'T01', category: '市场监管', round: ROUND };

    const cases: Array<[() => Promise<{ status: number; body: any }>, number, string, string?]> = [
      [commit(good, null), 401, 'UNAUTHENTICATED'],
      [commit(good, await token('reviewer')), 403, 'FORBIDDEN', 'ROLE'],
      [commit(good, await token('editor', [UNIT_B])), 403, 'FORBIDDEN', 'UNIT_SCOPE'],
      [commit({ ...good, extra: 1 }), 400, 'VALIDATION_FAILED'],
      [commit({ ...good, inspectorsPerTarget: 1 }), 400, 'VALIDATION_FAILED'],
      [commit({ ...good, count: 'three' }), 400, 'VALIDATION_FAILED'],
      [commit({ ...good, round: 657000 }), 422, 'UNPROCESSABLE', 'ROUND_ALREADY_PUBLISHED'],
      [commit({ ...good, count: 11 }), 422, 'UNPROCESSABLE', 'COUNT_ABOVE_ELIGIBLE'],
      [commit({ ...good, category: '生态环境' }), 422, 'UNPROCESSABLE', 'TOO_FEW_INSPECTORS'],
      [commit({ ...good, taskId: 'T99' }), 404, 'NOT_FOUND'],
      [commit({ ...good, redrawOf: `${planId}.T01.9`, reason: '已注销' }), 404, 'NOT_FOUND'],
      [
        () =>
          call('POST', `/v1/units/${UNIT_A}/inspection-plans`, {
            token: editor,
            json: { header: ['计划名称'], rows: [{ row: 2, cells: ['x'] }] },
          }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        () => call('POST', `/v1/units/${UNIT_A}/inspection-plans`, { token: editor, json: { header: [] } }),
        400,
        'VALIDATION_FAILED',
      ],
      [() => call('POST', `/v1/units/${UNIT_A}/draws/nope/draw`, { token: editor }), 404, 'NOT_FOUND'],
      [
        () => call('POST', `/v1/units/${UNIT_A}/draws/${'x'.repeat(200)}/draw`, { token: editor }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        () =>
          call('POST', `/v1/units/${UNIT_A}/draws/nope/results`, {
            token: editor,
            json: { results: [{ uscc: UNIT_B, result: '很好', inspectedOn: '2023-10-09' }] },
          }),
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [send, status, code, reason] of cases) {
      const res = await send();
      expect([res.status, res.body.error?.code], JSON.stringify(res.body)).toEqual([status, code]);
      if (reason) expect(res.body.error.details.reason).toBe(reason);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await stored()).toEqual(before);
  });
});
