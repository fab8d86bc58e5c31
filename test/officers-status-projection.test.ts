/**
 * The status projection: publishing an officers list writes a compact projection of its certificates' status
 * fields, the status-list run reads the projections (one BatchGetItem for the units, no content read) and signs
 * exactly the list the officers lists themselves give on that date; a version published without a projection is
 * read from its content once and projected then.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../shared/core/canonical-json.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { createClient } from '../shared/platform/dynamodb/client.js';
import { ensureTable } from '../shared/platform/dynamodb/ensure-table.js';
import { demoUscc } from '../shared/features/demo/generate.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import {
  keyId,
  regionCertificates,
  verifyEnvelope,
  STATUS_LIST_PREFIX,
  type StatusListBody,
} from '../shared/features/officers/index.js';
import { generateOfficers } from '../shared/features/officers/generate.js';
import { STATUS_LIST_MAX_AGE_MS } from '../shared/features/officers/credential.js';
import { statusListEntry } from '../shared/features/officers/signing.js';
import {
  projectRecord,
  StatusProjectionStore,
  type ProjectedCertificate,
} from '../shared/features/officers/status-projection.js';
import { countRequests } from '../testing/request-counter.js';
import { engineEndpoint, TestClock } from './support/engine.js';

const COUNTIES = ['330681', '330682'];
const common = { status: 'published' as const, publishedBy: 'test', source: 'test', effectiveFrom: '2024-01-01' };

const units = COUNTIES.flatMap((regionCode, c) =>
  Array.from({ length: 3 }, (_, i) => ({
    uscc: demoUscc(regionCode, 7000 + i),
    regionCode,
    domain: '综合执法',
    name: `第${c + 1}县第${i + 1}执法局（示例）`,
  })),
);

/** Officers with statuses that change with the date (expiries, cancellations), and one not yet issued per unit. */
const lists = generateOfficers({
  seed: 11,
  year: 2024,
  units,
  officers: 300,
  supervision: 12,
  issuedInYear: 120,
  cancelled: 15,
  suspended: 4,
  expired: 6,
});
const extra = (uscc: string, n: number) => [
  {
    name: `晚${n}`,
    certificateNumber: `${uscc.slice(2, 8)}L${String(n).padStart(5, '0')}`,
    certificateType: '行政执法证',
    category: '市场监管',
    issuedOn: '2025-03-01',
    validUntil: '2030-02-28',
    status: '注销',
    cancelledOn: '2025-06-01',
    cancelReason: '调离执法岗位 "引号" \\ 反斜杠',
  },
];

