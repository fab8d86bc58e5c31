/**
 * The verifier's `certificate-index` check: the certificate index behind the public check by number holds, for
 * every certificate the logged officers versions name, exactly the history those versions give. An honest
 * registry passes; one index entry changed in the table (a status, a dropped version, an added one, the entry
 * deleted) fails, naming the check, the unit, the version and the certificate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { entityKind } from '../shared/core/kinds/index.js';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { officerKeys } from '../shared/features/officers/keys.js';
import { verifyRegistry, type VerifyReport } from '../shared/features/verifier/verify.js';
import { createTestRuntime } from './support/engine.js';
import { entity, UNIT_A, UNIT_B } from './support/fixtures.js';

const ORIGIN = 'verify-certificates.test/log';
const signer = Ed25519Signer.generate(ORIGIN);

function officer(n: number, overrides: Record<string, unknown> = {}) {
  return {
    name: `王${n}`,
    certificateNumber: `210900Z${String(n).padStart(6, '0')}`,
    certificateType: '行政执法证',
    category: '生态环境',
    issuedOn: '2022-03-01',
    validUntil: '2027-02-28',
    status: '有效',
    ...overrides,
  };
}

interface Site {
  rt: Runtime & { tableName: string };
  /** Runs the verifier `afterMs` after the last publication (default 5 minutes: past the logging delay). */
  verify(afterMs?: number): Promise<VerifyReport>;
  /** Rewrites one certificate's index entry in the table. */
  tamper(number: string, change: (index: { holdings: Array<Record<string, any>> }) => void): Promise<void>;
}

const folders: string[] = [];
afterEach(() => {
  while (folders.length) rmSync(folders.pop()!, { recursive: true, force: true });
});

/** Two units: A lists three officers, then cancels one, drops one and adds one; B lists two. */
async function site(): Promise<Site> {
  const base = await createTestRuntime({ cacheBytes: 0 });
  const wired = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    { client: base.client, clock: base.clock.now, cacheBytes: 0, ledger: { signer, origin: ORIGIN } },
  );
  const rt = { ...wired, tableName: base.tableName };
  const pub = async (uscc: string, stream: string, items: Array<Record<string, unknown>>, effectiveFrom: string) => {
    await rt.registry.publish({
      uscc,
      stream,
      status: 'published',
      items,
      effectiveFrom,
      publishedBy: 't',
      source: 't',
    });
    base.clock.advance(60_000);
  };
  for (const u of [UNIT_A, UNIT_B]) await pub(u, entityKind.id, [entity(u)], '2023-01-01');
  await pub(UNIT_A, 'officers', [officer(1), officer(2), officer(3)], '2023-01-01');
  await pub(UNIT_B, 'officers', [officer(11), officer(12, { area: '细河区' })], '2023-01-01');
  await pub(
    UNIT_A,
    'officers',
    [officer(1, { status: '注销', cancelledOn: '2024-05-01', cancelReason: '调离执法岗位' }), officer(3), officer(4)],
    '2024-06-01',
  );
  await rt.officers.settled();
  await rt.ledger!.runner.idle();
  // The verifier reads what the public function serves: no signing key there, so nothing is re-signed on reading.
  const publicApp = createPublicRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    { client: base.client, clock: base.clock.now, cacheBytes: 0 },
  ).app;
  const out = mkdtempSync(join(tmpdir(), 'gongshi-verify-certificates-'));
  folders.push(out);
  return {
    rt,
    verify: (afterMs = 300_000) =>
      verifyRegistry({
        baseUrl: 'http://registry.test',
        out,
        region: '210900',
        now: new Date(base.clock.now().getTime() - 60_000 + afterMs),
        fetch: (url, init) => Promise.resolve(publicApp.request(url, init)),
      }),
    tamper: async (number, change) => {
      const key = marshall({ pk: officerKeys.certificate(number), sk: officerKeys.meta });
      const item = unmarshall((await rt.client.send(new GetItemCommand({ TableName: rt.tableName, Key: key }))).Item!);
      const index = JSON.parse(item.index);
      change(index);
      await rt.client.send(
        new PutItemCommand({ TableName: rt.tableName, Item: marshall({ ...item, index: JSON.stringify(index) }) }),
      );
    },
  };
}

const certificateFindings = (report: VerifyReport) => report.failures.filter((f) => f.check === 'certificate-index');
const credentialFindings = (report: VerifyReport) =>
  report.failures.filter((f) => f.check === 'certificate-credential');

