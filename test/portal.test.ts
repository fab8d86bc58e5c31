/**
 * The portal's pages without a browser: status, security headers, accessibility
 * basics (title, landmarks, labelled controls, table headers), escaping, and
 * friendly error pages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRegion, reviseList } from '../shared/features/demo/generate.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { publishUnits } from './support/fixtures.js';

let rt: TestRuntime;
const units = generateRegion({
  seed: 3,
  regionCode: '430981',
  placeName: '沅江市',
  units: 2,
  traditionalShare: 0.2,
  sizes: () => ({ 'inspection-items': 6, 'no-penalty': 4 }),
});
const U = String(units[0]!.entity.uscc);
const EVIL = '<script>window.__pwned=1</script>排污单位"\'&';

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.regions.refreshMs = 0;
  rt.regions.serveStale = false;
  rt.clock.set('2023-01-02T02:00:00Z');
  await publishUnits(rt.registry, units);
  rt.clock.set('2024-03-01T02:00:00Z');
  const revised = reviseList(units[0]!.lists['no-penalty']!, 5, 1);
  revised[0] = { ...revised[0]!, violation: EVIL };
  await rt.registry.publish({
    uscc: U,
    stream: 'no-penalty',
    status: 'published',
    publishedBy: 'test',
    source: 'test',
    effectiveFrom: '2024-03-01',
    items: revised,
  });
});

const page = async (path: string) => {
  const res = await rt.app.request(path);
  return { res, html: await res.text() };
};

const PAGES = () => [
  '/',
  '/?region=430000',
  '/units?region=430981',
  `/search?q=${encodeURIComponent('排污單位')}&region=430981`,
  `/units/${U}`,
  `/units/${U}/lists/no-penalty`,
  `/units/${U}/lists/no-penalty?at=2023-06-01`,
  `/units/${U}/lists/no-penalty/diff?from=1&to=2`,
  '/stats?region=430981',
  '/docs',
];

describe('portal pages', () => {
  it('render a unit page from one Query of its partition (entity, lists, counts and every history)', async () => {
    await page(`/units/${U}`); // warm the immutable-content cache
    rt.requests.reset();
    const { res, html } = await page(`/units/${U}`);
    expect(res.status).toBe(200);
    expect(rt.requests.snapshot()).toEqual({ QueryCommand: 1 });
    expect(html).toContain(String(units[0]!.entity.name));
  });

  it('answer 200 with the strict CSP, a title, landmarks, labelled controls and table headers', async () => {
    for (const path of PAGES()) {
      const { res, html } = await page(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|script-src [^;]*'self'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(html.startsWith('<!DOCTYPE html><html lang="zh-CN">'), path).toBe(true);
      expect(html).toMatch(/<title>[^<]+<\/title>/);
      expect(html).toContain('<main id="main"');
      expect(html).toContain('<nav aria-label="主导航">');
      expect(html).not.toMatch(/<script|style="/);
      // Every visible control sits inside a <label> or is named by one.
      const controls = [...html.matchAll(/<(input|select)\b[^>]*>/g)]
        .map((m) => m[0])
        .filter((t) => !/type="hidden"/.test(t));
      for (const control of controls) {
        const id = /id="([^"]+)"/.exec(control)?.[1];
        const labelled = (id && html.includes(`for="${id}"`)) || labelWraps(html, control);
        expect(labelled, `${path}: ${control}`).toBe(true);
      }
      for (const th of html.matchAll(/<th\b[^>]*>/g)) expect(th[0], path).toMatch(/scope="(col|row|rowgroup)"/);
    }
  });

  it('serves its stylesheet itself', async () => {
    const home = (await page('/')).html;
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home)![1]!;
    const css = await rt.app.request(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(css.headers.get('cache-control')).toContain('immutable');
  });

  it('escapes item text everywhere it is shown', async () => {
    for (const path of [
      `/units/${U}/lists/no-penalty`,
      `/search?q=${encodeURIComponent('pwned')}&region=430981`,
      `/units/${U}/lists/no-penalty/diff?from=1&to=2`,
    ]) {
      const { html } = await page(path);
      // (search marks the matched word inside it, so check the escaped tag, not the whole string)
      expect(html, path).toContain('&lt;script&gt;window.__');
      expect(html, path).toContain('&lt;/script&gt;');
      expect(html).not.toContain('<script>');
    }
  });

  it('finds Traditional text with a Simplified query and marks the match in the original characters', async () => {
    const trad = units
      .flatMap((u) => [...(u.lists['no-penalty'] ?? []), ...(u.lists['inspection-items'] ?? [])])
      .find((i) => /[對違規單]/.test(String(i.violation ?? i.name)));
    expect(trad).toBeDefined();
    const { html } = await page(`/search?q=${encodeURIComponent('检查')}&region=430981`);
    expect(html).toMatch(/<mark>檢查<\/mark>|<mark>检查<\/mark>/);
    expect(html).toMatch(/清单事项 共 \d+ 条/);
  });

  it('shows the version in force on the chosen date, the timeline and the downloads', async () => {
    const today = (await page(`/units/${U}/lists/no-penalty`)).html;
    expect(today).toContain('第2版');
    expect(today).toContain(`/v1/units/${U}/lists/no-penalty/versions/2?format=csv`);
    expect(today).toContain('版本时间线');
    const before = (await page(`/units/${U}/lists/no-penalty?at=2023-06-01`)).html;
    expect(before).toMatch(/<h2 id="version-heading">第1版/);
    const none = await page(`/units/${U}/lists/no-penalty?at=2022-06-01`);
    expect(none.res.status).toBe(200);
    expect(none.html).toContain('2022-06-01 该清单尚未施行，没有施行中的版本。');
  });

  it('highlights changed characters in the diff', async () => {
    const { html } = await page(`/units/${U}/lists/no-penalty/diff?from=1&to=2`);
    expect(html).toMatch(/新增 \d+ 项，删除 \d+ 项，修改 \d+ 项/);
    expect(html).toMatch(/<ins>[^<]+<\/ins>/);
    expect(html).toMatch(/<del>[^<]+<\/del>/);
  });

  it('renders the statistics with SVG charts and the exact summary', async () => {
    const { html } = await page('/stats?region=430981&at=2023-06-01');
    expect(html).toContain('<svg class="chart" role="img"');
    expect(html).not.toContain('2 units; 12 inspection items');
    expect(html).toContain('执法主体 2 个');
  });

  it('answers client mistakes with a Chinese error page, not JSON and not 500', async () => {
    const cases: Array<[string, number]> = [
      ['/units/NOT-A-CODE', 400],
      ['/units/11430981150981099X', 404],
      [`/units/${U}/lists/nope`, 404],
      [`/units/${U}/lists/no-penalty?at=2023-02-30`, 400],
      [`/units/${U}/lists/no-penalty/diff?from=1&to=9`, 404],
      [`/units/${U}/lists/no-penalty/diff`, 400],
      ['/search?q=x&category=特别', 400],
      ['/?region=4', 400],
      ['/stats?from=2024-02-01&to=2024-01-01', 400],
    ];
    for (const [path, status] of cases) {
      const { res, html } = await page(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain('role="alert"');
    }
  });

  it('renders a unit page anew when what it reads changed, and from memory when nothing did', async () => {
    const other = String(units[1]!.entity.uscc);
    const first = await page(`/units/${other}`);
    rt.requests.reset();
    const again = await page(`/units/${other}`);
    expect(rt.requests.snapshot()).toEqual({ QueryCommand: 1 });
    expect(again.html).toBe(first.html);
    expect(await page(`/units/${other}?lang=zh-Hant`).then((p) => p.html)).toContain('<html lang="zh-Hant"');
    await rt.registry.publish({
      uscc: other,
      stream: 'no-penalty',
      status: 'published',
      publishedBy: 'test',
      source: 'test',
      effectiveFrom: '2024-03-01',
      items: reviseList(units[1]!.lists['no-penalty']!, 7, 1),
    });
    const after = await page(`/units/${other}`);
    expect(after.html).not.toBe(first.html);
    expect(after.html).toContain('第2版');
    expect(first.html).not.toContain('第2版');
  });
});

/** True when the control appears between a <label> and its </label>. */
function labelWraps(html: string, control: string): boolean {
  const at = html.indexOf(control);
  const open = html.lastIndexOf('<label', at);
  const close = html.lastIndexOf('</label>', at);
  return open >= 0 && open > close;
}
