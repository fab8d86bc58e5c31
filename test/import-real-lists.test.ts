/**
 * Lists as governments really publish them (test/fixtures/real-lists): each file imports with no hints, with the
 * mapping, the item count and every published text accounted for.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findKind, type RecordKind } from '../shared/core/kinds/index.js';
import { normaliseText } from '../shared/core/text.js';
import { kindOfFileName, parseListFile, type ParsedFile } from '../shared/features/spreadsheets/index.js';
import { corpus, type CorpusEntry } from './fixtures/real-lists/corpus.js';
import { hashContent } from '../shared/core/versions.js';
import { listFile } from '../shared/features/exports/list-export.js';
import { sheetToRecords } from '../shared/features/spreadsheets/sheet-records.js';

async function exported(
  k: RecordKind,
  format: 'csv' | 'xlsx',
  items: Array<Record<string, unknown>>,
): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const p of listFile(k, format, items))
    parts.push(typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p));
  return new Uint8Array(Buffer.concat(parts));
}

const DIR = join(import.meta.dirname, 'fixtures/real-lists');
const bytesOf = (file: string) => new Uint8Array(readFileSync(join(DIR, file)));
const kind = (id: string) => findKind(id) as RecordKind;

/** Every text the parse kept: items (all fields, tiers, additional attributes), notes and headings. */
function keptTexts(parsed: ParsedFile): string {
  return JSON.stringify([parsed.items, parsed.notes ?? {}, (parsed.mapping ?? []).map((m) => m.heading)]);
}

async function parseAsPublished(entry: CorpusEntry): Promise<ParsedFile> {
  return parseListFile(kind(entry.kind), bytesOf(entry.file), entry.file, { kindFromName: true });
}

describe('the real-lists corpus', () => {
  it('holds at least 20 files in CSV (UTF-8, BOM, GB18030), XLSX and DOCX', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    expect(new Set(corpus.map((e) => e.format))).toEqual(
      new Set(['csv-utf8', 'csv-bom', 'csv-gb18030', 'xlsx', 'docx-table', 'docx-prose']),
    );
  });

  for (const entry of corpus) {
    describe(entry.file, () => {
      it(
        `is recognised by its ` +
          `name${entry.file === 'lighter-penalty.xlsx' ? ' (refused: content is another kind)' : ''}`,
        async () => {
          if (entry.file === 'lighter-penalty.xlsx') {
            const named = await parseListFile(kind('lighter-penalty'), bytesOf(entry.file), entry.file, {
              kindFromName: true,
            });
            expect(named.items).toEqual([]);
            expect(named.errors).toEqual([
              expect.objectContaining({ code: 'KIND_MISMATCH', value: 'discretion-benchmarks' }),
            ]);
            expect(named.errors[0]!.message).toContain('行政处罚裁量基准');
            return;
          }
          expect(kindOfFileName(entry.file)?.id).toBe(entry.kind);
        },
      );

      it(`imports ${entry.items} items with the expected mapping, keeping every published text`, async () => {
        const parsed = await parseAsPublished(entry);
        expect(parsed.errors).toEqual([]);
        expect(parsed.items).toHaveLength(entry.items);
        const mapping = Object.fromEntries(
          (parsed.mapping ?? []).filter((m) => m.how !== 'empty').map((m) => [m.heading, m.field ?? 'additional']),
        );
        if (entry.format !== 'docx-prose') expect(mapping).toEqual(entry.mapping);
        for (const m of parsed.mapping ?? []) expect(m.why).not.toBe('');
        const kept = keptTexts(parsed);
        const cells = entry.format === 'docx-prose' ? [] : entry.rows.flat();
        const seqColumn = entry.rows
          .find((r) => r.some((c) => /^序[号號]$/.test(c)))
          ?.findIndex((c) => /^序[号號]$/.test(c));
        for (const row of entry.rows) {
          row.forEach((cell, c) => {
            const text = normaliseText(cell);
            // Numbering (1、 （一） 1.) is read as the item's 序号; everything else is kept verbatim.
            if (text === '' || c === seqColumn) return;
            expect(kept, `${entry.file}: “${text}”`).toContain(JSON.stringify(text).slice(1, -1));
          });
        }
        // Numbered prose: every word of each paragraph (its numbering and final mark aside) is in the items.
        for (const paragraph of entry.paragraphs ?? []) {
          const words = paragraph
            .replace(/^[（(][一二三四五六七八九十百]+[)）]|^\d+[、.．]/, '')
            .replace(/[；;。]$/, '');
          for (const part of words.split(/[，,]/))
            expect(kept, `${entry.file}: “${part}”`).toContain(JSON.stringify(normaliseText(part)).slice(1, -1));
        }
        expect(cells.length).toBeGreaterThanOrEqual(0);
      });
    });
  }
});

