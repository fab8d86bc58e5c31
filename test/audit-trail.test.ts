/**
 * The audit trail's guarantees: per-unit order without gaps under concurrent
 * writers (conditional puts, no transactions), hash links that expose an edit or
 * a deletion, region-scoped reading across units, and no route that changes it.
 */
import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowKeys } from '../shared/features/workflow/keys.js';
import { verifyChain, type AuditEntry } from '../shared/features/workflow/audit.js';
import { createHarness, UNIT_C, type Harness } from './fixtures/workflow/harness.js';
import { UNIT_A, UNIT_B } from './support/fixtures.js';

let h: Harness;
const entry = (unit: string, i: number): AuditEntry => ({
  time: new Date(Date.UTC(2024, 2, 1, 0, 0, i)).toISOString(),
  actor: `a${i % 3}`,
  role: 'editor',
  unit,
  regionCode: unit === UNIT_C ? '430981' : '210900',
  action: i % 2 ? 'draft.create' : 'draft.submit',
  target: `draft:d${i}`,
  outcome: 'succeeded',
  status: 200,
  requestId: `r${i}`,
  sourceIp: '127.0.0.1',
  userAgent: 't',
});

beforeAll(async () => {
  h = await createHarness();
});

describe('audit trail', () => {
  it('concurrent appends to one unit get consecutive numbers, each linked to the one before', async () => {
    // Separate stores (as separate Lambda instances would be): no shared in-memory tail.
    const { AuditStore } = await import('../shared/features/workflow/audit-store.js');
    const writers = Array.from({ length: 4 }, () => new AuditStore(h.client, h.base.tableName));
    await Promise.all(Array.from({ length: 40 }, (_, i) => writers[i % 4]!.append(entry(UNIT_B, i))));
    const { records } = await h.write.audit.listUnit(UNIT_B, { limit: 1000 });
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(records[0]!.prevHash).toBeNull();
    expect(verifyChain(records)).toEqual({ ok: true, checked: 40 });
  });

  it('an edited or deleted record breaks the chain where it happened', async () => {
    for (let i = 0; i < 5; i++) await h.write.audit.append(entry(UNIT_A, i));
    await h.client.send(
      new UpdateItemCommand({
        TableName: h.base.tableName,
        Key: marshall({ pk: workflowKeys.audit(UNIT_A), sk: workflowKeys.auditSeq(3) }),
        UpdateExpression: 'SET actor = :x',
        ExpressionAttributeValues: marshall({ ':x': 'someone-else' }),
      }),
    );
    const edited = (await h.write.audit.listUnit(UNIT_A, { limit: 100 })).records;
    expect(verifyChain(edited)).toEqual({ ok: false, seq: 3, reason: 'HASH_MISMATCH' });
    await h.client.send(
      new DeleteItemCommand({
        TableName: h.base.tableName,
        Key: marshall({ pk: workflowKeys.audit(UNIT_A), sk: workflowKeys.auditSeq(3) }),
      }),
    );
    const gap = (await h.write.audit.listUnit(UNIT_A, { limit: 100 })).records;
    expect(verifyChain(gap)).toEqual({ ok: false, seq: 4, reason: 'GAP' });
    const auditor = await h.token('auditor', { region: '210900' });
    const res = await h.call('GET', `/v1/audit?unit=${UNIT_A}`, { token: auditor });
    expect(res.body.chain).toEqual({ ok: false, seq: 4, reason: 'GAP' });
  });

  it('across units: time order, limited to the auditor’s region, filtered and paged', async () => {
    for (let i = 0; i < 3; i++) await h.write.audit.append(entry(UNIT_C, 100 + i));
    const fuxin = await h.token('auditor', { region: '210900' });
    const all = await h.token('auditor', { region: '*' });
    const mine = await h.call('GET', '/v1/audit?limit=1000', { token: fuxin });
    expect(mine.status).toBe(200);
    expect(new Set(mine.body.records.map((r: { unit: string }) => r.unit))).toEqual(new Set([UNIT_A, UNIT_B]));
    const times = mine.body.records.map((r: { time: string }) => r.time);
    expect(times).toEqual([...times].sort());
    const everything = await h.call('GET', '/v1/audit?limit=1000', { token: all });
    expect(everything.body.records.some((r: { unit: string }) => r.unit === UNIT_C)).toBe(true);
    const ranged = await h.call(
      'GET',
      `/v1/audit?unit=${UNIT_B}&from=2024-03-01T00:00:10Z&to=2024-03-01T00:00:19Z&action=draft.create`,
      { token: fuxin },
    );
    expect(ranged.body.records.map((r: { seq: number; action: string }) => r.action)).toEqual(
      Array(5).fill('draft.create'),
    );
    // Pages join up.
    const first = await h.call('GET', `/v1/audit?unit=${UNIT_B}&limit=15`, { token: fuxin });
    const second = await h.call('GET', `/v1/audit?unit=${UNIT_B}&limit=30&cursor=${first.body.nextCursor}`, {
      token: fuxin,
    });
    expect([...first.body.records, ...second.body.records].map((r: { seq: number }) => r.seq)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect((await h.call('GET', '/v1/audit?cursor=!!', { token: fuxin })).status).toBe(400);
  });

  it('no route changes or deletes audit records', async () => {
    const admin = await h.token(['admin', 'auditor'], { region: '*' });
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const res = await h.call(method, '/v1/audit', { token: admin, json: {} });
      expect(res.status).toBe(404);
    }
    const doc = (await h.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/v1/audit']!)).toEqual(['get']);
  });
});
