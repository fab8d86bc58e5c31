/**
 * Combined lists (免罚轻罚清单): one table holding several kinds is split into the kinds' own lists, by its section
 * rows or by a 类别 column. Every data row is accounted for (in one kind's items, or an error naming it), and a
 * table that cannot be split is refused. Over the parser with the real-shaped corpus, and over HTTP: the
 * whole-workbook upload route makes one draft per kind, or stores nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  combinedKindsOfFileName,
  importRegionFolder,
  kindOfFileName,
  parseCombinedList,
} from '../shared/features/spreadsheets/index.js';
import { combinedCorpus } from './fixtures/real-lists/corpus.js';
import { createHarness, fileForm, type Harness } from './fixtures/workflow/harness.js';
import { createTestRuntime } from './support/engine.js';
import { UNIT_A, entity, publishUnits } from './support/fixtures.js';

const DIR = join(import.meta.dirname, 'fixtures/real-lists');
const bytesOf = (file: string) => new Uint8Array(readFileSync(join(DIR, file)));
const gb = (rows: string[][]) =>
  new Uint8Array(iconv.encode(`${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'gb18030'));
const COLUMN_LIST = combinedCorpus.find((e) => e.split === 'column')!;
const SECTION_LIST = combinedCorpus.find((e) => e.split === 'sections')!;

describe('combined lists are recognised by their name', () => {
  it('a name with the words of two kinds is a combined list, and names no single kind', () => {
    for (const name of ['XX县免罚轻罚清单.csv', '从轻减轻处罚事项清单.xlsx', '不予处罚和从轻处罚事项清单.docx']) {
      expect(combinedKindsOfFileName(name).length, name).toBeGreaterThanOrEqual(2);
      expect(kindOfFileName(name), name).toBeUndefined();
    }
    for (const name of [
      'XX镇综合行政执法办公室免罚事项清单.csv',
      '附件2：XX县市场监管从轻处罚事项清单.xlsx',
      'no-penalty.csv',
    ])
      expect(combinedKindsOfFileName(name), name).toEqual([]);
  });
});

describe('the combined corpus', () => {
  for (const entry of combinedCorpus) {
    it(`${entry.file}: split by ${entry.split} into ${JSON.stringify(entry.parts)}, rows and texts kept`, async () => {
      const wb = await parseCombinedList(bytesOf(entry.file), entry.file);
      expect(wb.errors).toEqual([]);
      const counts = Object.fromEntries(wb.lists.map((l) => [l.kind, l.items.length]));
      expect(counts).toEqual(entry.parts);
      for (const l of wb.lists) expect(l.errors, l.kind).toEqual([]);
      // Every data row is in exactly one kind: the items add up to the table's data rows.
      const header = entry.rows.findIndex((r) => r[0] === '序号');
      const dataRows = entry.rows.slice(header + 1).filter((r) => r.filter(Boolean).length > 1);
      expect(wb.lists.reduce((n, l) => n + l.items.length, 0)).toBe(dataRows.length);
      // Every published text is in the items or notes of some list (the kind words of a 类别 column included).
      const kept = JSON.stringify(wb.lists.map((l) => [l.items, l.notes ?? {}]));
      for (const row of entry.rows.slice(header + 1))
        for (const cell of row) if (cell && !/^\d+$/.test(cell)) expect(kept, cell).toContain(cell);
      expect(wb.warnings.filter((w) => w.code === 'COMBINED_LIST_SPLIT')).toHaveLength(wb.lists.length);
    });
  }

  it('by sections: each part keeps the title, its section heading and the rows’ numbers as published', async () => {
    const wb = await parseCombinedList(bytesOf(SECTION_LIST.file), SECTION_LIST.file);
    const [noPenalty, lighter] = wb.lists;
    expect(noPenalty!.notes?.title).toEqual(['XX县市场监管领域轻微违法行为免罚轻罚清单', '一、不予处罚事项']);
    expect(lighter!.notes?.title).toEqual(['XX县市场监管领域轻微违法行为免罚轻罚清单', '二、从轻处罚事项']);
    expect(lighter!.notes?.footnotes).toEqual(['备注：同一违法行为在一年内再次发生的，不适用本清单。']);
    expect(lighter!.items[1]).toMatchObject({ violation: '销售标签不符合规定的预包装食品', notes: '食品' });
  });

  it('by a column: a row whose 类别 names no kind, or two, is an error naming the row; nothing is dropped', async () => {
    const rows = COLUMN_LIST.rows.map((r) => [...r]);
    rows[3]![1] = '一般程序';
    rows[5]![1] = '从轻或减轻处罚';
    const wb = await parseCombinedList(gb(rows), COLUMN_LIST.file);
    expect(wb.errors.map((e) => [e.code, e.row, e.column, e.value])).toEqual([
      ['NO_KIND_FOR_ROW', 4, '类别', '一般程序'],
      ['NO_KIND_FOR_ROW', 6, '类别', '从轻或减轻处罚'],
    ]);
    expect(wb.errors[1]!.message).toContain('同时指向');
    const items = wb.lists.reduce((n, l) => n + l.items.length, 0);
    expect(items + wb.errors.length).toBe(5);
  });

  it('by sections: data rows above the first kind’s section are errors, never given a guessed kind', async () => {
    const rows = [
      ['序号', '违法行为', '法律依据', '适用情形'],
      ['1', '未按规定公示年度报告', '《企业信息公示暂行条例》第八条', '首次且及时改正的'],
      ['一、不予处罚事项', '', '', ''],
      ['1', '未按规定悬挂证照', '《某某管理办法》第九条', '首次且当场改正的'],
      ['二、从轻处罚事项', '', '', ''],
      ['1', '未按规定明码标价', '《明码标价和禁止价格欺诈规定》第二十三条', '初次违法的'],
    ];
    const wb = await parseCombinedList(gb(rows), '免罚轻罚清单.csv');
    expect(wb.errors.map((e) => [e.code, e.row])).toEqual([['NO_KIND_FOR_ROW', 2]]);
    expect(wb.lists.map((l) => [l.kind, l.items.length])).toEqual([
      ['no-penalty', 1],
      ['lighter-penalty', 1],
    ]);
  });

  it('a table split neither by sections nor by a column is refused with the reason', async () => {
    const rows = [
      ['序号', '违法行为', '法律依据', '适用情形'],
      ['1', '未按规定公示年度报告', '《企业信息公示暂行条例》第八条', '首次且及时改正的'],
    ];
    const wb = await parseCombinedList(gb(rows), '免罚轻罚清单.csv');
    expect(wb.lists).toEqual([]);
    expect(wb.errors.map((e) => e.code)).toEqual(['COMBINED_LIST_UNSPLIT']);
  });
});

describe('a combined name over a table of one kind', () => {
  /** A 从轻减轻处罚事项清单 as some units publish it: no sections, no 类别 column, one kind in its title. */
  const REDUCED = [
    ['XX县城市管理局减轻处罚事项清单', '', '', ''],
    ['序号', '违法行为', '法律依据', '适用情形'],
    [
      '1',
      '未取得建设工程规划许可证进行建设，尚可采取改正措施',
      '《中华人民共和国城乡规划法》第六十四条',
      '主动停止建设并限期改正的',
    ],
    ['2', '擅自占用城市道路堆放物料', '《城市道路管理条例》第四十二条', '主动清除且未造成损失的'],
    ['3', '未按规定设置户外广告', '《城市市容和环境卫生管理条例》第三十六条', '主动拆除的'],
  ];

  it('is imported as the kind its title names, every row kept, with a warning saying why', async () => {
    const wb = await parseCombinedList(gb(REDUCED), 'XX县从轻减轻处罚事项清单.csv');
    expect(wb.errors).toEqual([]);
    expect(wb.lists.map((l) => [l.kind, l.items.length])).toEqual([['reduced-penalty', 3]]);
    expect(wb.lists[0]!.errors).toEqual([]);
    expect(wb.lists[0]!.items[2]).toMatchObject({ violation: '未按规定设置户外广告', conditions: '主动拆除的' });
    expect(wb.lists[0]!.notes?.title).toEqual(['XX县城市管理局减轻处罚事项清单']);
    const warning = wb.warnings.find((w) => w.code === 'COMBINED_LIST_ONE_KIND')!;
    expect(warning.value).toBe('reduced-penalty');
    expect(warning.message).toContain('“XX县城市管理局减轻处罚事项清单”只指向减轻处罚事项清单');
    expect(warning.message).toContain('全部 3 行');
    expect(wb.warnings.filter((w) => w.code === 'COMBINED_LIST_SPLIT')).toEqual([]);
  });

  it('is imported as the kind one of its headings names, when it has no title', async () => {
    const rows = [['序号', '违法行为', '法律依据', '从轻处罚的情形'], ...REDUCED.slice(2)];
    const wb = await parseCombinedList(gb(rows), '从轻减轻处罚事项清单.csv');
    expect(wb.errors).toEqual([]);
    expect(wb.lists.map((l) => [l.kind, l.items.length])).toEqual([['lighter-penalty', 3]]);
  });

  it('is still refused when title and headings name two kinds, or none', async () => {
    for (const title of ['XX县从轻减轻处罚事项清单', 'XX县城市管理局事项清单']) {
      const wb = await parseCombinedList(gb([[title, '', '', ''], ...REDUCED.slice(1)]), '从轻减轻处罚事项清单.csv');
      expect(wb.lists, title).toEqual([]);
      expect(
        wb.errors.map((e) => e.code),
        title,
      ).toEqual(['COMBINED_LIST_UNSPLIT']);
    }
  });
});

