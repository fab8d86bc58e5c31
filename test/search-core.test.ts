/** The pure search core: normalisation, terms, index, ranking, filters, highlights. */
import { describe, expect, it } from 'vitest';
import { normalise, queryTerms } from '../shared/features/search/normalise.js';
import { highlightRanges, markedParts, snippet } from '../shared/features/search/highlight.js';
import { buildSearchIndex } from '../shared/features/search/search-index.js';
import { snapshotFromUnits } from '../shared/features/search/snapshot.js';
import { entity, inspectionItem, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

describe('normalisation', () => {
  it('folds Traditional to Simplified, full width to half width, Latin case, and drops punctuation and spaces', () => {
    expect(normalise('對食品經營者的檢查')).toBe('对食品经营者的检查');
    expect(normalise('ＡＢＣ１２３ abc')).toBe('abc123abc');
    expect(normalise('《中华人民共和国食品安全法》第一百二十六条，（一）')).toBe(
      '中华人民共和国食品安全法第一百二十六条一',
    );
    expect(normalise('重點\u3000事項')).toBe('重点事项');
  });

  it('splits queries into terms at spaces and punctuation', () => {
    expect(queryTerms('食品 經營者')).toEqual(['食品', '经营者']);
    expect(queryTerms('《食品安全法》')).toEqual(['食品安全法']);
    expect(queryTerms('  ，。 ')).toEqual([]);
  });
});

describe('highlights', () => {
  it('maps matches back to the original (Traditional, full-width) text', () => {
    const text = '對《食品經營者》ＡＢＣ的檢查';
    const ranges = highlightRanges(text, queryTerms('食品经营者 abc'));
    expect(ranges.map(([a, b]) => text.slice(a, b))).toEqual(['食品經營者', 'ＡＢＣ']);
  });

  it('cuts long texts around the first match and marks parts for escaping renderers', () => {
    const text = `${'甲'.repeat(200)}排污单位${'乙'.repeat(200)}`;
    const s = snippet(text, ['排污单位'], 60);
    expect(s.truncated).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(62);
    expect(
      markedParts(s)
        .filter((p) => p.mark)
        .map((p) => p.text),
    ).toEqual(['排污单位']);
  });
});

describe('the index', () => {
  const units: Array<{ entity: Record<string, unknown>; lists: Record<string, Array<Record<string, unknown>>> }> = [
    {
      entity: entity(UNIT_A),
      lists: {
        'no-penalty': [
          noPenaltyItem(1, { violation: '排污單位公開排放信息不完整', notes: undefined }),
          noPenaltyItem(2, { violation: '施工单位未密闭运输砂石土方', notes: '参照排污单位公开排放信息的情形处理' }),
          noPenaltyItem(3, { violation: '其他情形', domain: '交通运输' }),
        ],
        'inspection-items': [
          inspectionItem(1, { name: '对建筑工地扬尘防治情况的检查' }),
          inspectionItem(7, { name: '对危险废物贮存情况的检查', randomInspection: true }),
          inspectionItem(8, { name: '对食品经营者公示许可证情况的检查', randomInspection: true }),
        ],
      },
    },
    {
      entity: entity(UNIT_B, { regionCode: '210902', name: '阜新市海州区市场监督管理局（示例）', domain: '市场监管' }),
      lists: { 'no-penalty': [noPenaltyItem(1, { violation: '食品经营者未公示投诉举报电话', domain: undefined })] },
    },
  ];
  const index = buildSearchIndex(snapshotFromUnits(units));

  it('finds Traditional items with a Simplified query and the reverse, without spaces', () => {
    const r = index.search({ q: '排污单位公开' });
    expect(r.total).toBe(2);
    expect(r.hits[0]!.item.violation).toBe('排污單位公開排放信息不完整');
    expect(index.search({ q: '施工單位' }).total).toBe(1);
    expect(index.search({ q: '砂石土' }).total).toBe(1);
  });

  it('ranks matches in the violation above matches in notes', () => {
    const r = index.search({ q: '排污单位公开排放信息' });
    expect(r.hits.map((h) => h.matchedFields[0])).toEqual(['violation', 'notes']);
    expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score);
  });

  it('requires every term, and confirms longer terms against the text (bigrams alone are not proof)', () => {
    expect(index.search({ q: '排污 施工' }).total).toBe(1);
    expect(index.search({ q: '单位公开排污' }).total).toBe(0);
    expect(index.search({ q: '不存在的词' }).total).toBe(0);
  });

  it('filters by region prefix, unit, kind, domain, category and 双随机', () => {
    expect(index.search({ q: '未', region: '2109' }).total).toBe(2);
    expect(index.search({ q: '未', region: '210902' }).total).toBe(1);
    expect(index.search({ q: '未', unit: UNIT_B }).hits[0]!.unit.uscc).toBe(UNIT_B);
    expect(index.search({ kind: 'inspection-items' }).total).toBe(3);
    expect(index.search({ kind: 'inspection-items', category: '重点' }).total).toBe(1);
    expect(index.search({ kind: 'inspection-items', random: true }).total).toBe(2);
    expect(index.search({ domain: '交通運輸' }).total).toBe(1);
    // An item without a domain takes its unit's.
    expect(index.search({ q: '食品经营者', domain: '市场监管' }).total).toBe(1);
  });

  it('reports the total, matches per kind, and pages', () => {
    const all = index.search({ q: '检查', limit: 2 });
    expect(all.total).toBe(3);
    expect(all.hits).toHaveLength(2);
    expect(all.kinds).toEqual({ 'inspection-items': 3 });
    expect(index.search({ q: '检查', offset: 2, limit: 2 }).hits).toHaveLength(1);
  });
});
