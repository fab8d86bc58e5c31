/**
 * The leaf formats: format 2 covers the publication facts, format 3 also the list's own title, preface and foot rows;
 * leaves logged as format 1 or 2 still decode and rebuild.
 */
import { describe, expect, it } from 'vitest';
import { contentHash } from '../shared/core/canonical-json.js';
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
    const leaf = buildLeaf('o', meta, 'ee', 2);
    expect(leaf).toMatchObject({ format: 2, publishedBy: 'reviewer-1', source: 'draft:7', note: null });
    expect(leaf).not.toHaveProperty('listNotesHash');
    expect(encodeLeaf(leaf)).toContain('"documentNumber":"沅司发〔2024〕5号"');
    expect(decodeLeaf(encodeLeaf(leaf))).toEqual(leaf);
    expect(leafFormatOf(leaf)).toBe(2);
  });

  it('format 3, written now, adds the hash of the title, preface and foot rows (null when the list has none)', () => {
    const listNotes = { title: ['沅江市司法局不予处罚事项清单'], footnotes: ['备注：本清单自发布之日起施行。'] };
    const leaf = buildLeaf('o', { ...meta, listNotes }, 'ee');
    expect(leafFormatOf(leaf)).toBe(3);
    expect(leaf).toMatchObject({
      format: 3,
      documentNumber: '沅司发〔2024〕5号',
      listNotesHash: contentHash(listNotes),
    });
    expect(decodeLeaf(encodeLeaf(leaf))).toEqual(leaf);
    expect(buildLeaf('o', meta, 'ee')).toMatchObject({ format: 3, listNotesHash: null });
    const changed = buildLeaf('o', { ...meta, listNotes: { ...listNotes, footnotes: ['备注：另行通知。'] } }, 'ee');
    expect(leafDifferences(leaf, changed)).toEqual(['listNotesHash']);
  });

  it('a format 2 leaf, as logged before format 3, is rebuilt byte for byte whatever notes the version has', () => {
    const logged = encodeLeaf(buildLeaf('o', meta, 'ee', 2));
    expect(leafFormatOf(decodeLeaf(logged))).toBe(2);
    expect(encodeLeaf(buildLeaf('o', { ...meta, listNotes: { title: ['标题'] } }, 'ee', 2))).toBe(logged);
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
