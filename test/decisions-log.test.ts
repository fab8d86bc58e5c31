/**
 * Decisions in the transparency log, against the real engine and over real HTTP for the verifier: publishing,
 * withdrawing and the end of a publicity period each append a decision leaf (format 1) beside the list leaves;
 * `gongshi verify` holds every served decision against its leaves and names a decision changed in the table; no
 * leaf byte carries the party's ID number, phone, address or name.
 */
import { serve, type ServerType } from '@hono/node-server';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { contentHash } from '../shared/core/canonical-json.js';
import { officersKind } from '../shared/core/kinds/officers.js';
import { decisionKeys, parseDecisionId } from '../shared/features/decisions/keys.js';
import { decodeDecisionLeaf, isDecisionLeafText } from '../shared/features/ledger/model/decision-leaf.js';
import { decodeLeaf } from '../shared/features/ledger/model/leaf.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { verifyRegistry, type VerifyReport } from '../shared/features/verifier/verify.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, publishUnits, UNIT_A, UNIT_B, officerRecord } from './support/fixtures.js';

const ORIGIN = 'decisions-log.test/log';
const clock = new TestClock(new Date('2026-03-10T02:00:00Z'));
let base: TestRuntime;
let rt: Runtime & { ledger: NonNullable<Runtime['ledger']> };
let server: ServerType;
let url: string;
let out: string;

const decision = (n: number, fineYuan = 50000) => ({
  number: `阜市监罚〔2026〕${n}号`,
  type: '行政处罚',
  party: {
    name: '孙小美',
    type: '自然人',
    idNumber: '210902198503030024',
    phone: '13912345678',
    address: '细河区一号',
  },
  facts: '当事人孙小美（身份证号210902198503030024，住细河区一号，电话13912345678）销售过期食品。',
  basis: '《中华人民共和国食品安全法》第一百二十四条',
  penaltyKinds: ['罚款'],
  fineYuan,
  content: `罚款${fineYuan}元`,
  procedure: '普通',
  decisionDate: '2026-03-06',
  officers: ['210900001', '210900002'],
});
const SECRETS = ['孙小美', '210902198503030024', '13912345678', '细河区一号'];

async function entries(): Promise<string[]> {
  const { size } = await rt.ledger.store.readState();
  return Promise.all(Array.from({ length: size }, async (_, i) => (await rt.ledger.store.readEntry(i))!));
}
const decisionLeaves = async () => (await entries()).filter(isDecisionLeafText).map(decodeDecisionLeaf);
const verify = () => verifyRegistry({ baseUrl: url, out, region: '210900', now: clock.now() });
const failuresOf = (r: VerifyReport) => r.failures.map((f) => `${f.unit ?? ''} [${f.check}] ${f.message}`);

/** Reads a decision's item, lets `change` alter it, writes it back; returns the original to restore. */
async function tamper(id: string, change: (item: Record<string, unknown>) => void) {
  const key = parseDecisionId(id)!;
  const Key = marshall({ pk: decisionKeys.unit(key.unit), sk: decisionKeys.decision(key.date, key.hash) });
  const got = await rt.client.send(new GetItemCommand({ TableName: base.tableName, Key }));
  const original = unmarshall(got.Item!);
  const changed = structuredClone(original);
  change(changed);
  const put = (item: Record<string, unknown>) =>
    rt.client.send(new PutItemCommand({ TableName: base.tableName, Item: marshall(item) }));
  await put(changed);
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
    },
  );
  rt = { ...wired, ledger: wired.ledger! };
  await publishUnits(rt.registry, [
    { entity: entity(UNIT_A), lists: { [officersKind.id]: [officerRecord(1), officerRecord(2)] } },
    { entity: entity(UNIT_B), lists: {} },
  ]);
  await rt.officers.settled();
  await rt.ledger.runOnce();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  out = mkdtempSync(join(tmpdir(), 'gongshi-decisions-log-'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(out, { recursive: true, force: true });
});

