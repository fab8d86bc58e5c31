/**
 * The verifier holds the unit listings against the logged entity versions: which units a region's listing holds,
 * now and on each logged effective date (the region indexes: the entity head's `regionCode`, `gsi1sk`, `gsi2sk`),
 * and the records it serves on a past date (the entity head's copy of the latest record). Each tampering is done
 * directly in the table of a real engine; the untouched registry passes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entityKind } from '../shared/core/kinds/index.js';
import { listKeys } from '../shared/features/lists/keys.js';
import { entity, UNIT_A, UNIT_B } from './support/fixtures.js';
import { closeSites, failuresOf, getRaw, putRaw, site, type Site } from './support/verify-site.js';

afterEach(closeSites);
const outs: string[] = [];
afterEach(() => {
  while (outs.length) rmSync(outs.pop()!, { recursive: true, force: true });
});
/** A mirror folder of its own, for another verification of the same site. */
const freshOut = () => {
  outs.push(mkdtempSync(join(tmpdir(), 'gongshi-verify-')));
  return outs.at(-1)!;
};

const RENAMED_ON = '2024-06-01';
const OTHER_REGION = '211000'; // 辽阳市, outside the verified 210900

/** The small honest site, with a second entity version of UNIT_A (renamed) taking effect on RENAMED_ON. */
async function renamedSite(): Promise<Site> {
  const s = await site();
  await s.rt.registry.publish({
    uscc: UNIT_A,
    stream: entityKind.id,
    status: 'published',
    items: [entity(UNIT_A, { name: '阜新市生态环境局' })],
    effectiveFrom: RENAMED_ON,
    publishedBy: 't',
    source: 't',
  });
  await s.rt.ledger.runner.idle();
  return s;
}

const entityHead = (uscc: string) => ({ pk: listKeys.unit(uscc), sk: listKeys.head(entityKind.id) });
const messagesOf = (r: Awaited<ReturnType<Site['verify']>>) => failuresOf(r).join('\n');

describe('an honest registry’s listings pass', () => {
  it('for a region, all regions and one unit, each reading the listing on every logged effective date', async () => {
    const s = await renamedSite();
    const region = await s.verify();
    expect(failuresOf(region)).toEqual([]);
    // Now, and on 2023-01-01 and 2024-06-01 (the entity versions' effective dates).
    expect(region.listings).toBe(3);
    expect(failuresOf(await s.verify({ region: undefined, out: freshOut() }))).toEqual([]);
    const unit = await s.verify({ region: undefined, unit: UNIT_A, out: freshOut() });
    expect(failuresOf(unit)).toEqual([]);
    expect(unit.listings).toBe(3);
  });
});

describe('the entity records the listings serve', () => {
  it('a changed copy of the latest record is named by a --unit run too (it reads its region’s listing)', async () => {
    const s = await renamedSite();
    const head = await getRaw(s, entityHead(UNIT_A));
    await putRaw(s, { ...head, entity: { ...head.entity, domain: '自然资源' } });
    const expected =
      `${UNIT_A} entity v2 [entity-copy] the unit listing serves domain "自然资源", ` +
      'the logged entity version 2 says "生态环境"';
    expect(messagesOf(await s.verify())).toContain(expected);
    expect(messagesOf(await s.verify({ region: undefined, unit: UNIT_A, out: freshOut() }))).toContain(expected);
  });

  it('a past date’s listing serving another version than the log’s in force is named on that date', async () => {
    const s = await renamedSite();
    const head = await getRaw(s, entityHead(UNIT_A));
    const timeline = JSON.parse(head.timeline) as unknown[][];
    timeline.find((e) => e[0] === 2)![1] = '2024-07-01';
    await putRaw(s, { ...head, timeline: JSON.stringify(timeline) });
    const f = messagesOf(await s.verify());
    expect(f).toContain(
      `${UNIT_A} entity v2 [entity-copy] the unit listing on ${RENAMED_ON} serves version 1, the log has 2 in force`,
    );
    expect(f).not.toContain('the unit listing on 2023-01-01');
  });
});

describe('the region indexes against the logged entity records', () => {
  /** Indexes UNIT_A's entity head under `region` (its regionCode and both index keys), as no logged version says. */
  async function reindex(s: Site, region: string, keys: { gsi1?: boolean; gsi2?: boolean } = {}) {
    const head = await getRaw(s, entityHead(UNIT_A));
    await putRaw(s, {
      ...head,
      ...((keys.gsi1 ?? true) ? { regionCode: region, gsi1sk: listKeys.unitsIndex.sk(region, UNIT_A) } : {}),
      ...((keys.gsi2 ?? true) ? { gsi2sk: listKeys.headsIndex.sk(region, UNIT_A, entityKind.id) } : {}),
    });
  }

  it('a unit moved to another region’s index is named by both regions and by a --unit run', async () => {
    const s = await renamedSite();
    await reindex(s, OTHER_REGION);
    // Its own region's run no longer lists it: the log names it.
    expect(messagesOf(await s.verify())).toContain(
      `${UNIT_A} entity v2 [region-index] logged (entity version 2, region 210900) but missing from the unit ` +
        'listing of 210900 and from its former units',
    );
    const other = messagesOf(await s.verify({ region: OTHER_REGION, out: freshOut() }));
    expect(other).toContain(
      `${UNIT_A} entity v2 [region-index] listed under ${OTHER_REGION}, but its latest logged entity version 2 ` +
        'says region 210900',
    );
    expect(other).toContain(`${UNIT_A} entity v2 [region-index] listed under ${OTHER_REGION} on ${RENAMED_ON}, but`);
    expect(messagesOf(await s.verify({ region: undefined, unit: UNIT_A, out: freshOut() }))).toContain(
      `${UNIT_A} entity v2 [region-index] missing from the unit listing of 210900; its latest logged entity ` +
        'version 2 says region 210900',
    );
  });

  it('a unit left out of the past-date walk (gsi2 only) is named on each date', async () => {
    const s = await renamedSite();
    await reindex(s, OTHER_REGION, { gsi1: false });
    const f = messagesOf(await s.verify());
    for (const [date, version] of [
      ['2023-01-01', 1],
      [RENAMED_ON, 2],
    ] as const)
      expect(f).toContain(
        `${UNIT_A} entity v${version} [region-index] missing from the unit listing of 210900 on ${date}; the log ` +
          `has entity version ${version} in force and its latest logged entity version 2 says region 210900`,
      );
    expect(f).not.toMatch(/\[region-index\] missing from the unit listing of 210900;/);
  });

  it('a unit taken out of every listing is named by the run of all regions', async () => {
    const s = await site();
    const head = await getRaw(s, entityHead(UNIT_B));
    const { gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, gsi2pk: _gsi2pk, gsi2sk: _gsi2sk, ...hidden } = head;
    await putRaw(s, hidden);
    const listed = (await (await fetch(`${s.url}/v1/units?status=all`)).json()) as { items: Array<{ uscc: string }> };
    expect(listed.items.map((u) => u.uscc)).toEqual([UNIT_A]);
    expect(messagesOf(await s.verify({ region: undefined }))).toContain(
      `${UNIT_B} entity v1 [region-index] logged (entity version 1) but missing from the unit listing of all regions`,
    );
    expect(messagesOf(await s.verify({ out: freshOut() }))).toContain(
      `${UNIT_B} entity v1 [region-index] logged (entity version 1, region 210900) but missing from the unit ` +
        'listing of 210900 and from its former units',
    );
  });
});