describe('layouts and kinds, item by item', () => {
  const parse = (file: string) => parseAsPublished(corpus.find((e) => e.file === file)!);

  it('keeps the tax list’s title and its one stated condition as every item’s conditions', async () => {
    const r = await parse('税务行政处罚首违不罚事项清单.csv');
    expect(r.notes?.title).toEqual(['税务行政处罚“首违不罚”事项清单']);
    expect(r.items.every((i) => typeof i.conditions === 'string' && i.conditions.startsWith('对首次发生'))).toBe(true);
    expect(r.items[0]).toMatchObject({ seq: 1, legalBasis: '《中华人民共和国税收征收管理法》第六十条第一款' });
  });

  it('fills a vertically merged 类别 down to each item of a workbook', async () => {
    const r = await parse('附件1衢州市生态环境轻微违法行为不予行政处罚目录清单.xlsx');
    expect(r.items.map((i) => i.category)).toEqual(['建设项目管理', '建设项目管理', '建设项目管理']);
    expect(r.notes?.title).toEqual(['附件1', '衢州市生态环境轻微违法行为不予行政处罚目录清单（试行）']);
  });

  it('keeps section rows as the items’ section, skips blank rows and keeps the foot note', async () => {
    const r = await parse('XX市生态环境轻微违法行为不予处罚清单.xlsx');
    expect(r.items.map((i) => i.section)).toEqual(['一、建设项目类', '一、建设项目类', '二、大气污染类']);
    expect(r.notes?.footnotes).toEqual(['备注：本清单所列情形须同时满足方可不予处罚。']);
    expect(r.items[2]).toMatchObject({ seq: 3, notes: '首次' });
  });

  it('reads （一） and 1. as 序号 and keeps 注： rows at the foot', async () => {
    expect((await parse('XX镇综合行政执法办公室免罚事项清单.csv')).items.map((i) => i.seq)).toEqual([1, 2]);
    const r = await parse('XX县农业农村局不予处罚事项清单.csv');
    expect(r.items.map((i) => i.seq)).toEqual([1, 2]);
    expect(r.notes?.footnotes).toEqual(['注：本清单自印发之日起施行。']);
  });

  it('keeps a 裁量基准 item with its tiers, not one item per tier', async () => {
    const r = await parse('XX市交通运输行政处罚裁量基准.xlsx');
    expect(r.items[0]!.tiers).toEqual([
      { level: '从轻', conditions: '首次被查处，违法所得不足一万元的', standard: '处三千元以上五千元以下的罚款' },
      {
        level: '一般',
        conditions: '违法所得不足一万元，且有一次被查处记录的',
        standard: '处五千元以上八千元以下的罚款',
      },
      { level: '从重', conditions: '拒不改正或者一年内被查处三次以上的', standard: '处八千元以上一万元以下的罚款' },
    ]);
    const four = await parse('XX县生态环境行政处罚裁量基准.csv');
    expect((four.items[0]!.tiers as Array<{ level: string }>).map((t) => t.level)).toEqual([
      '轻微',
      '一般',
      '较重',
      '严重',
    ]);
  });

  it('reads a two-level merged header (抽查事项 over 事项类别 and 事项名称)', async () => {
    const r = await parse('XX市市场监管局随机抽查事项清单.xlsx');
    expect(r.headerRows).toEqual([2, 3]);
    expect(r.items[0]).toMatchObject({ seq: 1, category: '重点检查事项', name: '食品生产企业监督检查' });
  });

  it('keeps columns that match no field as additional attributes, in source order', async () => {
    const r = await parse('XX市应急管理局不予处罚事项清单.xlsx');
    expect(r.items[0]!.additional).toEqual([
      { heading: '投诉举报电话', text: '12345' },
      { heading: '公示日期', text: '2023年5月1日' },
    ]);
    expect(r.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'ADDITIONAL_COLUMN', column: '公示日期' })]),
    );
  });

  it('reads a Word table with a vertically merged cell, and a regular numbered prose list', async () => {
    const table = await parse('XX县文化和旅游局不予处罚事项清单.docx');
    expect(table.items.map((i) => i.conditions)).toEqual([
      '首次发现，及时报告且未造成不良影响的',
      '首次发现，当场改正的',
      '首次发现，当场改正的',
    ]);
    const prose = await parse('XX市司法局不予处罚事项清单.docx');
    expect(prose.items[0]).toMatchObject({
      seq: 1,
      violation: '律师事务所未按规定办理变更登记',
      legalBasis: '违反《律师事务所管理办法》第五十条',
      conditions: '及时改正且未造成危害后果的',
    });
  });

  it('says so when a heading was recognised by a rule rather than an exact name', async () => {
    const r = await parse('附件2：XX县市场监管从轻处罚事项清单.xlsx');
    expect(r.mapping?.find((m) => m.heading === '违反条款')).toMatchObject({ how: 'rule', field: 'violatedProvision' });
    expect(r.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'COLUMN_RECOGNISED', column: '从轻处罚适用条件' })]),
    );
  });
});