describe('decisions in the transparency log', () => {
  let id: string;
  /** Leaf indexes of the decision's publication and withdrawal. */
  let published: number;

  it('appends a publication leaf after the list leaves, which stay list leaves of their own formats', async () => {
    const listLeaves = (await entries()).length;
    const { decision: recorded } = await rt.decisions.decisions.record(UNIT_A, decision(12), { publish: true });
    id = recorded.id;
    published = listLeaves;
    const run = await rt.ledger.runOnce();
    expect(run.appended).toBe(1);
    const all = await entries();
    expect(all).toHaveLength(listLeaves + 1);
    for (const text of all.slice(0, listLeaves)) expect(decodeLeaf(text).unit).toMatch(/^[0-9A-Z]{18}$/);
    const served = await rt.decisions.decisions.get(id);
    expect(decodeDecisionLeaf(all.at(-1)!)).toEqual({
      record: 'decision',
      format: 1,
      origin: ORIGIN,
      event: 'published',
      at: recorded.publishedAt,
      id,
      unit: UNIT_A,
      regionCode: '210900',
      number: '阜市监罚〔2026〕12号',
      decisionType: '行政处罚',
      decisionDate: '2026-03-06',
      commitment: recorded.commitment,
      contentHash: contentHash(served.content),
      publicity: {
        ruleSet: served.publicity.ruleSet,
        tier: served.publicity.tier,
        months: served.publicity.months,
        expiresOn: served.publicity.expiresOn,
      },
      withdrawal: null,
      expiredOn: null,
    });
    // Logged once: another run finds nothing queued.
    expect((await rt.ledger.runOnce()).appended).toBe(0);
  });

  it('verifies, then names a stored decision whose content was changed, and the field that changed', async () => {
    const honest = await verify();
    expect(failuresOf(honest)).toEqual([]);
    expect(honest.decisions).toBe(1);
    const restore = await tamper(id, (item) => {
      const content = JSON.parse(item.publicContent as string);
      content.fineYuan = 500;
      item.publicContent = JSON.stringify(content);
    });
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(failuresOf(report)).toEqual([
      `${UNIT_A} [decision] ${id} (阜市监罚〔2026〕12号): the served content does not hash to the contentHash ` +
        `logged at leaf ${published} (published); changed since the last verified copy: fineYuan`,
    ]);
    await restore();
    const facts = await tamper(id, (item) => {
      item.number = '阜市监罚〔2026〕13号';
    });
    expect(failuresOf(await verify()).join('\n')).toContain(
      `number is "阜市监罚〔2026〕13号", leaf ${published} (published) logged`,
    );
    await facts();
    expect((await verify()).ok).toBe(true);
  });

  it('logs a withdrawal with its scrubbed reason, and names a withdrawal changed in the table', async () => {
    await rt.decisions.decisions.withdraw(id, {
      ground: '撤销',
      actNumber: '阜市监撤〔2026〕1号',
      actDate: '2026-03-09',
      reason: '经复议撤销，当事人身份证号210902198503030024',
    });
    expect((await rt.ledger.runOnce()).appended).toBe(1);
    const withdrawn = (await decisionLeaves()).find((l) => l.event === 'withdrawn')!;
    expect(withdrawn).toMatchObject({
      id,
      contentHash: null,
      withdrawal: {
        ground: '撤销',
        actNumber: '阜市监撤〔2026〕1号',
        actDate: '2026-03-09',
        reason: '经复议撤销，当事人身份证号[身份证件号码已隐去]',
        recordedOn: '2026-03-10',
      },
    });
    expect(failuresOf(await verify())).toEqual([]);
    const restore = await tamper(id, (item) => {
      const w = JSON.parse(item.withdrawal as string);
      w.reason = '信用修复';
      item.withdrawal = JSON.stringify(w);
    });
    expect(failuresOf(await verify())).toEqual([
      `${UNIT_A} [decision] ${id} (阜市监罚〔2026〕12号): withdrawal.reason is "信用修复", leaf ${published + 1} (withdrawn) ` +
        'logged "经复议撤销，当事人身份证号[身份证件号码已隐去]"',
    ]);
    await restore();
  });

  it('logs every decision a bulk import publishes, and reports one served but never logged', async () => {
    const rows = [21, 22, 23].map((n, i) => ({ row: i + 2, body: decision(n) }));
    const imported = await rt.decisions.decisions.recordMany(UNIT_A, rows, { publish: true });
    expect(imported.published).toBe(3);
    expect((await rt.ledger.runOnce()).appended).toBe(3);
    expect((await decisionLeaves()).map((l) => l.number).slice(-3)).toEqual(
      [21, 22, 23].map((n) => `阜市监罚〔2026〕${n}号`),
    );
    expect(failuresOf(await verify())).toEqual([]);
    // A decision published without its event (as a crash between the two writes would leave it), two days on.
    const { decision: unlogged } = await rt.decisions.decisions.record(UNIT_A, decision(31));
    await rt.decisions.decisions.deps.store.markPublished(unlogged, {
      publishedAt: '2026-03-08T02:00:00.000Z',
      publishedOn: '2026-03-08',
    });
    expect(failuresOf(await verify())).toEqual([
      `${UNIT_A} [decision] ${unlogged.id} (阜市监罚〔2026〕31号): served as published but its published event ` +
        'is not in the log',
    ]);
  });

  it('logs the end of a publicity period', async () => {
    // Under SAMR 令第45号 a small fine is shown for three months from publication.
    const body = { ...decision(41, 1000), ruleFamily: 'samr-45' };
    const { decision: small } = await rt.decisions.decisions.record(UNIT_A, body, { publish: true });
    await rt.ledger.runOnce();
    expect(small.expiresOn).toBeDefined();
    clock.set(`${small.expiresOn}T04:00:00Z`);
    await rt.decisions.decisions.runExpiry();
    expect((await rt.ledger.runOnce()).appended).toBe(1);
    expect((await decisionLeaves()).at(-1)).toMatchObject({
      id: small.id,
      event: 'expired',
      expiredOn: small.expiresOn,
      contentHash: null,
    });
  });

  it('holds no ID number, phone, address or name of the party in any leaf byte', async () => {
    const all = await entries();
    expect(all.filter(isDecisionLeafText).length).toBeGreaterThanOrEqual(6);
    for (const text of all) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});
