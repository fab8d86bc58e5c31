/**
 * Signed monthly statements and yearly reports (事后公示) in the transparency log, against the real engine and over
 * real HTTP for the verifier: each statement and each report version, of a unit or of a region, appends a decision
 * document leaf (format 1) whose contentHash is that of the document as served; every version stays retrievable;
 * `gongshi verify` holds each served version against its leaf and names a statement or a report changed in the
 * table, and a report version stored but never logged. A crash between storing a document and queueing its event
 * is completed by the daily job (a document never stored is dropped), and the decisions' own completion leaves
 * document events alone.
 */
import { serve, type ServerType } from '@hono/node-server';
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { contentHash } from '../shared/core/canonical-json.js';
import { decisionKeys } from '../shared/features/decisions/keys.js';
import { documentLogEvent } from '../shared/features/decisions/log-leaves.js';
import { decodeDocumentLeaf, isDocumentLeafText } from '../shared/features/ledger/model/document-leaf.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { verifyRegistry, type VerifyReport } from '../shared/features/verifier/verify.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, publishUnits, UNIT_A, UNIT_B } from './support/fixtures.js';

const ORIGIN = 'decisions-documents-log.test/log';
const REGION = '210900';
const clock = new TestClock(new Date('2026-03-10T02:00:00Z'));
let base: TestRuntime;
let rt: Runtime & { ledger: NonNullable<Runtime['ledger']> };
let server: ServerType;
let url: string;
let out: string;

async function documentLeaves() {
  const { size } = await rt.ledger.store.readState();
  const texts = await Promise.all(Array.from({ length: size }, async (_, i) => (await rt.ledger.store.readEntry(i))!));
  return texts.filter(isDocumentLeafText).map(decodeDocumentLeaf);
}
const get = async (path: string) => JSON.parse(await (await rt.app.request(path)).text());
const verify = () => verifyRegistry({ baseUrl: url, out, region: REGION, now: clock.now() });
const failuresOf = (r: VerifyReport) => r.failures.map((f) => `[${f.check}] ${f.message}`);

/** Lets `change` alter a stored document's body; returns the function that restores it. */
async function tamper(pk: string, sk: string, change: (body: Record<string, unknown>) => void) {
  const Key = marshall({ pk, sk });
  const got = unmarshall((await rt.client.send(new GetItemCommand({ TableName: base.tableName, Key }))).Item!);
  const body = JSON.parse(String(got.body)) as Record<string, unknown>;
  const original = structuredClone(got);
  change(body);
  const put = (item: Record<string, unknown>) =>
    rt.client.send(new PutItemCommand({ TableName: base.tableName, Item: marshall(item) }));
  await put({ ...got, body: JSON.stringify(body) });
  return () => put(original);
}