describe('a combined list through the upload API', () => {
  let h: Harness;
  let editor: string;
  beforeAll(async () => {
    h = await createHarness();
    editor = await h.token('editor', { sub: 'wang.editor', units: [UNIT_A] });
  });
  const upload = (bytes: Uint8Array, name: string, dryRun = false) =>
    h.call('POST', `/v1/units/${UNIT_A}/drafts${dryRun ? '?dryRun=true' : ''}`, {
      token: editor,
      form: fileForm(bytes, name, { effectiveFrom: '2024-04-01' }),
    });

  it('a row that fits no kind refuses the whole file with that row, and stores nothing', async () => {
    const rows = COLUMN_LIST.rows.map((r) => [...r]);
    rows[4]![1] = '一般程序';
    const res = await upload(gb(rows), COLUMN_LIST.file);
    expect(res.status).toBe(422);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ code: 'NO_KIND_FOR_ROW', row: 5, column: '类别', value: '一般程序' }),
    ]);
    const drafts = await h.call('GET', `/v1/drafts?unit=${UNIT_A}`, { token: editor });
    expect(drafts.body.drafts).toEqual([]);
  });

  it('a dry run shows each kind’s list; the upload makes one draft per kind', async () => {
    const xlsx = await upload(bytesOf(SECTION_LIST.file), SECTION_LIST.file);
    expect(xlsx.status).toBe(201);
    expect(xlsx.body.drafts.map((d: { source: string }) => d.source)).toEqual([
      `${SECTION_LIST.file}#no-penalty`,
      `${SECTION_LIST.file}#lighter-penalty`,
    ]);
    const dry = await upload(bytesOf(SECTION_LIST.file), SECTION_LIST.file, true);
    expect(dry.status).toBe(200);
    expect(dry.body.lists.map((l: { kind: string; itemCount: number }) => [l.kind, l.itemCount])).toEqual([
      ['no-penalty', 2],
      ['lighter-penalty', 2],
    ]);
    const res = await upload(bytesOf(COLUMN_LIST.file), COLUMN_LIST.file);
    expect(res.status).toBe(201);
    expect(res.body.drafts.map((d: { stream: string; itemCount: number }) => [d.stream, d.itemCount])).toEqual([
      ['no-penalty', 2],
      ['lighter-penalty', 2],
      ['reduced-penalty', 1],
    ]);
    expect(res.body.drafts[2].source).toBe(`${COLUMN_LIST.file}#reduced-penalty`);
  });

  it('a 从轻减轻处罚事项清单 whose title names one kind becomes one draft of that kind', async () => {
    const rows = [
      ['XX县交通运输局减轻处罚事项清单', '', '', ''],
      ['序号', '违法行为', '法律依据', '适用情形'],
      ['1', '超限运输车辆未按规定行驶', '《公路安全保护条例》第六十四条', '主动消除违法状态的'],
    ];
    const res = await upload(gb(rows), 'XX县从轻减轻处罚事项清单.csv');
    expect(res.status).toBe(201);
    expect(res.body.drafts.map((d: { stream: string; itemCount: number }) => [d.stream, d.itemCount])).toEqual([
      ['reduced-penalty', 1],
    ]);
  });
});

describe('a combined list in a region folder', () => {
  it('becomes one stream per kind, each with the file and its kind as its source', async () => {
    const rt = await createTestRuntime({ cacheBytes: 0 });
    await publishUnits(rt.registry, [{ entity: entity(UNIT_A), lists: {} }]);
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-combined-'));
    try {
      mkdirSync(join(dir, UNIT_A));
      writeFileSync(join(dir, UNIT_A, SECTION_LIST.file), bytesOf(SECTION_LIST.file));
      const r = await importRegionFolder(rt.registry, dir, { effectiveFrom: '2024-01-01' });
      expect(r.errors).toEqual([]);
      expect(r.streams.map((s) => [s.kind, s.outcome, s.itemCount])).toEqual([
        ['no-penalty', 'published', 2],
        ['lighter-penalty', 'published', 2],
      ]);
      const list = await rt.registry.getListInForce(UNIT_A, 'lighter-penalty', { at: '2024-01-01' });
      expect(list.meta.source).toBe(`${UNIT_A}/${SECTION_LIST.file}#lighter-penalty`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
