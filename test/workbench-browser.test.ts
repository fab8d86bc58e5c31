/**
 * The workbench in Chromium (playwright-core against the local server on a free port), the whole story as four
 * people live it, each in their own browser context: the clerk uploads a workbook with three errors, sees all
 * three and downloads the marked copy, uploads the corrected list in 完整替换 mode, is warned 将删除 16 项 and
 * confirms, submits; a reviewer of another region cannot see it; the region's reviewer 退回 with two grounds; the
 * clerk sees them, revises in 增补修改 mode and resubmits; the reviewer 批准; the public portal shows the new
 * version; the auditor sees every step in order. axe-core checks every workbench page at 1366 and 390 px wide.
 * Controls are found by their accessible names, which are part of the contract.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { CHROMIUM, launchChromium, serveOnLoopback } from '../testing/browser.js';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectionRow, workbook } from './fixtures/workflow/files.js';
import { entity, inspectionItem, publishUnits, UNIT_A } from './support/fixtures.js';
import { workbenchRuntime } from './support/workbench-client.js';

const available = existsSync(CHROMIUM);
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const AXE = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.runIf(!available && process.env.CI === 'true')('workbench browser tests in CI', () => {
  it('need Chromium', () => {
    throw new Error(`Chromium is missing at ${CHROMIUM}`);
  });
});

describe.skipIf(!available)('the workbench in Chromium', () => {
  let rt: Awaited<ReturnType<typeof workbenchRuntime>>;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const checked: string[] = [];

  const person = async () => {
    // bypassCSP only so that axe can be injected; the pages themselves carry no script.
    const context = await browser.newContext({
      acceptDownloads: true,
      locale: 'zh-CN',
      viewport: { width: 1366, height: 900 },
      bypassCSP: true,
    });
    contexts.push(context);
    return context.newPage();
  };

  /** No serious or critical axe violation, at desktop and phone widths. */
  const accessible = async (page: Page, name: string) => {
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.addScriptTag({ content: AXE });
      const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
        violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
      };
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map((v) => `${v.id} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        `${name} at ${width}px`,
      ).toEqual([]);
      expect(await page.locator('h1').count(), `${name}: one h1`).toBe(1);
      for (const role of ['banner', 'main', 'contentinfo'])
        expect(await page.getByRole(role as 'main').count(), `${name}: ${role}`).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, `workbench-${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    checked.push(name);
  };

  const signIn = async (page: Page, role: string, scope: { uscc?: string; region?: string; user?: string }) => {
    await page.goto(`${base}/workbench/sign-in`);
    await page.getByLabel('角色').selectOption({ label: role });
    if (scope.user) await page.getByLabel('用户名').fill(scope.user);
    if (scope.uscc) await page.getByLabel('统一社会信用代码').fill(scope.uscc);
    if (scope.region) await page.getByLabel('行政区划代码').fill(scope.region);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForLoadState();
    if (new URL(page.url()).pathname.endsWith('/sign-in'))
      throw new Error(`sign-in stayed: ${page.url()} ${(await page.content()).slice(0, 3000)}`);
  };

  const upload = async (
    page: Page,
    file: Uint8Array,
    mode: '完整替换' | '增补修改',
    extra: { removals?: string } = {},
  ) => {
    await page
      .getByLabel('文件')
      .setInputFiles({ name: '检查事项目录.xlsx', mimeType: XLSX, buffer: Buffer.from(file) });
    await page.getByLabel('施行日期').fill('2024-04-01');
    await page.getByLabel('文号').fill('阜环发〔2024〕3号');
    await page.getByLabel(mode, { exact: true }).check();
    if (extra.removals) await page.getByLabel('要删除的事项').fill(extra.removals);
    await page.getByRole('button', { name: '检查' }).click();
    await page.waitForURL(/\/check$/);
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2023-01-02T02:00:00Z');
    await publishUnits(rt.registry, [
      {
        entity: entity(UNIT_A),
        lists: { 'inspection-items': Array.from({ length: 16 }, (_, i) => inspectionItem(i + 1)) },
      },
    ]);
    rt.clock.set('2024-03-01T02:00:00Z');
    ({ server, base } = await serveOnLoopback(rt.app.fetch));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('is the whole story: clerk, two reviewers, the public portal and the auditor', async () => {
    // ---- the clerk
    const clerk = await person();
    await clerk.goto(`${base}/workbench/sign-in`);
    await expect(clerk.getByText('本地开发登录').first().isVisible()).resolves.toBe(true);
    await accessible(clerk, 'sign-in');
    await signIn(clerk, '填报人员', { uscc: UNIT_A });
    await accessible(clerk, 'unit');
    await clerk.getByRole('link', { name: '检查事项目录' }).click();
    await accessible(clerk, 'list');
    const broken = await workbook([
      {
        name: '检查事项目录',
        rows: [
          inspectionRow(101, { 检查事项名称: '' }),
          inspectionRow(102, { 检查类别: '特别' }),
          inspectionRow(103, { 检查依据: '' }),
        ],
      },
    ]);
    await upload(clerk, broken, '完整替换');
    await expect(clerk.locator('h2#errors').textContent()).resolves.toBe('错误（3 处）');
    await expect(clerk.locator('table:has(caption:text("全部错误")) tbody tr').count()).resolves.toBe(3);
    await accessible(clerk, 'check-errors');
    const [download] = await Promise.all([
      clerk.waitForEvent('download'),
      clerk.getByRole('link', { name: '下载标注错误的工作簿' }).click(),
    ]);
    const marked = new ExcelJS.Workbook();
    await marked.xlsx.readFile((await download.path())!);
    const notes: string[] = [];
    marked.worksheets[0]!.eachRow((row) => row.eachCell((cell) => void (cell.note && notes.push(cell.address))));
    expect(notes.sort()).toEqual(['C2', 'D3', 'E4']);

    await clerk.goBack();
    await clerk.goto(`${base}/workbench/units/${UNIT_A}/lists/inspection-items`);
    const fixed = await workbook([
      { name: '检查事项目录', rows: [inspectionRow(101), inspectionRow(102), inspectionRow(103)] },
    ]);
    await upload(clerk, fixed, '完整替换');
    await expect(clerk.getByText('将删除 16 项').isVisible()).resolves.toBe(true);
    await accessible(clerk, 'check-removals');
    await clerk.getByRole('button', { name: '提交审核' }).click();
    await expect(clerk.getByRole('alert').first().textContent()).resolves.toContain('请勾选确认');
    await clerk.getByLabel('确认删除以上 16 项').check();
    await clerk.getByRole('button', { name: '提交审核' }).click();
    await clerk.waitForURL(/\/workbench\/drafts\/d/);
    const draftUrl = clerk.url();
    await expect(clerk.locator('h1').textContent()).resolves.toContain('待审核');
    await accessible(clerk, 'draft');

    // ---- a reviewer of another region sees nothing
    const stranger = await person();
    await signIn(stranger, '法制审核人员', { region: '430981' });
    await stranger.goto(`${base}/workbench/reviews`);
    await expect(stranger.getByText('没有待审核的草稿').isVisible()).resolves.toBe(true);
    const refused = await stranger.goto(draftUrl);
    expect(refused?.status()).toBe(403);

    // ---- the region's reviewer 退回 with two grounds
    const reviewer = await person();
    await signIn(reviewer, '法制审核人员', { region: '210900' });
    await reviewer.goto(`${base}/workbench/reviews`);
    await accessible(reviewer, 'reviews');
    await reviewer.getByRole('link', { name: UNIT_A }).click();
    await accessible(reviewer, 'review');
    await reviewer.getByLabel('事实不清').check();
    await reviewer.getByLabel('适用法律不正确').check();
    await reviewer.getByLabel('审核意见').fill('删除现行事项缺乏依据，请改为增补。');
    await reviewer.getByRole('button', { name: '退回' }).click();
    await expect(reviewer.locator('h1').textContent()).resolves.toContain('已退回');

    // ---- the clerk sees the grounds, revises in 增补修改 mode and resubmits
    await clerk.goto(draftUrl);
    await expect(clerk.getByText('审核理由：事实不清、适用法律不正确').isVisible()).resolves.toBe(true);
    await expect(clerk.getByText('审核意见：删除现行事项缺乏依据，请改为增补。').first().isVisible()).resolves.toBe(
      true,
    );
    await clerk.getByRole('link', { name: '修订并重新提交' }).click();
    const revision = await workbook([
      { name: '检查事项目录', rows: [inspectionRow(2, { 检查频次: '每半年1次' }), inspectionRow(101)] },
    ]);
    await upload(clerk, revision, '增补修改', { removals: 'JC-210900-02-0016' });
    await expect(clerk.getByText('将删除 1 项').isVisible()).resolves.toBe(true);
    await clerk.getByLabel('确认删除以上 1 项').check();
    await clerk.getByRole('button', { name: '提交审核' }).click();
    await clerk.waitForURL(/\/workbench\/drafts\/d/);
    const revisedUrl = clerk.url();
    expect(revisedUrl).not.toBe(draftUrl);

    // ---- the reviewer 批准
    await reviewer.goto(`${base}/workbench/reviews`);
    await reviewer.goto(revisedUrl);
    await reviewer.getByLabel('审核意见').fill('同意');
    await reviewer.getByRole('button', { name: '批准' }).click();
    await expect(reviewer.locator('h1').textContent()).resolves.toContain('已通过并发布');

    // ---- the public portal shows the new version once in force
    rt.clock.set('2024-04-02T02:00:00Z');
    const visitor = await person();
    await visitor.goto(`${base}/units/${UNIT_A}/lists/inspection-items`);
    await expect(visitor.locator('#version-heading').textContent()).resolves.toContain('第2版');
    await expect(visitor.getByText('每半年1次').first().isVisible()).resolves.toBe(true);

    // ---- the auditor sees every step in order
    const auditor = await person();
    await signIn(auditor, '审计人员', { region: '210900' });
    await auditor.goto(`${base}/workbench/audit?unit=${UNIT_A}`);
    await accessible(auditor, 'audit');
    const rows = await auditor
      .locator('table:has(caption:text("共")) tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const steps = ['检查上传文件', '创建草稿', '提交审核', '审核退回', '审核批准并发布'];
    expect(rows.filter((r) => steps.includes(r[5]!) && r[7] === '成功').map((r) => r[5])).toEqual([
      '检查上传文件',
      '检查上传文件',
      '创建草稿',
      '提交审核',
      '审核退回',
      '检查上传文件',
      '创建草稿',
      '提交审核',
      '审核批准并发布',
    ]);
    const [csv] = await Promise.all([
      auditor.waitForEvent('download'),
      auditor.getByRole('link', { name: '导出 CSV' }).click(),
    ]);
    expect(readFileSync((await csv.path())!, 'utf8')).toContain('审核批准并发布');
    expect(checked).toHaveLength(9);
  }, 420_000);

  it('lets an administrator assign an editor, who then signs in by user id and reaches the unit', async () => {
    const admin = await person();
    await signIn(admin, '管理员', { region: '210900', user: 'admin-fx' });
    await admin.goto(`${base}/workbench/admin/assignments`);
    await accessible(admin, 'assignments');
    await admin.getByLabel('用户名').fill('zhangsan');
    await admin.getByLabel('指派角色').selectOption({ label: '填报人员' });
    await admin.getByLabel('统一社会信用代码').fill(UNIT_A);
    await admin.getByRole('button', { name: '指派', exact: true }).click();
    await admin.waitForURL(/done=granted$/);
    await expect(admin.getByRole('status').textContent()).resolves.toContain('已指派');
    await accessible(admin, 'assignments-listed');
    const clerk = await person();
    await signIn(clerk, '仅按指派的角色', { user: 'zhangsan' });
    expect(new URL(clerk.url()).pathname).toBe(`/workbench/units/${UNIT_A}`);
  }, 120_000);

  it('sends an expired session back to sign-in', async () => {
    const page = await person();
    await signIn(page, '填报人员', { uscc: UNIT_A });
    rt.clock.advance(31 * 60_000);
    await page.goto(`${base}/workbench/units/${UNIT_A}`);
    expect(new URL(page.url()).pathname).toBe('/workbench/sign-in');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('登录已过期');
  });
});
