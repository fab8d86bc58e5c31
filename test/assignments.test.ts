/**
 * Role assignments as stored data (shared/features/auth/assignments.ts): the store's conditional writes and its
 * two reads, how assignments add to a token's principal, and that the API reads them per request, so a revoked
 * assignment stops working within the resolver's bound (ASSIGNMENT_CACHE_MS) without a new token. Assignments are
 * stored under the user's `sub`; a local user's `sub` is its user id.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ASSIGNMENT_CACHE_MS, withAssigned, type Assignment } from '../shared/features/auth/assignments.js';
import { authorize } from '../shared/features/auth/index.js';
import { createHarness, UNIT_C, type Harness } from './fixtures/workflow/harness.js';
import { UNIT_A, UNIT_B } from './support/fixtures.js';

const at = '2024-03-01T02:00:00.000Z';
const editorOf = (userId: string, uscc: string, regionCode = '210900'): Assignment => ({
  sub: userId,
  userId,
  role: 'editor',
  scope: uscc,
  regionCode,
  grantedBy: 'admin-1',
  grantedAt: at,
});
const ofRegion = (userId: string, role: 'reviewer' | 'auditor', region: string): Assignment => ({
  sub: userId,
  userId,
  role,
  scope: region,
  regionCode: region,
  grantedBy: 'admin-1',
  grantedAt: at,
});

describe('role assignments', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });

  it('stores an assignment once (conditional put), lists it by user and by region, removes it once', async () => {
    const store = h.write.assignments.store;
    expect(await store.add(editorOf('li', UNIT_A))).toBe(true);
    expect(await store.add(editorOf('li', UNIT_A))).toBe(false);
    expect(await store.add(ofRegion('wang', 'reviewer', '210902'))).toBe(true);
    expect(await store.add(editorOf('zhao', UNIT_C, '430981'))).toBe(true);
    expect((await store.ofUser('li')).map((a) => a.scope)).toEqual([UNIT_A]);
    expect((await store.inRegion('2109')).map((a) => `${a.userId}:${a.role}`)).toEqual(['li:editor', 'wang:reviewer']);
    expect((await store.inRegion('43')).map((a) => a.userId)).toEqual(['zhao']);
    expect(await store.inRegion('')).toHaveLength(3);
    expect((await store.remove({ sub: 'li', role: 'editor', scope: UNIT_A }))?.regionCode).toBe('210900');
    expect(await store.remove({ sub: 'li', role: 'editor', scope: UNIT_A })).toBeUndefined();
    expect(await store.ofUser('li')).toEqual([]);
  });

  it('adds assigned units and roles to the token’s, and a region only where the token names no other', () => {
    const base = { sub: 's', roles: [], units: [] };
    const p = withAssigned(base, [
      editorOf('x', UNIT_A),
      editorOf('x', UNIT_B),
      ofRegion('x', 'reviewer', '210900'),
      ofRegion('x', 'auditor', '210900'),
    ]);
    expect(p).toMatchObject({
      roles: ['editor', 'reviewer', 'auditor'],
      units: [UNIT_A, UNIT_B],
      regionPrefix: '2109',
    });
    const elsewhere = withAssigned({ ...base, roles: ['auditor'], regionPrefix: '43' }, [
      ofRegion('x', 'reviewer', '210900'),
    ]);
    expect(elsewhere).toMatchObject({ roles: ['auditor'], regionPrefix: '43' });
  });

  it('lets only an administrator assign, and only within its own region prefix', () => {
    const admin = { sub: 'a', roles: ['admin' as const], units: [], regionPrefix: '2109' };
    expect(authorize(admin, 'assignment.manage', { regionCode: '210902' }).allowed).toBe(true);
    expect(authorize(admin, 'assignment.manage', { regionCode: '430981' })).toMatchObject({ reason: 'REGION_SCOPE' });
    expect(
      authorize({ ...admin, regionPrefix: undefined }, 'assignment.manage', { regionCode: '210902' }).allowed,
    ).toBe(false);
    expect(authorize({ ...admin, roles: ['reviewer'] }, 'assignment.manage', { regionCode: '210902' })).toMatchObject({
      reason: 'ROLE',
    });
  });

  it('the API reads assignments per request: granted, and revoked within the bound, with the same token', async () => {
    const token = await h.token([], { sub: 'qian' });
    const drafts = `/v1/units/${UNIT_A}/lists/inspection-items/drafts`;
    expect((await h.call('GET', drafts, { token })).status).toBe(403);
    await h.write.assignments.store.add(editorOf('qian', UNIT_A));
    // This process read "none" a moment ago and keeps it for the bound; then it reads the store again.
    expect((await h.call('GET', drafts, { token })).status).toBe(403);
    h.clock.advance(ASSIGNMENT_CACHE_MS + 1000);
    expect((await h.call('GET', drafts, { token })).status).toBe(200);
    await h.write.assignments.store.remove({ sub: 'qian', role: 'editor', scope: UNIT_A });
    h.clock.advance(ASSIGNMENT_CACHE_MS + 1000);
    expect((await h.call('GET', drafts, { token })).status).toBe(403);
  });
});
