/**
 * Certificates as deployed on AWS: the signing key is a KMS Ed25519 key (the ledger's KmsSigner, through the real
 * AWS SDK against the local KMS stub), which signs at most 4096 bytes raw, so a region's status list of hundreds
 * of certificates must still be signable; and the public function holds no key, so card credentials are signed by
 * the publishing process and stored, and the public runtime serves them (and card faces) as stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { renderQrSvg } from '../shared/app/qr.js';
import { createClient } from '../shared/platform/dynamodb/client.js';
import { ensureTable } from '../shared/platform/dynamodb/ensure-table.js';
import { demoUscc } from '../shared/features/demo/generate.js';
import { KmsSigner } from '../shared/features/ledger/kms-signer.js';
import { generateOfficers } from '../shared/features/officers/generate.js';
import {
  credentialFromQrText,
  verifyCard,
  verifyEnvelope,
  CREDENTIAL_PREFIX,
  STATUS_LIST_PREFIX,
  type CredentialPayload,
  type StatusListBody,
} from '../shared/features/officers/index.js';
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
let endpoint: string;
const signCalls = () => stubs.kmsCalls.filter((c) => c.target === 'Sign').length;
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
  endpoint = engineEndpoint();
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

describe('cards on a read-only function', () => {
  const publicApp = () => createPublicRuntime({ tableName, endpoint }, { renderQr: renderQrSvg }).app;
  const sample = (i = 1) => lists.get(units[i]!.uscc)!.find((o) => o.status === '有效')!;

  it('serves the credential the publishing process signed and stored, with no key and no signing', async () => {
    const o = sample();
    const before = signCalls();
    const app = publicApp();
    const res = await app.request(`/v1/certificates/${o.certificateNumber}/credential`);
    expect(res.status, await res.clone().text()).toBe(200);
    const { qr, credential } = (await res.json()) as { qr: string; credential: string };
    expect(credentialFromQrText(qr)).toBe(credential);
    expect(verifyEnvelope<CredentialPayload>(credential, CREDENTIAL_PREFIX, stubs.publicKeyRaw)).toMatchObject({
      ok: true,
      payload: { no: o.certificateNumber, n: o.name },
    });
    const card = await app.request(`/v1/certificates/${o.certificateNumber}/card.svg`);
    expect(card.status).toBe(200);
    expect(await card.text()).toContain('<path');
    // The check page a phone opens verifies the QR's credential with the key the signing process stored.
    const page = await (await app.request(new URL(qr).pathname + new URL(qr).search)).text();
    expect(page).toContain('二维码中的凭证签名有效');
    const statusList = await (await app.request(`/v1/certificates/status-list?region=${REGION}`)).text();
    const offline = verifyCard({ qrText: qr, publicKey: stubs.publicKeyRaw, statusList, now: clock.now() });
    expect(offline).toMatchObject({ ok: true, status: { status: '有效' } });
    expect(signCalls()).toBe(before);
  });

  it('signs again only the credentials a new version changed', async () => {
    const uscc = units[2]!.uscc;
    const items = lists.get(uscc)!.map((o, i) => (i === 0 ? { ...o, name: `${String(o.name)}（更名）` } : o));
    clock.advance(60_000);
    const before = signCalls();
    await rt.registry.publish({ ...common, uscc, stream: 'officers', items, effectiveFrom: '2024-11-20' });
    await rt.officers.settled();
    // One credential, and the status lists of the county, its city and its province.
    expect(signCalls() - before).toBe(1 + 3);
    expect(await rt.officers.cards.signUnit(uscc)).toEqual({ certificates: items.length, signed: 0 });
    const res = await publicApp().request(`/v1/certificates/${String(items[0]!.certificateNumber)}/credential`);
    const { credential } = (await res.json()) as { credential: string };
    expect(verifyEnvelope<CredentialPayload>(credential, CREDENTIAL_PREFIX, stubs.publicKeyRaw)).toMatchObject({
      ok: true,
      payload: { n: items[0]!.name },
    });
  });

  it('a credential nobody signed yet is a clear 422, never signed by the read-only function', async () => {
    const unsigned = createRuntime({ tableName, endpoint }, { clock: clock.now });
    const uscc = demoUscc(REGION, 7199);
    const o = { ...sample(), certificateNumber: '330681Q000001' };
    const entity = {
      name: '诸暨市第99执法局（示例）',
      uscc,
      nature: '法定行政机关',
      regionCode: REGION,
      status: 'active',
    };
    await unsigned.registry.publish({
      ...common,
      uscc,
      stream: 'entity',
      items: [entity],
      effectiveFrom: '2024-01-01',
    });
    await unsigned.registry.publish({ ...common, uscc, stream: 'officers', items: [o], effectiveFrom: '2024-11-20' });
    await unsigned.officers.settled();
    const res = await publicApp().request('/v1/certificates/330681Q000001/credential');
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { details: { reason: 'CREDENTIAL_NOT_SIGNED' } } });
    expect((await publicApp().request('/v1/certificates/330681Q000001')).status).toBe(200);
  });
});
