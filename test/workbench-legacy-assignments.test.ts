/**
 * 迁移旧授权: assignments stored by an earlier release under a sign-in name (before they were keyed by the user's
 * `sub`) grant nothing. The administrator's 人员指派 page lists those of the administrator's region and moves them
 * with one button: each goes to the user who holds the name now (locally the name is the `sub`), and the user then
 * has what was granted. Grants of another region are neither shown nor touched; a form without its CSRF token
 * changes nothing; a second run finds nothing; the audit trail names every grant moved. The JSON twin
 * (`POST /v1/assignments/migrate`) answers the same report.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { entity, publishUnits, UNIT_A, UNIT_B } from './support/fixtures.js';
import { signedIn, WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

type Rt = Awaited<ReturnType<typeof workbenchRuntime>>;
const PAGE = '/workbench/admin/assignments';
/** 沅江市 (430981, Hunan): outside the administrator's region. */
const UNIT_C = '91430981MA4L8YR93A';

/** An assignment item as the release before `sub` keys stored it: under the sign-in name, with no `sub`. */
const legacyItem = (userId: string, role: string, scope: string, regionCode: string) => ({
  pk: `ASSIGN#${userId}`,
  sk: `${role}#${scope}`,
  gsi1pk: 'ASSIGN',
  gsi1sk: `${regionCode}#${role}#${scope}#${userId}`,
  userId,
  role,
  scope,
  regionCode,
  grantedBy: 'admin-old',
  grantedAt: '2024-01-15T02:00:00.000Z',
});

describe('迁移旧授权: the administrator moves the earlier release’s grants to their users', () => {
  let rt: Rt;
  let admin: WorkbenchClient;
  const signIn = ({ role, ...scope }: { role: string; uscc?: string; region?: string; user?: string }) =>
    signedIn(rt.app, role, scope);
  const putLegacy = (item: ReturnType<typeof legacyItem>) =>
    rt.write.assignments.store.client.send(
      new PutItemCommand({ TableName: rt.write.assignments.store.tableName, Item: marshall(item) }),
    );

  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2024-03-01T02:00:00Z');
    await publishUnits(rt.registry, [
      { entity: entity(UNIT_A), lists: {} },
      { entity: entity(UNIT_B, { name: '阜新市交通运输局（示例）' }), lists: {} },
      { entity: entity(UNIT_C, { name: '沅江市生态环境局（示例）', regionCode: '430981' }), lists: {} },
    ]);
    await putLegacy(legacyItem('chenliu', 'editor', UNIT_A, '210900'));
    await putLegacy(legacyItem('sunqi', 'reviewer', '210902', '210902'));
    await putLegacy(legacyItem('hunan1', 'editor', UNIT_C, '430981'));
    admin = await signIn({ role: 'admin', region: '210900', user: 'admin-fx' });
  });

  it('lists the region’s grants stored under a sign-in name, which grant nothing yet', async () => {
    const page = await admin.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('旧授权待迁移（2 项）');
    expect(page.text).toContain('chenliu');
    expect(page.text).toContain('sunqi');
    expect(page.text).toContain('2024-01-15 10:00:00');
    expect(page.text).not.toContain('hunan1');
    expect(page.text).toContain('迁移旧授权</button>');
    expect(page.text.match(/<h1/g)).toHaveLength(1);
    const clerk = await signIn({ role: 'assigned', user: 'chenliu' });
    expect((await clerk.get(`/workbench/units/${UNIT_A}`)).status).toBe(403);
  });

  it('refuses the form without its CSRF token, moving nothing', async () => {
    await admin.get(PAGE);
    const res = await admin.post(`${PAGE}/migrate`, {}, { csrf: false });
    expect(res.status).toBe(403);
    expect(await rt.write.assignments.store.legacy()).toHaveLength(3);
  });

  it('moves them to their users, who then have what was granted; another region’s stay', async () => {
    await admin.get(PAGE);
    const res = await admin.post(`${PAGE}/migrate`, {});
    expect(res.status).toBe(200);
    expect(res.text).toContain('已迁移 2 项');
    expect(res.text).toContain(`chenliu（填报人员，${UNIT_A}）`);
    expect(res.text).toContain('sunqi（法制审核人员，210902）');
    expect(res.text).not.toContain('旧授权待迁移');
    expect(res.text).toContain('现有指派（2 项）');
    expect((await rt.write.assignments.store.ofUser('chenliu')).map((a) => [a.role, a.scope])).toEqual([
      ['editor', UNIT_A],
    ]);
    expect((await rt.write.assignments.store.legacy()).map((a) => a.userId)).toEqual(['hunan1']);
    const clerk = await signIn({ role: 'assigned', user: 'chenliu' });
    expect((await clerk.get(`/workbench/units/${UNIT_A}`)).status).toBe(200);
    expect((await clerk.get(`/workbench/units/${UNIT_B}`)).status).toBe(403);
  });

  it('finds nothing to move the second time', async () => {
    await admin.get(PAGE);
    const res = await admin.post(`${PAGE}/migrate`, {});
    expect(res.status).toBe(200);
    expect(res.text).toContain('没有需要迁移的旧授权。');
  });

  it('names every grant moved in the audit trail, in Chinese on the auditor’s page', async () => {
    const records = (await rt.write.audit.listAcross('', { limit: 500 })).records.filter(
      (r) => r.action === 'assignment.migrate',
    );
    expect(records.map((r) => `${r.outcome} ${r.status}`)).toEqual(['succeeded 200', 'succeeded 200']);
    expect(records[0]!.detail).toMatchObject({
      migrated: [`chenliu editor ${UNIT_A}`, 'sunqi reviewer 210902'],
      dropped: [],
    });
    const auditor = await signIn({ role: 'auditor', region: '210900' });
    expect((await auditor.get('/workbench/audit')).text).toContain('迁移旧授权');
  });
});
