/**
 * toSimplified converts only the runs of text a dictionary key starts in; these tests hold it to the output of
 * opencc-js converting the whole text at once (Hong Kong forms, then Taiwan forms, to Simplified).
 */
import { readFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js/t2cn';
import { describe, expect, it } from 'vitest';
import { matchKey, memoisedMatchKey, toSimplified } from '../shared/core/text.js';
import { toTraditional } from '../shared/core/traditional.js';

const hongKong = OpenCC.Converter({ from: 'hk', to: 'cn' });
const taiwan = OpenCC.Converter({ from: 'tw', to: 'cn' });
const wholeText = (text: string) => taiwan(hongKong(text));

const readme = (name: string) => readFileSync(new URL(`../node_modules/opencc-js/${name}`, import.meta.url), 'utf8');

describe('toSimplified', () => {
  it('gives what converting the whole text gives, for Traditional prose with markup and Latin text', () => {
    for (const text of [readme('README-zh-TW.md'), readme('README-zh-CN.md'), readme('README.md')]) {
      expect(toSimplified(text)).toBe(wholeText(text));
    }
  });

  it('gives what converting the whole text gives, for phrases, surrogate pairs and description sequences', () => {
    const samples = [
      '軟體開發<b>著名</b>的乾隆年間，後來的髮型與頭髮',
      '滙豐銀行 臺灣 <td>檢查事項</td> 𠮷野家 ⿰氵每 與 ⿱艹⿰日月 1個',
      '行政處罰裁量基準：違反《食品安全法》第一百二十四條，沒收違法所得',
      `<p>${toTraditional('市场监督管理局对食品经营者的检查事项清单，每年1次，随机抽取')}</p>`,
      'ASCII only: <a href="/units?lang=zh-Hant">x</a>',
    ];
    for (const text of samples) expect(toSimplified(text)).toBe(wholeText(text));
  });

  it('gives the same output again for text it has converted before (the runs it remembers)', () => {
    const page = readme('README-zh-TW.md');
    const first = toSimplified(page);
    expect(toSimplified(page)).toBe(first);
    expect(toSimplified(`${page}<p>後來</p>`)).toBe(wholeText(`${page}<p>後來</p>`));
    expect(toSimplified(page.slice(0, 200))).toBe(wholeText(page.slice(0, 200)));
  });

  it('converts Traditional forms inside a page and leaves the Simplified text around them as it was', () => {
    const page = '<h1>检查事项清单</h1><td>對食品經營者的檢查</td><td>每年1次</td>';
    expect(toSimplified(page)).toBe('<h1>检查事项清单</h1><td>对食品经营者的检查</td><td>每年1次</td>');
  });
});

describe('memoisedMatchKey', () => {
  it('answers as matchKey does, for repeated texts and past the number of texts it remembers', () => {
    const keyOf = memoisedMatchKey(4);
    const texts = ['對食品經營者的檢查', '重點 檢查', 'Ａ１', ...Array.from({ length: 9 }, (_, i) => `違法行為${i}`)];
    for (const text of [...texts, ...texts.reverse(), '重點 檢查', '重點 檢查'])
      expect(keyOf(text)).toBe(matchKey(text));
  });
});
