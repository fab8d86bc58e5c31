/**
 * The portal as members of the public use it, in Chromium (playwright-core) with axe-core: every
 * page type, in Simplified and Traditional, at desktop (1366 px) and phone (390 px) widths, has no
 * axe violation of any impact; nothing scrolls sideways at 320 px; a bounded crawl from / finds no
 * broken link; a unit is found by its credit code and by its name typed in Traditional; a list
 * prints to A4 with every column header; every focusable element shows a focus outline of at least 3:1
 * against the colours beside it. One browser, one page, reused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { CHROMIUM, launchChromium, serveOnLoopback } from '../testing/browser.js';
import { type FocusIndicator, MEASURE_FOCUS_INDICATORS } from '../testing/focus-indicators.js';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listKinds } from '../shared/core/kinds/index.js';
import { toTraditional } from '../shared/core/traditional.js';
import { generateRegion, reviseList } from '../shared/features/demo/generate.js';
import { importTargets } from '../shared/features/inspections/index.js';
import { generateOfficers } from '../shared/features/officers/index.js';
import { targetsCsv } from '../testing/inspections.js';
import { testSequencer } from '../testing/sequencer.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { publishUnits } from './support/fixtures.js';

const available = existsSync(CHROMIUM);
const AXE = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

const units = generateRegion({
  seed: 23,
  regionCode: '430981',
  placeName: '沅江市',
  units: 3,
  sizes: () => ({ 'inspection-items': 6, 'no-penalty': 4, 'lighter-penalty': 3 }),
});
const U = String(units[0]!.entity.uscc);
const UNIT_NAME = String(units[0]!.entity.name);
const DOMAIN = String(units[0]!.entity.domain);
const OTHER = units[1]!;
/** The kind with the most columns: the widest table to print. */
// The widest of the lists the test unit publishes (the kinds added later are not in its fixture).
const WIDEST = [...listKinds]
  .filter((k) =>
    ['inspection-items', 'no-penalty', 'lighter-penalty', 'reduced-penalty', 'no-coercive-measures'].includes(k.id),
  )
  .sort((a, b) => b.columns.length - a.columns.length)[0]!;

/**
 * The text of every page of a PDF, in reading order, through pdf.js (the Node build), and the pieces of text that lie
 * wholly or partly outside their page (cut off when printed).
 */
async function pdfText(pdf: Buffer): Promise<{ text: string; outside: string[] }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    cMapUrl: 'node_modules/pdfjs-dist/cmaps/',
    cMapPacked: true,
    standardFontDataUrl: 'node_modules/pdfjs-dist/standard_fonts/',
  }).promise;
  const pages: string[] = [];
  const outside: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [left, bottom, right, top] = page.view as [number, number, number, number];
    const items = (await page.getTextContent()).items.flatMap((item) => ('str' in item ? [item] : []));
    pages.push(items.map((item) => item.str).join(''));
    for (const item of items) {
      const [x, y] = [item.transform[4] as number, item.transform[5] as number];
      if (item.str.trim() && (x < left || x + item.width > right || y < bottom || y > top)) outside.push(item.str);
    }
  }
  await doc.destroy();
  return { text: pages.join('\n'), outside };
}

interface AxeViolation {
  id: string;
  impact: string;
  nodes: Array<{ target: string[] }>;
}

