/**
 * Lists found published on the web and tried as an outside tester would (test/fixtures/real-lists/trial-corpus.ts,
 * sources in SOURCES.md): each file is uploaded under the kind its name says, with no column map, submitted and
 * approved through the HTTP API, and every text of its cells, title and foot rows included, is read back from the
 * public list (its items and its version's notes).
 * Real HTTP through the app, real engine, real SDK.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findKind, type RecordKind } from '../shared/core/kinds/index.js';
import { normaliseText } from '../shared/core/text.js';
import { hashContent } from '../shared/core/versions.js';
import {
  combinedKindsOfFileName,
  kindOfFileName,
  parseListFile,
  versionNotes,
} from '../shared/features/spreadsheets/index.js';
import { createHarness, fileForm, type Harness } from './fixtures/workflow/harness.js';
import { trialCorpus } from './fixtures/real-lists/trial-corpus.js';
import { noPenaltyItem, UNIT_A } from './support/fixtures.js';

const DIR = join(import.meta.dirname, 'fixtures/real-lists');
const bytesOf = (file: string) => new Uint8Array(readFileSync(join(DIR, file)));
const NUMBERING = /^([（(][一二三四五六七八九十]+[)）]|\d+[、.．]?)$/;
/** A township's 行政检查 list without 检查类别 and 检查依据: taken as published, with warnings for 法制审核. */
const NO_CATEGORY_OR_BASIS = '南磨房乡行政检查事项清单.csv';
/** A 裁量 table published with no provision column at all: taken as published, with a warning for 法制审核. */
const NO_PROVISIONS = '六安市林业局行政处罚自由裁量权细化执行标准.xlsx';

let h: Harness;
let editor: string;
let reviewer: string;

beforeAll(async () => {
  h = await createHarness();
  editor = await h.token('editor', { sub: 'trial.editor', units: [UNIT_A] });
  reviewer = await h.token('reviewer', { sub: 'trial.reviewer', region: '210900' });
});

/** Upload → submit → approve; the public list as the API serves it. */
interface PublicList {
  version: { listNotes?: Record<string, string[]> };
  items: Array<Record<string, unknown>>;
}

async function publishThroughApi(kind: string, file: string): Promise<PublicList> {
  const created = await h.call('POST', `/v1/units/${UNIT_A}/lists/${kind}/drafts`, {
    token: editor,
    form: fileForm(bytesOf(file), file, { effectiveFrom: '2024-02-01' }),
  });
  expect(created.status, JSON.stringify(created.body).slice(0, 600)).toBe(201);
  const submitted = await h.call('POST', `/v1/drafts/${created.body.id}/submit`, {
    token: editor,
    headers: { 'If-Match': created.headers.get('etag')! },
  });
  expect(submitted.status).toBe(200);
  const approved = await h.call('POST', `/v1/drafts/${created.body.id}/review`, {
    token: reviewer,
    json: { decision: 'approve', comment: '经审核，同意公示' },
    headers: { 'If-Match': submitted.headers.get('etag')! },
  });
  expect(approved.status).toBe(200);
  const pub = await h.call('GET', `/v1/units/${UNIT_A}/lists/${kind}`);
  expect(pub.status).toBe(200);
  return pub.body;
}

