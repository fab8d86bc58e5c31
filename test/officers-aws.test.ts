/**
 * Certificates as deployed on AWS: the signing key is a KMS Ed25519 key (the ledger's KmsSigner, through the real
 * AWS SDK against the local KMS stub), which signs at most 4096 bytes raw, so a region's status list of hundreds
 * of certificates must still be signable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { createClient } from '../shared/platform/dynamodb/client.js';
import { ensureTable } from '../shared/platform/dynamodb/ensure-table.js';
import { demoUscc } from '../shared/features/demo/generate.js';
import { KmsSigner } from '../shared/features/ledger/kms-signer.js';
import { generateOfficers } from '../shared/features/officers/generate.js';
import { STATUS_LIST_PREFIX, verifyEnvelope, type StatusListBody } from '../shared/features/officers/index.js';
import { startAwsStubs, type AwsStubs } from '../testing/lambda/aws-stubs.js';
import { engineEndpoint, TestClock } from './support/engine.js';

const REGION = '330681';
const common = { status: 'published' as const, publishedBy: 'test', source: 'test' };
const units = Array.from({ length: 4 }, (_, i) => ({
  uscc: demoUscc(REGION, 7100 + i),
  regionCode: REGION,
  domain: i === 0 ? '行政执法监督' : '市场监管',
  name: `诸暨市第${i + 1}执法局（示例）`,
}));
const lists = generateOfficers({
  seed: 7,
  year: 2024,
  units,
  officers: 300,
  supervision: 6,
  issuedInYear: 100,
  cancelled: 9,
  suspended: 2,
  expired: 3,
});

let stubs: AwsStubs;
let rt: Runtime;
let tableName: string;
const clock = new TestClock(new Date('2024-11-20T02:00:00Z'));

async function publishUnits(runtime: Runtime) {
  for (const u of units) {
    const entity = { name: u.name, uscc: u.uscc, nature: '法定行政机关', regionCode: REGION, status: 'active' };
    await runtime.registry.publish({
      ...common,
      uscc: u.uscc,
      stream: 'entity',
      items: [entity],
      effectiveFrom: '2024-01-01',
    });
    await runtime.registry.publish({
      ...common,
      uscc: u.uscc,
      stream: 'officers',
      items: lists.get(u.uscc)!,
      effectiveFrom: '2024-01-01',
    });
  }
  await runtime.officers.settled();
}

beforeAll(async () => {
  stubs = await startAwsStubs();
  const kms = new KMSClient({
    endpoint: stubs.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const endpoint = engineEndpoint();
  tableName = `t_${randomBytes(6).toString('hex')}`;
  const client = createClient({ endpoint, region: 'cn-north-1' });
  await ensureTable(client, tableName);
  rt = createRuntime(
    { tableName, endpoint },
    { client, clock: clock.now, certificateSigner: new KmsSigner('gongshi.test', stubs.keyArn, kms) },
  );
  await publishUnits(rt);
}, 120_000);
afterAll(() => stubs.close());

describe('certificates signed by a KMS key', () => {
  it('signs a status list far larger than KMS signs raw: the signature covers the payload’s digest', async () => {
    const res = await rt.app.request(`/v1/certificates/status-list?region=${REGION}`);
    expect(res.status).toBe(200);
    const signed = await res.text();
    expect(signed.length).toBeGreaterThan(20_000);
    const verified = verifyEnvelope<StatusListBody>(signed, STATUS_LIST_PREFIX, stubs.publicKeyRaw);
    expect(verified).toMatchObject({ ok: true, payload: { region: REGION, count: 306 } });
    const signs = stubs.kmsCalls.filter((c) => c.target === 'Sign');
    expect(signs.length).toBeGreaterThan(0);
    for (const s of signs) expect(Buffer.from(String(s.body.Message), 'base64').byteLength).toBeLessThan(4096);
    // One changed byte of the payload breaks the signature.
    const [prefix, payload, sig] = signed.split('.') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[40] = bytes[40]! ^ 1;
    expect(verifyEnvelope(`${prefix}.${bytes.toString('base64url')}.${sig}`, prefix, stubs.publicKeyRaw).ok).toBe(
      false,
    );
  });
});
