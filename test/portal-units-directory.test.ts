/**
 * The /units directory's status filter: which units it lists as revoked (the entity record in force today, not the
 * latest one) and what that costs (entity heads read in batches of 100, never one GetItem per unit).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { entityKind } from '../shared/core/kinds/index.js';
import { demoUscc } from '../shared/features/demo/generate.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity } from './support/fixtures.js';

const REGION = '430981';
const REVOKED_COUNT = 105;
const ACTIVE = demoUscc(REGION, 1);
/** Revoked today; a reinstatement is scheduled, so its head's latest record says active. */
const REINSTATED_LATER = demoUscc(REGION, 2);
/** Active today; a revocation is scheduled, so its head's latest record says revoked. */
const REVOKED_LATER = demoUscc(REGION, 3);
const REVOKED = Array.from({ length: REVOKED_COUNT }, (_, i) => demoUscc(REGION, 100 + i));

let rt: TestRuntime;

const publishEntity = (uscc: string, status: 'active' | 'revoked', effectiveFrom: string) =>
  rt.registry.publish({
    uscc,
    stream: entityKind.id,
    status: 'published',
    publishedBy: 'test',
    source: 'test',
    effectiveFrom,
    items: [entity(uscc, { regionCode: REGION, name: `沅江市测试单位${uscc.slice(-4)}`, status })],
  });

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.regions.refreshMs = 0;
  rt.regions.serveStale = false;
  rt.clock.set('2024-06-01T02:00:00Z');
  await publishEntity(ACTIVE, 'active', '2023-01-01');
  await publishEntity(REINSTATED_LATER, 'revoked', '2024-01-01');
  await publishEntity(REINSTATED_LATER, 'active', '2099-01-01');
  await publishEntity(REVOKED_LATER, 'active', '2023-01-01');
  await publishEntity(REVOKED_LATER, 'revoked', '2099-01-01');
  for (const uscc of REVOKED) await publishEntity(uscc, 'revoked', '2023-01-01');
}, 120_000);

/** The number of units /units lists for a status, optionally narrowed to one credit code. */
const listed = async (status: string, uscc?: string) => {
  const res = await rt.app.request(`/units?region=${REGION}&status=${status}${uscc ? `&name=${uscc}` : ''}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  if (html.includes('没有符合条件的执法主体')) return 0;
  return Number(/共\s*(\d+)\s*个执法主体/.exec(html)?.[1]);
};

describe('the /units status filter', () => {
  it('lists as revoked the units whose record in force today is revoked, not those whose latest one is', async () => {
    expect(await listed('revoked')).toBe(REVOKED_COUNT + 1);
    expect(await listed('revoked', REINSTATED_LATER)).toBe(1);
    expect(await listed('revoked', REVOKED_LATER)).toBe(0);
    expect(await listed('revoked', ACTIVE)).toBe(0);

    expect(await listed('active')).toBe(2);
    expect(await listed('active', REVOKED_LATER)).toBe(1);
    expect(await listed('active', REINSTATED_LATER)).toBe(0);

    expect(await listed('all')).toBe(REVOKED_COUNT + 3);
  });

  it('reads the entity heads of the units not active today in batches of 100, with no GetItem per unit', async () => {
    await listed('revoked'); // warm the immutable-content cache
    rt.requests.reset();
    await listed('revoked');
    // 106 units not active today (the 105 revoked and the one reinstated later): two BatchGetItem requests of
    // their entity heads. The Queries are the region's heads (gsi2), read once for the statistics and once for the
    // filter since this runtime trusts cached heads for 0 ms.
    expect(rt.requests.snapshot()).toEqual({ BatchGetItemCommand: 2, QueryCommand: 2 });
  });
});