describe.skipIf(!available)('the portal for everyone, in Chromium with axe-core', () => {
  let rt: TestRuntime;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let page: Page;
  /** What beforeAll published beside the lists: a decision, a draw and the unit's officers. */
  const seeded = { decisionId: '', drawId: '', validCertificate: '', cancelledCertificate: '' };

  const PAGES = () => ({
    home: '/',
    'search (no query)': '/search',
    'search (results)': `/search?q=${encodeURIComponent('检查')}`,
    'search (none)': `/search?q=${encodeURIComponent('不存在的事项词')}`,
    units: '/units?region=430981',
    unit: `/units/${U}`,
    'unit (past date)': `/units/${U}?at=2023-06-01`,
    'list (today)': `/units/${U}/lists/no-penalty`,
    'list (past date)': `/units/${U}/lists/no-penalty?at=2023-06-01`,
    'list (chosen version)': `/units/${U}/lists/no-penalty?v=1`,
    'list (as known on)': `/units/${U}/lists/no-penalty?asOf=2023-06-01T09:00`,
    'list (scheduled version)': `/units/${U}/lists/no-penalty?v=3`,
    'list (widest)': `/units/${U}/lists/${WIDEST.id}`,
    diff: `/units/${U}/lists/no-penalty/diff?from=1&to=2`,
    stats: '/stats?region=430981',
    'decisions (unit)': `/units/${U}/decisions`,
    decision: `/decisions/${seeded.decisionId}`,
    draws: `/units/${U}/draws`,
    draw: `/units/${U}/draws/${seeded.drawId}`,
    'certificates (lookup)': '/certificates',
    'certificate (valid)': `/certificates/${seeded.validCertificate}`,
    'certificate (past date)': `/certificates/${seeded.validCertificate}?at=2023-06-01`,
    'certificate (cancelled)': `/certificates/${seeded.cancelledCertificate}`,
    'certificate (unknown)': '/certificates/430981Z999999',
    'certificates (cancelled)': '/certificates/cancelled?region=430981&from=2023-01-01',
    docs: '/docs',
    error: '/no-such-page',
  });

  const axe = async (): Promise<AxeViolation[]> => {
    if ((await page.evaluate('typeof window.axe')) === 'undefined') await page.addScriptTag({ content: AXE });
    return (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({
      id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => ({ target: n.target })) })))`)) as AxeViolation[];
  };

  beforeAll(async () => {
    rt = await createTestRuntime();
    rt.regions.refreshMs = 0;
    rt.regions.serveStale = false;
    rt.clock.set('2023-01-02T02:00:00Z');
    await publishUnits(rt.registry, units);
    rt.clock.set('2024-03-01T02:00:00Z');
    const publish = (stream: string, effectiveFrom: string, items: Array<Record<string, unknown>>, repeal = false) =>
      rt.registry.publish({
        uscc: U,
        stream,
        status: repeal ? 'repealed' : 'published',
        publishedBy: 'test',
        source: 'test',
        effectiveFrom,
        documentNumber: '沅司发〔2024〕5号',
        items,
      });
    await publish('no-penalty', '2024-03-01', reviseList(units[0]!.lists['no-penalty']!, 9, 1));
    // A version scheduled for later, and a list repealed.
    await publish('no-penalty', '2024-09-01', reviseList(units[0]!.lists['no-penalty']!, 10, 2));
    await publish('lighter-penalty', '2024-03-01', [], true);
    await seedOfficersDecisionAndDraw();
    rt.clock.set('2024-05-06T02:00:00Z');

    ({ server, base } = await serveOnLoopback(rt.app.fetch));
    browser = await launchChromium();
    // bypassCSP lets the test inject axe-core into pages whose policy forbids every script.
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1366, height: 900 },
      bypassCSP: true,
    });
    page = await context.newPage();
  }, 120_000);

  /** The unit's 执法人员名单, one published decision naming two of its officers, and one executed draw. */
  async function seedOfficersDecisionAndDraw() {
    const officers = generateOfficers({
      seed: 23,
      year: 2023,
      units: [{ uscc: U, regionCode: '430981', domain: DOMAIN, name: UNIT_NAME }],
      officers: 12,
      supervision: 0,
      issuedInYear: 2,
      cancelled: 2,
      suspended: 0,
      expired: 0,
    }).get(U)!;
    await rt.registry.publish({
      uscc: U,
      stream: 'officers',
      status: 'published',
      publishedBy: 'test',
      source: 'test',
      effectiveFrom: '2024-03-01',
      documentNumber: '沅司发〔2024〕6号',
      items: officers,
    });
    await rt.officers.settled();
    const numbers = (status: string) =>
      officers
        .filter((o) => o.status === status && String(o.issuedOn) < '2023-06-01')
        .map((o) => String(o.certificateNumber));
    const [first, second] = numbers('有效');
    seeded.validCertificate = first!;
    seeded.cancelledCertificate = officers.find((o) => o.status === '注销')!.certificateNumber as string;

    rt.clock.set('2024-05-06T01:00:00Z');
    const { decision } = await rt.decisions.decisions.record(
      U,
      {
        number: '沅市监罚〔2024〕12号',
        type: '行政处罚',
        party: { name: '沅江市示例食品有限公司', type: '法人', uscc: '91430981MA4L12345X', representative: '王某' },
        facts: '当事人销售超过保质期的食品。',
        basis: '《中华人民共和国食品安全法》第一百二十四条',
        penaltyKinds: ['罚款'],
        fineYuan: 50000,
        content: '罚款人民币伍万元。',
        procedure: '普通',
        decisionDate: '2024-04-26',
        officers: [first, second],
      },
      { publish: true },
    );
    seeded.decisionId = decision.id;

    await importTargets(rt.registry, {
      uscc: U,
      bytes: targetsCsv(30),
      effectiveFrom: '2024-01-01',
      publishedBy: 'test',
      source: 'test',
    });
    const [plan] = await rt.inspections.importPlans(U, {
      header: [
        '计划名称',
        '任务名称',
        '抽查事项',
        '抽查对象范围',
        '抽查比例(及频次)',
        '实施时间',
        '发起部门',
        '配合部门',
      ],
      rows: [
        {
          row: 2,
          cells: [
            '2024年度双随机抽查工作计划',
            '食品经营抽查',
            'SJ-001',
            '辖区食品经营者',
            '抽取3户',
            '2024年5月',
            DOMAIN,
            '',
          ],
        },
      ],
    });
    const committed = await rt.inspections.commitDraw(U, { planId: plan!.planId, taskId: 'T01', category: DOMAIN });
    // The commitment enters the transparency log before its round, as a draw requires.
    await testSequencer({
      client: rt.client,
      tableName: rt.tableName,
      streams: rt.registry.store,
      clock: rt.clock.now,
    })();
    rt.clock.set('2024-05-06T01:05:00Z');
    seeded.drawId = (await rt.inspections.executeDraw(U, committed.drawId)).drawId;
  }

  // The language choice is a cookie: each test starts in Simplified.
  beforeEach(async () => {
    await page?.context().clearCookies();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  for (const lang of ['zh-CN', 'zh-Hant'] as const) {
    for (const width of [1366, 390]) {
      it(`has no axe violation on any page type (${lang}, ${width} px)`, async () => {
        await page.setViewportSize({ width, height: 900 });
        const found: string[] = [];
        for (const [name, path] of Object.entries(PAGES())) {
          const sep = path.includes('?') ? '&' : '?';
          const res = await page.goto(`${base}${path}${sep}lang=${lang}`);
          expect(res?.status(), name).toBe(name === 'error' || name === 'certificate (unknown)' ? 404 : 200);
          expect(await page.getAttribute('html', 'lang'), name).toBe(lang);
          const violations = await axe();
          for (const v of violations)
            found.push(`${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        }
        expect(found).toEqual([]);
      }, 240_000);
    }
  }

  /** The page types whose focus indicators are measured: one of each layout. */
  const FOCUS_PAGES: Array<keyof ReturnType<typeof PAGES>> = [
    'home',
    'search (results)',
    'units',
    'unit',
    'list (today)',
    'list (past date)',
    'diff',
    'stats',
    'decision',
    'draw',
    'certificate (valid)',
    'docs',
    'error',
  ];

  for (const width of [1366, 390]) {
    it(`shows a focus indicator of ≥ 2 px and 3:1 contrast on every focusable element (${width} px)`, async () => {
      await page.setViewportSize({ width, height: 900 });
      const pages = PAGES();
      const failing: string[] = [];
      let measured = 0;
      for (const name of FOCUS_PAGES) {
        await page.goto(`${base}${pages[name]}`);
        // A key press first, so that focus from script counts as keyboard focus (:focus-visible).
        await page.keyboard.press('Tab');
        const indicators = (await page.evaluate(MEASURE_FOCUS_INDICATORS)) as FocusIndicator[];
        expect(indicators.length, name).toBeGreaterThan(0);
        measured += indicators.length;
        for (const f of indicators)
          if (!f.focusVisible || f.width < 2 || f.contrast < 3)
            failing.push(
              `${name}: ${f.element} outline ${f.width}px ${f.outline} on ${f.inside}/${f.outside} ${f.contrast}:1`,
            );
      }
      expect(failing).toEqual([]);
      expect(measured).toBeGreaterThan(100);
    }, 120_000);
  }

  it('never scrolls sideways at 320 px', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    const wide: Record<string, number> = {};
    for (const [name, path] of Object.entries(PAGES())) {
      await page.goto(`${base}${path}`);
      const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      if (scrollWidth > 320) wide[name] = scrollWidth;
    }
    expect(wide).toEqual({});
  }, 120_000);

  it('shows each item as a card with its column names on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${base}/units/${U}/lists/no-penalty`);
    const display = await page.evaluate("getComputedStyle(document.querySelector('table.items tbody tr')).display");
    expect(display).toBe('block');
    expect(await page.locator('details.filters').count()).toBe(0);
    await page.goto(`${base}/search?q=${encodeURIComponent('检查')}`);
    // Results first, the full form folded below them.
    const order = await page.evaluate(`(() => {
      const results = document.querySelector('#results-heading');
      const filters = document.querySelector('details.filters');
      return Boolean(results.compareDocumentPosition(filters) & Node.DOCUMENT_POSITION_FOLLOWING) && !filters.open;
    })()`);
    expect(order).toBe(true);
  });

  it('finds a unit first by its full or partial credit code and by its name in Traditional', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    const code = String(OTHER.entity.uscc);
    for (const q of [code, code.slice(0, 12).toLowerCase(), toTraditional(String(OTHER.entity.name))]) {
      await page.goto(`${base}/`);
      await page.getByLabel('检索执法主体名称、统一社会信用代码或执法事项（简体、繁体均可）').fill(q);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?/);
      const first = page.locator('section.unit-hits li a.name').first();
      if (q === code || q !== code.slice(0, 12).toLowerCase()) {
        await expect(first.textContent(), q).resolves.toBe(OTHER.entity.name);
      } else {
        await expect(page.locator('section.unit-hits li a.name').count()).resolves.toBeGreaterThan(0);
      }
    }
    await page.goto(`${base}/units?name=${encodeURIComponent(code.slice(-6))}`);
    await expect(page.locator('table.cards tbody th a').first().textContent()).resolves.toBe(OTHER.entity.name);
  });

  it('tells at a glance whether a page shows what is in force today', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/units/${U}/lists/no-penalty?at=2023-06-01`);
    await expect(page.locator('.banner').textContent()).resolves.toContain('今天（2024-05-06）现行有效的是第2版');
    await expect(page.locator('#version-heading .badge').textContent()).resolves.toBe(
      '已被第2版取代（自 2024-03-01 起）',
    );
    await page.getByRole('link', { name: '查看现行有效的第2版' }).click();
    await expect(page.locator('.banner').count()).resolves.toBe(0);
    await expect(page.locator('.notice').textContent()).resolves.toContain('已公布第3版，将自 2024-09-01 起施行');
    await page.goto(`${base}/units/${U}?at=2023-06-01`);
    // On a past date the superseded version is never called 现行有效.
    const row = page.locator('#lists ~ div tbody tr', { hasText: '不予处罚事项清单' });
    await expect(row.locator('.badge').textContent()).resolves.toBe('已被第2版取代（自 2024-03-01 起）');
    await expect(
      page.locator('#lists ~ div tbody tr', { hasText: '从轻处罚' }).locator('.badge').textContent(),
    ).resolves.toBe('已废止（自 2024-03-01 起）');
  });

  it('switches to Traditional and back, keeping the view, remembered without JavaScript', async () => {
    await page.goto(`${base}/units/${U}/lists/no-penalty?at=2023-06-01`);
    await page.getByRole('link', { name: '繁體' }).click();
    expect(page.url()).toContain('at=2023-06-01');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    await expect(page.locator('h1').textContent()).resolves.toContain('不予處罰事項清單');
    await page.goto(`${base}/units`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    await page.getByRole('link', { name: '简体' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('prints a list to A4 with every column header, the print header and QR code, and no navigation', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/units/${U}/lists/${WIDEST.id}`);
    await page.emulateMedia({ media: 'print' });
    // A4 landscape less 10 mm margins is 277 mm ≈ 1047 CSS px.
    await page.setViewportSize({ width: 1047, height: 740 });
    const layout = (await page.evaluate(`(() => {
      const visible = (el) => el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0;
      const headers = [...document.querySelectorAll('table.items thead th')];
      return {
        headers: headers.map((th) => th.textContent),
        overflowing: headers.filter((th) => th.getBoundingClientRect().right > 1047).map((th) => th.textContent),
        nav: visible(document.querySelector('header.site')),
        printHeader: visible(document.querySelector('.print-header')),
        qr: visible(document.querySelector('.print-header svg.qr')),
        text: document.querySelector('.print-header').textContent,
      };
    })()`)) as {
      headers: string[];
      overflowing: string[];
      nav: boolean;
      printHeader: boolean;
      qr: boolean;
      text: string;
    };
    expect(layout.headers).toEqual(WIDEST.columns.map((c) => c.column));
    expect(layout.overflowing).toEqual([]);
    expect(layout).toMatchObject({ nav: false, printHeader: true, qr: true });
    expect(layout.text).toContain('施行日期');
    expect(layout.text).toContain('内容哈希');
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: false });
    await page.emulateMedia({ media: 'screen' });
    // What the printed page says, as text extracted from the PDF; wrapping splits words, so spaces are dropped.
    const { text, outside } = await pdfText(pdf);
    const printed = text.replace(/\s+/g, '');
    const { meta: version } = await rt.registry.getListInForce(U, WIDEST.id);
    // Without a CJK font Chromium prints every Chinese character as a blank glyph with no text behind it.
    expect(printed, 'the PDF has no Chinese text: is a CJK font installed (.ci/run)?').toContain(UNIT_NAME);
    expect(printed).toContain(WIDEST.label);
    expect(printed).toContain(`版本第${version.version}版`);
    expect(printed).toContain(`施行日期${version.effectiveFrom}`);
    expect(printed).toContain(`内容哈希${version.contentHash}`);
    expect(printed).toContain(`网址${base}/units/${U}/lists/${WIDEST.id}?v=${version.version}`);
    expect(WIDEST.columns.filter((c) => !printed.includes(c.column.replace(/\s+/g, '')))).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('finds no broken link in a bounded crawl from / (portal pages and the /docs examples)', async () => {
    const seen = new Set<string>(['/']);
    const queue = ['/', '/docs', '/robots.txt', '/sitemap.xml', '/favicon.ico'];
    const broken: Record<string, number> = {};
    let fetched = 0;
    while (queue.length > 0 && fetched < 250) {
      const path = queue.shift()!;
      const res = await fetch(`${base}${path}`);
      fetched++;
      if (res.status !== 200) broken[path] = res.status;
      if (!res.headers.get('content-type')?.startsWith('text/html')) {
        await res.arrayBuffer();
        continue;
      }
      const body = await res.text();
      for (const [, raw] of body.matchAll(/href="([^"#]+)(#[^"]*)?"/g)) {
        const href = raw!.replace(/&amp;/g, '&');
        if (!href.startsWith('/') || href.startsWith('//')) continue;
        // The crawl follows a sample of paging and language links, not every combination.
        const key = href.replace(/([?&])(page|lang)=[^&]*/g, '$1');
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push(href);
      }
    }
    expect(fetched).toBeGreaterThan(30);
    expect(broken).toEqual({});
  }, 180_000);

  it('answers unknown portal paths with the Chinese error page, unknown API paths with JSON', async () => {
    const html = await fetch(`${base}/no-such-page`);
    expect(html.status).toBe(404);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('没有找到这个页面');
    const api = await fetch(`${base}/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('lists every unit and list in sitemap.xml and points robots.txt at it', async () => {
    const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
    for (const u of units) expect(sitemap).toContain(`/units/${String(u.entity.uscc)}</loc>`);
    expect(sitemap).toContain(`/units/${U}/lists/no-penalty</loc>`);
    expect(await (await fetch(`${base}/robots.txt`)).text()).toContain(`Sitemap: ${base}/sitemap.xml`);
    expect(UNIT_NAME.length).toBeGreaterThan(0);
  });
});