beforeAll(async () => {
  base = await createTestRuntime({ clock, cacheBytes: 0 });
  const wired = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    {
      client: base.client,
      clock: clock.now,
      cacheBytes: 0,
      ledger: { signer: Ed25519Signer.generate(ORIGIN), origin: ORIGIN, afterPublish: false },
      statementSigner: Ed25519Signer.generate('statements'),
    },
  );
  rt = { ...wired, ledger: wired.ledger! };
  await publishUnits(rt.registry, [
    { entity: entity(UNIT_A), lists: {} },
    { entity: entity(UNIT_B), lists: {} },
  ]);
  await rt.ledger.runOnce();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  out = mkdtempSync(join(tmpdir(), 'gongshi-documents-log-'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(out, { recursive: true, force: true });
});

describe('decision documents in the transparency log', () => {
  it('logs a signed statement, each yearly report version and the region’s report as served', async () => {
    const reports = rt.decisions.reports;
    // A second apart, so the log's order (by the time each was stored) is the order they were made in.
    const statement = await reports.stateMonth(UNIT_A, '2026-02', { 行政处罚: 0 }, 'editor-1');
    clock.advance(1000);
    const first = await reports.computeYear(UNIT_A, 2025);
    clock.advance(1000);
    const second = await reports.computeYear(UNIT_A, 2025);
    clock.advance(1000);
    await reports.computeYear(UNIT_B, 2025);
    clock.advance(1000);
    const region = await reports.computeRegionYear(REGION, 2025, [UNIT_A, UNIT_B]);
    expect((await rt.ledger.runOnce()).appended).toBe(5);
    const leaves = await documentLeaves();
    expect(leaves.map((l) => [l.document, l.unit, l.period, l.version])).toEqual([
      ['zero-statement', UNIT_A, '2026-02', 1],
      ['yearly-report', UNIT_A, '2025', 1],
      ['yearly-report', UNIT_A, '2025', 2],
      ['yearly-report', UNIT_B, '2025', 1],
      ['region-report', null, '2025', 1],
    ]);
    expect(leaves[0]).toEqual({
      record: 'decision-document',
      format: 1,
      origin: ORIGIN,
      document: 'zero-statement',
      at: statement.statedAt,
      unit: UNIT_A,
      regionCode: REGION,
      period: '2026-02',
      version: 1,
      contentHash: contentHash((await get(`/v1/units/${UNIT_A}/decision-statements/2026-02`)).statement),
    });
    // Every version stays retrievable, and each hashes to its leaf.
    expect(await get(`/v1/units/${UNIT_A}/decision-reports/2025?version=1`)).toEqual(first);
    expect(await get(`/v1/units/${UNIT_A}/decision-reports/2025`)).toEqual(second);
    expect(leaves[1]!.contentHash).toBe(contentHash(first));
    expect(leaves[2]!.contentHash).toBe(contentHash(second));
    expect(leaves[4]).toMatchObject({ regionCode: REGION, contentHash: contentHash(region) });
    const missing = await rt.app.request(`/v1/units/${UNIT_A}/decision-reports/2025?version=9`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(await missing.text()).error.message).toContain('第9版不存在');
  });

  it('verifies them, then names a statement and a report changed in the table', async () => {
    const clean = await verify();
    expect(failuresOf(clean)).toEqual([]);
    expect(clean.decisionDocuments).toBe(5);

    const restoreStatement = await tamper(decisionKeys.unit(UNIT_A), decisionKeys.zeroStatement('2026-02'), (b) => {
      (b.counts as Record<string, number>).行政处罚 = 3;
    });
    const restoreReport = await tamper(decisionKeys.unit(UNIT_A), decisionKeys.report(2025, 1), (b) => {
      b.withdrawn = 7;
    });
    const restoreRegion = await tamper(decisionKeys.regionReport(REGION), decisionKeys.report(2025, 1), (b) => {
      b.published = 99;
    });
    const failures = failuresOf(await verify());
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[decision-document\] zero-statement .* 2026-02 v1 .*does not hash/),
        expect.stringMatching(/^\[decision-document\] yearly-report .* 2025 v1 .*does not hash/),
        expect.stringMatching(/^\[decision-document\] region-report 210900 2025 v1 .*does not hash/),
      ]),
    );
    expect(failures).toHaveLength(3);
    await restoreStatement();
    await restoreReport();
    await restoreRegion();
    expect(failuresOf(await verify())).toEqual([]);
  });

  it('names a report version stored but never logged, once older than the maximum delay', async () => {
    const third = { ...(await get(`/v1/units/${UNIT_A}/decision-reports/2025`)), version: 3, withdrawn: 5 };
    const Item = marshall({
      pk: decisionKeys.unit(UNIT_A),
      sk: decisionKeys.report(2025, 3),
      body: JSON.stringify(third),
    });
    await rt.client.send(new PutItemCommand({ TableName: base.tableName, Item }));
    const young = await verify();
    expect(failuresOf(young)).toEqual([]);
    expect(young.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/version 3 is served, the log holds versions up to 2 only/),
    );
    clock.advance(10 * 60_000);
    expect(failuresOf(await verify())).toEqual([
      expect.stringMatching(/^\[decision-document\] .*version 3 is served, the log holds versions up to 2 only/),
    ]);
    await rt.client.send(
      new DeleteItemCommand({ TableName: base.tableName, Key: marshall({ pk: Item.pk!.S, sk: Item.sk!.S }) }),
    );
    expect(failuresOf(await verify())).toEqual([]);
  });
});

describe('a crash between storing a document and queueing its event', () => {
  it('is completed by the daily job; a document never stored is dropped; decisions leave both alone', async () => {
    const log = rt.decisions.decisions.deps.log!;
    const stored = { unit: UNIT_B, year: 2024, version: 1, computedAt: clock.now().toISOString(), withdrawn: 0 };
    const storedKey = { pk: decisionKeys.unit(UNIT_B), sk: decisionKeys.report(2024, 1) };
    const leaf = { document: 'yearly-report' as const, unit: UNIT_B, regionCode: REGION, period: '2024', version: 1 };
    await log.hold(documentLogEvent(storedKey, stored, leaf, stored.computedAt));
    await rt.client.send(
      new PutItemCommand({
        TableName: base.tableName,
        Item: marshall({ ...storedKey, body: JSON.stringify(stored) }),
      }),
    );
    const neverKey = { pk: decisionKeys.unit(UNIT_B), sk: decisionKeys.report(2023, 1) };
    await log.hold(
      documentLogEvent(neverKey, { ...stored, year: 2023 }, { ...leaf, period: '2023' }, stored.computedAt),
    );
    clock.advance(2 * 3_600_000);

    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 0, dropped: 0 });
    expect(await rt.decisions.reports.completeHeldDocuments()).toEqual({ queued: 1, dropped: 1 });
    expect((await rt.ledger.runOnce()).appended).toBe(1);
    const last = (await documentLeaves()).at(-1)!;
    expect(last).toMatchObject({ document: 'yearly-report', unit: UNIT_B, period: '2024', version: 1 });
    expect(last.contentHash).toBe(contentHash(await get(`/v1/units/${UNIT_B}/decision-reports/2024`)));
    expect(await rt.decisions.reports.completeHeldDocuments()).toEqual({ queued: 0, dropped: 0 });
  });
});