describe('the status projection of officers-list versions', () => {
  const clock = new TestClock(new Date('2024-11-20T02:00:00Z'));
  const endpoint = engineEndpoint();
  const tableName = `t_${randomBytes(6).toString('hex')}`;
  const signer = Ed25519Signer.generate('gongshi.test');
  let rt: Runtime;

  /** A runtime with nothing cached and its own request counter, as the daily job starts. */
  const freshRuntime = () => {
    const client = createClient({ endpoint, region: 'cn-north-1' });
    const requests = countRequests(client);
    return {
      rt: createRuntime({ tableName, endpoint }, { client, clock: clock.now, certificateSigner: signer }),
      requests,
    };
  };

  /** The status list the officers lists in force give for a prefix, computed from their content. */
  async function expectedBody(prefix: string, issuedAt: string): Promise<StatusListBody> {
    const date = issuedAt.slice(0, 10);
    const region = await regionCertificates(rt.store, prefix, date);
    const dataAsOf = region.certificates.reduce((m, c) => (c.publishedAt > m ? c.publishedAt : m), '');
    return {
      region: prefix,
      date,
      issuedAt,
      nextUpdate: new Date(Date.parse(issuedAt) + STATUS_LIST_MAX_AGE_MS).toISOString(),
      ...(dataAsOf ? { dataAsOf } : {}),
      kid: keyId(await signer.publicKey()),
      count: region.certificates.length,
      certificates: region.certificates.map((c) => statusListEntry(c, date)),
    };
  }

  /** Every stored list verifies and its payload is byte for byte the canonical JSON of the expected body. */
  async function expectListsAsComputed(prefixes: string[]) {
    for (const prefix of prefixes) {
      const stored = await rt.officers.statusLists.get(prefix);
      expect(stored, prefix).toBeDefined();
      const verified = verifyEnvelope<StatusListBody>(stored!.signed, STATUS_LIST_PREFIX, await signer.publicKey());
      expect(verified.ok, prefix).toBe(true);
      const payload = Buffer.from(stored!.signed.split('.')[1]!, 'base64url').toString('utf8');
      expect(payload, prefix).toBe(canonicalJson(await expectedBody(prefix, stored!.issuedAt)));
    }
  }

  beforeAll(async () => {
    await ensureTable(createClient({ endpoint, region: 'cn-north-1' }), tableName);
    rt = createRuntime({ tableName, endpoint }, { clock: clock.now, certificateSigner: signer });
    for (const [i, u] of units.slice(0, 5).entries()) {
      const entity = { name: u.name, uscc: u.uscc, nature: '法定行政机关', regionCode: u.regionCode, status: 'active' };
      await rt.registry.publish({ ...common, uscc: u.uscc, stream: 'entity', items: [entity] });
      const items = [...lists.get(u.uscc)!, ...extra(u.uscc, i)];
      await rt.registry.publish({ ...common, uscc: u.uscc, stream: 'officers', items });
      clock.advance(60_000);
    }
    await rt.officers.settled();
  }, 120_000);

  it('is written when an officers list is published: the status fields of every certificate listed', async () => {
    const u = units[0]!;
    const head = await rt.store.getHead(u.uscc, 'officers');
    const latest = head!.timeline.at(-1)!;
    const locator = { uscc: u.uscc, version: latest.version, attempt: latest.attempt };
    const projected = await new StatusProjectionStore(rt.store.client, rt.store.tableName).getMany([locator]);
    const items = [...lists.get(u.uscc)!, ...extra(u.uscc, 0)];
    expect(projected.get(locator)).toEqual(items.map((o) => projectRecord(o)));
    expect(projected.get(locator)!.at(-1)).toEqual([
      '330681L00000',
      '注销',
      '2025-03-01',
      '2030-02-28',
      '2025-06-01',
      '调离执法岗位 "引号" \\ 反斜杠',
    ]);
  });

  it('is what the run reads: one heads Query, one BatchGetItem, no content; the same signed lists', async () => {
    clock.set('2024-11-21T02:00:00Z');
    const { rt: job, requests } = freshRuntime();
    const run = await job.officers.publisher!.publishAll();
    expect(run.regions).toEqual(['33', '3306', '330681', '330682']);
    // The heads walk, the projections of five units, the public key and four lists (each under 200 KB packed).
    expect(requests.snapshot()).toEqual({ BatchGetItemCommand: 1, PutItemCommand: 5, QueryCommand: 1 });
    await expectListsAsComputed(run.regions);
  });

  it('gives the statuses of the run date: a later run signs the expiries and cancellations of its day', async () => {
    clock.set('2025-07-01T02:00:00Z');
    const { rt: job } = freshRuntime();
    const run = await job.officers.publisher!.publishAll();
    await expectListsAsComputed(run.regions);
    const list = verifyEnvelope<StatusListBody>(
      (await rt.officers.statusLists.get('330681'))!.signed,
      STATUS_LIST_PREFIX,
      await signer.publicKey(),
    );
    if (!list.ok) throw new Error(list.reason);
    expect(list.payload.certificates.find((c) => c.no === '330681L00000')).toEqual({
      no: '330681L00000',
      s: '注销',
      e: '2030-02-28',
      d: '2025-06-01',
      why: '调离执法岗位 "引号" \\ 反斜杠',
    });
  });

  it('is written by the run for a version published without one, which later runs then read', async () => {
    const u = units[5]!;
    const entity = { name: u.name, uscc: u.uscc, nature: '法定行政机关', regionCode: u.regionCode, status: 'active' };
    // The stream store commits without the publish hooks: no projection is written.
    await rt.store.publish({ ...common, uscc: u.uscc, regionCode: u.regionCode, stream: 'entity', items: [entity] });
    await rt.store.publish({
      ...common,
      uscc: u.uscc,
      regionCode: u.regionCode,
      stream: 'officers',
      items: lists.get(u.uscc)!,
    });
    clock.advance(60_000);
    const first = freshRuntime();
    await first.rt.officers.publisher!.publishAll();
    // The unprojected version's content (one Query) is read and its projection written (one BatchWriteItem).
    expect(first.requests.snapshot()).toEqual({
      BatchGetItemCommand: 1,
      BatchWriteItemCommand: 1,
      PutItemCommand: 5,
      QueryCommand: 2,
    });
    await expectListsAsComputed(['33', '3306', '330682']);
    clock.advance(60_000);
    const second = freshRuntime();
    await second.rt.officers.publisher!.publishAll();
    expect(second.requests.snapshot()).toEqual({ BatchGetItemCommand: 1, PutItemCommand: 5, QueryCommand: 1 });
    await expectListsAsComputed(['33', '3306', '330681', '330682']);
  });

  it('keeps a projection over 200 KB packed in parts, read back whole with one BatchGetItem more', async () => {
    const client = createClient({ endpoint, region: 'cn-north-1' });
    const requests = countRequests(client);
    const store = new StatusProjectionStore(client, tableName);
    const rows: ProjectedCertificate[] = Array.from({ length: 30_000 }, (_, i) => [
      `ZJ${randomBytes(8).toString('hex').toUpperCase()}`,
      i % 7 === 0 ? '注销' : '有效',
      '2023-01-01',
      '2028-12-31',
      i % 7 === 0 ? '2024-02-02' : '',
      i % 7 === 0 ? randomBytes(6).toString('base64') : '',
    ]);
    const big = { uscc: units[0]!.uscc, version: 99, attempt: 'abc' };
    const small = { uscc: units[1]!.uscc, version: 99, attempt: 'abc' };
    await store.put(big, rows);
    await store.put(small, rows.slice(0, 3));
    requests.reset();
    const read = await store.getMany([big, small, { uscc: units[2]!.uscc, version: 99, attempt: 'none' }]);
    expect(read.get(big)).toEqual(rows);
    expect(read.get(small)).toEqual(rows.slice(0, 3));
    expect(read.size).toBe(2);
    expect(requests.snapshot()).toEqual({ BatchGetItemCommand: 2 });
  });
});
