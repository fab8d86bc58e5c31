/**
 * Exports: a version as CSV / XLSX / JSON Lines (formula injection neutralised,
 * yet re-importing publishes nothing new), whole regions in force, the full
 * history, and their HTTP caching.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoUscc } from '../shared/features/demo/generate.js';
import { findKind, entityKind } from '../shared/core/kinds/index.js';
import { hashContent } from '../shared/core/versions.js';
import { neutraliseCell, restoreNeutralisedCell } from '../shared/core/neutralise.js';
import { parseListFile } from '../shared/features/spreadsheets/index.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, inspectionItem, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

let rt: TestRuntime;
const UNIT_ELSEWHERE = demoUscc('430981', 1);

/** Values a spreadsheet could run, quotes, commas, line breaks, number-like text: all must survive a round trip. */
const tricky = [
  noPenaltyItem(1, { notes: '=HYPERLINK("http://evil.example","点我")' }),
  noPenaltyItem(2, { measures: '+86 0418-1234567', notes: "'=已加引号的等号" }),
  noPenaltyItem(3, { measures: '-责令改正', notes: '@SUM(A1)' }),
  noPenaltyItem(4, { conditions: '含有"引号"、逗号,\n和换行的条件', notes: "''+两个引号" }),
  noPenaltyItem(5, { code: '001', domain: '生态环境' }),
  { ...noPenaltyItem(6), seq: undefined, measures: undefined },
].map((item) => Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)));

const inspections = [inspectionItem(1), inspectionItem(2, { notes: '=1+1' }), inspectionItem(7)];

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await rt.app.request(path, { headers });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.clock.set('2023-01-01T02:00:00Z');
  for (const [uscc, regionCode] of [
    [UNIT_A, '210900'],
    [UNIT_B, '210902'],
    [UNIT_ELSEWHERE, '430981'],
  ] as const) {
    await rt.registry.publish({
      uscc,
      stream: entityKind.id,
      status: 'published',
      items: [entity(uscc, { regionCode, name: `${uscc}（示例）` })],
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
  }
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: 'no-penalty',
    status: 'published',
    items: tricky,
    effectiveFrom: '2023-01-01',
    publishedBy: 't',
    source: 't',
  });
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: 'inspection-items',
    status: 'published',
    items: inspections,
    effectiveFrom: '2023-01-01',
    publishedBy: 't',
    source: 't',
  });
  await rt.registry.publish({
    uscc: UNIT_B,
    stream: 'no-penalty',
    status: 'published',
    items: [noPenaltyItem(1)],
    effectiveFrom: '2023-01-01',
    publishedBy: 't',
    source: 't',
  });
  await rt.registry.publish({
    uscc: UNIT_ELSEWHERE,
    stream: 'no-penalty',
    status: 'published',
    items: [noPenaltyItem(9)],
    effectiveFrom: '2023-01-01',
    publishedBy: 't',
    source: 't',
  });
  rt.clock.set('2023-06-01T02:00:00Z');
  await rt.registry.publish({
    uscc: UNIT_B,
    stream: 'no-penalty',
    status: 'published',
    items: [noPenaltyItem(1), noPenaltyItem(2)],
    effectiveFrom: '2023-07-01',
    publishedBy: 't',
    source: 't',
  });
  rt.clock.set('2023-08-01T02:00:00Z');
  await rt.registry.publish({
    uscc: UNIT_B,
    stream: 'lighter-penalty',
    status: 'published',
    items: [noPenaltyItem(3)],
    effectiveFrom: '2023-08-01',
    publishedBy: 't',
    source: 't',
  });
  await rt.registry.publish({
    uscc: UNIT_B,
    stream: 'lighter-penalty',
    status: 'repealed',
    items: [],
    effectiveFrom: '2023-09-01',
    publishedBy: 't',
    source: 't',
  });
  rt.clock.set('2024-01-01T02:00:00Z');
});

