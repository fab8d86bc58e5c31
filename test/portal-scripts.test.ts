/**
 * The portal's two scripts through the real app: a unit whose data was entered in Traditional reads in
 * Simplified glyph forms on a Simplified page and in Traditional on a 繁體 page, while the API and the
 * stored text keep what was entered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { entityKind } from '../shared/core/kinds/index.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, UNIT_A } from './support/fixtures.js';

const TRADITIONAL_NAME = '阜新市生態環境局（測試）';
const SIMPLIFIED_NAME = '阜新市生态环境局（测试）';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: entityKind.id,
    status: 'published',
    items: [entity(UNIT_A, { name: TRADITIONAL_NAME, address: '阜新市府前路32號' })],
    effectiveFrom: '2023-01-01',
    publishedBy: 'seed',
    source: 'seed',
  });
});

const page = async (path: string) => {
  const res = await rt.app.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
};

describe('the portal in Simplified and Traditional', () => {
  it('shows data entered in Traditional in Simplified glyph forms on a Simplified page', async () => {
    const html = await page(`/units/${UNIT_A}`);
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).toContain(SIMPLIFIED_NAME);
    expect(html).toContain('阜新市府前路32号');
    expect(html).not.toContain(TRADITIONAL_NAME);
  });

  it('shows interface and data in Traditional on a 繁體 page, with the switch back in Simplified', async () => {
    const html = await page(`/units/${UNIT_A}?lang=zh-Hant`);
    expect(html).toContain('<html lang="zh-Hant"');
    expect(html).toContain(TRADITIONAL_NAME);
    expect(html).not.toContain(SIMPLIFIED_NAME);
    expect(html).toMatch(/<a class="lang-switch" href="[^"]*lang=zh-CN"[^>]*>简体<\/a>/);
  });

  it('keeps the stored text as entered: the API answers the Traditional name', async () => {
    const res = await rt.app.request(`/v1/units/${UNIT_A}`);
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain(TRADITIONAL_NAME);
  });
});
