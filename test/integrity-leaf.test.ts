/** The leaf formats: format 2 covers the publication facts, leaves logged as format 1 still decode and rebuild. */
import { describe, expect, it } from 'vitest';
import {
  buildLeaf,
  decodeLeaf,
  encodeLeaf,
  leafDifferences,
  leafFormatOf,
} from '../shared/features/ledger/model/leaf.js';

const meta = {
  unit: '11210900MB1234567X',
  kind: 'no-penalty',
  version: 2,
  status: 'published' as const,
  effectiveFrom: '2024-01-01',
  publishedAt: '2024-01-02T03:04:05.000Z',
  itemCount: 3,
  contentHash: 'ab'.repeat(32),
  previousHash: 'cd'.repeat(32),
  publishedBy: 'reviewer-1',
  source: 'draft:7',
  documentNumber: '沅司发〔2024〕5号',
};

describe('leaf formats', () => {
  it('format 2 carries publisher, source, 文号 and note (null when absent) and says so', () => {
    const leaf = buildLeaf('o', meta, 'ee');
    expect(leaf).toMatchObject({ format: 2, publishedBy: 'reviewer-1', source: 'draft:7', note: null });
    expect(encodeLeaf(leaf)).toContain('"documentNumber":"沅司发〔2024〕5号"');
    expect(decodeLeaf(encodeLeaf(leaf))).toEqual(leaf);
    expect(leafFormatOf(leaf)).toBe(2);
  });

  it('a format 1 leaf, as logged before format 2, decodes and is rebuilt byte for byte', () => {
    const logged =
      '{"contentHash":"' +
      'ab'.repeat(32) +
      '","effectiveFrom":"2024-01-01","itemCount":3,"itemsRoot":"ee","kind":"no-penalty","origin":"o",' +
      '"previousHash":"' +
      'cd'.repeat(32) +
      '","publishedAt":"2024-01-02T03:04:05.000Z","status":"published","unit":"11210900MB1234567X","version":2}';
    const leaf = decodeLeaf(logged);
    expect(leafFormatOf(leaf)).toBe(1);
    expect(encodeLeaf(buildLeaf('o', meta, 'ee', 1))).toBe(logged);
  });

  it('names a changed 文号 among the differences, and rejects unknown fields', () => {
    const a = buildLeaf('o', meta, 'ee');
    const b = buildLeaf('o', { ...meta, documentNumber: '沅司发〔2024〕6号' }, 'ee');
    expect(leafDifferences(a, b)).toEqual(['documentNumber']);
    expect(() => decodeLeaf(encodeLeaf(a).replace('{', '{"extra":1,'))).toThrow();
  });
});
