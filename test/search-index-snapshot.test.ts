/** The stored search index: a region's index written as one file and loaded back answers exactly as the built one. */
import { describe, expect, it } from 'vitest';
import { generateRegion } from '../shared/features/demo/generate.js';
import { decodeIndex, encodeIndex, isIndexFile } from '../shared/features/search/index-snapshot.js';
import { buildSearchIndex, type SearchQuery } from '../shared/features/search/search-index.js';
import { snapshotFromUnits } from '../shared/features/search/snapshot.js';

const units = generateRegion({
  seed: 11,
  regionCode: '210921',
  placeName: '阜新县',
  units: 6,
  sizes: () => ({ 'inspection-items': 40, 'no-penalty': 15, 'light-penalty': 10 }),
  traditionalShare: 0.1,
});
const built = buildSearchIndex(snapshotFromUnits(units, { prefix: '210921', at: '2024-01-01' }));
const file = encodeIndex(built, 'heads-v1');

const QUERIES: SearchQuery[] = [
  { q: '食品' },
  { q: '检查' },
  { q: '衛生許可' },
  { q: '安全生产 检查', limit: 50 },
  { q: '道路运输证', offset: 3, limit: 5 },
  { q: '检查', kind: 'no-penalty' },
  { q: '许可', category: '重点' },
  { q: '', random: true, limit: 100 },
  { q: '没有这样的词语组合' },
];

/** What a search answers, without object identity: the hits' documents, scores, items and fields. */
const answer = (index: ReturnType<typeof buildSearchIndex>, q: SearchQuery) => {
  const r = index.search(q);
  return {
    total: r.total,
    terms: r.terms,
    kinds: r.kinds,
    hits: r.hits.map((h) => ({
      doc: h.doc,
      score: h.score,
      uscc: h.unit.uscc,
      kind: h.list.kind,
      version: h.list.version,
      item: h.item,
      matchedFields: h.matchedFields,
    })),
  };
};

describe('search index snapshot', () => {
  it('loads back the index it stored: every query answers the same, items included', () => {
    const loaded = decodeIndex(file);
    expect(loaded.headsSignature).toBe('heads-v1');
    expect(loaded.index.size).toBe(built.size);
    expect(loaded.index.grams).toBe(built.grams);
    for (const q of QUERIES) expect(answer(loaded.index, q), JSON.stringify(q)).toEqual(answer(built, q));
    expect(answer(built, { q: '检查' }).total).toBeGreaterThan(0);
  });

  it('keeps the snapshot: units, list metadata and every list’s items (parsed when first read)', () => {
    const { index } = decodeIndex(file);
    expect(index.snapshot.signature).toBe(built.snapshot.signature);
    expect(index.snapshot.units).toEqual(built.snapshot.units);
    expect(index.snapshot.lists.map((l) => ({ ...l }))).toEqual(built.snapshot.lists.map((l) => ({ ...l })));
  });

  it('loads from bytes that do not start on an 8-byte boundary (a Buffer slice of a larger read)', () => {
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    const { index } = decodeIndex(shifted.subarray(3));
    expect(answer(index, { q: '食品' })).toEqual(answer(built, { q: '食品' }));
  });

  it('refuses bytes that are not an index snapshot', () => {
    expect(() => decodeIndex(new TextEncoder().encode('{"not":"an index"}'))).toThrow(/not a search index/);
  });

  it('tells a file of an older layout from one it can read, so a loader rebuilds instead of failing', () => {
    const older = file.slice();
    older.set(new TextEncoder().encode('GSX1'), 0);
    expect(isIndexFile(file)).toBe(true);
    expect(isIndexFile(older)).toBe(false);
  });

  it('packs postings into at most 3 bytes per document and gram (gaps and masks as LEB128)', () => {
    const postings = [...built.parts().uni.entries(), ...built.parts().bi.entries()];
    const count = postings.reduce((sum, [, p]) => sum + p.docs.length, 0);
    const header = JSON.parse(
      Buffer.from(file.buffer, file.byteOffset + 8, new DataView(file.buffer).getUint32(4, true)).toString('utf8'),
    ) as { sections: Record<string, { length: number }> };
    const packed = header.sections.uniPacked!.length + header.sections.biPacked!.length;
    expect(packed).toBeLessThanOrEqual(3 * count);
  });
});