describe('lists published by real bodies, not written for the importer', () => {
  it('holds at least 8 files, in CSV (BOM and GB18030) and XLSX', () => {
    expect(trialCorpus.length).toBeGreaterThanOrEqual(8);
    expect(new Set(trialCorpus.map((e) => e.format))).toEqual(new Set(['csv-bom', 'csv-gb18030', 'xlsx']));
  });

  for (const entry of trialCorpus) {
    it(`${entry.file}: ${entry.items} items, mapped with no hints, every cell back through the API`, async () => {
      const kind = kindOfFileName(entry.file);
      expect(kind?.id).toBe(entry.kind);
      const parsed = await parseListFile(kind!, bytesOf(entry.file), entry.file, { kindFromName: true });
      expect(parsed.errors).toEqual([]);
      const mapping = Object.fromEntries(
        (parsed.mapping ?? []).filter((m) => m.how !== 'empty').map((m) => [m.heading, m.field ?? 'additional']),
      );
      expect(mapping).toEqual(entry.mapping);

      const published = await publishThroughApi(entry.kind, entry.file);
      expect(published.items).toHaveLength(entry.items);
      expect(published.version.listNotes).toEqual(versionNotes(parsed));
      // Items, and the version's notes: the title and preface rows above the table and the notes at its foot.
      const served = JSON.stringify([published.items, published.version.listNotes ?? {}]);
      const header = entry.rows.findIndex((r) => Object.keys(entry.mapping).every((h) => r.includes(h)));
      entry.rows.forEach((row, r) => {
        if (r === header) return;
        row.forEach((cell, c) => {
          const text = normaliseText(cell);
          // 序号 numbering (1、 （一）) is read as the item's number.
          if (text === '' || (entry.rows[header]![c] === '序号' && NUMBERING.test(text))) return;
          expect(served, `${entry.file}: “${text}”`).toContain(JSON.stringify(text).slice(1, -1));
        });
      });

      // The list's CSV and XLSX write its notes around the table, and import again as the same notes and items.
      for (const format of ['csv', 'xlsx'] as const) {
        const file = await h.app.request(`/v1/units/${UNIT_A}/lists/${entry.kind}?format=${format}`);
        expect(file.status).toBe(200);
        const again = await parseListFile(kind!, new Uint8Array(await file.arrayBuffer()), `${entry.kind}.${format}`);
        expect(again.errors, `${entry.file} as ${format}`).toEqual([]);
        expect(versionNotes(again), `${entry.file} as ${format}`).toEqual(published.version.listNotes);
        expect(again.items, `${entry.file} as ${format}`).toEqual(published.items);
      }
    });
  }
});

describe('list names as bodies publish them', () => {
  it.each([
    ['塔城地区市场监管领域轻微违法行为免予行政处罚事项清单（2022版）.xlsx', 'no-penalty'],
    ['塔城地区市场监管领域一般违法行为减轻行政处罚事项清单（2022版）.xlsx', 'reduced-penalty'],
    ['塔城地区市场监管领域一般违法行为从轻行政处罚事项清单（2022版）.xlsx', 'lighter-penalty'],
    ['附件2-广东省生态环境不予行政处罚的轻微违法行为目录.xlsx', 'no-penalty'],
    ['附件1-广东省生态环境违法行为行政处罚罚款金额裁量表.xlsx', 'discretion-benchmarks'],
    ['江西省公安机关行政处罚自由裁量权裁量标准.xlsx', 'discretion-benchmarks'],
    ['安徽省住房和城乡建设厅“双随机一公开”随机抽查事项清单（2020年版）.xlsx', 'random-inspection-items'],
  ])('%s is recognised as %s (行政 before 处罚 aside; 裁量 names a benchmark table)', (name, kind) => {
    expect(kindOfFileName(name)?.id).toBe(kind);
  });

  it('a “两轻一免” list is a combined list of 不予处罚, 从轻 and 减轻', () => {
    const name = '塔城地区市场监管领域“两轻一免”清单.xlsx';
    expect(kindOfFileName(name)).toBeUndefined();
    expect(combinedKindsOfFileName(name).map((k) => k.id)).toEqual([
      'no-penalty',
      'lighter-penalty',
      'reduced-penalty',
    ]);
  });

  it('a plan is not a list: 双随机一公开抽查工作计划 names no kind', () => {
    expect(kindOfFileName('沂水县2023年度部门联合双随机一公开抽查工作计划.xlsx')).toBeUndefined();
  });
});

