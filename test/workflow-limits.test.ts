/**
 * Every limit of an upload answers a clear 413/422 (and is recorded), formulas
 * are stored as text, entity registration and repeal follow the review path.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../shared/features/spreadsheets/index.js';
import { createHarness, fileForm, OTHER_REGION, type Harness } from './fixtures/workflow/harness.js';
import { discretionCsvGb18030, discretionRow, workbook } from './fixtures/workflow/files.js';
import { zipBytes } from './fixtures/import/build.js';
import { entity, noPenaltyItem, UNIT_A } from './support/fixtures.js';

let h: Harness;
let editor: string;
let reviewer: string;
let admin: string;
const drafts = (kind: string) => `/v1/units/${UNIT_A}/lists/${kind}/drafts`;

beforeAll(async () => {
  h = await createHarness();
  editor = await h.token('editor', { sub: 'ed', units: [UNIT_A] });
  reviewer = await h.token('reviewer', { sub: 'rv', region: '21' });
  admin = await h.token('admin', { sub: 'root' });
});

describe('limits', () => {
  it('a body over the HTTP limit is 413 BODY_TOO_LARGE, and recorded', async () => {
    const big = 'x'.repeat(IMPORT_LIMITS.maxFileBytes + 300 * 1024);
    const res = await h.call('POST', drafts('no-penalty'), {
      token: editor,
      body: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { reason: 'BODY_TOO_LARGE' } });
    expect(res.headers.get('Audit-Record')).toMatch(new RegExp(`^${UNIT_A}/`));
    const small = await h.call('POST', '/v1/drafts/dlt80bi8021428ce5cb05/review', {
      token: reviewer,
      body: JSON.stringify({ decision: 'approve', comment: 'y'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(small.status).toBe(413);
  });

  it('a file over 10 MB inside a multipart body is 413 PAYLOAD_TOO_LARGE', async () => {
    const file = new Uint8Array(IMPORT_LIMITS.maxFileBytes + 1).fill(0x41);
    const res = await h.call('POST', drafts('no-penalty'), {
      token: editor,
      form: fileForm(file, 'big.csv', { effectiveFrom: '2024-01-01' }),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.details.reason).toBe('PAYLOAD_TOO_LARGE');
  });

  it('more than 20,000 rows is 413 TOO_MANY_ROWS (CSV and JSON)', async () => {
    const rows = Array.from({ length: IMPORT_LIMITS.maxDataRows + 1 }, (_, i) =>
      discretionRow(i + 1, { 事项编码: `C${i}`, 违法依据: '', 处理措施: '', 执法领域: '', 违法行为: `行为${i}` }),
    );
    const csv = await h.call('POST', drafts('no-penalty'), {
      token: editor,
      form: fileForm(discretionCsvGb18030(rows), 'rows.csv', { effectiveFrom: '2024-01-01' }),
    });
    expect(csv.status).toBe(413);
    expect(csv.body.error.details.reason).toBe('TOO_MANY_ROWS');
    const items = Array.from({ length: IMPORT_LIMITS.maxDataRows + 1 }, (_, i) => ({
      violation: `v${i}`,
      conditions: 'c',
      penaltyProvision: 'p',
    }));
    const json = await h.call('POST', drafts('no-penalty'), {
      token: editor,
      json: { items, effectiveFrom: '2024-01-01' },
    });
    expect(json.status).toBe(413);
    expect(json.body.error.details.reason).toBe('TOO_MANY_ROWS');
  });

  it('cells over the field length are row errors (422); absurd cells are cut before validation', async () => {
    const res = await h.call('POST', drafts('no-penalty'), {
      token: editor,
      json: {
        items: [
          noPenaltyItem(1, { violation: '长'.repeat(501) }),
          noPenaltyItem(2, { conditions: '条'.repeat(IMPORT_LIMITS.maxCellChars + 1) }),
        ],
        effectiveFrom: '2024-01-01',
      },
    });
    expect(res.status).toBe(422);
    expect(
      res.body.error.details.errors.map((e: { row: number; column: string; code: string }) => [
        e.row,
        e.column,
        e.code,
      ]),
    ).toEqual([
      [1, '违法行为', 'TOO_LONG'],
      [2, '适用条件', 'CELL_TOO_LONG'],
    ]);
    expect(res.body.error.details.errors[1].value.length).toBeLessThan(300);
  });

  it('a workbook with too many sheets is 413 TOO_MANY_SHEETS', async () => {
    const sheets = Array.from({ length: IMPORT_LIMITS.maxSheets + 1 }, (_, i) => ({ name: `表${i}`, rows: [] }));
    const res = await h.call('POST', `/v1/units/${UNIT_A}/drafts`, {
      token: editor,
      form: fileForm(await workbook(sheets), 'many.xlsx', { effectiveFrom: '2024-01-01' }),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.details.reason).toBe('TOO_MANY_SHEETS');
  });

  it('an XLSX decompression bomb is refused before it is expanded (413 ARCHIVE_TOO_LARGE)', async () => {
    const xml = Buffer.alloc(1024 * 1024, 0x20);
    const bomb = zipBytes(Array.from({ length: 120 }, (_, i) => ({ name: `xl/worksheets/sheet${i}.xml`, data: xml })));
    const started = performance.now();
    const res = await h.call('POST', drafts('no-penalty'), {
      token: editor,
      form: fileForm(bomb, 'bomb.xlsx', { effectiveFrom: '2024-01-01' }),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.details.reason).toBe('ARCHIVE_TOO_LARGE');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('formula cells are stored as their text; text is stored as given', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('不予处罚事项清单');
    ws.addRow(['违法行为', '适用条件', '处罚依据', '备注']);
    ws.addRow([
      '<b>未公开</b> & 信息',
      '首次违法',
      '《某法》第一条',
      { formula: 'HYPERLINK("http://evil.example","点我")', result: '点我' },
    ]);
    ws.addRow(['=1+1', '首次违法', '《某法》第二条', '']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await h.call('POST', `${drafts('no-penalty')}?dryRun=true`, {
      token: editor,
      form: fileForm(bytes, 'f.xlsx', { effectiveFrom: '2024-01-01' }),
    });
    expect(res.status).toBe(200);
    const items = res.body.lists[0].items;
    expect(items[0]).toMatchObject({
      violation: '<b>未公开</b> & 信息',
      notes: '=HYPERLINK("http://evil.example","点我")',
    });
    expect(items[1].violation).toBe('=1+1');
  });

  it('unsupported media types, bad fields and unknown kinds are clear 4xx, never 500', async () => {
    expect(
      (
        await h.call('POST', drafts('no-penalty'), {
          token: editor,
          body: 'a=b',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);
    const badDate = await h.call('POST', drafts('no-penalty'), {
      token: editor,
      json: { items: [noPenaltyItem(1)], effectiveFrom: '2024-02-30' },
    });
    expect(badDate.status).toBe(400);
    expect(
      (
        await h.call('POST', drafts('no-such-kind'), {
          token: editor,
          json: { items: [noPenaltyItem(1)], effectiveFrom: '2024-01-01' },
        })
      ).status,
    ).toBe(404);
    const noFile = new FormData();
    noFile.set('effectiveFrom', '2024-01-01');
    expect((await h.call('POST', drafts('no-penalty'), { token: editor, form: noFile })).status).toBe(400);
    expect(
      (await h.call('POST', `/v1/units/${UNIT_A}/drafts`, { token: editor, json: { effectiveFrom: '2024-01-01' } }))
        .status,
    ).toBe(415);
  });
});

describe('entity registration and repeal go through the same review', () => {
  const NEW_UNIT = '11210900MB1234567Q';

  it('PUT /v1/units/{uscc} (admin) registers a new entity after review', async () => {
    const bad = await h.call('PUT', `/v1/units/${NEW_UNIT}`, {
      token: admin,
      json: { entity: entity(NEW_UNIT, { nature: '其他', phone: 12 }), effectiveFrom: '2024-01-01' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.errors.map((e: { column: string }) => e.column)).toEqual(['主体性质']);
    const region = await h.call('PUT', `/v1/units/${NEW_UNIT}`, {
      token: admin,
      json: { entity: entity(NEW_UNIT, { regionCode: '999999' }), effectiveFrom: '2024-01-01' },
    });
    expect(region.status).toBe(422);
    expect(region.body.error.details.errors.map((e: { column: string; code: string }) => [e.column, e.code])).toEqual([
      ['行政区划代码', 'REGION_CODE_UNKNOWN'],
    ]);
    const mismatch = await h.call('PUT', `/v1/units/${NEW_UNIT}`, {
      token: admin,
      json: { entity: entity(UNIT_A), effectiveFrom: '2024-01-01' },
    });
    expect(mismatch.status).toBe(422);

    const created = await h.call('PUT', `/v1/units/${NEW_UNIT}`, {
      token: admin,
      json: {
        entity: entity(NEW_UNIT, { name: '阜新市新设局（示例）', regionCode: '210902' }),
        effectiveFrom: '2024-01-01',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ stream: 'entity', action: 'entity', baseVersion: 0, regionCode: '210902' });
    expect((await h.call('GET', `/v1/units/${NEW_UNIT}`)).status).toBe(404);
    expect((await h.call('POST', `/v1/drafts/${created.body.id}/submit`, { token: editor })).status).toBe(403);
    expect((await h.call('POST', `/v1/drafts/${created.body.id}/submit`, { token: admin })).status).toBe(200);
    const outside = await h.token('reviewer', { sub: 'hn', region: OTHER_REGION });
    expect(
      (await h.call('POST', `/v1/drafts/${created.body.id}/review`, { token: outside, json: { decision: 'approve' } }))
        .status,
    ).toBe(403);
    const approved = await h.call('POST', `/v1/drafts/${created.body.id}/review`, {
      token: reviewer,
      json: { decision: 'approve' },
    });
    expect(approved.body.publishedVersion).toBe(1);
    expect((await h.call('GET', `/v1/units/${NEW_UNIT}`)).body.entity.name).toBe('阜新市新设局（示例）');

    // A change is version 2; a draft identical to the record in force is refused.
    const same = await h.call('PUT', `/v1/units/${NEW_UNIT}`, {
      token: admin,
      json: {
        entity: entity(NEW_UNIT, { name: '阜新市新设局（示例）', regionCode: '210902' }),
        effectiveFrom: '2024-02-01',
      },
    });
    expect(same.status).toBe(422);
    expect(same.body.error.details.reason).toBe('NO_CHANGES');
  });

  it('a repeal draft, once approved, ends the list from its date', async () => {
    await h.registry.publish({
      uscc: UNIT_A,
      stream: 'lighter-penalty',
      status: 'published',
      items: [noPenaltyItem(1)],
      effectiveFrom: '2023-01-01',
      publishedBy: 'seed',
      source: 'seed',
    });
    const repeal = await h.call('POST', `/v1/units/${UNIT_A}/lists/lighter-penalty/repeal`, {
      token: editor,
      json: { effectiveFrom: '2024-04-01', documentNumber: '阜环发〔2024〕9号' },
    });
    expect(repeal.status).toBe(201);
    expect(repeal.body).toMatchObject({ action: 'repeal', itemCount: 0, baseVersion: 1 });
    await h.call('POST', `/v1/drafts/${repeal.body.id}/submit`, { token: editor });
    const approved = await h.call('POST', `/v1/drafts/${repeal.body.id}/review`, {
      token: reviewer,
      json: { decision: 'approve' },
    });
    expect(approved.body.publishedVersion).toBe(2);
    expect((await h.call('GET', `/v1/units/${UNIT_A}/lists/lighter-penalty?at=2024-03-31`)).status).toBe(200);
    expect((await h.call('GET', `/v1/units/${UNIT_A}/lists/lighter-penalty?at=2024-04-01`)).status).toBe(404);
    const again = await h.call('POST', `/v1/units/${UNIT_A}/lists/lighter-penalty/repeal`, {
      token: editor,
      json: { effectiveFrom: '2024-05-01' },
    });
    expect(again.status).toBe(409);
    expect(
      (
        await h.call('POST', `/v1/units/${UNIT_A}/lists/reduced-penalty/repeal`, {
          token: editor,
          json: { effectiveFrom: '2024-05-01' },
        })
      ).status,
    ).toBe(404);
  });
});
