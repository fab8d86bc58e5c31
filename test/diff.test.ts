/**
 * Diffs between versions: matching by identity (with and without 事项编码), field and character changes, moves, and the
 * route.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { charDiff } from '../shared/core/char-diff.js';
import { diffVersions } from '../shared/core/diff.js';
import { findKind, entityKind } from '../shared/core/kinds/index.js';
import { generateRegion } from '../shared/features/demo/generate.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, inspectionItem, noPenaltyItem, UNIT_A } from './support/fixtures.js';

const noPenalty = findKind('no-penalty')!;
const inspection = findKind('inspection-items')!;
const withoutCode = ({ code: _c, ...rest }: Record<string, unknown>) => rest;
const renumber = (items: Array<Record<string, unknown>>) => items.map((it, i) => ({ ...it, seq: i + 1 }));

describe('charDiff', () => {
  it('marks inserted and deleted Chinese characters between equal runs', () => {
    expect(charDiff('责令改正，予以批评教育', '责令限期改正，予以教育')).toEqual([
      { op: 'equal', text: '责令' },
      { op: 'insert', text: '限期' },
      { op: 'equal', text: '改正，予以' },
      { op: 'delete', text: '批评' },
      { op: 'equal', text: '教育' },
    ]);
  });

  it('keeps characters outside the BMP whole', () => {
    const segments = charDiff('𠀀甲', '𠀁甲');
    expect(segments.map((s) => s.text)).toEqual(['𠀀', '𠀁', '甲']);
    expect(segments.map((s) => s.op)).toEqual(['delete', 'insert', 'equal']);
  });

  it('handles empty and identical texts', () => {
    expect(charDiff('', '新增')).toEqual([{ op: 'insert', text: '新增' }]);
    expect(charDiff('删除', '')).toEqual([{ op: 'delete', text: '删除' }]);
    expect(charDiff('相同', '相同')).toEqual([{ op: 'equal', text: '相同' }]);
  });
});

describe('diffVersions with 事项编码', () => {
  const v1 = [1, 2, 3, 4, 5].map((i) => noPenaltyItem(i));
  // 1 edited, 2 renamed (same code), 3 removed, 4 and 5 swapped, 6 added at the top.
  const v2 = renumber([
    noPenaltyItem(6),
    noPenaltyItem(1, { measures: '责令限期改正，予以批评教育' }),
    noPenaltyItem(2, { violation: '排污单位未按规定公开排放信息（更名）' }),
    noPenaltyItem(5),
    noPenaltyItem(4),
  ]);
  const d = diffVersions(noPenalty, v1, v2);

  it('counts each kind of change', () => {
    expect(d.summary).toEqual({
      added: 1,
      removed: 1,
      changed: 2,
      renamed: 0,
      moved: 1,
      unchanged: 2,
      oldCount: 5,
      newCount: 5,
    });
  });

  it('reports additions and removals with their positions', () => {
    expect(d.added).toEqual([{ identity: 'code:BY-210900-02-006', position: 1, item: v2[0] }]);
    expect(d.removed).toEqual([{ identity: 'code:BY-210900-02-003', position: 3, item: v1[2] }]);
  });

  it('lists each changed field with old, new and character segments, never seq', () => {
    const [edited, renamed] = d.changed;
    expect(edited).toMatchObject({
      identity: 'code:BY-210900-02-001',
      matchedBy: 'identity',
      oldPosition: 1,
      newPosition: 2,
    });
    expect(edited!.changes).toEqual([
      {
        field: 'measures',
        column: '处理措施',
        old: '责令改正，予以批评教育',
        new: '责令限期改正，予以批评教育',
        segments: [
          { op: 'equal', text: '责令' },
          { op: 'insert', text: '限期' },
          { op: 'equal', text: '改正，予以批评教育' },
        ],
      },
    ]);
    // A renamed item keeps its code, so it is the same item with an edited name.
    expect(renamed!.changes.map((c) => c.field)).toEqual(['violation']);
    const segments = renamed!.changes[0]!.segments!;
    const text = (ops: string[]) =>
      segments
        .filter((x) => ops.includes(x.op))
        .map((x) => x.text)
        .join('');
    expect(text(['equal', 'delete'])).toBe(noPenaltyItem(2).violation);
    expect(text(['equal', 'insert'])).toBe('排污单位未按规定公开排放信息（更名）');
    expect(text(['insert'])).toBe('更名');
  });

  it('reports a reordering as a move, not a change, and a shift from an insertion as neither', () => {
    expect(d.moved).toHaveLength(1);
    // Of two swapped items one is reported as moved (the other kept its relative order).
    expect(d.moved[0]).toMatchObject({
      identity: 'code:BY-210900-02-005',
      oldPosition: 5,
      newPosition: 4,
      oldSeq: 5,
      newSeq: 4,
    });
    expect(d.changed.some((c) => c.changes.some((f) => f.field === 'seq'))).toBe(false);
  });

  it('matches codes case-insensitively and reports the code change as a field change', () => {
    const lower = v1.map((it) => ({ ...it, code: String(it.code).toLowerCase() }));
    const r = diffVersions(noPenalty, v1, lower);
    expect(r.summary).toMatchObject({ changed: 5, added: 0, removed: 0, moved: 0 });
    expect(r.changed[0]!.changes.map((c) => c.field)).toEqual(['code']);
  });

  it('shows a changed boolean without character segments', () => {
    const a = [inspectionItem(1)];
    const b = [inspectionItem(1, { randomInspection: !a[0]!.randomInspection })];
    const [change] = diffVersions(inspection, a, b).changed[0]!.changes;
    expect(change).toEqual({ field: 'randomInspection', column: '是否双随机', old: false, new: true });
  });
});

describe('diffVersions without 事项编码 (matched by the derived key)', () => {
  const v1 = [1, 2, 3, 4].map((i) =>
    withoutCode(noPenaltyItem(i, { violatedProvision: `《大气污染防治法》第${i}条` })),
  );
  const v2 = renumber([
    v1[0]!,
    // Same violation and conditions: the same item, with an edited measure.
    { ...v1[1]!, measures: '说服教育' },
    // Violation re-worded, the rest identical: paired as a rename.
    { ...v1[2]!, violation: '排污单位未依法公开排放信息（第3项）' },
    // A new item.
    withoutCode(noPenaltyItem(9, { violatedProvision: '《大气污染防治法》第9条' })),
  ]);
  const d = diffVersions(noPenalty, v1, v2);

  it('matches unchanged identity fields, pairs a re-worded item by its other content, and reports the rest', () => {
    expect(d.summary).toEqual({
      added: 1,
      removed: 1,
      changed: 2,
      renamed: 1,
      moved: 0,
      unchanged: 1,
      oldCount: 4,
      newCount: 4,
    });
    expect(d.changed[0]).toMatchObject({ matchedBy: 'identity', changes: [{ field: 'measures', new: '说服教育' }] });
    expect(d.changed[1]).toMatchObject({ matchedBy: 'content', oldPosition: 3, newPosition: 3 });
    expect(d.changed[1]!.oldIdentity).not.toBe(d.changed[1]!.identity);
    expect(d.changed[1]!.changes.map((c) => c.field)).toEqual(['violation']);
    expect(d.removed.map((r) => r.position)).toEqual([4]);
    expect(d.added.map((a) => a.position)).toEqual([4]);
    expect(d.added[0]!.identity).toMatch(/^key:[0-9a-f]{16}$/);
  });

  it('treats Traditional re-typing of identity text as the same item', () => {
    const a = [withoutCode(inspectionItem(1, { name: '對排污單位的檢查' }))];
    const b = [withoutCode(inspectionItem(1, { name: '对排污单位的检查' }))];
    const r = diffVersions(inspection, a, b);
    expect(r.summary).toMatchObject({ changed: 1, added: 0, removed: 0, renamed: 0 });
    expect(r.changed[0]!.matchedBy).toBe('identity');
  });

  it('does not pair unrelated items that only share provisions (both identity fields changed)', () => {
    const a = [withoutCode(noPenaltyItem(1))];
    const b = [withoutCode(noPenaltyItem(1, { violation: '完全不同的违法行为', conditions: '完全不同的适用条件' }))];
    expect(diffVersions(noPenalty, a, b).summary).toMatchObject({ added: 1, removed: 1, changed: 0 });
  });

  it('detects moves of uncoded items', () => {
    const r = diffVersions(noPenalty, v1, renumber([v1[3]!, v1[0]!, v1[1]!, v1[2]!]));
    expect(r.summary).toMatchObject({ moved: 1, changed: 0, unchanged: 4 });
    expect(r.moved[0]).toMatchObject({ oldPosition: 4, newPosition: 1 });
  });
});

describe('diff performance', () => {
  it('diffs two 10,000-item versions: the right counts with and without codes (its speed is in the benchmark)', () => {
    const [unit] = generateRegion({
      seed: 7,
      regionCode: '210900',
      placeName: '阜新市',
      units: 1,
      sizes: () => ({ 'inspection-items': 10_000 }),
    });
    const a: Array<Record<string, unknown>> = unit!.lists['inspection-items']!.map((it, i) => ({
      ...it,
      name: `${String(it.name)}${i}`,
    }));
    // 2% edited, 1% removed, 1% added, a block of 50 moved.
    const b = a
      .filter((_, i) => i % 100 !== 7)
      .map((it, i) => (i % 50 === 3 ? { ...it, frequency: '每半年1次', name: `${String(it.name)}（修订）` } : it));
    b.splice(b.length - 200, 0, ...b.splice(100, 50));
    for (let k = 0; k < 100; k++) b.push({ ...a[k]!, code: `JC-NEW-${k}`, name: `新增检查事项${k}` });
    const next = renumber(b);
    for (const [label, x, y, expected] of [
      ['with codes', a, next, { removed: 100, added: 100, changed: 198, moved: 50 }],
      // Without codes an edited name is a new item (its frequency changed too, so it is not paired as a rename).
      // A few may pair as renames: generated items share most of their other fields.
      ['without codes', a.map(withoutCode), next.map(withoutCode), {}],
    ] as const) {
      // CPU time, not wall time: the test machine is shared, and waiting for a core is not the diff's cost.
      let best = Number.POSITIVE_INFINITY;
      let bestWall = Number.POSITIVE_INFINITY;
      let summary: Record<string, number> = {};
      for (let run = 0; run < 5; run++) {
        const cpu = process.cpuUsage();
        const t = performance.now();
        summary = diffVersions(inspection, x, y).summary;
        bestWall = Math.min(bestWall, performance.now() - t);
        const used = process.cpuUsage(cpu);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      console.log(
        `diff 2×10,000 items (${label}): ${best.toFixed(1)} ms CPU, ${bestWall.toFixed(1)} ms wall`,
        JSON.stringify(summary),
      );
      expect(summary).toMatchObject({ ...expected, oldCount: 10_000, newCount: 10_000 });
      expect(summary.removed! + summary.renamed!).toBe(label === 'with codes' ? 100 : 298);
    }
  });
});

describe('GET /v1/units/{uscc}/lists/{kind}/diff', () => {
  let rt: TestRuntime;
  const path = `/v1/units/${UNIT_A}/lists/no-penalty/diff`;
  const get = async (query: string, headers: Record<string, string> = {}) => {
    const res = await rt.app.request(`${path}?${query}`, { headers });
    return { res, body: res.status === 304 ? undefined : ((await res.json()) as any) };
  };

  beforeAll(async () => {
    rt = await createTestRuntime();
    rt.clock.set('2023-01-01T02:00:00Z');
    await rt.registry.publish({
      uscc: UNIT_A,
      stream: entityKind.id,
      status: 'published',
      items: [entity(UNIT_A)],
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
    await rt.registry.publish({
      uscc: UNIT_A,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(1), noPenaltyItem(2)],
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
    rt.clock.set('2023-06-01T02:00:00Z');
    await rt.registry.publish({
      uscc: UNIT_A,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(1, { notes: '修订' }), noPenaltyItem(3)],
      effectiveFrom: '2023-07-01',
      publishedBy: 't',
      source: 't',
    });
    rt.clock.set('2024-01-01T02:00:00Z');
  });

  it('compares two version numbers, immutably cached', async () => {
    const { res, body } = await get('from=1&to=2');
    expect(res.status).toBe(200);
    expect(body.summary).toMatchObject({ added: 1, removed: 1, changed: 1 });
    expect(body.from.version).toBe(1);
    expect(body.to.version).toBe(2);
    expect(body.changed[0].changes[0]).toMatchObject({
      field: 'notes',
      column: '备注',
      new: '修订',
      segments: [{ op: 'insert', text: '修订' }],
    });
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await get('from=1&to=2', { 'If-None-Match': res.headers.get('etag')! });
    expect(again.res.status).toBe(304);
  });

  it('resolves at:YYYY-MM-DD to the version in force on that date (a moving view)', async () => {
    const { res, body } = await get('from=at:2023-06-30&to=at:2023-07-01');
    expect(res.status).toBe(200);
    expect([body.from.version, body.to.version]).toEqual([1, 2]);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    // As known before version 2 was recorded, both dates resolve to version 1.
    const before = await get('from=at:2023-06-30&to=at:2023-07-01&asOf=2023-05-31');
    expect(before.body.summary).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 2 });
  });

  it('answers 400 for malformed from/to, with a Chinese message', async () => {
    for (const q of [
      'from=abc&to=2',
      'from=0&to=1',
      'from=1&to=at:2023-02-30',
      'from=1&to=at:',
      'from=1',
      'from=-1&to=2',
      'from=1.5&to=2',
      'to=2',
    ]) {
      const { res, body } = await get(q);
      expect(res.status, q).toBe(400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(body.error.details)).toMatch(/版本号|expected|Invalid|必填|应为/);
    }
  });

  it('answers 404 for a version that does not exist, a date with nothing in force, or an unknown kind', async () => {
    expect((await get('from=1&to=9')).res.status).toBe(404);
    expect((await get('from=1&to=at:2022-01-01')).res.status).toBe(404);
    expect((await get('from=2&to=1&asOf=2023-05-31')).res.status).toBe(404);
    const unknown = await rt.app.request(`/v1/units/${UNIT_A}/lists/nope/diff?from=1&to=2`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.code).toBe('UNKNOWN_KIND');
  });
});
