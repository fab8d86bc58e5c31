/**
 * The verifier holds search answers against the logged versions: asked for a unit's credit code, search matches the
 * unit in force in the region with its logged name, region and domain; asked for the title of the first item of each
 * list in force, search finds it, and every hit is an item of the logged version in force. Each tampering is done
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

describe('search answers against the logged versions', () => {
  it('an honest registry passes, asking each unit’s code and each list’s first item', async () => {
    const s = await site();
    const report = await s.verify();
    expect(failuresOf(report)).toEqual([]);
    // Two units' codes, UNIT_A's no-penalty list and UNIT_B's inspection-items list.
    expect(report.searches).toBe(4);
  });

  it('a list taken out of the region’s index is named: search no longer finds its items', async () => {
    const s = await site();
    await reindexHead(s, UNIT_B, 'inspection-items');
    const f = failuresOf(await s.verify());
    expect(f).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${UNIT_B} inspection-items v1 \\[search\\] on \\d{4}-\\d{2}-\\d{2} search does not find item 1 of ` +
            'the version in force \\(对排污单位公开排放信息情况的检查（第1项）\\)$',
        ),
      ),
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
