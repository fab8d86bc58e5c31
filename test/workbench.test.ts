/**
 * The workbench over HTTP (the app's own fetch, cookies kept like a browser): a clerk uploads a workbook with
 * three errors and sees all three, downloads the marked copy, uploads the corrected list in 完整替换 mode, is
 * warned of the removals and confirms, submits; a reviewer of another region sees nothing; the region's
 * reviewer 退回 with two grounds; the clerk sees them, revises in 增补修改 mode and resubmits; the reviewer 批准;
 * the public list shows the new version; the auditor sees every step in order. Plus the guards: CSRF, Origin,
 * idle expiry, unit scope, and no development sign-in outside the local stage.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNIT_A, UNIT_B, entity, inspectionItem, publishUnits } from './support/fixtures.js';
import { inspectionRow, workbook } from './fixtures/workflow/files.js';
import { ORIGIN, WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

type Rt = Awaited<ReturnType<typeof workbenchRuntime>>;
const LIST = `/workbench/units/${UNIT_A}/lists/inspection-items`;
const xlsx = (bytes: Uint8Array, name: string) =>
  new File([bytes], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
const rowsOf = (html: string, caption: string) => {
  const table = html.split(`<caption>${caption}`)[1]?.split('</table>')[0] ?? '';
  return table.split('<tbody>')[1]?.split('<tr>').slice(1) ?? [];
};

describe('the workbench story, clerk → reviewer → public → auditor', () => {
  let rt: Rt;
  const clerk = () => new WorkbenchClient(rt.app);
  let editor: WorkbenchClient;
  let reviewer: WorkbenchClient;
  let draftId = '';

  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2023-01-02T02:00:00Z');
    await publishUnits(rt.registry, [
      {
        entity: entity(UNIT_A),
        lists: { 'inspection-items': Array.from({ length: 16 }, (_, i) => inspectionItem(i + 1)) },
      },
      { entity: entity(UNIT_B, { name: '阜新市交通运输局（示例）' }), lists: {} },
    ]);
    rt.clock.set('2024-03-01T02:00:00Z');
    editor = clerk();
    await editor.signIn('editor', { uscc: UNIT_A });
  });

  it('offers the development sign-in with its labelled controls, marked as local', async () => {
    const c = clerk();
    const page = await c.get('/workbench/sign-in');
    expect(page.status).toBe(200);
    expect(page.text).toContain('本地开发登录');
    for (const label of [
      '角色',
      '统一社会信用代码',
      '行政区划代码',
      '登录',
      '填报人员',
      '法制审核人员',
      '管理员',
      '审计人员',
    ])
      expect(page.text).toContain(label);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('sets an HttpOnly, SameSite=Lax session cookie scoped to /workbench', async () => {
    const c = clerk();
    await c.get('/workbench/sign-in');
    const res = await c.post('/workbench/sign-in', { role: 'editor', uscc: UNIT_A, region: '' });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((s) => s.startsWith('gs_wb='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/workbench/);
    expect(cookie).not.toMatch(/Secure/); // http://localhost; Secure on https origins
  });

  it('lists the unit’s lists with what is in force', async () => {
    const home = await editor.get('/workbench');
    expect(home.status).toBe(303);
    const unit = await editor.get(`/workbench/units/${UNIT_A}`);
    expect(unit.status).toBe(200);
    expect(unit.text).toContain('检查事项目录');
    expect(unit.text).toContain('第1版（2023-01-01 起施行）');
  });

  it('shows every one of three row errors and offers the marked workbook', async () => {
    await editor.get(LIST);
    const bad = await workbook([
      {
        name: '检查事项目录',
        rows: [
          inspectionRow(101, { 检查事项名称: '' }),
          inspectionRow(102, { 检查类别: '特别' }),
          inspectionRow(103, { 检查依据: '' }),
        ],
      },
    ]);
    const res = await editor.post(`${LIST}/check`, {
      file: xlsx(bad, '检查事项.xlsx'),
      effectiveFrom: '2024-04-01',
      documentNumber: '阜环发〔2024〕3号',
      mode: 'replace',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('错误（3 处）');
    const rows = rowsOf(res.text, '全部错误');
    expect(rows).toHaveLength(3);
    expect(
      rows.map((r) => /<td>([^<]*)<\/td><td>([^<]*)<\/td>/.exec(r.split('class="num">')[1] ?? '')?.[0]),
    ).toHaveLength(3);
    expect(res.text).toContain('检查事项名称');
    expect(res.text).toContain('检查类别');
    expect(res.text).toContain('检查依据');
    expect(res.text).toContain('识别的列');
    const link = /href="(\/workbench\/uploads\/[^"]+\/marked\.xlsx)"/.exec(res.text)![1]!;
    const marked = await editor.get(link);
    expect(marked.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(marked.bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const noted: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.note) noted.push(`${cell.address}`);
      }),
    );
    expect(noted.sort()).toEqual(['C2', 'D3', 'E4']);
    // Nobody else can fetch that upload.
    const other = clerk();
    await other.signIn('editor', { uscc: UNIT_B });
    expect((await other.get(link)).status).toBe(404);
  });

  it('warns 将删除 16 项 in 完整替换 mode and refuses to submit until confirmed', async () => {
    await editor.get(LIST);
    const good = await workbook([
      { name: '检查事项目录', rows: [inspectionRow(101), inspectionRow(102), inspectionRow(103)] },
    ]);
    const res = await editor.post(`${LIST}/check`, {
      file: xlsx(good, '检查事项.xlsx'),
      effectiveFrom: '2024-04-01',
      documentNumber: '阜环发〔2024〕3号',
      mode: 'replace',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('将删除 16 项');
    expect(res.text).toContain('新增 3 项，删除 16 项');
    const action = /action="(\/workbench\/uploads\/[^"]+\/submit)"/.exec(res.text)![1]!;
    const unconfirmed = await editor.post(action, {});
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain('请勾选确认');
    const submitted = await editor.post(action, { confirmRemoval: 'yes' });
    expect(submitted.status).toBe(303);
    draftId = /\/workbench\/drafts\/(d[0-9a-z]+)/.exec(submitted.headers.get('location')!)![1]!;
    const draft = await editor.get(`/workbench/drafts/${draftId}`);
    expect(draft.text).toContain('待审核');
  });

  it('hides the draft from a reviewer of another region', async () => {
    const stranger = clerk();
    await stranger.signIn('reviewer', { region: '430981' });
    const queue = await stranger.get('/workbench/reviews');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('没有待审核的草稿');
    expect((await stranger.get(`/workbench/drafts/${draftId}`)).status).toBe(403);
  });

  it('lets the region’s reviewer 退回 with two grounds and a comment', async () => {
    reviewer = clerk();
    await reviewer.signIn('reviewer', { region: '210900' });
    const queue = await reviewer.get('/workbench/reviews');
    expect(queue.text).toContain(`/workbench/drafts/${draftId}`);
    await reviewer.get(`/workbench/drafts/${draftId}`);
    expect(reviewer.lastPage).toContain('删除的事项（16 项）');
    const res = await reviewer.post(`/workbench/drafts/${draftId}/review`, {
      decision: 'reject',
      grounds: ['事实不清', '适用法律不正确'],
      comment: '删除现行事项缺乏依据，请改为增补。',
    });
    expect(res.status).toBe(303);
  });

  it('shows the clerk the grounds, and a 增补修改 revision keeps the items in force', async () => {
    const draft = await editor.get(`/workbench/drafts/${draftId}`);
    expect(draft.text).toContain('审核理由：事实不清、适用法律不正确');
    expect(draft.text).toContain('审核意见：删除现行事项缺乏依据，请改为增补。');
    const form = await editor.get(`${LIST}?revise=${draftId}`);
    expect(form.text).toContain('修订被退回的草稿');
    const changed = inspectionRow(2, { 检查频次: '每半年1次' });
    const file = await workbook([{ name: '检查事项目录', rows: [changed, inspectionRow(101)] }]);
    const res = await editor.post(`${LIST}/check`, {
      file: xlsx(file, '增补.xlsx'),
      effectiveFrom: '2024-04-01',
      documentNumber: '阜环发〔2024〕3号',
      mode: 'supplement',
      removals: 'JC-210900-02-0016',
      revisionOf: draftId,
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('修改 1 项，新增 1 项，删除 1 项');
    expect(res.text).toContain('将删除 1 项');
    expect(res.text).toMatch(/每<del>年<\/del>|<ins>半<\/ins>/);
    const action = /action="(\/workbench\/uploads\/[^"]+\/submit)"/.exec(res.text)![1]!;
    const submitted = await editor.post(action, { confirmRemoval: 'yes' });
    expect(submitted.status).toBe(303);
    draftId = /\/workbench\/drafts\/(d[0-9a-z]+)/.exec(submitted.headers.get('location')!)![1]!;
  });

  it('publishes on 批准, and the public list shows the new version', async () => {
    await reviewer.get(`/workbench/drafts/${draftId}`);
    const res = await reviewer.post(`/workbench/drafts/${draftId}/review`, { decision: 'approve', comment: '同意' });
    expect(res.status).toBe(303);
    rt.clock.set('2024-04-02T02:00:00Z');
    const pub = await rt.app.request(`${ORIGIN}/v1/units/${UNIT_A}/lists/inspection-items`);
    const body = (await pub.json()) as { version: { version: number }; items: Array<Record<string, unknown>> };
    expect(body.version.version).toBe(2);
    expect(body.items).toHaveLength(16);
    expect(body.items.find((i) => i.code === 'JC-210900-02-0002')?.frequency).toBe('每半年1次');
  });

  it('shows the auditor every step in order, in Chinese and Beijing time, and exports it', async () => {
    const auditor = clerk();
    await auditor.signIn('auditor', { region: '210900' });
    const page = await auditor.get(`/workbench/audit?unit=${UNIT_A}`);
    expect(page.status).toBe(200);
    const cells = rowsOf(page.text, '共').map((r) => r.split('<td>').map((x) => x.replace(/<\/td>.*/s, '')));
    const steps = ['检查上传文件', '创建草稿', '提交审核', '审核退回', '审核批准并发布'];
    const story = cells.filter((r) => steps.includes(r[6] ?? '')).map((r) => `${r[6]}:${r[8]}`);
    expect(story).toEqual([
      '检查上传文件:成功',
      '检查上传文件:成功',
      '创建草稿:未受理（请求有误）', // submitted before confirming the removals
      '创建草稿:成功',
      '提交审核:成功',
      '审核退回:成功',
      '检查上传文件:成功',
      '创建草稿:成功',
      '提交审核:成功',
      '审核批准并发布:成功',
    ]);
    expect(page.text).toContain('2024-03-01 10:00:00');
    const csv = await auditor.get(`/workbench/audit?unit=${UNIT_A}&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('审核批准并发布');
    const x = await auditor.get(`/workbench/audit?unit=${UNIT_A}&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).getCell(1).text).toBe('时间（北京时间）');
    // The list as in force on 2024-04-02 as known before the approval: still version 1.
    const asKnown = await auditor.get(
      `/workbench/audit?listUnit=${UNIT_A}&kind=inspection-items&at=2024-04-02&asOf=2024-02-01T10:00`,
    );
    expect(asKnown.text).toContain('生效的第1版');
  });
});

