/**
 * The role assignments API (/v1/assignments) over HTTP against the real engine: an administrator of 阜新市 (210900)
 * lists, assigns and revokes with a bearer token; the assigned user has exactly what was assigned and loses it on
 * revocation. The refusals are the 人员指派 pages' own (a unit or region outside the administrator's, a malformed
 * code, an unregistered unit, a duplicate, a second region, self-assignment, a non-administrator): 4xx with a
 * stable code, a reason and a Chinese message, and nothing stored. Every attempt is in the audit trail, and the
 * routes and their schemas are in the OpenAPI document.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import { createHarness, OTHER_REGION, UNIT_C, type Harness } from './fixtures/workflow/harness.js';
import { UNIT_A, UNIT_B } from './support/fixtures.js';

const API = '/v1/assignments';
const UNREGISTERED_BASE = `912109007283${'00001'}`;
const UNREGISTERED = UNREGISTERED_BASE + usccCheckCharacter(UNREGISTERED_BASE);
const columnMaps = (uscc: string) => `/v1/units/${uscc}/lists/random-inspection-items/column-maps`;

describe('/v1/assignments: the administrator’s role assignments as JSON', () => {
  let h: Harness;
  let admin: string;
  const stored = (userId: string) => h.write.assignments.store.ofUser(userId);
  const assign = (json: unknown, token = admin) => h.call('POST', API, { token, json });
  const revoke = (json: unknown, token = admin) => h.call('POST', `${API}/revoke`, { token, json });

  beforeAll(async () => {
    h = await createHarness();
    admin = await h.token('admin', { sub: 'admin-fx', region: '210900' });
  });

  it('assigns an editor (201); the list shows it and the user’s token reaches that unit and no other', async () => {
    expect((await h.call('GET', API, { token: admin })).body).toEqual({ regionPrefix: '2109', assignments: [] });
    const res = await assign({ userId: ' ZhangSan ', role: 'editor', scope: UNIT_A.toLowerCase() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      userId: 'zhangsan',
      role: 'editor',
      scope: UNIT_A,
      regionCode: '210900',
      grantedBy: 'admin-fx',
    });
    const list = await h.call('GET', API, { token: admin });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('private, no-store');
    expect(list.body.assignments).toEqual([res.body]);
    const clerk = await h.token([], { sub: 'zhangsan' });
    expect((await h.call('GET', columnMaps(UNIT_A), { token: clerk })).status).toBe(200);
    expect((await h.call('GET', columnMaps(UNIT_B), { token: clerk })).status).toBe(403);
  });

  it('refuses what the pages refuse, with a stable code, a reason and a Chinese message, storing nothing', async () => {
    await assign({ userId: 'wangwu', role: 'reviewer', scope: '210902' });
    const cases: Array<[unknown, number, string, string]> = [
      [{ userId: 'lisi', role: 'editor', scope: UNIT_C }, 403, 'FORBIDDEN', 'REGION_SCOPE'],
      [{ userId: 'lisi', role: 'auditor', scope: OTHER_REGION }, 403, 'FORBIDDEN', 'REGION_SCOPE'],
      [{ userId: 'lisi', role: 'editor', scope: '9121-NOT-A-CODE' }, 422, 'UNPROCESSABLE', 'INVALID_SCOPE'],
      [{ userId: 'lisi', role: 'reviewer', scope: '2109' }, 422, 'UNPROCESSABLE', 'INVALID_SCOPE'],
      [{ userId: 'lisi', role: 'editor', scope: UNREGISTERED }, 422, 'UNPROCESSABLE', 'UNIT_NOT_REGISTERED'],
      [{ userId: 'li si', role: 'editor', scope: UNIT_A }, 422, 'UNPROCESSABLE', 'INVALID_USER'],
      [{ userId: 'zhangsan', role: 'editor', scope: UNIT_A }, 409, 'CONFLICT', 'ALREADY_ASSIGNED'],
      [{ userId: 'wangwu', role: 'auditor', scope: '210921' }, 409, 'CONFLICT', 'ONE_REGION_PER_USER'],
      [{ userId: 'ADMIN-FX', role: 'editor', scope: UNIT_A }, 403, 'FORBIDDEN', 'OWN_ASSIGNMENT'],
    ];
    for (const [body, status, code, reason] of cases) {
      const res = await assign(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error).toMatchObject({ code, details: { reason } });
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await stored('lisi')).toEqual([]);
    expect(await stored('li si')).toEqual([]);
    expect((await stored('zhangsan')).map((a) => a.scope)).toEqual([UNIT_A]);
    expect((await stored('wangwu')).map((a) => a.scope)).toEqual(['210902']);
    expect(await stored('admin-fx')).toEqual([]);
  });

  it('refuses a body that is not an assignment (400) and anyone but an administrator of a region', async () => {
    const bad = await assign({ userId: 'lisi', role: 'admin', scope: '210900' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求参数不符合要求' });
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'role' })]);
    const notJson = await h.call('POST', API, {
      token: admin,
      body: 'nope',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('BAD_REQUEST');
    const reviewer = await h.token('reviewer', { sub: 'rev', region: '210900' });
    const noRegion = await h.token('admin', { sub: 'admin-nowhere' });
    for (const token of [reviewer, noRegion]) {
      expect((await h.call('GET', API, { token })).status).toBe(403);
      const res = await assign({ userId: 'lisi', role: 'editor', scope: UNIT_A }, token);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await h.call('POST', API, { json: { userId: 'lisi', role: 'editor', scope: UNIT_A } })).status).toBe(401);
    expect(await stored('lisi')).toEqual([]);
  });

  it('revokes (200): the user loses the unit on the next request; a second revocation is 404', async () => {
    const res = await revoke({ userId: 'zhangsan', role: 'editor', scope: UNIT_A });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: 'zhangsan', scope: UNIT_A });
    expect(await stored('zhangsan')).toEqual([]);
    const clerk = await h.token([], { sub: 'zhangsan' });
    expect((await h.call('GET', columnMaps(UNIT_A), { token: clerk })).status).toBe(403);
    const again = await revoke({ userId: 'zhangsan', role: 'editor', scope: UNIT_A });
    expect(again.status).toBe(404);
    expect(again.body.error).toMatchObject({ code: 'NOT_FOUND', details: { reason: 'NOT_ASSIGNED' } });
  });

  it('records every attempt in the audit trail with its outcome (reads only when refused)', async () => {
    const records = (await h.write.audit.listAcross('', { limit: 500 })).records.filter((r) =>
      r.action.startsWith('assignment.'),
    );
    const summary = records.map((r) => `${r.action} ${r.outcome} ${r.status}`);
    expect(summary.filter((s) => s === 'assignment.grant succeeded 201')).toHaveLength(2);
    expect(summary).toContain('assignment.grant denied 403');
    expect(summary).toContain('assignment.grant refused 422');
    expect(summary).toContain('assignment.grant refused 409');
    expect(summary).toContain('assignment.revoke succeeded 200');
    expect(summary).toContain('assignment.revoke refused 404');
    expect(summary).toContain('assignment.list denied 403');
    const all = (await h.write.audit.listAcross('', { limit: 500 })).records;
    // A body that fails the schema is refused before the route names its action: recorded under the route.
    expect(all.map((r) => `${r.action} ${r.outcome} ${r.status}`)).toContain(`POST ${API} refused 400`);
    const outside = records.find((r) => r.target === `lisi editor ${UNIT_C}`)!;
    expect(outside).toMatchObject({ outcome: 'denied', unit: UNIT_C, regionCode: '430981', actor: 'admin-fx' });
  });

  it('moves the region’s grants stored under a sign-in name to their users (POST …/migrate)', async () => {
    const { client, tableName } = h.write.assignments.store;
    const grantedAt = '2024-01-15T02:00:00.000Z';
    const legacy = { role: 'editor', scope: UNIT_B, regionCode: '210900', grantedBy: 'admin-old', grantedAt };
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({
          pk: 'ASSIGN#zhaoliu',
          sk: `editor#${UNIT_B}`,
          gsi1pk: 'ASSIGN',
          gsi1sk: `210900#editor#${UNIT_B}#zhaoliu`,
          userId: 'zhaoliu',
          ...legacy,
        }),
      }),
    );
    const clerk = await h.token([], { sub: 'zhaoliu' });
    expect((await h.call('GET', columnMaps(UNIT_B), { token: clerk })).status).toBe(403);
    const outsider = await h.token('admin', { sub: 'admin-hn', region: '430981' });
    const elsewhere = await h.call('POST', `${API}/migrate`, { token: outsider });
    expect(elsewhere.body).toEqual({ migrated: [], dropped: [] });
    const res = await h.call('POST', `${API}/migrate`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ migrated: [{ sub: 'zhaoliu', userId: 'zhaoliu', ...legacy }], dropped: [] });
    expect((await h.call('GET', columnMaps(UNIT_B), { token: clerk })).status).toBe(200);
    expect((await h.call('POST', `${API}/migrate`, { token: admin })).body).toEqual({ migrated: [], dropped: [] });
    const editor = await h.token('editor', { sub: 'editor-a', units: [UNIT_A] });
    expect((await h.call('POST', `${API}/migrate`, { token: editor })).status).toBe(403);
  });

  it('is in the OpenAPI document with one schema per concept', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths[API])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths[`${API}/revoke`])).toEqual(['post']);
    expect(Object.keys(doc.paths[`${API}/migrate`])).toEqual(['post']);
    for (const name of ['Assignment', 'AssignmentRequest', 'AssignmentList', 'AssignmentMigration', 'LegacyAssignment'])
      expect(doc.components.schemas[name]).toBeDefined();
  });
});