describe('formula injection', () => {
  it('quotes cells a spreadsheet could run, and restores them exactly', () => {
    for (const [value, shown] of [
      ['=1+1', "'=1+1"],
      ['+86', "'+86"],
      ['-5', "'-5"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\t=1', "'\t=1"],
      ['\r=1', "'\r=1"],
      ["'=1", "''=1"],
      ["''-1", "'''-1"],
      ["'普通文本", "'普通文本"],
      ['普通文本', '普通文本'],
      ['a=1', 'a=1'],
      ['', ''],
    ]) {
      expect(neutraliseCell(value!), value).toBe(shown);
      expect(restoreNeutralisedCell(neutraliseCell(value!)), value).toBe(value);
    }
  });
});

describe('a version as a file', () => {
  const base = `/v1/units/${UNIT_A}/lists/no-penalty`;

  it(
    'CSV: UTF-8 with BOM, Chinese headers in registry order, 是/否, neutralised formulas, a ' + 'Chinese file name',
    async () => {
      const { res, bytes } = await get(`/v1/units/${UNIT_A}/lists/inspection-items/versions/1?format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = text(bytes).split('\r\n'); // TextDecoder drops the BOM
      expect(lines[0]).toBe(
        findKind('inspection-items')!
          .columns.map((c) => c.column)
          .join(','),
      );
      expect(lines[0]).toBe(
        '序号,事项编码,检查事项名称,检查类别,检查依据,检查对象,检查方式,检查频次,是否双随机,抽查比例,备注',
      );
      expect(lines[1]).toContain(',否,5%');
      expect(lines[2]).toContain(",是,5%,'=1+1");
      const name = `${UNIT_A}-检查事项目录-第1版.csv`;
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="${UNIT_A}-______-_1_.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
    },
  );

  it('round-trips: CSV and XLSX exports re-import to the identical content hash, and publish nothing new', async () => {
    const meta = (await rt.registry.getVersion(UNIT_A, 'no-penalty', 1)).meta;
    for (const format of ['csv', 'xlsx'] as const) {
      const { res, bytes } = await get(`${base}/versions/1?format=${format}`);
      expect(res.status).toBe(200);
      const parsed = await parseListFile(findKind('no-penalty')!, bytes, `export.${format}`);
      expect(parsed.errors, format).toEqual([]);
      expect(parsed.items, format).toEqual(tricky);
      expect(hashContent(parsed.items), format).toBe(meta.contentHash);
      const again = await rt.registry.publish({
        uscc: UNIT_A,
        stream: 'no-penalty',
        status: 'published',
        items: parsed.items,
        effectiveFrom: '2024-01-01',
        publishedBy: 'reimport',
        source: format,
      });
      expect(again.outcome, format).toBe('unchanged');
    }
    const inspectionCsv = await get(`/v1/units/${UNIT_A}/lists/inspection-items?format=xlsx`);
    const parsed = await parseListFile(findKind('inspection-items')!, inspectionCsv.bytes, 'i.xlsx');
    expect(hashContent(parsed.items)).toBe(hashContent(inspections));
  });

  it('XLSX: one sheet named after the list, header row, text cells quoted where needed', async () => {
    const { res, bytes } = await get(`${base}?format=xlsx`);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['不予处罚事项清单']);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, ...findKind('no-penalty')!.columns.map((c) => c.column)]);
    expect(ws.rowCount).toBe(1 + tricky.length);
    expect(ws.getCell('L2').value).toBe(`'${tricky[0]!.notes}`);
    expect(ws.getCell('A2').value).toBe(1);
  });

  it('JSON Lines: one item per line', async () => {
    const { res, bytes } = await get(`${base}?format=jsonl`);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = text(bytes)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(tricky);
  });

  it('caches an immutable version file forever, the list in force briefly; both answer 304', async () => {
    const hash = (await rt.registry.getVersion(UNIT_A, 'no-penalty', 1)).meta.contentHash;
    const version = await get(`${base}/versions/1?format=csv`);
    expect(version.res.headers.get('etag')).toBe(`"${hash}.csv"`);
    expect(version.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get(`${base}/versions/1?format=csv`, { 'If-None-Match': `"${hash}.csv"` })).res.status).toBe(304);
    // Another format is another representation.
    expect((await get(`${base}/versions/1?format=xlsx`, { 'If-None-Match': `"${hash}.csv"` })).res.status).toBe(200);
    const moving = await get(`${base}?format=xlsx`);
    expect(moving.res.headers.get('cache-control')).toBe('public, max-age=60');
    expect((await get(`${base}?format=xlsx`, { 'If-None-Match': moving.res.headers.get('etag')! })).res.status).toBe(
      304,
    );
  });

  it(
    'the JSON reads cache the same way: entity and list in force (moving), version (moving ' + 'until logged)',
    async () => {
      for (const [path, cacheControl] of [
        [`/v1/units/${UNIT_A}`, 'public, max-age=60'],
        [`/v1/units/${UNIT_A}?at=2023-06-01&asOf=2023-12-31`, 'public, max-age=60'],
        [base, 'public, max-age=60'],
        // Not yet in the transparency log (no ledger here), so still a moving view; immutable once logged.
        [`${base}/versions/1?asOf=2023-12-31`, 'public, max-age=60'],
      ] as const) {
        const first = await get(path);
        expect(first.res.status, path).toBe(200);
        expect(first.res.headers.get('cache-control'), path).toBe(cacheControl);
        const etag = first.res.headers.get('etag')!;
        expect(etag, path).toMatch(/^"(v\d+-[0-9a-f]{64}|[0-9a-f]{64}-unlogged)"$/);
        expect((await get(path, { 'If-None-Match': etag })).res.status, path).toBe(304);
        expect((await get(path, { 'If-None-Match': `W/${etag}` })).res.status, path).toBe(304);
        expect((await get(path, { 'If-None-Match': '"other"' })).res.status, path).toBe(200);
      }
    },
  );

  it('honours at/asOf and 404s on exports like on JSON reads; rejects an unknown format', async () => {
    expect((await get(`/v1/units/${UNIT_B}/lists/no-penalty?format=jsonl&at=2023-06-30`)).bytes.length).toBeGreaterThan(
      0,
    );
    const future = text((await get(`/v1/units/${UNIT_B}/lists/no-penalty?format=jsonl&at=2023-07-01`)).bytes);
    expect(future.trimEnd().split('\n')).toHaveLength(2);
    expect(
      text((await get(`/v1/units/${UNIT_B}/lists/no-penalty?format=jsonl&at=2023-07-01&asOf=2023-05-31`)).bytes)
        .trimEnd()
        .split('\n'),
    ).toHaveLength(1);
    expect((await get(`/v1/units/${UNIT_B}/lists/no-penalty/versions/2?format=csv&asOf=2023-05-31`)).res.status).toBe(
      404,
    );
    expect((await get(`/v1/units/${UNIT_B}/lists/lighter-penalty?format=csv`)).res.status).toBe(404);
    const bad = await get(`${base}?format=pdf`);
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(text(bad.bytes)).error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /v1/export (a region in force)', () => {
  it(
    'JSON Lines: a header line, then per unit its entity, each list in force and its items; ' +
      'other regions left out',
    async () => {
      const { res, bytes } = await get('/v1/export?region=210900&at=2023-08-15');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent('行政执法公示-210900-2023-08-15.jsonl')}`,
      );
      const lines = text(bytes)
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ record: 'export', region: '210900', at: '2023-08-15' });
      const entities = lines.filter((l) => l.record === 'entity').map((l) => l.unit);
      expect(entities.sort()).toEqual([UNIT_A, UNIT_B].sort());
      const lists = lines.filter((l) => l.record === 'list').map((l) => `${l.unit}/${l.kind}/v${l.version.version}`);
      expect(lists.sort()).toEqual(
        [
          `${UNIT_A}/inspection-items/v1`,
          `${UNIT_A}/no-penalty/v1`,
          `${UNIT_B}/lighter-penalty/v1`,
          `${UNIT_B}/no-penalty/v2`,
        ].sort(),
      );
      const items = lines
        .filter((l) => l.record === 'item' && l.unit === UNIT_A && l.kind === 'no-penalty')
        .map((l) => l.item);
      expect(items).toEqual(tricky);
      expect(lines.some((l) => l.unit === UNIT_ELSEWHERE)).toBe(false);
    },
  );

  it('leaves out lists repealed or not yet in force, and what was recorded after asOf', async () => {
    const lists = async (query: string) =>
      text((await get(`/v1/export?${query}`)).bytes)
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((l) => l.record === 'list' && l.unit === UNIT_B)
        .map((l) => `${l.kind}/v${l.version.version}`)
        .sort();
    expect(await lists('region=210902&at=2023-09-01')).toEqual(['no-penalty/v2']);
    expect(await lists('region=2109&at=2023-08-15&asOf=2023-05-31')).toEqual(['no-penalty/v1']);
    // Only asOf: in force on that China date, as then known.
    expect(await lists('region=21&asOf=2023-08-01T12:00:00%2B08:00')).toEqual(['lighter-penalty/v1', 'no-penalty/v2']);
  });

  it('XLSX: a sheet of units, then one sheet per list kind, rows led by unit and version', async () => {
    const { res, bytes } = await get('/v1/export?region=210900&at=2023-08-15&format=xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '执法主体',
      '检查事项目录',
      '不予处罚事项清单',
      '从轻处罚事项清单',
      '减轻处罚事项清单',
      '不予实施行政强制措施清单',
      '行政处罚裁量基准',
      '随机抽查事项清单',
      '执法人员名单',
      '检查对象名录库',
    ]);
    const units = wb.getWorksheet('执法主体')!;
    expect(units.rowCount).toBe(3);
    const noPenalty = wb.getWorksheet('不予处罚事项清单')!;
    expect((noPenalty.getRow(1).values as unknown[]).slice(1, 7)).toEqual([
      '统一社会信用代码',
      '执法主体名称',
      '版本',
      '生效日期',
      '文号',
      '序号',
    ]);
    expect(noPenalty.rowCount).toBe(1 + tricky.length + 2);
    expect(noPenalty.getCell('B2').value).toBe(`${UNIT_A}（示例）`);
    expect(wb.getWorksheet('从轻处罚事项清单')!.rowCount).toBe(2);
  });

  it('answers 304 until something is published in the region', async () => {
    const first = await get('/v1/export?region=210900&at=2023-08-15&format=xlsx');
    const etag = first.res.headers.get('etag')!;
    expect(first.res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(
      (await get('/v1/export?region=210900&at=2023-08-15&format=xlsx', { 'If-None-Match': etag })).res.status,
    ).toBe(304);
    expect(
      (await get('/v1/export?region=210900&at=2023-08-15&format=jsonl', { 'If-None-Match': etag })).res.status,
    ).toBe(200);
    await rt.registry.publish({
      uscc: UNIT_ELSEWHERE,
      stream: 'lighter-penalty',
      status: 'published',
      items: [noPenaltyItem(4)],
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
    expect(
      (await get('/v1/export?region=210900&at=2023-08-15&format=xlsx', { 'If-None-Match': etag })).res.status,
    ).toBe(304);
    await rt.registry.publish({
      uscc: UNIT_A,
      stream: 'reduced-penalty',
      status: 'published',
      items: [noPenaltyItem(4)],
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
    expect(
      (await get('/v1/export?region=210900&at=2023-08-15&format=xlsx', { 'If-None-Match': etag })).res.status,
    ).toBe(200);
  });

  it('answers 400 without a region, with a malformed one, or an unsupported format', async () => {
    for (const q of ['', 'region=21090', 'region=abc', 'region=210900&format=csv', 'region=210900&at=2023-02-30']) {
      const { res, bytes } = await get(`/v1/export?${q}`);
      expect(res.status, q).toBe(400);
      expect(JSON.parse(text(bytes)).error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /v1/export/history (every version ever published)', () => {
  it('streams one line per version with its metadata and items, repeals included', async () => {
    const { res, bytes } = await get('/v1/export/history?region=2109');
    expect(res.status).toBe(200);
    const lines = text(bytes)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const seen = lines.map((l) => `${l.unit}/${l.kind}/v${l.version.version}`);
    expect(seen).toContain(`${UNIT_B}/no-penalty/v1`);
    expect(seen).toContain(`${UNIT_B}/no-penalty/v2`);
    const repeal = lines.find((l) => l.unit === UNIT_B && l.kind === 'lighter-penalty' && l.version.version === 2);
    expect(repeal).toMatchObject({ version: { status: 'repealed', itemCount: 0 }, items: [] });
    for (const l of lines) {
      expect(l.items).toHaveLength(l.version.itemCount);
      expect(hashContent(l.kind === entityKind.id ? l.items[0] : l.items)).toBe(l.version.contentHash);
    }
    expect(lines.filter((l) => l.kind === entityKind.id)).toHaveLength(2);
    expect(lines.some((l) => l.unit === UNIT_ELSEWHERE)).toBe(false);
  });

  it('with asOf, only what had been recorded by then; 304 on If-None-Match', async () => {
    const { res, bytes } = await get('/v1/export/history?region=210902&asOf=2023-05-31');
    const lines = text(bytes)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.kind}/v${l.version.version}`)).toEqual(['entity/v1', 'no-penalty/v1']);
    expect(
      (await get('/v1/export/history?region=210902&asOf=2023-05-31', { 'If-None-Match': res.headers.get('etag')! })).res
        .status,
    ).toBe(304);
  });
});