describe('export → re-import', () => {
  for (const entry of corpus.filter((e) => e.file !== 'lighter-penalty.xlsx')) {
    it(
      `gives the identical content hash, sections, tiers and additional attributes included: ` + `${entry.file}`,
      async () => {
        const first = await parseAsPublished(entry);
        expect(first.errors).toEqual([]);
        for (const format of ['csv', 'xlsx'] as const) {
          const bytes = await exported(kind(entry.kind), format, first.items);
          const again = await parseListFile(kind(entry.kind), bytes, `${entry.kind}.${format}`);
          expect(again.errors).toEqual([]);
          expect(again.items).toEqual(first.items);
          expect(hashContent(again.items)).toBe(hashContent(first.items));
        }
      },
    );
  }
});

describe('correcting a mapping', () => {
  const csv = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
  const file = '序号,违法行为,法规名称,不予处罚的情形\n1,未按规定公示价格,《价格法》第十三条,首次违法且及时改正的\n';

  it('keeps an unrecognised heading as an additional attribute, then follows the confirmed mapping', async () => {
    const guessed = await parseListFile(kind('no-penalty'), csv(file), 'no-penalty.csv');
    expect(guessed.errors).toEqual([expect.objectContaining({ row: 2, field: 'violatedProvision', code: 'INVALID' })]);
    expect(guessed.mapping?.find((m) => m.heading === '法规名称')).toMatchObject({ how: 'additional' });
    const confirmed = await parseListFile(kind('no-penalty'), csv(file), 'no-penalty.csv', {
      columnMap: { 法规名称: 'legalBasis' },
    });
    expect(confirmed.errors).toEqual([]);
    expect(confirmed.items[0]).toMatchObject({ legalBasis: '《价格法》第十三条' });
    expect(confirmed.mapping?.find((m) => m.heading === '法规名称')).toMatchObject({
      how: 'user',
      field: 'legalBasis',
    });
  });

  it('ignores a mapping to a field the kind does not have, so the column is still kept', async () => {
    const r = await parseListFile(kind('no-penalty'), csv(file), 'no-penalty.csv', {
      columnMap: { 法规名称: 'basis' },
    });
    expect(r.items).toEqual([]);
    expect(r.mapping?.find((m) => m.heading === '法规名称')).toMatchObject({ how: 'additional' });
  });
});

describe('characters no published text contains', () => {
  it('rejects control characters and lone surrogates in a sheet’s cells as row errors, never a 500', () => {
    const sheet = {
      name: 'Sheet1',
      rows: [
        { row: 1, cells: ['序号', '违法行为', '法律依据', '不予处罚的情形'] },
        { row: 2, cells: ['1', '未按规定\u0007公示', '《某法》第一条', '首次'] },
        { row: 3, cells: ['2', '违法\ud800行为', '《某法》第二条', '首次'] },
      ],
    };
    const r = sheetToRecords(kind('no-penalty'), sheet, { file: 'x.xlsx', sheet: 'Sheet1' });
    expect(r.items).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 2, column: '违法行为', code: 'INVALID_CHARACTERS' }),
      expect.objectContaining({ row: 3, column: '违法行为', code: 'INVALID_CHARACTERS' }),
    ]);
  });
});
