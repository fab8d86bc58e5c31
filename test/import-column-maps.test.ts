/**
 * Correcting a mapping through the upload API: a column map sent with an upload overrides recognition, is checked
 * (every unknown field and every heading not in the file at once, with every column's mapping), and once a draft is
 * created with it, it is remembered for the unit and kind and applied to the next upload with the same heading row.
 * Real HTTP through the app, real engine, real SDK.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, fileForm, type Harness } from './fixtures/workflow/harness.js';
import { UNIT_A, UNIT_B } from './support/fixtures.js';
import { workbook } from './fixtures/workflow/files.js';

let h: Harness;
let editor: string;

/** A published 不予处罚 list whose conditions column is headed 具体要求, which no rule recognises. */
const LIST = [
  '序号,违法行为,法律依据,具体要求,投诉电话',
  '1,未按规定公示年度报告,《企业信息公示暂行条例》第八条,首次且在责令期限内改正,0832-12345',
  '2,未按规定办理备案,《某某管理办法》第五条,危害后果轻微并及时改正,0832-12345',
].join('\n');
/** The same layout with 法 律 依 据 spaced and new rows: the same heading row once normalised. */
const NEXT_LIST = [
  '序号,违法行为,法 律 依 据,具体要求,投诉电话',
  '1,未按规定公示年度报告,《企业信息公示暂行条例》第八条,首次且在责令期限内改正,0832-12345',
  '2,未按规定办理备案,《某某管理办法》第五条,危害后果轻微并及时改正,0832-12345',
  '3,未按规定悬挂证照,《某某管理办法》第九条,初次违法且及时改正,0832-12345',
].join('\n');
const OTHER_LAYOUT = '序号,违法行为,法律依据,具体要求\n1,未按规定公示,《某条例》第八条,首次改正\n';

const path = (unit: string, dryRun = false) =>
  `/v1/units/${unit}/lists/no-penalty/drafts${dryRun ? '?dryRun=true' : ''}`;
const upload = (unit: string, csv: string, fields: Record<string, string> = {}, dryRun = false) =>
  h.call('POST', path(unit, dryRun), {
    token: editor,
    form: fileForm(csv, '大英县文化市场不予处罚事项清单.csv', { effectiveFrom: '2024-04-01', ...fields }),
  });

beforeAll(async () => {
  h = await createHarness();
  editor = await h.token('editor', { sub: 'zhang.editor', units: [UNIT_A, UNIT_B] });
});

