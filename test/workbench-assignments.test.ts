/**
 * The administrator's 人员指派 pages over HTTP: an administrator of 阜新市 (210900) assigns an editor to a unit and a
 * reviewer to a region of its own, sees them listed, and revokes one; the named user signs in (the development
 * sign-in, as a user id) and has exactly what was assigned, and loses it on revocation without signing in again.
 * Refusals show the page again with a Chinese message and change nothing: a unit or region outside the
 * administrator's, a malformed code, an unregistered unit, a duplicate, a second region for one person, a form
 * without its CSRF token, a non-administrator. Every change is in the audit trail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import { entity, publishUnits, UNIT_A, UNIT_B } from './support/fixtures.js';
import { signedIn, WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

type Rt = Awaited<ReturnType<typeof workbenchRuntime>>;
const PAGE = '/workbench/admin/assignments';
/** 沅江市 (430981, Hunan): outside the administrator's region. */
const UNIT_C = '91430981MA4L8YR93A';
const UNREGISTERED = `912109007283${'00001'}`;
const unregistered = UNREGISTERED + usccCheckCharacter(UNREGISTERED);

describe('人员指派: the administrator assigns editors to units and reviewers and auditors to regions', () => {
  let rt: Rt;
  let admin: WorkbenchClient;
  const signIn = ({ role, ...scope }: { role: string; uscc?: string; region?: string; user?: string }) =>
    signedIn(rt.app, role, scope);
  const assign = (fields: Record<string, string>, opts: { csrf?: boolean } = {}) =>
    admin.post(PAGE, { uscc: '', region: '', ...fields }, opts);
  const stored = (userId: string) => rt.write.assignments.store.ofUser(userId);

  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2024-03-01T02:00:00Z');
    await publishUnits(rt.registry, [
      { entity: entity(UNIT_A), lists: {} },
      { entity: entity(UNIT_B, { name: '阜新市交通运输局（示例）' }), lists: {} },
      { entity: entity(UNIT_C, { name: '沅江市生态环境局（示例）', regionCode: '430981' }), lists: {} },
    ]);
    admin = await signIn({ role: 'admin', region: '210900', user: 'admin-fx' });
  });

  it('shows the assignments page with its labelled controls', async () => {
    const page = await admin.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.text.match(/<h1/g)).toHaveLength(1);
    for (const label of [
      '用户名',
      '指派角色',
      '统一社会信用代码',
      '行政区划代码',
      '指派',
      '现有指派（0 项）',
      '阜新市',
    ])
      expect(page.text).toContain(label);
  });

  it('assigns an editor; the user signed in by user id has that unit and no other', async () => {
    await admin.get(PAGE);
    const res = await assign({ userId: 'ZhangSan', role: 'editor', uscc: UNIT_A.toLowerCase() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${PAGE}?done=granted`);
    const list = await admin.get(`${PAGE}?done=granted`);
    expect(list.text).toContain('已指派。');
    expect(list.text).toContain('现有指派（1 项）');
    expect(list.text).toContain('zhangsan');
    expect(list.text).toContain(UNIT_A);
    const clerk = await signIn({ role: 'assigned', user: 'zhangsan' });
    const home = await clerk.get('/workbench');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe(`/workbench/units/${UNIT_A}`);
    expect((await clerk.get(`/workbench/units/${UNIT_A}`)).status).toBe(200);
    expect((await clerk.get(`/workbench/units/${UNIT_B}`)).status).toBe(403);
  });

  it('refuses a unit outside the administrator’s region with 403 and a Chinese message, changing nothing', async () => {
    await admin.get(PAGE);
    const res = await assign({ userId: 'lisi', role: 'editor', uscc: UNIT_C });
    expect(res.status).toBe(403);
    expect(res.text).toContain('不在您管理的行政区划');
    expect(res.text).toContain('未作任何更改');
    expect(res.text).toContain('value="lisi"'); // the form keeps what was typed
    expect(await stored('lisi')).toEqual([]);
    await admin.get(PAGE);
    const region = await assign({ userId: 'lisi', role: 'reviewer', region: '430981' });
    expect(region.status).toBe(403);
    expect(region.text).toContain('沅江市');
    expect(await stored('lisi')).toEqual([]);
  });

  it('refuses malformed codes and unregistered units (422), duplicates and a second region (409)', async () => {
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ userId: 'lisi', role: 'editor', uscc: '12345' }, 422, '统一社会信用代码格式不正确'],
      [{ userId: 'lisi', role: 'reviewer', region: '999999' }, 422, '行政区划代码应为'],
      [{ userId: 'lisi', role: 'editor', uscc: unregistered }, 422, '尚未登记'],
      [{ userId: '', role: 'editor', uscc: UNIT_A }, 422, '请填写用户名'],
      [{ userId: 'zhangsan', role: 'editor', uscc: UNIT_A }, 409, '该用户已有此项指派'],
      [{ userId: 'admin-fx', role: 'auditor', region: '210900' }, 403, '不得为本人指派'],
    ];
    for (const [fields, status, message] of cases) {
      await admin.get(PAGE);
      const res = await assign(fields);
      expect([res.status, res.text.includes(message)]).toEqual([status, true]);
    }
    expect(await stored('lisi')).toEqual([]);
    await admin.get(PAGE);
    expect((await assign({ userId: 'wangwu', role: 'reviewer', region: '210900' })).status).toBe(303);
    await admin.get(PAGE);
    const second = await assign({ userId: 'wangwu', role: 'auditor', region: '210902' });
    expect(second.status).toBe(409);
    expect(second.text).toContain('一人只负责一个行政区划');
    expect((await stored('wangwu')).map((a) => a.role)).toEqual(['reviewer']);
  });

  it('the assigned reviewer reaches the review queue of the region', async () => {
    const reviewer = await signIn({ role: 'assigned', user: 'wangwu' });
    expect((await reviewer.get('/workbench/reviews')).status).toBe(200);
  });

  it('refuses a form without the CSRF token, and anyone but an administrator', async () => {
    await admin.get(PAGE);
    const res = await assign({ userId: 'lisi', role: 'editor', uscc: UNIT_B }, { csrf: false });
    expect(res.status).toBe(403);
    expect(await stored('lisi')).toEqual([]);
    const editor = await signIn({ role: 'editor', uscc: UNIT_A });
    expect((await editor.get(PAGE)).status).toBe(403);
    await editor.get('/workbench');
    const post = await editor.post(PAGE, { userId: 'lisi', role: 'editor', uscc: UNIT_B, region: '' });
    expect(post.status).toBe(403);
    expect(await stored('lisi')).toEqual([]);
  });

  it('revokes: the user loses the unit on the next request, and a second revocation is 404', async () => {
    const clerk = await signIn({ role: 'assigned', user: 'zhangsan' });
    expect((await clerk.get(`/workbench/units/${UNIT_A}`)).status).toBe(200);
    await admin.get(PAGE);
    const res = await admin.post(`${PAGE}/revoke`, { userId: 'zhangsan', role: 'editor', scope: UNIT_A });
    expect(res.status).toBe(303);
    expect((await admin.get(`${PAGE}?done=revoked`)).text).toContain('已撤销指派。');
    expect(await stored('zhangsan')).toEqual([]);
    expect((await clerk.get(`/workbench/units/${UNIT_A}`)).status).toBe(403);
    await admin.get(PAGE);
    const again = await admin.post(`${PAGE}/revoke`, { userId: 'zhangsan', role: 'editor', scope: UNIT_A });
    expect(again.status).toBe(404);
    expect(again.text).toContain('未找到该指派');
  });

  it('records every change and refusal in the audit trail, in Chinese', async () => {
    const records = (await rt.write.audit.listAcross('', { limit: 500 })).records.filter((r) =>
      r.action.startsWith('assignment.'),
    );
    const summary = records.map((r) => `${r.action} ${r.outcome} ${r.status}`);
    expect(summary).toContain('assignment.grant succeeded 200');
    expect(summary).toContain('assignment.revoke succeeded 200');
    expect(summary).toContain('assignment.grant denied 403');
    expect(summary).toContain('assignment.revoke refused 404');
    const outside = records.find((r) => r.target === `lisi editor ${UNIT_C}`)!;
    expect(outside).toMatchObject({ outcome: 'denied', unit: UNIT_C, regionCode: '430981', actor: 'admin-fx' });
    const auditor = await signIn({ role: 'auditor', region: '210900' });
    const page = await auditor.get('/workbench/audit');
    expect(page.text).toContain('指派人员');
    expect(page.text).toContain('撤销指派');
  });
});