describe('workbench guards', () => {
  let rt: Rt;
  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local', idleMinutes: 30 } });
    rt.clock.set('2023-01-02T02:00:00Z');
    await publishUnits(rt.registry, [
      { entity: entity(UNIT_A), lists: { 'inspection-items': [inspectionItem(1)] } },
      { entity: entity(UNIT_B), lists: { 'inspection-items': [inspectionItem(1)] } },
    ]);
  });

  it('refuses a form post without the CSRF token, or from another origin', async () => {
    const c = new WorkbenchClient(rt.app);
    await c.signIn('editor', { uscc: UNIT_A });
    await c.get(`/workbench/units/${UNIT_A}`);
    const noToken = await c.post('/workbench/sign-out', {}, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('安全令牌');
    const foreign = await c.post('/workbench/sign-out', {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    // Still signed in: neither request did anything.
    expect((await c.get(`/workbench/units/${UNIT_A}`)).status).toBe(200);
    const out = await c.post('/workbench/sign-out', {});
    expect(out.status).toBe(200);
    expect(out.text).toContain('已退出');
    expect((await c.get(`/workbench/units/${UNIT_A}`)).status).toBe(303);
  });

  it('sends an idle session back to sign-in', async () => {
    const c = new WorkbenchClient(rt.app);
    await c.signIn('editor', { uscc: UNIT_A });
    rt.clock.advance(31 * 60_000);
    const res = await c.get(`/workbench/units/${UNIT_A}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/workbench\/sign-in\?next=.*&expired=1$/);
    const again = await c.get(res.headers.get('location')!);
    expect(again.text).toContain('登录已过期');
  });

  it('keeps an editor out of another unit’s lists and drafts, even by editing the URL', async () => {
    const a = new WorkbenchClient(rt.app);
    await a.signIn('editor', { uscc: UNIT_A });
    await a.get(`/workbench/units/${UNIT_A}/lists/inspection-items`);
    const file = await workbook([{ name: '检查事项目录', rows: [inspectionRow(7)] }]);
    const checked = await a.post(`/workbench/units/${UNIT_A}/lists/inspection-items/check`, {
      file: xlsx(file, 'a.xlsx'),
      effectiveFrom: '2030-01-01',
      mode: 'supplement',
    });
    const action = /action="(\/workbench\/uploads\/[^"]+\/submit)"/.exec(checked.text)![1]!;
    const sub = await a.post(action, {});
    const id = /drafts\/(d[0-9a-z]+)/.exec(sub.headers.get('location')!)![1]!;
    const b = new WorkbenchClient(rt.app);
    await b.signIn('editor', { uscc: UNIT_B });
    expect((await b.get(`/workbench/drafts/${id}`)).status).toBe(403);
    expect((await b.get(`/workbench/units/${UNIT_A}/lists/inspection-items`)).status).toBe(403);
    expect((await b.get(`/workbench/units/${UNIT_A}`)).status).toBe(403);
    await b.get(`/workbench/units/${UNIT_B}`);
    const post = await b.post(`/workbench/units/${UNIT_A}/lists/inspection-items/check`, {
      file: xlsx(file, 'b.xlsx'),
      effectiveFrom: '2030-01-01',
      mode: 'replace',
    });
    expect(post.status).toBe(403);
  });

  it('needs a stated reason for a 施行日期 in the past', async () => {
    const a = new WorkbenchClient(rt.app);
    await a.signIn('editor', { uscc: UNIT_B });
    await a.get(`/workbench/units/${UNIT_B}/lists/inspection-items`);
    const file = await workbook([{ name: '检查事项目录', rows: [inspectionRow(1), inspectionRow(8)] }]);
    const checked = await a.post(`/workbench/units/${UNIT_B}/lists/inspection-items/check`, {
      file: xlsx(file, 'past.xlsx'),
      effectiveFrom: '2022-06-01',
      mode: 'replace',
    });
    expect(checked.text).toContain('早于今日');
    const action = /action="(\/workbench\/uploads\/[^"]+\/submit)"/.exec(checked.text)![1]!;
    const refused = await a.post(action, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('请说明理由');
    const ok = await a.post(action, { pastDateReason: '补录2022年已施行的目录' });
    expect(ok.status).toBe(303);
    const draft = await a.get(ok.headers.get('location')!);
    expect(draft.text).toContain('补录2022年已施行的目录');
  });
  it('shows the reviewer what the importer said: a 裁量 table taken without any provision column', async () => {
    const a = new WorkbenchClient(rt.app);
    await a.signIn('editor', { uscc: UNIT_A });
    const list = `/workbench/units/${UNIT_A}/lists/discretion-benchmarks`;
    await a.get(list);
    const name = '六安市林业局行政处罚自由裁量权细化执行标准.xlsx';
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures/real-lists', name)));
    const checked = await a.post(`${list}/check`, {
      file: xlsx(bytes, name),
      effectiveFrom: '2030-01-01',
      mode: 'replace',
    });
    expect(checked.status).toBe(200);
    const action = /action="(\/workbench\/uploads\/[^"]+\/submit)"/.exec(checked.text)![1]!;
    const submitted = await a.post(action, {});
    expect(submitted.status).toBe(303);
    const draft = submitted.headers.get('location')!.replace(/\?.*$/, '');
    const reviewer = new WorkbenchClient(rt.app);
    await reviewer.signIn('reviewer', { region: '210900' });
    const page = await reviewer.get(draft);
    expect(page.status).toBe(200);
    const notices = page.text.split('id="import-notices"')[1]?.split('</section>')[0] ?? '';
    expect(notices).toContain('表中没有违法依据、处罚依据或法律依据列：按原表导入，请法制审核时核对各事项的依据');
    expect(notices).toContain('列“违法数量/归类”识别为“适用情形”');
  });
  it('shows the reviewer a 行政检查 list taken without its 检查类别 and 检查依据 columns', async () => {
    const a = new WorkbenchClient(rt.app);
    await a.signIn('editor', { uscc: UNIT_A });
    const list = `/workbench/units/${UNIT_A}/lists/inspection-items`;
    await a.get(list);
    const name = '南磨房乡行政检查事项清单.csv';
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures/real-lists', name)));
    const checked = await a.post(`${list}/check`, {
      file: new File([bytes], name, { type: 'text/csv' }),
      effectiveFrom: '2030-01-01',
      mode: 'replace',
    });
    expect(checked.status).toBe(200);
    const action = /action="(\/workbench\/uploads\/[^"]+\/submit)"/.exec(checked.text)![1]!;
    // The list in force has other items: replacing them is confirmed, as a clerk does.
    const submitted = await a.post(action, { confirmRemoval: 'yes' });
    expect(submitted.status).toBe(303);
    const reviewer = new WorkbenchClient(rt.app);
    await reviewer.signIn('reviewer', { region: '210900' });
    const page = await reviewer.get(submitted.headers.get('location')!.replace(/\?.*$/, ''));
    expect(page.status).toBe(200);
    const notices = page.text.split('id="import-notices"')[1]?.split('</section>')[0] ?? '';
    expect(notices).toContain('第1行：表中没有检查类别列：按原表导入，请法制审核时核对各事项为一般或重点检查事项');
    expect(notices).toContain('第1行：表中没有检查依据列：按原表导入，请法制审核时核对各事项的检查依据');
  });
});

describe('outside the local stage', () => {
  it('without Cognito settings offers no sign-in at all (404), and pages lead there', async () => {
    const rt = await workbenchRuntime({ config: { stage: 'test' } });
    const c = new WorkbenchClient(rt.app);
    expect((await c.get('/workbench/sign-in')).status).toBe(404);
    expect((await c.get('/workbench')).headers.get('location')).toMatch(/^\/workbench\/sign-in/);
    const post = await c.send('POST', '/workbench/sign-in', new URLSearchParams({ role: 'admin' }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      origin: ORIGIN,
    });
    expect(post.status).toBe(404);
  });

  it('has no development sign-in: sign-in goes to the managed login with PKCE, the form post is 404', async () => {
    const rt = await workbenchRuntime({
      config: {
        stage: 'prod',
        origin: 'https://registry.example.cn',
        sessionSecret: 'x'.repeat(40),
        cognito: {
          domain: 'https://gongshi-prod.auth.cn-north-1.amazoncognito.com',
          clientId: 'client123',
          issuer: 'https://cognito-idp.cn-north-1.amazonaws.com/cn-north-1_abc',
        },
      },
    });
    const c = new WorkbenchClient(rt.app);
    const res = await c.get('/workbench/sign-in');
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe('https://gongshi-prod.auth.cn-north-1.amazoncognito.com');
    expect(to.pathname).toBe('/oauth2/authorize');
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('redirect_uri')).toBe('https://registry.example.cn/workbench/callback');
    expect(res.text).not.toContain('本地开发登录');
    const post = await c.post(
      '/workbench/sign-in',
      { role: 'admin', uscc: '', region: '' },
      { origin: 'https://registry.example.cn' },
    );
    expect(post.status).toBe(404);
  });
});

describe('the administrator', () => {
  it('registers a unit and later revokes it, each through legal review', async () => {
    const rt = await workbenchRuntime({ config: { stage: 'local' } });
    const admin = new WorkbenchClient(rt.app);
    await admin.signIn('admin');
    const form = await admin.get(`/workbench/admin?uscc=${UNIT_A}`);
    expect(form.text).toContain(`未找到 ${UNIT_A}`);
    const fields = Object.fromEntries(Object.entries(entity(UNIT_A)).map(([k, v]) => [k, String(v)]));
    const bad = await admin.post('/workbench/admin/entities', { ...fields, uscc: '123', effectiveFrom: '2024-03-01' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('统一社会信用代码');
    const res = await admin.post('/workbench/admin/entities', {
      ...fields,
      status: '有效',
      effectiveFrom: '2024-03-01',
    });
    expect(res.status).toBe(303);
    const reviewer = new WorkbenchClient(rt.app);
    await reviewer.signIn('reviewer', { region: '210900' });
    await reviewer.get(res.headers.get('location')!);
    expect(reviewer.lastPage).toContain('待审核');
    const approved = await reviewer.post(`${res.headers.get('location')!}/review`, { decision: 'approve' });
    expect(approved.status).toBe(303);
    const pub = await rt.app.request(`${ORIGIN}/v1/units/${UNIT_A}`);
    expect(pub.status).toBe(200);

    await admin.get(`/workbench/admin?uscc=${UNIT_A}`);
    expect(admin.lastPage).toContain('阜新市生态环境局（示例）');
    const revoke = await admin.post('/workbench/admin/entities', {
      ...fields,
      status: '撤销',
      effectiveFrom: '2024-03-01',
    });
    expect(revoke.status).toBe(303);
    await reviewer.get(revoke.headers.get('location')!);
    expect(reviewer.lastPage).toContain('修改 1 项');
    expect(reviewer.lastPage).toContain('<td>状态</td>');
  });

  it('is the only role that may open the administration page', async () => {
    const rt = await workbenchRuntime({ config: { stage: 'local' } });
    const c = new WorkbenchClient(rt.app);
    await c.signIn('reviewer', { region: '210900' });
    expect((await c.get('/workbench/admin')).status).toBe(403);
  });
});