describe('a column map in the upload API', () => {
  it('without a map, an unrecognised required column is refused, with every column and its mapping', async () => {
    const res = await upload(UNIT_A, LIST);
    expect(res.status).toBe(422);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ code: 'MISSING_COLUMN', field: 'conditions', row: 1 }),
    ]);
    expect(
      res.body.error.details.mapping.map((m: { heading: string; field?: string }) => [m.heading, m.field]),
    ).toEqual([
      ['序号', 'seq'],
      ['违法行为', 'violation'],
      ['法律依据', 'legalBasis'],
      ['具体要求', undefined],
      ['投诉电话', undefined],
    ]);
  });

  it('an unknown field and a heading not in the file are refused together, and nothing is stored', async () => {
    const res = await upload(UNIT_A, LIST, {
      columnMap: JSON.stringify({ 具体要求: 'conditons', 联系电话: 'additional' }),
    });
    expect(res.status).toBe(422);
    const errors = res.body.error.details.errors as Array<{ code: string; column: string; field: string }>;
    expect(errors.map((e) => [e.code, e.column, e.field])).toEqual(
      expect.arrayContaining([
        ['UNKNOWN_FIELD', '具体要求', 'conditons'],
        ['COLUMN_NOT_FOUND', '联系电话', 'additional'],
        ['MISSING_COLUMN', '适用条件', 'conditions'],
      ]),
    );
    expect(errors).toHaveLength(3);
    for (const e of res.body.error.details.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.error.details.mapping).toHaveLength(5);
    const drafts = await h.call('GET', `/v1/drafts?unit=${UNIT_A}`, { token: editor });
    expect(drafts.body.drafts).toEqual([]);
  });

  it('a map that is not a JSON object of heading → field is a 400', async () => {
    const notJson = await upload(UNIT_A, LIST, { columnMap: '具体要求=conditions' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.details.reason).toBe('BAD_COLUMN_MAP');
    const notStrings = await upload(UNIT_A, LIST, { columnMap: JSON.stringify({ 具体要求: 3 }) });
    expect(notStrings.status).toBe(400);
    expect(notStrings.body.error.details.reason).toBe('BAD_COLUMN_MAP');
  });

  it('a dry run with a map applies it, says so, and remembers nothing', async () => {
    const res = await upload(UNIT_A, LIST, { columnMap: JSON.stringify({ 具体要求: 'conditions' }) }, true);
    expect(res.status).toBe(200);
    const [list] = res.body.lists;
    expect(list).toMatchObject({ valid: true, itemCount: 2, columnMap: { source: 'request' } });
    expect(list.items[0]).toMatchObject({
      conditions: '首次且在责令期限内改正',
      additional: [{ heading: '投诉电话', text: '0832-12345' }],
    });
    expect(list.mapping[3]).toMatchObject({ heading: '具体要求', field: 'conditions', how: 'user' });
    const remembered = await h.call('GET', `/v1/units/${UNIT_A}/lists/no-penalty/column-maps`, { token: editor });
    expect(remembered.body.columnMaps).toEqual([]);
  });

  it('a draft created with a map remembers it for the unit, kind and heading row', async () => {
    const res = await upload(UNIT_A, LIST, { columnMap: JSON.stringify({ 具体要求: 'conditions' }) });
    expect(res.status).toBe(201);
    expect(res.body.itemCount).toBe(2);
    const remembered = await h.call('GET', `/v1/units/${UNIT_A}/lists/no-penalty/column-maps`, { token: editor });
    expect(remembered.status).toBe(200);
    expect(remembered.body.columnMaps).toEqual([
      expect.objectContaining({
        map: { 具体要求: 'conditions' },
        headings: ['序号', '违法行为', '法律依据', '具体要求', '投诉电话'],
        confirmedBy: 'zhang.editor',
        source: '大英县文化市场不予处罚事项清单.csv',
      }),
    ]);
  });

  it('the next upload with the same heading row (spacing aside) applies the remembered map with no hint', async () => {
    const res = await upload(UNIT_A, NEXT_LIST, {}, true);
    expect(res.status).toBe(200);
    const [list] = res.body.lists;
    expect(list).toMatchObject({ valid: true, itemCount: 3, columnMap: { source: 'remembered' } });
    expect(list.columnMap.map).toEqual({ 具体要求: 'conditions' });
    expect(list.items[2].conditions).toBe('初次违法且及时改正');
  });

  it('is not applied to another heading row, another unit or another kind', async () => {
    const otherLayout = await upload(UNIT_A, OTHER_LAYOUT);
    expect(otherLayout.status).toBe(422);
    expect(otherLayout.body.error.details.errors[0]).toMatchObject({ code: 'MISSING_COLUMN', field: 'conditions' });
    const otherUnit = await upload(UNIT_B, LIST);
    expect(otherUnit.status).toBe(422);
    const otherKind = await h.call('POST', `/v1/units/${UNIT_A}/lists/lighter-penalty/drafts?dryRun=true`, {
      token: editor,
      form: fileForm(LIST, '从轻处罚事项清单.csv', { effectiveFrom: '2024-04-01' }),
    });
    expect(otherKind.body.lists?.[0]?.columnMap).toBeUndefined();
  });

  it('a map sent with the request overrides the remembered one', async () => {
    const res = await upload(
      UNIT_A,
      LIST,
      { columnMap: JSON.stringify({ 投诉电话: 'notes', 具体要求: 'conditions' }) },
      true,
    );
    const [list] = res.body.lists;
    expect(list.columnMap).toEqual({ source: 'request', map: { 投诉电话: 'notes', 具体要求: 'conditions' } });
    expect(list.items[0].notes).toBe('0832-12345');
    expect(list.items[0].additional).toBeUndefined();
  });

  it('remembered maps are not readable outside the caller’s units', async () => {
    const outsider = await h.token('editor', { sub: 'li.editor', units: [UNIT_B] });
    const res = await h.call('GET', `/v1/units/${UNIT_A}/lists/no-penalty/column-maps`, { token: outsider });
    expect(res.status).toBe(403);
  });
});