describe('gongshi verify: the certificate index against the logged officers versions', () => {
  it('passes an honest registry, checking every number the logged versions name', async () => {
    const s = await site();
    const report = await s.verify();
    expect(report.failures).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("fails when one entry's status is changed in the table, naming the unit, version and certificate", async () => {
    const s = await site();
    await s.tamper('210900Z000001', (index) => {
      const runs = index.holdings[0]!.runs as Array<[number, Record<string, unknown> | null]>;
      runs.at(-1)![1]!.status = '有效';
    });
    const findings = certificateFindings(await s.verify());
    expect(findings).toEqual([
      {
        unit: UNIT_A,
        kind: 'officers',
        version: 2,
        check: 'certificate-index',
        message: 'certificate 210900Z000001: the index says status "有效", the log "注销"',
      },
    ]);
  });

  it('fails when an entry drops a version, adds one the log does not hold, or is deleted', async () => {
    const s = await site();
    // Officer 2 was dropped in version 2: an index that forgets the removal still says the unit lists the number.
    await s.tamper('210900Z000002', (index) => {
      index.holdings[0]!.runs = index.holdings[0]!.runs.slice(0, 1);
    });
    // Unit B's officer 11 is claimed by a version 2 of B that was never published.
    await s.tamper('210900Z000011', (index) => {
      const holding = index.holdings[0]!;
      holding.timeline.push({
        version: 2,
        effectiveFrom: '2024-01-01',
        publishedAt: '2024-01-01T00:00:00.000Z',
        status: 'published',
        attempt: 'forged',
      });
      holding.runs.push([2, { ...holding.runs[0][1], status: '暂扣' }]);
    });
    await s.rt.client.send(
      new DeleteItemCommand({
        TableName: s.rt.tableName,
        Key: marshall({ pk: officerKeys.certificate('210900Z000004'), sk: officerKeys.meta }),
      }),
    );
    const findings = certificateFindings(await s.verify());
    expect(findings.map((f) => [f.unit, f.version, f.message])).toEqual(
      expect.arrayContaining([
        [UNIT_A, 2, 'certificate 210900Z000002: the index does not hold version 2 (removed)'],
        [
          UNIT_B,
          2,
          'certificate 210900Z000011: the index holds version 2 (changed), the log does not (latest logged 1)',
        ],
        [UNIT_A, undefined, 'certificate 210900Z000004 has no index entry'],
      ]),
    );
    expect(findings).toHaveLength(3);
    // Within the logging delay the index may not have the newest version yet: its absence is only a warning then.
    const early = await s.verify(30_000);
    expect(early.warnings.filter((f) => f.check === 'certificate-index').map((f) => f.message)).toEqual(
      expect.arrayContaining([
        'certificate 210900Z000002: the index does not hold version 2 (removed)',
        'certificate 210900Z000004 has no index entry',
      ]),
    );
    expect(certificateFindings(early).map((f) => f.unit)).toEqual([UNIT_B]);
  });

  it("fails when a stored credential is another certificate's, or its signature is broken", async () => {
    const s = await site();
    const credentialKey = (number: string) =>
      marshall({ pk: officerKeys.certificate(number), sk: officerKeys.credential });
    const read = async (number: string) =>
      unmarshall(
        (await s.rt.client.send(new GetItemCommand({ TableName: s.rt.tableName, Key: credentialKey(number) }))).Item!,
      );
    const put = (item: Record<string, unknown>) =>
      s.rt.client.send(new PutItemCommand({ TableName: s.rt.tableName, Item: marshall(item) }));
    // Officer 3's validly signed credential stored as officer 4's.
    const third = await read('210900Z000003');
    await put({ ...third, ...unmarshall(credentialKey('210900Z000004')), certificateNumber: '210900Z000004' });
    // Officer 11's credential with one byte of its signature changed (what it states is unchanged).
    const eleventh = await read('210900Z000011');
    const [prefix, payload, signature] = String(eleventh.credential).split('.') as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    bytes[10] = bytes[10]! ^ 1;
    await put({ ...eleventh, credential: `${prefix}.${payload}.${bytes.toString('base64url')}` });
    const report = await s.verify();
    expect(certificateFindings(report)).toEqual([]);
    const findings = credentialFindings(report).map((f) => [f.unit, f.version, f.message]);
    expect(findings).toHaveLength(2);
    // The public function serves a stored credential only while it states the indexed record: none is served.
    expect(findings).toContainEqual([
      UNIT_A,
      undefined,
      'certificate 210900Z000004: no stored credential is served (HTTP 422 CREDENTIAL_NOT_SIGNED)',
    ]);
    expect(findings).toContainEqual([
      UNIT_B,
      undefined,
      'certificate 210900Z000011: the credential 签名无效：内容被改动，或并非由该公钥签发',
    ]);
  });
});
