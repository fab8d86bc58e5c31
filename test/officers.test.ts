/**
 * 执法人员 and 执法证: a generated county of 37 units and 1,060 officers (1,032 enforcement and 28 supervision
 * officers, 428 issued this year, cancellations, suspensions and expiries), published through the normal
 * list path; the public check by number on several dates, the cancellations feed, the statistics, the
 * signed card credential and status list verified offline, and every kind of bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { findKind, listKinds, type RecordKind } from '../shared/core/kinds/index.js';
import { validateRecords } from '../shared/core/records.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { createClient } from '../shared/platform/dynamodb/client.js';
import { ensureTable } from '../shared/platform/dynamodb/ensure-table.js';
import { demoUscc } from '../shared/features/demo/generate.js';
import { loadDemo } from '../shared/features/demo/index.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { importRegionFolder } from '../shared/features/spreadsheets/index.js';
import {
  createCertificateLookup,
  credentialFromQrText,
  statusListFreshness,
  verifyCard,
  verifyEnvelope,
  CREDENTIAL_PREFIX,
  STATUS_LIST_PREFIX,
  type CredentialPayload,
  type StatusListBody,
} from '../shared/features/officers/index.js';
import { generateOfficers } from '../shared/features/officers/generate.js';
import { engineEndpoint, TestClock } from './support/engine.js';

const officers = findKind('officers') as RecordKind;
const REGION = '330681';
const TODAY = '2024-11-20';

async function officersRuntime(clock: TestClock): Promise<{ rt: Runtime; signer: Ed25519Signer }> {
  const endpoint = engineEndpoint();
  const tableName = `t_${randomBytes(6).toString('hex')}`;
  const client = createClient({ endpoint, region: 'cn-north-1' });
  await ensureTable(client, tableName);
  const signer = Ed25519Signer.generate('gongshi.test');
  const rt = createRuntime({ tableName, endpoint }, { client, clock: clock.now, certificateSigner: signer });
  return { rt, signer };
}

function officer(n: number, overrides: Record<string, unknown> = {}) {
  return {
    name: `张${n}`,
    certificateNumber: `330681Z${String(n).padStart(6, '0')}`,
    certificateType: '行政执法证',
    category: '市场监管',
    issuedOn: '2022-03-01',
    validUntil: '2027-02-28',
    status: '有效',
    ...overrides,
  };
}

const common = { status: 'published' as const, publishedBy: 'test', source: 'test' };

describe('the officers kind (执法人员名单)', () => {
  it('is one entry of the kinds registry with the agreed field keys', () => {
    expect(listKinds.map((k) => k.id)).toContain('officers');
    expect(officers.label).toBe('执法人员名单');
    expect(officers.columns.map((c) => c.key)).toEqual([
      'seq',
      'name',
      'certificateNumber',
      'certificateType',
      'category',
      'area',
      'issuer',
      'issuedOn',
      'validUntil',
      'status',
      'cancelledOn',
      'cancelReason',
      'notes',
    ]);
  });

  it('accepts spreadsheet forms: 2024/6/1 dates, 执法证 for 行政执法证, lower-case numbers', () => {
    const { items, errors } = validateRecords(officers, [
      {
        row: 2,
        values: officer(1, { certificateNumber: ' 330681z000001 ', certificateType: '执法证', issuedOn: '2022/3/1' }),
      },
    ]);
    expect(errors).toEqual([]);
    expect(items[0]).toMatchObject({
      certificateNumber: '330681Z000001',
      certificateType: '行政执法证',
      issuedOn: '2022-03-01',
    });
  });

  it(
    'reports every bad row at once: duplicate number, validity before issue, 注销 without date ' +
      'or reason, unknown status',
    () => {
      const { items, errors } = validateRecords(officers, [
        { row: 2, values: officer(1) },
        { row: 3, values: officer(1, { name: '李四' }) },
        { row: 4, values: officer(2, { validUntil: '2021-01-01' }) },
        { row: 5, values: officer(3, { status: '注销' }) },
        { row: 6, values: officer(4, { status: '停用' }) },
      ]);
      expect(items).toHaveLength(1);
      const by = errors.map((e) => `${e.row}:${e.field}:${e.code}`);
      expect(by).toEqual([
        '3:certificateNumber:DUPLICATE_ITEM',
        '4:validUntil:VALIDITY_BEFORE_ISSUE',
        '5:cancelledOn:CANCELLATION_DATE_REQUIRED',
        '5:cancelReason:CANCELLATION_REASON_REQUIRED',
        '6:status:INVALID_VALUE',
      ]);
      expect(errors.every((e) => e.column && e.message)).toBe(true);
    },
  );
});

describe('a generated county: 37 units, 1,060 officers', () => {
  const clock = new TestClock(new Date('2024-11-20T02:00:00Z'));
  let rt: Runtime;
  let signer: Ed25519Signer;
  const units = Array.from({ length: 37 }, (_, i) => ({
    uscc: demoUscc(REGION, 6800 + i),
    regionCode: REGION,
    domain: i === 0 ? '行政执法监督' : ['市场监管', '生态环境', '交通运输', '自然资源', '综合执法'][i % 5]!,
    name:
      i === 0 ? '诸暨市司法局（示例）' : i < 25 ? `诸暨市第${i}执法局（示例）` : `诸暨市第${i - 24}镇人民政府（示例）`,
  }));
  const lists = generateOfficers({
    seed: 15,
    year: 2024,
    units,
    officers: 1032,
    supervision: 28,
    issuedInYear: 428,
    cancelled: 40,
    suspended: 5,
    expired: 12,
  });
  const get = (path: string) => rt.app.request(path);

  beforeAll(async () => {
    ({ rt, signer } = await officersRuntime(clock));
    for (const u of units) {
      const entity = { name: u.name, uscc: u.uscc, nature: '法定行政机关', regionCode: REGION, status: 'active' };
      await rt.registry.publish({
        ...common,
        uscc: u.uscc,
        stream: 'entity',
        items: [entity],
        effectiveFrom: '2024-01-01',
      });
      await rt.registry.publish({
        ...common,
        uscc: u.uscc,
        stream: 'officers',
        items: lists.get(u.uscc)!,
        effectiveFrom: '2024-01-01',
        documentNumber: '诸司发〔2024〕3号',
      });
    }
    await rt.officers.settled();
  }, 120_000);

  const sample = () => lists.get(units[3]!.uscc)!.find((o) => o.status === '有效')!;

  it('checks a certificate by number: holder, unit, type, category, validity, status today', async () => {
    const o = sample();
    const res = await get(`/v1/certificates/${o.certificateNumber}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body.current).toMatchObject({
      name: o.name,
      certificateNumber: o.certificateNumber,
      uscc: units[3]!.uscc,
      unitName: units[3]!.name,
      certificateType: '行政执法证',
      category: o.category,
      regionCode: REGION,
      statusToday: '有效',
    });
    expect(body.onDate.validOnDate).toBe(true);
    expect(body.history).toHaveLength(1);
  });

  it('an unknown number is a clear 404', async () => {
    const res = await get('/v1/certificates/330681Z999999');
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error).toMatchObject({
      code: 'NOT_FOUND',
      message: '未找到该执法证号，请核对证号',
    });
  });

  it(
    'answers on a given date (?at=): valid before its cancellation, cancelled after, not yet ' + 'issued before issue',
    async () => {
      const cancelled = [...lists.values()].flat().find((o) => o.status === '注销')!;
      const before = (await (await get(`/v1/certificates/${cancelled.certificateNumber}?at=2024-01-02`)).json()) as any;
      expect(before.onDate).toMatchObject({ statusOnDate: '有效', validOnDate: true });
      const after = (await (await get(`/v1/certificates/${cancelled.certificateNumber}?at=${TODAY}`)).json()) as any;
      expect(after.onDate).toMatchObject({
        statusOnDate: '注销',
        validOnDate: false,
        cancelledOn: cancelled.cancelledOn,
        cancelReason: cancelled.cancelReason,
      });
      const thisYear = [...lists.values()]
        .flat()
        .find((o) => String(o.issuedOn) > '2024-06-01' && o.status === '有效')!;
      const early = (await (await get(`/v1/certificates/${thisYear.certificateNumber}?at=2024-05-01`)).json()) as any;
      expect(early.onDate).toMatchObject({ statusOnDate: '未生效', validOnDate: false });
      const expired = [...lists.values()].flat().find((o) => o.status === '过期')!;
      const exp = (await (await get(`/v1/certificates/${expired.certificateNumber}`)).json()) as any;
      expect(exp.current.statusToday).toBe('过期');
      expect((await get(`/v1/certificates/${expired.certificateNumber}?at=2024-13-01`)).status).toBe(400);
    },
  );

  it('a check is one GetItem', async () => {
    const o = sample();
    const before = rt.client.middlewareStack ? 0 : 0;
    const lookup = createCertificateLookup({ registry: rt.registry });
    const sent: string[] = [];
    rt.client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'officers-count' },
    );
    const found = await lookup.certificateOn(String(o.certificateNumber), TODAY);
    rt.client.middlewareStack.remove('officers-count');
    expect(before).toBe(0);
    expect(sent).toEqual(['GetItemCommand']);
    expect(found).toMatchObject({ certificateNumber: o.certificateNumber, validOnDate: true });
  });

  it('lists the officers who may enforce for a unit on a date (for decisions and inspection draws)', async () => {
    const lookup = createCertificateLookup({ registry: rt.registry });
    const uscc = units[5]!.uscc;
    const valid = await lookup.validOfficers(uscc, TODAY);
    const listed = lists.get(uscc)!;
    expect(valid.length).toBeGreaterThan(0);
    expect(valid.length).toBeLessThanOrEqual(listed.length);
    expect(valid.every((c) => c.uscc === uscc && c.status === '有效' && c.validUntil >= TODAY)).toBe(true);
    expect(await lookup.validOfficers(uscc, '2023-06-01')).toEqual([]);
  });

  it(
    'publishes the cancellations feed of the region (公示注销) with dates and reasons, as JSON, ' + 'CSV and XLSX',
    async () => {
      const res = await get(`/v1/certificates/cancelled?region=${REGION}&from=2024-01-01&to=${TODAY}`);
      expect(res.status).toBe(200);
      const feed = (await res.json()) as { items: Array<Record<string, string>> };
      const counts = feed.items.reduce<Record<string, number>>(
        (m, i) => ({ ...m, [i.event!]: (m[i.event!] ?? 0) + 1 }),
        {},
      );
      expect(counts).toEqual({ 注销: 40, 暂扣: 5, 过期: 12 });
      expect(feed.items.filter((i) => i.event === '注销').every((i) => i.date && i.cancelReason)).toBe(true);
      const csv = await get(`/v1/certificates/cancelled?region=${REGION}&from=2024-01-01&to=${TODAY}&format=csv`);
      const bytes = Buffer.from(await csv.arrayBuffer());
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const text = bytes.toString('utf8');
      expect(text.startsWith('\uFEFF执法证号,姓名,执法主体')).toBe(true);
      expect(text.trim().split('\r\n')).toHaveLength(58);
      const xlsx = await get(`/v1/certificates/cancelled?region=${REGION}&format=xlsx`);
      expect(xlsx.status).toBe(200);
      expect(
        Buffer.from(await xlsx.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
    },
  );

  it('reproduces the county sentence from the statistics', async () => {
    const res = await get(`/v1/certificates/stats?region=${REGION}&at=${TODAY}`);
    const stats = (await res.json()) as any;
    expect(stats.total).toMatchObject({
      units: 37,
      officers: 1060,
      supervisionOfficers: 28,
      issuedThisYear: 428,
      cancelledThisYear: 40,
      suspended: 5,
      expired: 12,
    });
    expect(stats.total.valid.total).toBe(1060 - 40 - 5 - 12);
    expect(stats.total.valid.byType['行政执法监督证']).toBe(28);
    expect(stats.sentence).toBe(
      '37 个执法主体共有执法人员 1,032 人，另有 28 名行政执法监督人员；本年度发证 428 人，注销 40 人。',
    );
    expect(stats.units).toHaveLength(37);
  });

  it('signs a card credential that verifies offline, and rejects it after one changed byte', async () => {
    const o = sample();
    const key = (await (await get('/v1/certificates/key')).json()) as { publicKey: string; kid: string };
    const publicKey = new Uint8Array(Buffer.from(key.publicKey, 'base64url'));
    const res = await get(`/v1/certificates/${o.certificateNumber}/credential`);
    const { qr, credential } = (await res.json()) as { qr: string; credential: string };
    expect(qr).toMatch(new RegExp(`/certificates/${o.certificateNumber}\\?c=${CREDENTIAL_PREFIX}\\.`));
    expect(credentialFromQrText(qr)).toBe(credential);
    const ok = verifyEnvelope<CredentialPayload>(credentialFromQrText(qr), CREDENTIAL_PREFIX, publicKey);
    expect(ok).toMatchObject({ ok: true, payload: { no: o.certificateNumber, n: o.name, kid: key.kid } });
    const [prefix, payload, sig] = credential.split('.') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[5] = bytes[5]! ^ 1;
    const tampered = `${prefix}.${bytes.toString('base64url')}.${sig}`;
    expect(verifyEnvelope(tampered, CREDENTIAL_PREFIX, publicKey)).toMatchObject({ ok: false });
    const otherKey = Ed25519Signer.generate('other');
    expect(verifyEnvelope(credential, CREDENTIAL_PREFIX, await otherKey.publicKey())).toMatchObject({ ok: false });
    const card = await get(`/v1/certificates/${o.certificateNumber}/card.svg`);
    expect(card.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await card.text();
    expect(svg).toContain(String(o.name));
    expect(svg).toContain('<path');
    expect(await signer.publicKey()).toEqual(publicKey);
  });

  it('signs a dated status list of the region that says how fresh it is', async () => {
    const res = await get(`/v1/certificates/status-list?region=${REGION}`);
    const signed = await res.text();
    const verified = verifyEnvelope<StatusListBody>(signed, STATUS_LIST_PREFIX, await signer.publicKey());
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    const body = verified.payload;
    expect(body).toMatchObject({ region: REGION, date: TODAY, count: 1060 });
    const cancelled = body.certificates.filter((c) => c.s === '注销');
    expect(cancelled).toHaveLength(40);
    expect(cancelled.every((c) => c.d && c.why)).toBe(true);
    expect(statusListFreshness(body, new Date('2024-11-20T08:00:00Z'))).toEqual({ ageHours: 6, stale: false });
    expect(statusListFreshness(body, new Date('2024-11-21T03:00:00Z')).stale).toBe(true);
    // A status list cannot pass for a credential, nor the other way round.
    expect(verifyEnvelope(signed, CREDENTIAL_PREFIX, await signer.publicKey()).ok).toBe(false);
  });

  it('refuses a certificate number another unit lists, and publishes nothing', async () => {
    const taken = lists.get(units[1]!.uscc)![0]!;
    const target = units[2]!.uscc;
    const before = await rt.store.getHead(target, 'officers');
    await expect(
      rt.registry.publish({
        ...common,
        uscc: target,
        stream: 'officers',
        items: [...lists.get(target)!, { ...taken, seq: 999 }],
        effectiveFrom: '2024-11-01',
      }),
    ).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      details: {
        errors: [{ code: 'CERTIFICATE_NUMBER_TAKEN', value: taken.certificateNumber, field: 'certificateNumber' }],
      },
    });
    expect((await rt.store.getHead(target, 'officers'))?.version).toBe(before?.version);
  });

  it('moves a certificate to another unit as a change of both lists, with its history', async () => {
    const from = units[10]!.uscc;
    const to = units[11]!.uscc;
    const moving = lists.get(from)!.find((o) => o.status === '有效')!;
    clock.set('2024-11-20T03:00:00Z');
    await rt.registry.publish({
      ...common,
      uscc: from,
      stream: 'officers',
      items: lists.get(from)!.filter((o) => o !== moving),
      effectiveFrom: '2024-11-20',
    });
    await rt.officers.settled();
    clock.set('2024-11-20T04:00:00Z');
    await rt.registry.publish({
      ...common,
      uscc: to,
      stream: 'officers',
      items: [...lists.get(to)!, { ...moving, seq: 500 }],
      effectiveFrom: '2024-11-20',
    });
    await rt.officers.settled();
    const now = (await (await get(`/v1/certificates/${moving.certificateNumber}?at=${TODAY}`)).json()) as any;
    expect(now.onDate.uscc).toBe(to);
    const then = (await (await get(`/v1/certificates/${moving.certificateNumber}?at=2024-06-01`)).json()) as any;
    expect(then.onDate.uscc).toBe(from);
    expect(now.history.map((h: any) => `${h.uscc === from ? 'from' : 'to'}:${h.change}`)).toEqual([
      'from:listed',
      'from:removed',
      'to:listed',
    ]);
  });

  it('verifies a card offline against a saved status list, saying how fresh it is', async () => {
    const o = sample();
    const publicKey = await signer.publicKey();
    const { qr } = (await (await get(`/v1/certificates/${o.certificateNumber}/credential`)).json()) as { qr: string };
    const statusList = await (await get(`/v1/certificates/status-list?region=${REGION}`)).text();
    const fresh = verifyCard({ qrText: qr, publicKey, statusList, now: new Date('2024-11-20T05:00:00Z') });
    expect(fresh.ok).toBe(true);
    expect(fresh.status).toMatchObject({ status: '有效', listDate: TODAY, stale: false });
    const stale = verifyCard({ qrText: qr, publicKey, statusList, now: new Date('2024-11-23T05:00:00Z') });
    expect(stale.ok).toBe(false);
    expect(stale.lines.join('\n')).toContain('已过期，请更新');
    const cancelled = [...lists.values()].flat().find((x) => x.status === '注销')!;
    const c2 = (await (await get(`/v1/certificates/${cancelled.certificateNumber}/credential`)).json()) as {
      qr: string;
    };
    const revoked = verifyCard({ qrText: c2.qr, publicKey, statusList, now: new Date('2024-11-20T05:00:00Z') });
    expect(revoked).toMatchObject({ ok: false, status: { status: '注销', reason: cancelled.cancelReason } });
    expect(verifyCard({ qrText: `${qr.slice(0, -3)}AAA`, publicKey, now: new Date() }).ok).toBe(false);
  });

  it('gongshi verify certificate checks a QR text offline with the published key', async () => {
    const { run } = await import('../cli/commands/verify-certificate.js');
    const o = sample();
    const key = Buffer.from(await signer.publicKey()).toString('base64url');
    const { qr } = (await (await get(`/v1/certificates/${o.certificateNumber}/credential`)).json()) as { qr: string };
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      expect(await run([qr, '--key', key])).toBe(0);
      // Flip a character well inside the signature: the last base64url character may carry only padding bits.
      const at = qr.length - 10;
      const flipped = `${qr.slice(0, at)}${qr[at] === 'A' ? 'B' : 'A'}${qr.slice(at + 1)}`;
      expect(await run([flipped, '--key', key])).toBe(1);
      // A key that starts with '-' (one in 64 do) is read as the key, not as an option: here a wrong one, so exit 1.
      expect(await run([qr, '--key', `-${key.slice(1)}`])).toBe(key.startsWith('-') ? 0 : 1);
    } finally {
      process.stdout.write = write;
    }
    expect(out[0]).toContain('凭证：签名有效');
    expect(out[0]).toContain(String(o.name));
    expect(out[1]).toContain('凭证：失败');
  }, 30_000);

  it('serves the portal: lookup form, check page (prominent when cancelled), cancellations page', async () => {
    const lookup = await get('/certificates');
    expect(lookup.status).toBe(200);
    expect(await lookup.text()).toContain('name="number"');
    const o = sample();
    const redirect = await get(`/certificates?number=${String(o.certificateNumber).toLowerCase()}&at=2024-06-01`);
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe(`/certificates/${o.certificateNumber}?at=2024-06-01`);
    const { qr } = (await (await get(`/v1/certificates/${o.certificateNumber}/credential`)).json()) as { qr: string };
    const scanned = await get(new URL(qr).pathname + new URL(qr).search);
    const page = await scanned.text();
    expect(scanned.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page).toContain(`${TODAY} 该证件有效`);
    expect(page).toContain('二维码中的凭证签名有效');
    expect(page).not.toContain('<script');
    const cancelled = [...lists.values()].flat().find((x) => x.status === '注销')!;
    const bad = await (await get(`/certificates/${cancelled.certificateNumber}`)).text();
    expect(bad).toContain('role="alert"');
    expect(bad).toContain(`该证件已注销`);
    expect(bad).toContain(String(cancelled.cancelReason));
    expect((await get('/certificates/330681Z999999')).status).toBe(404);
    const feed = await (await get(`/certificates/cancelled?region=${REGION}&from=2024-01-01&to=${TODAY}`)).text();
    expect(feed).toContain('共 57 件');
    expect(feed).toContain('format=csv');
  });

  it('rebuilds the index from the versions idempotently (nothing changes on a second derive)', async () => {
    const again = await rt.officers.rebuild(units[4]!.uscc);
    expect(again).toEqual({ certificates: lists.get(units[4]!.uscc)!.length, written: 0 });
  });
});

describe('importing 执法人员.csv from a unit folder', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('imports through the normal list path and derives the certificate index', async () => {
    const clock = new TestClock(new Date('2024-03-01T02:00:00Z'));
    const { rt } = await officersRuntime(clock);
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-officers-'));
    dirs.push(dir);
    const uscc = demoUscc(REGION, 7001);
    writeFileSync(
      join(dir, 'entities.csv'),
      `\uFEFF名称,统一社会信用代码,主体性质,执法领域,行政区划代码\n诸暨市市场监督管理局（示例）,${uscc},法定行政机关,市场监管,${REGION}\n`,
    );
    mkdirSync(join(dir, uscc));
    writeFileSync(
      join(dir, uscc, '执法人员.csv'),
      [
        '序号,姓名,执法证号,证件类型,执法类别,执法区域,发证机关,发证日期,有效期至,状态,注销日期,注销原因',
        '1,王伟,330681Z100001,行政执法证,市场监管,诸暨市,浙江省人民政府,2023/5/1,2028/4/30,有效,,',
        '2,李娜,330681Z100002,行政执法证,市场监管,诸暨市,浙江省人民政府,2021-05-01,2026-04-30,注销,2024-02-01,调离执法岗位',
      ].join('\n'),
    );
    const report = await importRegionFolder(rt.registry, dir, { effectiveFrom: '2024-03-01' });
    expect(report.streams.map((s) => `${s.kind}:${s.outcome}`)).toContain('officers:published');
    await rt.officers.settled();
    const body = (await (await rt.app.request('/v1/certificates/330681Z100002')).json()) as any;
    expect(body.current).toMatchObject({ name: '李娜', status: '注销', cancelReason: '调离执法岗位' });
  });

  it('rejects a file with bad rows, naming every row and column, and writes nothing', async () => {
    const clock = new TestClock(new Date('2024-03-01T02:00:00Z'));
    const { rt } = await officersRuntime(clock);
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-officers-'));
    dirs.push(dir);
    const uscc = demoUscc(REGION, 7002);
    writeFileSync(
      join(dir, 'entities.csv'),
      `\uFEFF名称,统一社会信用代码,主体性质,执法领域,行政区划代码\n诸暨市交通运输局（示例）,${uscc},法定行政机关,交通运输,${REGION}\n`,
    );
    mkdirSync(join(dir, uscc));
    writeFileSync(
      join(dir, uscc, '执法人员.csv'),
      [
        '姓名,执法证号,证件类型,执法类别,发证日期,有效期至,状态,注销日期,注销原因',
        '王伟,330681Z200001,行政执法证,交通运输,2023-05-01,2028-04-30,有效,,',
        '王伟,330681z200001,行政执法证,交通运输,2023-05-01,2028-04-30,有效,,',
        '李娜,330681Z200002,行政执法证,交通运输,2023-05-01,2022-04-30,有效,,',
        '赵强,330681Z200003,行政执法证,交通运输,2021-05-01,2026-04-30,注销,,',
        '钱明,330681Z200004,行政执法证,交通运输,2021-05-01,2026-04-30,作废,,',
      ].join('\n'),
    );
    const report = await importRegionFolder(rt.registry, dir, { effectiveFrom: '2024-03-01' });
    const codes = report.errors.map((e) => `${e.row}:${e.column}:${e.code}`);
    expect(codes).toEqual([
      '3:执法证号:DUPLICATE_ITEM',
      '4:有效期至:VALIDITY_BEFORE_ISSUE',
      '5:注销日期:CANCELLATION_DATE_REQUIRED',
      '5:注销原因:CANCELLATION_REASON_REQUIRED',
      '6:状态:INVALID_VALUE',
    ]);
    expect(await rt.store.getHead(uscc, 'officers')).toBeUndefined();
  });
});

describe('the demo region', () => {
  it('includes officers lists, checkable by number', async () => {
    const { rt } = await officersRuntime(new TestClock(new Date('2024-11-20T02:00:00Z')));
    await loadDemo(rt.registry);
    await rt.officers.settled();
    const stats = (await (await rt.app.request('/v1/certificates/stats?region=210900')).json()) as any;
    expect(stats.total).toMatchObject({ officers: 124, supervisionOfficers: 4 });
    const feed = (await (await rt.app.request('/v1/certificates/cancelled?region=210900')).json()) as any;
    expect(feed.items.length).toBe(10);
    const one = feed.items[0].certificateNumber;
    expect((await rt.app.request(`/v1/certificates/${one}`)).status).toBe(200);
  }, 60_000);
});
