/**
 * The portal in a real browser: Debian's Chromium (headless) driven by
 * playwright-core against the local server (@hono/node-server on a free port) on a
 * test table with generated data. One browser, one page, several steps; a
 * screenshot of each page goes to test-artifacts/.
 *
 * Without /usr/bin/chromium the tests are skipped with a message, except in CI
 * (CI=true), where a missing browser is a failure.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegion, reviseList } from '../shared/features/demo/generate.js';
import { toTraditional } from '../shared/core/traditional.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { publishUnits } from './support/fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');

if (!available && !inCi) {
  console.warn(
    `browser tests NOT RUN: no Chromium at ${CHROMIUM} (install it with: apt-get install ` +
      `chromium; or set CHROMIUM_PATH). In CI (CI=true) this is a failure.`,
  );
}

describe.runIf(!available && inCi)('browser tests in CI', () => {
  it('need Chromium', () => {
    throw new Error(`Chromium is missing at ${CHROMIUM}; CI must install it (.ci/run installs the chromium package)`);
  });
});

const units = generateRegion({
  seed: 11,
  regionCode: '430981',
  placeName: '沅江市',
  units: 2,
  sizes: () => ({ 'inspection-items': 5, 'no-penalty': 4 }),
});
const U = String(units[0]!.entity.uscc);
const UNIT_NAME = String(units[0]!.entity.name);
const EVIL = '<script>window.__pwned=1</script>责令改正';
/** A Simplified item the test finds by typing its name in Traditional characters. */
const TARGET = units[1]!.lists['inspection-items']![2]!;

describe.skipIf(!available)('the portal in Chromium', () => {
  let rt: TestRuntime;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let page: Page;

  const shot = async (name: string, fullPage = true) => {
    await page.screenshot({ path: join(ARTIFACTS, `browser-${name}.png`), fullPage });
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    rt = await createTestRuntime();
    rt.clock.set('2023-01-02T02:00:00Z');
    await publishUnits(rt.registry, units);
    rt.clock.set('2024-03-01T02:00:00Z');
    const revised = reviseList(units[0]!.lists['no-penalty']!, 9, 1);
    revised[1] = { ...revised[1]!, measures: EVIL };
    await rt.registry.publish({
      uscc: U,
      stream: 'no-penalty',
      status: 'published',
      publishedBy: 'test',
      source: 'test',
      effectiveFrom: '2024-03-01',
      items: revised,
    });

    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({
      acceptDownloads: true,
      locale: 'zh-CN',
      viewport: { width: 1100, height: 900 },
    });
    page = await context.newPage();
    page.on('dialog', (d) => void d.dismiss());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('searches in Traditional characters and finds the Simplified item', async () => {
    await page.goto(`${base}/`);
    await expect(page.title()).resolves.toContain('首页');
    await shot('home');
    // Keyboard: the first Tab reaches the skip link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('跳到正文');
    const query = toTraditional(String(TARGET.name));
    expect(query).not.toBe(TARGET.name);
    await page.getByLabel('检索执法主体名称、统一社会信用代码或执法事项（简体、繁体均可）').fill(query);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?/);
    const first = page.locator('ol.results li h3').first();
    await expect(first.textContent()).resolves.toBe(TARGET.name);
    expect(await page.locator('ol.results li h3 mark').first().textContent()).toBe(TARGET.name);
    await shot('search');
  });

  it('opens a unit and its list, and switches the "in force on" date', async () => {
    await page.goto(`${base}/units/${U}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(UNIT_NAME);
    await shot('unit');
    await page.getByRole('link', { name: '不予处罚事项清单' }).first().click();
    await page.waitForURL(/\/lists\/no-penalty/);
    await expect(page.locator('#version-heading').textContent()).resolves.toContain('第2版');
    await page.getByLabel('查看某日施行的版本').fill('2023-06-01');
    await page.getByRole('button', { name: '查看' }).first().click();
    await page.waitForURL(/at=2023-06-01/);
    await expect(page.locator('#version-heading').textContent()).resolves.toContain('第1版');
    await shot('list-2023-06-01');
  });

  it('opens a diff and sees the changed text highlighted', async () => {
    await page.goto(`${base}/units/${U}/lists/no-penalty`);
    await page.getByLabel('比对：从').selectOption('1');
    await page.getByLabel('到').selectOption('2');
    await page.getByRole('button', { name: '比对' }).click();
    await page.waitForURL(/\/diff\?from=1&to=2/);
    const ins = page.locator('tr.changed ins').first();
    await expect(ins.isVisible()).resolves.toBe(true);
    expect((await ins.textContent())!.length).toBeGreaterThan(0);
    const background = await ins.evaluate(
      (el) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el)
          .backgroundColor,
    );
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    await shot('diff');
  });

  it('downloads the CSV of the version shown', async () => {
    await page.goto(`${base}/units/${U}/lists/no-penalty?at=2023-06-01`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载 CSV' }).click(),
    ]);
    const file = await download.path();
    const csv = readFileSync(file!, 'utf8').replace(/^\uFEFF/, '');
    expect(csv.split(/\r?\n/)[0]).toContain('违法行为');
    expect(csv).toContain(String(units[0]!.lists['no-penalty']![0]!.violation));
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  it('shows a <script> in an item as text and never runs it', async () => {
    await page.goto(`${base}/units/${U}/lists/no-penalty`);
    const cell = page.locator('td', { hasText: '<script>window.__pwned=1</script>' });
    await expect(cell.count()).resolves.toBe(1);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('script').count()).toBe(0);
    await shot('list-escaped');
  });

  it('renders statistics and the API reference', async () => {
    await page.goto(`${base}/stats?region=430981`);
    await expect(page.locator('svg.chart').count()).resolves.toBeGreaterThan(0);
    await shot('stats');
    await page.goto(`${base}/docs`);
    await expect(page.locator('h1').textContent()).resolves.toContain('数据接口');
    await expect(page.locator('code', { hasText: '/v1/search' }).count()).resolves.toBeGreaterThan(0);
    await shot('docs', false); // the whole reference is very tall
  });
});