describe('the version keeps what the file says besides its items', () => {
  it('serves the title, the preface rows and the foot notes with the version, and in its history', async () => {
    const first = await h.call('GET', `/v1/units/${UNIT_A}/lists/no-penalty/versions/1`);
    expect(first.status).toBe(200);
    expect(first.body.version.listNotes).toEqual({
      title: ['附件1', '不予处罚事项清单'],
      preamble: ['单位：（公章）', '一、下列违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚'],
    });
    const second = await h.call('GET', `/v1/units/${UNIT_A}/lists/no-penalty/versions/2`);
    expect(second.body.version.listNotes).toEqual({
      title: ['江门市生态环境依法不予行政处罚的轻微环境违法行为清单'],
      footnotes: [expect.stringMatching(/^备注：一、“首次违法”.*有效期三年。$/)],
    });
  });
});

describe('layouts the trial found, item by item', () => {
  const parse = (file: string) => {
    const entry = trialCorpus.find((e) => e.file === file)!;
    return parseListFile(findKind(entry.kind) as RecordKind, bytesOf(file), file, { kindFromName: true });
  };

  it('reads a group heading typed in the 序号 column without numbering (消耗臭氧层管理类) as a section', async () => {
    const r = await parse('江门市生态环境依法不予行政处罚的轻微环境违法行为清单.xlsx');
    expect(r.items.map((i) => [i.seq, i.section])).toEqual([
      [1, '一、建设项目管理类'],
      [2, '一、建设项目管理类'],
      [9, '二、水污染防治类'],
      [29, '消耗臭氧层管理类'],
    ]);
    expect(r.notes?.footnotes).toEqual([expect.stringMatching(/^备注：一、“首次违法”/)]);
  });

  it('keeps a form’s empty fill-in labels at the foot (填报人： 联系电话：) as a note, not as a bad row', async () => {
    const r = await parse('随机抽查事项清单.csv');
    expect(r.notes).toEqual({
      title: ['随机抽查事项清单（样表）'],
      preamble: ['填报单位（印章）：'],
      footnotes: ['填报人： 联系电话：'],
    });
  });

  it('keeps one 抽查事项 merged over two 检查对象 as two items, each with its own 抽查比例', async () => {
    const r = await parse('武汉经开区部门联合随机抽查事项清单.xlsx');
    expect(r.items.slice(1, 3).map((i) => [i.name, i.target, i.samplingRatio])).toEqual([
      ['3.学校食堂食品安全情况的检查', '高校', '30%'],
      ['3.学校食堂食品安全情况的检查', '中小学、幼儿园', '50%'],
    ]);
  });

  it('fills merged 发起部门 and 配合部门 down to the second 抽查事项 of a group', async () => {
    const r = await parse('汾阳市部门联合双随机抽查事项清单.xlsx');
    expect(r.items[4]).toMatchObject({
      name: '商场（超市）取得许可证及卫生管理情况等的检查',
      implementingBody: '卫生健康部门',
      additional: [
        { heading: '抽查领域', text: '游泳场（馆）、商场（超市）抽查' },
        { heading: '配合部门', text: '市场监管部门' },
        { heading: '抽查层级', text: '市县（区）级' },
      ],
    });
  });

  it('takes a 行政检查 list without 检查类别 and 检查依据 columns as published, warning 法制审核 once for each', async () => {
    const r = await parse(NO_CATEGORY_OR_BASIS);
    expect(r.errors).toEqual([]);
    // Its headings map to more 随机抽查 columns (检查主体, 管理对象基数), but none says 抽查: the name is trusted.
    expect(r.items).toEqual([
      expect.objectContaining({ name: '针对本行政区域内城市管理领域的行政职权事项开展执法检查。' }),
    ]);
    expect(r.items[0]).not.toHaveProperty('category');
    expect(r.items[0]).not.toHaveProperty('basis');
    expect(r.warnings.filter((w) => w.code === 'ONE_OF_COLUMNS_ABSENT')).toEqual([
      expect.objectContaining({
        field: 'category',
        row: 1,
        message: '表中没有检查类别列：按原表导入，请法制审核时核对各事项为一般或重点检查事项',
      }),
      expect.objectContaining({
        field: 'basis',
        row: 1,
        message: '表中没有检查依据列：按原表导入，请法制审核时核对各事项的检查依据',
      }),
    ]);
  });

  it('refuses, row by row, the items of a 检查事项 list with a 检查类别 or 检查依据 column left empty', async () => {
    const csv = [
      '检查事项名称,检查类别,检查依据',
      '甲检查事项,一般,《某条例》第一条',
      '乙检查事项,,《某条例》第二条',
      '丙检查事项,重点,',
    ].join('\n');
    const r = await parseListFile(findKind('inspection-items')!, new TextEncoder().encode(csv), 'x.csv');
    expect(r.items.map((i) => i.name)).toEqual(['甲检查事项']);
    expect(r.errors.map((e) => [e.row, e.field, e.code, e.message])).toEqual([
      [3, 'category', 'REQUIRED', '检查类别必填（一般 或 重点）'],
      [4, 'basis', 'REQUIRED', '检查依据必填（法律、法规、规章名称及条款）'],
    ]);
    expect(r.warnings.some((w) => w.code === 'ONE_OF_COLUMNS_ABSENT')).toBe(false);
  });

  it('still refuses a 裁量基准 table named as a 从轻 list: its headings say 裁量', async () => {
    const csv = ['违法行为,法律依据,裁量阶次,适用条件,处罚标准', '甲,《某条例》第一条,从轻,首次,警告'].join('\n');
    const r = await parseListFile(findKind('lighter-penalty')!, new TextEncoder().encode(csv), 'lighter-penalty.csv', {
      kindFromName: true,
    });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'KIND_MISMATCH', value: 'discretion-benchmarks' })]);
  });

  it('takes a 裁量标准 table with no provision column at all as published, warning 法制审核 once', async () => {
    expect(kindOfFileName(NO_PROVISIONS)?.id).toBe('discretion-benchmarks');
    const r = await parse(NO_PROVISIONS);
    expect(r.errors).toEqual([]);
    // Two items, the second row of each another tier: 违法数量/归类 is each tier's condition.
    expect(
      r.items.map((i) => [i.violation, (i.tiers as Array<{ conditions: string }>).map((t) => t.conditions)]),
    ).toEqual([
      ['盗伐森林或者其他林木的', ['不足0.5立方米不足20株', '0.5立方米以上20株以上']],
      ['滥伐森林或者其他林木的', ['不足2立方米不足50株', '2立方米以上50株以上']],
    ]);
    // 处罚款标准 differs from tier to tier: each tier keeps its own; 补种标准 and 行政处罚标准, merged over the
    // tiers, are the item's (补种标准 is the tier field 处罚标准, filled down its merge).
    expect(
      r.items.map((i) => [i.additional, (i.tiers as Array<Record<string, unknown>>).map((t) => t.additional)]),
    ).toEqual([
      [
        [{ heading: '行政处罚标准', text: '没收盗伐林木或者变卖所得' }],
        [[{ heading: '处罚款标准', text: '盗伐林木价值3倍' }], [{ heading: '处罚款标准', text: '盗伐林木价值5倍' }]],
      ],
      [
        undefined,
        [[{ heading: '处罚款标准', text: '滥伐林木价值2倍' }], [{ heading: '处罚款标准', text: '滥伐林木价值3倍' }]],
      ],
    ]);
    expect(r.warnings.filter((w) => w.code === 'ONE_OF_COLUMNS_ABSENT')).toEqual([
      expect.objectContaining({
        field: 'legalBasis',
        message: '表中没有违法依据、处罚依据或法律依据列：按原表导入，请法制审核时核对各事项的依据',
      }),
    ]);
  });

  it('exports each tier’s own 处罚款标准 on its row, and the export re-imports to the identical content hash', async () => {
    const r = await parse(NO_PROVISIONS);
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await h.app.request(`/v1/units/${UNIT_A}/lists/discretion-benchmarks?format=${format}`);
      const again = await parseListFile(
        findKind('discretion-benchmarks')!,
        new Uint8Array(await file.arrayBuffer()),
        `discretion-benchmarks.${format}`,
      );
      expect(again.errors, format).toEqual([]);
      expect(hashContent(again.items), format).toBe(hashContent(r.items));
    }
    const csv = await h.app.request(`/v1/units/${UNIT_A}/lists/discretion-benchmarks?format=csv`);
    const text = new TextDecoder().decode(await csv.arrayBuffer());
    expect(text).toMatch(/不足0\.5立方米不足20株,盗伐株数10倍,.*没收盗伐林木或者变卖所得,盗伐林木价值3倍/);
    expect(text).toMatch(/0\.5立方米以上20株以上,盗伐株数10倍,.*没收盗伐林木或者变卖所得,盗伐林木价值5倍/);
  });

  it('refuses, row by row, the items of a 裁量标准 table with a provision column left empty', async () => {
    const csv = [
      '违法行为,法律依据,裁量阶次,处罚标准',
      '甲违法行为,《某条例》第一条,一般,警告',
      '乙违法行为,,一般,罚款',
    ].join('\n');
    const r = await parseListFile(findKind('discretion-benchmarks')!, new TextEncoder().encode(csv), 'x.csv');
    expect(r.items.map((i) => i.violation)).toEqual(['甲违法行为']);
    expect(r.errors.map((e) => [e.row, e.field, e.code, e.message])).toEqual([
      [3, 'legalBasis', 'REQUIRED', '违法依据、处罚依据与法律依据至少填写一项'],
    ]);
    expect(r.warnings.some((w) => w.code === 'ONE_OF_COLUMNS_ABSENT')).toBe(false);
  });
});

