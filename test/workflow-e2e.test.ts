/**
 * The whole path over real HTTP (a @hono/node-server on a free port): an editor
 * uploads a GB18030 CSV and an XLSX workbook, sees every row error of broken
 * files, fixes them and submits; a different person reviews — approves, rejects
 * with grounds, approves a revision dated in the future; the public sees the old
 * version until that date and the new one after; the audit trail shows every
 * step in order with intact hash links.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type AuditRecord } from '../shared/features/workflow/audit.js';
import { createHarness, fileForm, type Harness } from './fixtures/workflow/harness.js';
import { discretionCsvGb18030, discretionRow, inspectionRow, workbook } from './fixtures/workflow/files.js';
import { UNIT_A } from './support/fixtures.js';

let h: Harness;
let server: ServerType;
let base: string;
let editor: string;
let reviewer: string;
let reviewer2: string;
let auditor: string;

async function http(
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | FormData | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) body = opts.form;
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV, JSON Lines
  }
  return { status: res.status, body: parsed, headers: res.headers, text };
}

beforeAll(async () => {
  h = await createHarness();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  editor = await h.token('editor', { sub: 'zhang.editor', units: [UNIT_A], ttlSeconds: 400 * 86400 });
  reviewer = await h.token('reviewer', { sub: 'li.reviewer', region: '210900', ttlSeconds: 400 * 86400 });
  reviewer2 = await h.token('reviewer', { sub: 'wang.reviewer', region: '21', ttlSeconds: 400 * 86400 });
  auditor = await h.token('auditor', { sub: 'zhao.auditor', region: '210900', ttlSeconds: 400 * 86400 });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const listPath = (kind: string) => `/v1/units/${UNIT_A}/lists/${kind}`;

describe('from an Excel file to a published, reviewed version, through the API alone', () => {
  let v1Draft: string;

  it('a broken GB18030 CSV is refused with every failing row and column at once', async () => {
    const broken = discretionCsvGb18030([
      discretionRow(1),
      discretionRow(2, { 违法行为: '' }),
      discretionRow(3, { 序号: '第三', 适用条件: '' }),
      discretionRow(4, { 事项编码: 'BY-210900-02-001' }),
    ]);
    const res = await http('POST', `${listPath('no-penalty')}/drafts`, {
      token: editor,
      form: fileForm(broken, '不予处罚事项清单.csv', { effectiveFrom: '2024-01-01' }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('UNPROCESSABLE');
    const errors = res.body.error.details.errors as Array<{
      row: number;
      column: string;
      code: string;
      message: string;
      value?: string;
    }>;
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '违法行为', 'REQUIRED'],
      [4, '序号', expect.any(String)],
      [4, '适用条件', 'REQUIRED'],
      [5, '事项编码', 'DUPLICATE_CODE'],
    ]);
    expect(errors[1]!.value).toBe('第三');
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a dry run of the fixed file shows the parsed items and the diff, and stores nothing', async () => {
    const fixed = discretionCsvGb18030([discretionRow(1), discretionRow(2), discretionRow(3)]);
    const res = await http('POST', `${listPath('no-penalty')}/drafts?dryRun=true`, {
      token: editor,
      form: fileForm(fixed, '不予处罚事项清单.csv', { effectiveFrom: '2024-01-01' }),
    });
    expect(res.status).toBe(200);
    const [list] = res.body.lists;
    expect(list).toMatchObject({ kind: 'no-penalty', valid: true, itemCount: 3, encoding: 'gb18030', errors: [] });
    expect(list.items[1].violation).toBe('排污单位未按规定公开排放信息（第2项）');
    expect(list.diff.summary).toMatchObject({ added: 3, removed: 0, changed: 0 });
    const drafts = await http('GET', `/v1/drafts?unit=${UNIT_A}`, { token: editor });
    expect(drafts.body.drafts).toEqual([]);
  });

  it('the fixed file becomes a draft, is submitted, and approved by a reviewer as version 1', async () => {
    const fixed = discretionCsvGb18030([discretionRow(1), discretionRow(2), discretionRow(3)]);
    const created = await http('POST', `${listPath('no-penalty')}/drafts`, {
      token: editor,
      form: fileForm(fixed, '不予处罚事项清单.csv', { effectiveFrom: '2024-01-01', documentNumber: '阜环发[2024]1号' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      itemCount: 3,
      baseVersion: 0,
      documentNumber: '阜环发〔2024〕1号',
      source: '不予处罚事项清单.csv',
    });
    v1Draft = created.body.id;
    // Drafts are never public.
    expect((await http('GET', listPath('no-penalty'))).status).toBe(404);
    expect((await http('GET', `/v1/drafts/${v1Draft}`)).status).toBe(401);

    const submitted = await http('POST', `/v1/drafts/${v1Draft}/submit`, {
      token: editor,
      headers: { 'If-Match': created.headers.get('etag')! },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    // The editor cannot approve: above its role.
    expect(
      (await http('POST', `/v1/drafts/${v1Draft}/review`, { token: editor, json: { decision: 'approve' } })).status,
    ).toBe(403);
    const approved = await http('POST', `/v1/drafts/${v1Draft}/review`, {
      token: reviewer,
      json: { decision: 'approve', comment: '经审核，同意公示' },
      headers: { 'If-Match': submitted.headers.get('etag')! },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      publishedVersion: 1,
      review: { by: 'li.reviewer', decision: 'approve' },
    });
    const pub = await http('GET', listPath('no-penalty'));
    expect(pub.status).toBe(200);
    expect(pub.body.version).toMatchObject({
      version: 1,
      effectiveFrom: '2024-01-01',
      source: `draft:${v1Draft}`,
      publishedBy: 'li.reviewer',
      documentNumber: '阜环发〔2024〕1号',
    });
    expect(pub.body.items).toHaveLength(3);
  });

  it('an XLSX workbook: errors of every sheet at once, then one draft per sheet', async () => {
    const broken = await workbook([
      {
        name: '检查事项目录',
        rows: [inspectionRow(1), inspectionRow(2, { 检查类别: '特别' }), inspectionRow(3, { 检查依据: '' })],
      },
      { name: '從輕處罰事項清單', rows: [discretionRow(1, { 违法依据: '', 处罚依据: '' })] },
    ]);
    const refused = await http('POST', `/v1/units/${UNIT_A}/drafts`, {
      token: editor,
      form: fileForm(broken, '清单汇总.xlsx', { effectiveFrom: '2024-01-01' }),
    });
    expect(refused.status).toBe(422);
    const errors = refused.body.error.details.errors as Array<{
      sheet: string;
      row: number;
      column: string;
      code: string;
    }>;
    expect(errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['检查事项目录', 3, '检查类别'],
      ['检查事项目录', 4, '检查依据'],
      ['從輕處罰事項清單', 2, '违法依据'],
    ]);
    expect((await http('GET', `/v1/drafts?unit=${UNIT_A}&status=draft`, { token: editor })).body.drafts).toEqual([]);

    const fixed = await workbook([
      { name: '检查事项目录', rows: [inspectionRow(1), inspectionRow(2), inspectionRow(3)] },
      { name: '從輕處罰事項清單', rows: [discretionRow(1)] },
      { name: '填表说明', header: ['说明'], rows: [['请按表头填写']] },
    ]);
    const created = await http('POST', `/v1/units/${UNIT_A}/drafts`, {
      token: editor,
      form: fileForm(fixed, '清单汇总.xlsx', { effectiveFrom: '2024-01-01' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.drafts.map((d: { stream: string; itemCount: number }) => [d.stream, d.itemCount])).toEqual([
      ['inspection-items', 3],
      ['lighter-penalty', 1],
    ]);
    for (const d of created.body.drafts) {
      expect((await http('POST', `/v1/drafts/${d.id}/submit`, { token: editor })).status).toBe(200);
      expect(
        (await http('POST', `/v1/drafts/${d.id}/review`, { token: reviewer, json: { decision: 'approve' } })).body
          .publishedVersion,
      ).toBe(1);
    }
    const lists = await http('GET', `/v1/units/${UNIT_A}/lists`);
    expect(lists.body.lists.map((l: { kind: string }) => l.kind).sort()).toEqual([
      'inspection-items',
      'lighter-penalty',
      'no-penalty',
    ]);
  });

  let rejected: string;
  it('a reviewer rejects a change with grounds; a rejection needs grounds from the configured set', async () => {
    const v2 = discretionCsvGb18030([
      discretionRow(1),
      discretionRow(2, { 处理措施: '责令改正，不予行政处罚' }),
      discretionRow(4),
    ]);
    const created = await http('POST', `${listPath('no-penalty')}/drafts`, {
      token: editor,
      form: fileForm(v2, 'v2.csv', { effectiveFrom: '2024-06-01' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.baseVersion).toBe(1);
    rejected = created.body.id;
    await http('POST', `/v1/drafts/${rejected}/submit`, { token: editor });
    const noGrounds = await http('POST', `/v1/drafts/${rejected}/review`, {
      token: reviewer,
      json: { decision: 'reject', grounds: [] },
    });
    expect(noGrounds.status).toBe(422);
    expect(noGrounds.body.error.details.allowed).toEqual([
      '超越职权',
      '事实不清',
      '证据不足',
      '适用法律不正确',
      '程序不合法',
      '处罚不适当',
    ]);
    expect(
      (
        await http('POST', `/v1/drafts/${rejected}/review`, {
          token: reviewer,
          json: { decision: 'reject', grounds: ['看着不顺眼'] },
        })
      ).status,
    ).toBe(422);
    const res = await http('POST', `/v1/drafts/${rejected}/review`, {
      token: reviewer,
      json: { decision: 'reject', grounds: ['事实不清', '适用法律不正确'], comment: '第3项删除依据不足' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'rejected',
      review: {
        by: 'li.reviewer',
        decision: 'reject',
        grounds: ['事实不清', '适用法律不正确'],
        comment: '第3项删除依据不足',
      },
    });
    // Nothing was published; a rejected draft cannot be reviewed again.
    expect((await http('GET', `${listPath('no-penalty')}/versions`)).body.versions).toHaveLength(1);
    expect(
      (await http('POST', `/v1/drafts/${rejected}/review`, { token: reviewer, json: { decision: 'approve' } })).status,
    ).toBe(409);
    // Auditors see the rejection and its grounds beside the versions.
    const seen = await http('GET', `${listPath('no-penalty')}/drafts`, { token: auditor });
    expect(seen.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(seen.body.drafts.find((d: { id: string }) => d.id === rejected).review.grounds).toEqual([
      '事实不清',
      '适用法律不正确',
    ]);
  });

  it(
    'the revision, dated in the future, is approved by a different reviewer; the public sees ' + 'v1 until that date',
    async () => {
      const v2 = discretionCsvGb18030([
        discretionRow(1),
        discretionRow(2, { 处理措施: '责令改正，不予行政处罚' }),
        discretionRow(3),
        discretionRow(4),
      ]);
      const dry = await http('POST', `${listPath('no-penalty')}/drafts?dryRun=true`, {
        token: editor,
        form: fileForm(v2, 'v2-revised.csv', { effectiveFrom: '2024-06-01' }),
      });
      expect(dry.body.lists[0].diff.summary).toMatchObject({ added: 1, removed: 0, changed: 1 });
      expect(dry.body.lists[0].diff.changed[0].changes[0]).toMatchObject({ field: 'measures', column: '处理措施' });
      const created = await http('POST', `${listPath('no-penalty')}/drafts`, {
        token: editor,
        form: fileForm(v2, 'v2-revised.csv', {
          effectiveFrom: '2024-06-01',
          revisionOf: rejected,
          note: '按审核意见修改',
        }),
      });
      expect(created.status).toBe(201);
      expect(created.body.revisionOf).toBe(rejected);
      const id = created.body.id;
      await http('POST', `/v1/drafts/${id}/submit`, { token: editor });
      const approved = await http('POST', `/v1/drafts/${id}/review`, {
        token: reviewer2,
        json: { decision: 'approve' },
      });
      expect(approved.status).toBe(200);
      expect(approved.body.publishedVersion).toBe(2);

      // 2024-03-01 in China: version 2 is published but not yet in force.
      const now = await http('GET', listPath('no-penalty'));
      expect(now.body.version.version).toBe(1);
      expect(now.body.items).toHaveLength(3);
      const versions = await http('GET', `${listPath('no-penalty')}/versions`);
      expect(
        versions.body.versions.map((v: { version: number; effectiveFrom: string }) => [v.version, v.effectiveFrom]),
      ).toEqual([
        [1, '2024-01-01'],
        [2, '2024-06-01'],
      ]);
      h.clock.set('2024-05-31T15:59:59Z'); // 23:59:59 on 31 May in China
      expect((await http('GET', listPath('no-penalty'))).body.version.version).toBe(1);
      h.clock.set('2024-05-31T16:00:00Z'); // midnight, 1 June in China
      const after = await http('GET', listPath('no-penalty'));
      expect(after.body.version.version).toBe(2);
      expect(after.body.items).toHaveLength(4);
    },
  );

  it(
    'the audit trail shows every step, in order, with intact hash links; exportable as CSV and ' + 'JSON Lines',
    async () => {
      const res = await http('GET', `/v1/audit?unit=${UNIT_A}&limit=1000`, { token: auditor });
      expect(res.status).toBe(200);
      const records = res.body.records as AuditRecord[];
      expect(res.body.chain).toEqual({ ok: true, checked: records.length });
      expect(verifyChain(records)).toMatchObject({ ok: true });
      expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
      const steps = records.map((r) => `${r.actor} ${r.action} ${r.status}`);
      expect(steps).toEqual([
        'zhang.editor draft.create 422',
        'zhang.editor draft.dry-run 200',
        'zhang.editor draft.create 201',
        'zhang.editor draft.submit 200',
        'zhang.editor draft.approve 403',
        'li.reviewer draft.approve.intent 202',
        'li.reviewer draft.approve 200',
        'zhang.editor draft.create 422',
        'zhang.editor draft.create 201',
        'zhang.editor draft.submit 200',
        'li.reviewer draft.approve.intent 202',
        'li.reviewer draft.approve 200',
        'zhang.editor draft.submit 200',
        'li.reviewer draft.approve.intent 202',
        'li.reviewer draft.approve 200',
        'zhang.editor draft.create 201',
        'zhang.editor draft.submit 200',
        'li.reviewer draft.reject 422',
        'li.reviewer draft.reject 422',
        'li.reviewer draft.reject 200',
        'li.reviewer draft.approve 409',
        'zhang.editor draft.dry-run 200',
        'zhang.editor draft.create 201',
        'zhang.editor draft.submit 200',
        'wang.reviewer draft.approve.intent 202',
        'wang.reviewer draft.approve 200',
      ]);
      const approval = records.find((r) => r.action === 'draft.approve' && r.actor === 'wang.reviewer')!;
      expect(approval).toMatchObject({
        outcome: 'succeeded',
        role: 'reviewer',
        unit: UNIT_A,
        regionCode: '210900',
        sourceIp: '127.0.0.1',
        detail: { publishedVersion: 2 },
      });
      expect(approval.beforeHash).toBe(
        records.find((r) => r.action === 'draft.approve' && r.status === 200)!.afterHash,
      );
      expect(approval.requestId).toMatch(/[0-9a-f-]{36}/);
      const reject = records.find((r) => r.action === 'draft.reject' && r.status === 200)!;
      expect(reject.detail).toMatchObject({ decision: 'reject', grounds: ['事实不清', '适用法律不正确'] });
      expect(records[0]).toMatchObject({ outcome: 'refused', code: 'UNPROCESSABLE:INVALID_ROWS' });

      const filtered = await http('GET', `/v1/audit?unit=${UNIT_A}&actor=wang.reviewer`, { token: auditor });
      expect(filtered.body.records.map((r: AuditRecord) => r.action)).toEqual([
        'draft.approve.intent',
        'draft.approve',
      ]);
      const across = await http('GET', `/v1/audit?action=draft.reject`, { token: auditor });
      expect(across.body.records.map((r: AuditRecord) => r.status)).toEqual([422, 422, 200]);

      const jsonl = await http('GET', `/v1/audit?unit=${UNIT_A}&format=jsonl`, { token: auditor });
      expect(jsonl.headers.get('content-type')).toMatch(/ndjson/);
      const lines = jsonl.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as AuditRecord);
      expect(lines).toEqual(records);
      const csv = await http('GET', `/v1/audit?unit=${UNIT_A}&format=csv`, { token: auditor });
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      const rows = csv.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      expect(rows[0]).toMatch(/^unit,seq,time,actor,role,action/);
      expect(rows).toHaveLength(records.length + 1);
    },
  );
});
