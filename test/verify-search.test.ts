/**
 * The verifier holds search answers and statistics against the logged versions: asked for a unit's credit code,
 * search matches the unit in force in the region with its logged name, region and domain; asked for the title of the
 * first item of each list in force, search finds it, and every hit is an item of the logged version in force; the
 * region's statistics count, per unit, the items of the logged versions in force. Each tampering is done
 * directly in the table of a real engine (the heads search reads through the region index); the untouched registry
 * passes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { entityKind } from '../shared/core/kinds/index.js';
import { listKeys } from '../shared/features/lists/keys.js';
import { UNIT_A, UNIT_B } from './support/fixtures.js';
import { closeSites, failuresOf, getRaw, putRaw, site, type Site } from './support/verify-site.js';

afterEach(closeSites);

const OTHER_REGION = '211000';

/** Indexes one stream head of a unit under another region (gsi2 only), as no logged version says. */
async function reindexHead(s: Site, uscc: string, stream: string) {
  const key = { pk: listKeys.unit(uscc), sk: listKeys.head(stream) };
  const head = await getRaw(s, key);
  await putRaw(s, { ...head, gsi2sk: listKeys.headsIndex.sk(OTHER_REGION, uscc, stream) });
}

describe('search answers and statistics against the logged versions', () => {
  it('an honest registry passes, asking each unit’s code and each list’s first item', async () => {
    const s = await site();
    const report = await s.verify();
    expect(failuresOf(report)).toEqual([]);
    // Two units' codes, UNIT_A's no-penalty list and UNIT_B's inspection-items list.
    expect(report.searches).toBe(4);
  });

  it('a list out of the region’s index is named: search finds none of its items, statistics miss it', async () => {
    const s = await site();
    await reindexHead(s, UNIT_B, 'inspection-items');
    // UNIT_B's list was published a minute before the run, within the maximum delay: search and statistics may still
    // answer from the snapshot before it, so the differences are warnings.
    const young = await s.verify();
    expect(failuresOf(young)).toEqual([]);
    expect(young.warnings.map((w) => w.check).sort()).toEqual(['search', 'stats', 'stats', 'stats', 'stats']);
    const f = failuresOf(await s.verify({ maxDelayMs: 1 }));
    const day = '\\d{4}-\\d{2}-\\d{2}';
    expect(f.filter((m) => m.includes('[search]'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${UNIT_B} inspection-items v1 \\[search\\] on ${day} search does not find item 1 of ` +
            'the version in force \\(对排污单位公开排放信息情况的检查（第1项）\\)$',
        ),
      ),
    ]);
    const stats = f.filter((m) => m.includes('[stats]')).map((m) => m.replace(/on [-\d]{10}/, 'on D'));
    expect(stats).toEqual([
      `${UNIT_B}  v [stats] on D the statistics count inspection.total 0, the logged versions in force give 2`,
      `${UNIT_B}  v [stats] on D the statistics count inspection.general 0, the logged versions in force give 2`,
      `${UNIT_B}  v [stats] on D the statistics count inspection.random 0, the logged versions in force give 1`,
      `${UNIT_B}  v [stats] on D the statistics count versions.inspection-items 0, the logged versions in force give 1`,
    ]);
  });

  it('a unit taken out of the region’s index is named: search matches neither its code nor its items', async () => {
    const s = await site();
    await reindexHead(s, UNIT_A, entityKind.id);
    const f = failuresOf(await s.verify()).filter((m) => m.includes('[search]'));
    expect(f.sort()).toEqual([
      expect.stringMatching(
        new RegExp(`^${UNIT_A} entity v1 \\[search\\] on [-\\d]{10} search does not match the unit's`),
      ),
      expect.stringMatching(
        new RegExp(`^${UNIT_A} no-penalty v3 \\[search\\] on [-\\d]{10} search does not find item 1 of the version`),
      ),
    ]);
  });
});