describe('a list whose notes alone change', () => {
  const kind = 'reduced-penalty';
  const notes = { title: ['某县减轻处罚事项清单'], footnotes: ['备注：本清单自2024年3月1日起施行。'] };
  const base = {
    uscc: UNIT_A,
    stream: kind,
    status: 'published' as const,
    items: [noPenaltyItem(1), noPenaltyItem(2)],
    effectiveFrom: '2024-03-01',
    publishedBy: 'trial',
    source: 'test',
  };

  it('is a new version when published, and the same notes again are not', async () => {
    const first = await h.registry.publish({ ...base, listNotes: { title: notes.title } });
    expect(first.outcome).toBe('published');
    expect((await h.registry.publish({ ...base, listNotes: { title: notes.title } })).outcome).toBe('unchanged');
    const second = await h.registry.publish({ ...base, listNotes: notes });
    // The items are the same, and so is their content hash: the notes are what the new version says anew.
    const firstHash = first.outcome === 'published' ? first.meta.contentHash : undefined;
    expect(second).toMatchObject({
      outcome: 'published',
      meta: { version: 2, listNotes: notes, contentHash: firstHash },
    });
  });

  it('is a draft for 法制审核 when uploaded, and the file in force uploaded again is refused as NO_CHANGES', async () => {
    const file = await h.app.request(`/v1/units/${UNIT_A}/lists/${kind}?format=csv`);
    const csv = new TextDecoder().decode(await file.arrayBuffer());
    expect(csv).toContain('备注：本清单自2024年3月1日起施行。');
    const upload = (text: string) =>
      h.call('POST', `/v1/units/${UNIT_A}/lists/${kind}/drafts`, {
        token: editor,
        form: fileForm(new TextEncoder().encode(text), `${kind}.csv`, { effectiveFrom: '2024-06-01' }),
      });
    const same = await upload(csv);
    expect(same.status).toBe(422);
    expect(same.body.error).toMatchObject({ code: 'UNPROCESSABLE', details: { reason: 'NO_CHANGES' } });
    const renoted = await upload(csv.replace('2024年3月1日', '2024年6月1日'));
    expect(renoted.status, JSON.stringify(renoted.body).slice(0, 400)).toBe(201);
    expect(renoted.body.listNotes).toEqual({ ...notes, footnotes: ['备注：本清单自2024年6月1日起施行。'] });
  });
});
