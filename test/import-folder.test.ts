/** Importing region folders into a real engine: the sample region v1 → v2 → v1 again, and every broken case. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemIdentity } from '../shared/core/identity.js';
import { findKind, type RecordKind, entityKind } from '../shared/core/kinds/index.js';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import { importRegionFolder, type FolderImportReport } from '../shared/features/spreadsheets/index.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { workbookBytes } from './fixtures/import/build.js';

const SAMPLE = join(import.meta.dirname, 'fixtures/sample-fuxin');
const V1 = join(SAMPLE, 'v1');
const V2 = join(SAMPLE, 'v2');

interface ManifestList {
  count: number;
  general?: number;
  key?: number;
  v2?: { count: number; changed: number; removed: number; added: number };
}
const manifest = JSON.parse(readFileSync(join(SAMPLE, 'manifest.json'), 'utf8')) as {
  units: Array<{ uscc: string; name: string; lists: Record<string, ManifestList>; format: string }>;
  totals: Record<string, number>;
};

const kind = (id: string) => findKind(id) as RecordKind;
const tmpDirs: string[] = [];
function tmpRegion(from = V1): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongshi-import-'));
  tmpDirs.push(dir);
  cpSync(from, dir, { recursive: true });
  return dir;
}
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

const outcomes = (r: FolderImportReport) =>
  r.streams.map((s) => `${s.uscc}/${s.kind}:${s.outcome}${s.version ? `@${s.version}` : ''}`);

describe('the sample region, v1 → v2 → v1 again', () => {
  let rt: TestRuntime;
  let first: FolderImportReport;
  beforeAll(async () => {
    rt = await createTestRuntime({ cacheBytes: 0 });
    first = await importRegionFolder(rt.registry, V1, {
      effectiveFrom: '2024-01-01',
      documentNumber: '阜司发[2024]1号',
    });
  });

  it('v1 loads every unit and every list, with nothing rejected', () => {
    expect(first.errors).toEqual([]);
    expect(first.summary).toMatchObject({ rejectedFiles: 0, failed: 0, rejected: 0 });
    const listCount = manifest.units.reduce((n, u) => n + Object.keys(u.lists).length, 0);
    expect(first.summary.published).toBe(manifest.units.length + listCount);
    expect(first.files.every((f) => f.status === 'accepted')).toBe(true);
  });

  it('item counts per unit and kind match manifest.json, including 一般/重点', async () => {
    const totals: Record<string, number> = { inspectionItems: 0, general: 0, key: 0 };
    for (const unit of manifest.units) {
      const { entity } = await rt.registry.getEntity(unit.uscc, { at: '2024-01-01' });
      expect(entity.name).toBe(unit.name);
      for (const [kindId, expected] of Object.entries(unit.lists)) {
        const { items, meta } = await rt.registry.getListInForce(unit.uscc, kindId, { at: '2024-01-01' });
        expect([unit.uscc, kindId, items.length]).toEqual([unit.uscc, kindId, expected.count]);
        expect(meta.version).toBe(1);
        if (kindId === 'inspection-items') {
          const general = items.filter((i) => i.category === '一般').length;
          const key = items.filter((i) => i.category === '重点').length;
          expect([unit.uscc, general, key]).toEqual([unit.uscc, expected.general, expected.key]);
          totals.inspectionItems! += items.length;
          totals.general! += general;
          totals.key! += key;
        } else totals[kindId] = (totals[kindId] ?? 0) + items.length;
      }
      // No list the unit does not have.
      const lists = await rt.registry.unitLists(unit.uscc, { at: '2024-01-01' });
      expect(lists.map((l) => l.kind).sort()).toEqual(Object.keys(unit.lists).sort());
    }
    for (const [name, n] of Object.entries(manifest.totals))
      if (name !== 'units') expect([name, totals[name]]).toEqual([name, n]);
  });

  it(
    'records where each version came from: effectiveFrom, normalised 文号, publishedBy, source ' + 'file (and sheet)',
    async () => {
      const [csv] = await rt.registry.listVersions('112109001558878306', 'no-penalty');
      expect(csv).toMatchObject({
        effectiveFrom: '2024-01-01',
        documentNumber: '阜司发〔2024〕1号',
        publishedBy: 'import',
        source: '112109001558878306/no-penalty.csv',
      });
      const [sheet] = await rt.registry.listVersions('11210900156204595X', 'inspection-items');
      expect(sheet!.source).toBe('11210900156204595X/lists.xlsx#检查事项目录');
      const [entity] = await rt.registry.entityVersions('11210900156204595X');
      expect(entity!.source).toBe('entities.csv');
    },
  );

  it('GB18030 and Traditional input is stored canonically (重點 → 重点), free text as given', async () => {
    const { items } = await rt.registry.getListInForce('112109001558878306', 'inspection-items', { at: '2024-01-01' });
    expect(new Set(items.map((i) => i.category))).toEqual(new Set(['一般', '重点']));
    expect(items.some((i) => String(i.name).includes('檢查'))).toBe(true);
  });

  it('v2 adds version 2 of exactly the changed lists, with the manifest’s changed/removed/added counts', async () => {
    const second = await importRegionFolder(rt.registry, V2, { effectiveFrom: '2024-07-01' });
    expect(second.errors).toEqual([]);
    const changed = manifest.units.flatMap((u) =>
      Object.entries(u.lists)
        .filter(([, l]) => l.v2)
        .map(([k]) => `${u.uscc}/${k}`),
    );
    expect(outcomes(second).sort()).toEqual(changed.map((c) => `${c}:published@2`).sort());

    for (const unit of manifest.units) {
      for (const [kindId, expected] of Object.entries(unit.lists)) {
        const versions = await rt.registry.listVersions(unit.uscc, kindId);
        if (!expected.v2) {
          expect([unit.uscc, kindId, versions.length]).toEqual([unit.uscc, kindId, 1]);
          continue;
        }
        expect(versions.map((v) => [v.version, v.effectiveFrom])).toEqual([
          [1, '2024-01-01'],
          [2, '2024-07-01'],
        ]);
        expect(versions[1]!.previousHash).toBe(versions[0]!.contentHash);
        const before = (await rt.registry.getVersion(unit.uscc, kindId, 1)).items;
        const after = (await rt.registry.getVersion(unit.uscc, kindId, 2)).items;
        expect(after).toHaveLength(expected.v2.count);
        expect([unit.uscc, kindId, diffCounts(kind(kindId), before, after)]).toEqual([
          unit.uscc,
          kindId,
          { changed: expected.v2.changed, removed: expected.v2.removed, added: expected.v2.added },
        ]);
        // The in-force rule picks by date.
        expect((await rt.registry.getListInForce(unit.uscc, kindId, { at: '2024-06-30' })).meta.version).toBe(1);
        expect((await rt.registry.getListInForce(unit.uscc, kindId, { at: '2024-07-01' })).meta.version).toBe(2);
      }
    }
  });

  it(
    'importing v1 again adds nothing: unchanged lists stay, lists changed by v2 are recognised ' +
      'as a replay of version 1',
    async () => {
      const again = await importRegionFolder(rt.registry, V1, { effectiveFrom: '2024-01-01' });
      expect(again.summary.published).toBe(0);
      const replays = again.streams.filter((s) => s.outcome === 'replay');
      expect(replays).toHaveLength(10);
      expect(replays.every((s) => s.version === 1)).toBe(true);
      expect(again.summary.unchanged).toBe(first.summary.published - 10);
      for (const unit of manifest.units) {
        for (const [kindId, expected] of Object.entries(unit.lists)) {
          expect((await rt.registry.listVersions(unit.uscc, kindId)).length).toBe(expected.v2 ? 2 : 1);
        }
      }
      // Re-importing v2 is unchanged too.
      const v2again = await importRegionFolder(rt.registry, V2, { effectiveFrom: '2024-07-01' });
      expect(v2again.summary).toMatchObject({ published: 0, unchanged: 10 });
    },
  );

  it('a dry run reports what would be published and writes nothing', async () => {
    const dry = await importRegionFolder(rt.registry, V1, { effectiveFrom: '2025-01-01', dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.summary['would-publish']).toBe(10);
    expect(dry.streams.filter((s) => s.outcome === 'would-publish').every((s) => s.version === 3)).toBe(true);
    expect((await rt.registry.listVersions('112109001558878306', 'no-penalty')).length).toBe(2);
  });
});

describe('broken files: rejected with row-level reasons, nothing of them written, the rest imported', () => {
  let rt: TestRuntime;
  let report: FolderImportReport;
  const bad = (name: string) => join(SAMPLE, 'bad', name);
  const strangerCode = (() => {
    const first17 = '12210900MB0000001';
    return first17 + usccCheckCharacter(first17);
  })();

  beforeAll(async () => {
    rt = await createTestRuntime({ cacheBytes: 0 });
    const dir = tmpRegion();
    cpSync(bad('duplicate-codes.csv'), join(dir, '112109001558878306/no-penalty.csv'));
    cpSync(bad('empty-violation.csv'), join(dir, '11210900155967021X/lighter-penalty.csv'));
    cpSync(bad('missing-required-column.csv'), join(dir, '11210900155967021X/no-coercive-measures.csv'));
    cpSync(bad('not-a-spreadsheet.xlsx'), join(dir, '11210900156442163K/lighter-penalty.xlsx'));
    // bad/overlong-cell.csv's case: a 200,000-character 适用条件 (column 6) in the first data row.
    const lines = readFileSync(join(V1, '112109001560462160/reduced-penalty.csv'), 'utf8').split('\n');
    const cells = lines[1]!.split(',');
    cells[5] = '长'.repeat(200_000);
    lines[1] = cells.join(',');
    writeFileSync(join(dir, '112109001560462160/reduced-penalty.csv'), lines.join('\n'));
    mkdirSync(join(dir, strangerCode));
    cpSync(join(V1, '11210900156442163K/no-penalty.csv'), join(dir, strangerCode, 'no-penalty.csv'));
    mkdirSync(join(dir, '不是信用代码'));
    cpSync(join(V1, '11210900156442163K/no-penalty.csv'), join(dir, '11210900156283780F/notes.csv'));
    report = await importRegionFolder(rt.registry, dir, { effectiveFrom: '2024-01-01' });
  });

  it('reports every broken file at once, each error with file, row, column, value and a stable code', () => {
    const brief = report.errors.map((e) => [e.file, e.row, e.column, e.code]);
    expect(brief).toEqual(
      expect.arrayContaining([
        ['112109001558878306/no-penalty.csv', 3, '事项编码', 'DUPLICATE_CODE'],
        ['11210900155967021X/lighter-penalty.csv', 2, '违法行为', 'REQUIRED'],
        ['11210900155967021X/no-coercive-measures.csv', 1, '适用条件', 'MISSING_COLUMN'],
        ['11210900156442163K/lighter-penalty.xlsx', undefined, undefined, 'NOT_A_SPREADSHEET'],
        ['112109001560462160/reduced-penalty.csv', 2, '适用条件', 'CELL_TOO_LONG'],
        [`${strangerCode}/no-penalty.csv`, undefined, undefined, 'UNKNOWN_UNIT'],
        ['不是信用代码/', undefined, undefined, 'INVALID_UNIT_FOLDER'],
        ['11210900156283780F/notes.csv', undefined, undefined, 'UNKNOWN_FILE'],
      ]),
    );
    const rejected = report.files.filter((f) => f.status === 'rejected').map((f) => f.file);
    expect(rejected.sort()).toEqual(
      [
        '112109001558878306/no-penalty.csv',
        '11210900155967021X/lighter-penalty.csv',
        '11210900155967021X/no-coercive-measures.csv',
        '11210900156442163K/lighter-penalty.xlsx',
        '112109001560462160/reduced-penalty.csv',
        `${strangerCode}/no-penalty.csv`,
        '不是信用代码/',
        '11210900156283780F/notes.csv',
      ].sort(),
    );
    expect(report.summary.rejectedFiles).toBe(8);
    expect(report.errors.find((e) => e.code === 'DUPLICATE_CODE')!.value).toBe('DUP-1');
  });

  it('writes nothing of a rejected file', async () => {
    expect(await rt.store.getHead('112109001558878306', 'no-penalty')).toBeUndefined();
    expect(await rt.store.getHead('11210900155967021X', 'lighter-penalty')).toBeUndefined();
    expect(await rt.store.getHead('11210900155967021X', 'no-coercive-measures')).toBeUndefined();
    expect(await rt.store.getHead('112109001560462160', 'reduced-penalty')).toBeUndefined();
    expect(await rt.store.getHead(strangerCode, 'no-penalty')).toBeUndefined();
    expect(await rt.store.getHead(strangerCode, entityKind.id)).toBeUndefined();
    const rejected = report.streams.filter((s) => s.outcome === 'rejected').map((s) => `${s.uscc}/${s.kind}`);
    expect(rejected).toEqual(
      expect.arrayContaining(['112109001558878306/no-penalty', '11210900156442163K/lighter-penalty']),
    );
  });

  it('still imports every valid file', async () => {
    const published = report.streams.filter((s) => s.outcome === 'published');
    expect(published).toHaveLength(38 - 4);
    expect(
      (await rt.registry.getListInForce('112109001558878306', 'inspection-items', { at: '2024-01-01' })).items,
    ).toHaveLength(47);
    expect(
      (await rt.registry.getListInForce('11210900156204595X', 'no-penalty', { at: '2024-01-01' })).items,
    ).toHaveLength(10);
  });

  it('an entities file with errors is not imported, so the lists of its new units are refused too', async () => {
    const rt2 = await createTestRuntime({ cacheBytes: 0 });
    const dir = tmpRegion();
    cpSync(bad('entities-bad-uscc.csv'), join(dir, 'entities.csv'));
    const r = await importRegionFolder(rt2.registry, dir, { effectiveFrom: '2024-01-01' });
    expect(r.errors.filter((e) => e.file === 'entities.csv').map((e) => [e.row, e.column, e.value, e.code])).toEqual([
      [2, '统一社会信用代码', '112109001558878300', 'USCC_CHECK_CHARACTER'],
      [3, '行政区划代码', '999999', 'REGION_CODE_UNKNOWN'],
    ]);
    expect(r.summary.published).toBe(0);
    expect(r.errors.filter((e) => e.code === 'UNKNOWN_UNIT')).toHaveLength(
      manifest.units.reduce((n, u) => n + (u.format === 'xlsx-workbook' ? 1 : Object.keys(u.lists).length), 0),
    );
    expect(await rt2.store.getHead('11210900155967021X', entityKind.id)).toBeUndefined();
  });

  it('unit folders of units already registered import without an entities file (v2 has none)', async () => {
    const fresh = await createTestRuntime({ cacheBytes: 0 });
    const none = await importRegionFolder(fresh.registry, V2, { effectiveFrom: '2024-07-01' });
    expect(none.summary.published).toBe(0);
    expect(none.errors.every((e) => e.code === 'UNKNOWN_UNIT')).toBe(true);
  });
});

describe('folder layout rules', () => {
  it('accepts Chinese list names as file names and an entities.xlsx; rejects two files for one list', async () => {
    const rt = await createTestRuntime({ cacheBytes: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-import-'));
    tmpDirs.push(dir);
    const entityRows = readFileSync(join(V1, 'entities.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    writeFileSync(
      join(dir, 'entities.xlsx'),
      await workbookBytes({ 填写说明: [['每行一个执法主体']], 执法主体: entityRows }),
    );
    const unit = join(dir, '11210900155967021X');
    mkdirSync(unit);
    cpSync(join(V1, '11210900155967021X/no-penalty.csv'), join(unit, '不予处罚事项清单.csv'));
    cpSync(join(V1, '11210900155967021X/lighter-penalty.csv'), join(unit, 'Lighter-Penalty.CSV'));
    cpSync(join(V1, '11210900155967021X/reduced-penalty.csv'), join(unit, 'reduced-penalty.csv'));
    cpSync(join(V1, '11210900155967021X/reduced-penalty.csv'), join(unit, '减轻处罚事项清单.csv'));
    const r = await importRegionFolder(rt.registry, dir, { effectiveFrom: '2024-01-01' });
    expect(outcomes(r).filter((o) => o.startsWith('11210900155967021X'))).toEqual([
      '11210900155967021X/entity:published@1',
      '11210900155967021X/no-penalty:published@1',
      '11210900155967021X/lighter-penalty:published@1',
      '11210900155967021X/reduced-penalty:rejected',
      '11210900155967021X/reduced-penalty:rejected',
    ]);
    expect(
      r.errors
        .filter((e) => e.code === 'DUPLICATE_LIST')
        .map((e) => e.file)
        .sort(),
    ).toEqual(['11210900155967021X/reduced-penalty.csv', '11210900155967021X/减轻处罚事项清单.csv']);
  });

  it('refuses two entity files (neither is trusted over the other)', async () => {
    const rt = await createTestRuntime({ cacheBytes: 0 });
    const dir = tmpRegion();
    cpSync(join(V1, 'entities.csv'), join(dir, '执法主体.csv'));
    const r = await importRegionFolder(rt.registry, dir, { effectiveFrom: '2024-01-01', dryRun: true });
    expect(
      r.errors
        .filter((e) => e.code === 'DUPLICATE_FILE')
        .map((e) => e.file)
        .sort(),
    ).toEqual(['entities.csv', '执法主体.csv']);
    expect(r.summary['would-publish']).toBe(0);
  });

  it('refuses a path that is not a folder and an invalid effective date', async () => {
    const rt = await createTestRuntime({ cacheBytes: 0 });
    await expect(importRegionFolder(rt.registry, join(V1, 'entities.csv'))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(importRegionFolder(rt.registry, V1, { effectiveFrom: '2024-02-30' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('what a list says besides its items', () => {
  it('publishes a file’s title, preface and foot rows as the version’s notes', async () => {
    const rt = await createTestRuntime({ cacheBytes: 0 });
    const dir = tmpRegion();
    const unit = '112109001558878306';
    rmSync(join(dir, unit, 'no-penalty.csv'));
    const published = '江门市生态环境依法不予行政处罚的轻微环境违法行为清单.xlsx';
    cpSync(join(import.meta.dirname, 'fixtures/real-lists', published), join(dir, unit, published));
    const report = await importRegionFolder(rt.registry, dir, { effectiveFrom: '2024-01-01' });
    expect(report.errors).toEqual([]);
    const list = await rt.registry.getListInForce(unit, 'no-penalty');
    expect(list.items).toHaveLength(4);
    expect(list.meta.listNotes).toEqual({
      title: ['江门市生态环境依法不予行政处罚的轻微环境违法行为清单'],
      footnotes: [expect.stringMatching(/^备注：一、“首次违法”/)],
    });
    // A list with nothing beside its table has no notes.
    expect((await rt.registry.getListInForce(unit, 'lighter-penalty')).meta.listNotes).toBeUndefined();
  });
});

/** changed / removed / added between two versions of a list, matched by item identity (事项编码, else content key). */
function diffCounts(kind: RecordKind, before: Array<Record<string, unknown>>, after: Array<Record<string, unknown>>) {
  const index = (items: Array<Record<string, unknown>>) =>
    new Map(items.map((i) => [itemIdentity(kind, i), JSON.stringify(withoutSeq(i))]));
  const a = index(before);
  const b = index(after);
  let changed = 0;
  let removed = 0;
  for (const [id, content] of a) {
    if (!b.has(id)) removed++;
    else if (b.get(id) !== content) changed++;
  }
  const added = [...b.keys()].filter((id) => !a.has(id)).length;
  return { changed, removed, added };
}

// 序号 shifts when items are inserted or removed; a renumbered item is not a changed item.
const withoutSeq = ({ seq: _seq, ...rest }: Record<string, unknown>) => rest;
