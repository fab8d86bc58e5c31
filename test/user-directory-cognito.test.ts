/**
 * The user pool as the user directory, against cognito-local (the offline Cognito emulator) through the real SDK:
 * a sign-in name resolves to the user's `sub`; a grant writes the role's group and the scope attribute
 * (custom:units, custom:region) and a revocation takes them back; through the assignments API, an unknown user is
 * refused with nothing stored, and a user deleted and created again under the same name inherits nothing.
 * Assignments stored under a sign-in name are migrated to the `sub` of the account that held the name when they
 * were granted, and dropped otherwise.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateLegacyAssignments, userPoolDirectory, type UserDirectory } from '../shared/features/auth/index.js';
import { CognitoUserPool } from '../shared/platform/cognito/user-pool.js';
import { startCognitoLocal, type CognitoLocal } from '../testing/cognito-local.js';
import { createHarness, type Harness } from './fixtures/workflow/harness.js';
import { UNIT_A, UNIT_B } from './support/fixtures.js';

const API = '/v1/assignments';
const columnMaps = (uscc: string) => `/v1/units/${uscc}/lists/random-inspection-items/column-maps`;

describe('the Cognito user pool as the user directory (cognito-local)', () => {
  let cognito: CognitoLocal;
  let poolId: string;
  let pool: CognitoUserPool;
  let directory: UserDirectory;
  let h: Harness;
  let admin: string;
  const attributes = async (username: string) => (await pool.getUser(username))?.attributes ?? {};
  const assign = (json: unknown) => h.call('POST', API, { token: admin, json });
  const revoke = (json: unknown) => h.call('POST', `${API}/revoke`, { token: admin, json });

  beforeAll(async () => {
    cognito = await startCognitoLocal();
    poolId = await cognito.userPool();
    pool = new CognitoUserPool(cognito.client, poolId);
    directory = userPoolDirectory(pool);
    h = await createHarness({ directory });
    admin = await h.token('admin', { sub: 'admin-fx', region: '210900' });
  });
  afterAll(async () => {
    await cognito?.stop();
  });

  it('resolves a username to its sub, and an unknown one to nothing', async () => {
    await cognito.createUser(poolId, 'zhaoliu');
    const user = await directory.find('zhaoliu');
    expect(user?.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(user).toMatchObject({ username: 'zhaoliu', units: [] });
    expect(await directory.find('nobody')).toBeUndefined();
  });

  it('writes groups and scope attributes on grant and takes them back on revoke', async () => {
    await cognito.createUser(poolId, 'sunqi');
    expect((await assign({ userId: 'sunqi', role: 'editor', scope: UNIT_A })).status).toBe(201);
    expect((await assign({ userId: 'sunqi', role: 'editor', scope: UNIT_B })).status).toBe(201);
    expect((await assign({ userId: 'sunqi', role: 'reviewer', scope: '210902' })).status).toBe(201);
    expect(await cognito.groupsOf(poolId, 'sunqi')).toEqual(['editor', 'reviewer']);
    expect(await attributes('sunqi')).toMatchObject({
      'custom:units': `${UNIT_A},${UNIT_B}`,
      'custom:region': '210902',
    });

    expect((await revoke({ userId: 'sunqi', role: 'editor', scope: UNIT_A })).status).toBe(200);
    expect(await cognito.groupsOf(poolId, 'sunqi')).toEqual(['editor', 'reviewer']);
    expect((await attributes('sunqi'))['custom:units']).toBe(UNIT_B);
    expect((await revoke({ userId: 'sunqi', role: 'editor', scope: UNIT_B })).status).toBe(200);
    expect((await revoke({ userId: 'sunqi', role: 'reviewer', scope: '210902' })).status).toBe(200);
    expect(await cognito.groupsOf(poolId, 'sunqi')).toEqual([]);
    const left = await attributes('sunqi');
    expect(left['custom:units']).toBeUndefined();
    expect(left['custom:region']).toBeUndefined();
  });

  it('refuses an unknown user with 404 UNKNOWN_USER and a Chinese message, storing nothing', async () => {
    const res = await assign({ userId: 'ghost', role: 'editor', scope: UNIT_A });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', details: { reason: 'UNKNOWN_USER', userId: 'ghost' } });
    expect(res.body.error.message).toContain('未找到用户 ghost');
    expect((await h.write.assignments.store.inRegion('')).filter((a) => a.userId === 'ghost')).toEqual([]);
  });

  it('refuses a region role for a user whose region is set on the account by hand, changing nothing', async () => {
    await cognito.createUser(poolId, 'first-admin');
    await pool.setAttributes('first-admin', { 'custom:region': '210900' });
    const res = await assign({ userId: 'first-admin', role: 'auditor', scope: '210902' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe('REGION_SET_IN_POOL');
    expect(await cognito.groupsOf(poolId, 'first-admin')).toEqual([]);
    expect((await attributes('first-admin'))['custom:region']).toBe('210900');
  });

  it('keys assignments by sub: a user deleted and re-created under the same name inherits nothing', async () => {
    await cognito.createUser(poolId, 'zhangsan');
    const before = (await directory.find('zhangsan'))!;
    const granted = await assign({ userId: 'zhangsan', role: 'editor', scope: UNIT_A });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ sub: before.sub, userId: 'zhangsan' });
    const old = await h.token([], { sub: before.sub });
    expect((await h.call('GET', columnMaps(UNIT_A), { token: old })).status).toBe(200);

    await cognito.deleteUser(poolId, 'zhangsan');
    await cognito.createUser(poolId, 'zhangsan');
    const after = (await directory.find('zhangsan'))!;
    expect(after.sub).not.toBe(before.sub);
    expect(await cognito.groupsOf(poolId, 'zhangsan')).toEqual([]);
    const renewed = await h.token([], { sub: after.sub });
    expect((await h.call('GET', columnMaps(UNIT_A), { token: renewed })).status).toBe(403);

    // The old account's assignment is still listed under its name; revoking by name removes it from the store.
    const listed = (await h.call('GET', API, { token: admin })).body.assignments;
    expect(listed.filter((a: { userId: string }) => a.userId === 'zhangsan')).toEqual([granted.body]);
    expect((await revoke({ userId: 'zhangsan', role: 'editor', scope: UNIT_A })).status).toBe(200);
    expect(await h.write.assignments.store.ofUser(before.sub)).toEqual([]);
  });

  it('migrates username-keyed assignments to the sub of the account that held the name when granted', async () => {
    await cognito.createUser(poolId, 'qianba');
    const legacy = (userId: string, grantedAt: string) => ({
      pk: `ASSIGN#${userId}`,
      sk: `editor#${UNIT_B}`,
      gsi1pk: 'ASSIGN',
      gsi1sk: `210900#editor#${UNIT_B}#${userId}`,
      userId,
      role: 'editor',
      scope: UNIT_B,
      regionCode: '210900',
      grantedBy: 'admin-fx',
      grantedAt,
    });
    const put = (item: object) =>
      h.base.client.send(new PutItemCommand({ TableName: h.base.tableName, Item: marshall(item) }));
    await put(legacy('qianba', '2099-01-01T00:00:00.000Z')); // granted after the account was made
    await put(legacy('zhoujiu', '2099-01-01T00:00:00.000Z')); // no such account
    await cognito.createUser(poolId, 'wushi');
    await put(legacy('wushi', '2000-01-01T00:00:00.000Z')); // granted before this account existed
    expect(await h.write.assignments.store.legacy()).toHaveLength(3);

    const report = await migrateLegacyAssignments(h.write.assignments.store, directory);
    const qianba = (await directory.find('qianba'))!;
    expect(report.migrated.map((a) => [a.userId, a.sub])).toEqual([['qianba', qianba.sub]]);
    expect(report.dropped.map((d) => [d.assignment.userId, d.why]).sort()).toEqual([
      ['wushi', 'USER_CREATED_LATER'],
      ['zhoujiu', 'NO_SUCH_USER'],
    ]);
    expect((await h.write.assignments.store.ofUser(qianba.sub)).map((a) => a.scope)).toEqual([UNIT_B]);
    expect(await cognito.groupsOf(poolId, 'qianba')).toEqual(['editor']);
    expect(await h.write.assignments.store.legacy()).toEqual([]);
    expect((await migrateLegacyAssignments(h.write.assignments.store, directory)).migrated).toEqual([]);
  });
});