describe('a column map with a whole-workbook upload', () => {
  const HEADER = ['序号', '违法行为', '法律依据', '具体要求', '投诉电话'];
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => [
      String(i + 1),
      `未按规定公示信息（第${i + 1}项）`,
      '《企业信息公示暂行条例》第八条',
      '首次且在责令期限内改正',
      '0832-12345',
    ]);
  const book = () =>
    workbook([
      { name: '不予处罚事项清单', header: HEADER, rows: rows(2) },
      { name: '从轻处罚事项清单', header: [...HEADER.slice(0, 4), '备注'], rows: rows(3) },
    ]);
  const post = async (fields: Record<string, string>, dryRun = false) =>
    h.call('POST', `/v1/units/${UNIT_B}/drafts${dryRun ? '?dryRun=true' : ''}`, {
      token: editor,
      form: fileForm(await book(), '清单.xlsx', { effectiveFrom: '2024-04-01', ...fields }),
    });

  it('each sheet takes the entries its header has', async () => {
    const res = await post({ columnMap: JSON.stringify({ 具体要求: 'conditions', 投诉电话: 'notes' }) }, true);
    expect(res.status).toBe(200);
    const [noPenalty, lighter] = res.body.lists;
    expect(noPenalty).toMatchObject({ kind: 'no-penalty', valid: true, itemCount: 2 });
    expect(noPenalty.columnMap).toEqual({ source: 'request', map: { 具体要求: 'conditions', 投诉电话: 'notes' } });
    expect(noPenalty.items[0]).toMatchObject({ conditions: '首次且在责令期限内改正', notes: '0832-12345' });
    expect(lighter).toMatchObject({ kind: 'lighter-penalty', valid: true, itemCount: 3 });
    expect(lighter.columnMap).toEqual({ source: 'request', map: { 具体要求: 'conditions' } });
  });

  it('a heading no sheet has and an unknown field are a 422 with every entry and every sheet’s mapping', async () => {
    const res = await post({ columnMap: JSON.stringify({ 具体要求: 'conditons', 联系电话: 'notes' }) });
    expect(res.status).toBe(422);
    const errors = res.body.error.details.errors as Array<{ code: string; column: string; sheet?: string }>;
    expect(errors.filter((e) => e.code !== 'MISSING_COLUMN').map((e) => [e.code, e.column, e.sheet])).toEqual([
      ['COLUMN_NOT_FOUND', '联系电话', undefined],
      ['UNKNOWN_FIELD', '具体要求', '不予处罚事项清单'],
      ['UNKNOWN_FIELD', '具体要求', '从轻处罚事项清单'],
    ]);
    const mapping = res.body.error.details.mapping as Array<{ sheet: string; heading: string }>;
    expect(mapping.map((m) => `${m.sheet}/${m.heading}`)).toContain('从轻处罚事项清单/备注');
    const drafts = await h.call('GET', `/v1/drafts?unit=${UNIT_B}`, { token: editor });
    expect(drafts.body.drafts).toEqual([]);
  });

  it('creating the drafts remembers each sheet’s entries for its kind, applied to the next workbook', async () => {
    const res = await post({ columnMap: JSON.stringify({ 具体要求: 'conditions', 投诉电话: 'notes' }) });
    expect(res.status).toBe(201);
    expect(res.body.drafts.map((d: { stream: string }) => d.stream)).toEqual(['no-penalty', 'lighter-penalty']);
    const lighter = await h.call('GET', `/v1/units/${UNIT_B}/lists/lighter-penalty/column-maps`, { token: editor });
    expect(lighter.body.columnMaps).toEqual([
      expect.objectContaining({ map: { 具体要求: 'conditions' }, source: '清单.xlsx#从轻处罚事项清单' }),
    ]);
    const next = await post({}, true);
    expect(next.status).toBe(200);
    expect(next.body.lists.map((l: { columnMap?: { source: string } }) => l.columnMap?.source)).toEqual([
      'remembered',
      'remembered',
    ]);
  });
});
