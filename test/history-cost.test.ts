/**
 * Request costs that are part of the contract: resolving `at`/`asOf` reads the
 * head (one GetItem, whose timeline holds every version's dates) and the chosen
 * version's content pages, the same with 1 or 1,000 versions in the stream.
 */
import { entityKind } from '../shared/core/kinds/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { entity, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

let rt: TestRuntime;
const KIND = 'no-penalty';
const MANY = 1_000;

/** Day n after 2020-01-01, as a China date. */
const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  rt = await createTestRuntime({ cacheBytes: 0 });
  rt.clock.set('2020-01-01T00:00:00Z');
  for (const uscc of [UNIT_A, UNIT_B]) {
    await rt.registry.publish({
      uscc,
      stream: entityKind.id,
      status: 'published',
      items: [entity(uscc)],
      effectiveFrom: '2020-01-01',
      publishedBy: 't',
      source: 't',
    });
  }
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: KIND,
    status: 'published',
    items: [noPenaltyItem(1)],
    effectiveFrom: '2020-01-01',
    publishedBy: 't',
    source: 't',
  });
  // 1,000 tiny versions, one a day, each recorded on its effective day.
  for (let n = 0; n < MANY; n++) {
    rt.clock.set(`${day(n)}T02:00:00Z`);
    await rt.registry.publish({
      uscc: UNIT_B,
      stream: KIND,
      status: 'published',
      items: [noPenaltyItem(1, { notes: `v${n + 1}` })],
      effectiveFrom: day(n),
      publishedBy: 't',
      source: 't',
    });
  }
  rt.clock.set('2024-01-01T00:00:00Z');
}, 300_000);

async function cost(path: string): Promise<{ status: number; body: any; requests: Record<string, number> }> {
  rt.requests.reset();
  const res = await rt.app.request(path);
  return { status: res.status, body: await res.json(), requests: rt.requests.snapshot() };
}

describe('resolving at/asOf costs the same with 1 and 1,000 versions', () => {
  it('the list in force: 1 GetItem (head) + 1 Query (the chosen version)', async () => {
    const one = await cost(`/v1/units/${UNIT_A}/lists/${KIND}?at=2021-06-01&asOf=2022-01-01`);
    const many = await cost(`/v1/units/${UNIT_B}/lists/${KIND}?at=2021-06-01&asOf=2022-01-01`);
    expect(one.status).toBe(200);
    expect(many.status).toBe(200);
    expect(many.body.version.version).toBe(518); // 2021-06-01 is day 517
    expect(many.body.items[0].notes).toBe('v518');
    expect(one.requests).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
    expect(many.requests).toEqual(one.requests);
  });

  it('asOf earlier than the effective date: still one head read, then the version known then', async () => {
    // As known on 2020-06-01, the version in force on 2021-06-01 was the last one recorded by then.
    const many = await cost(`/v1/units/${UNIT_B}/lists/${KIND}?at=2021-06-01&asOf=2020-06-01`);
    expect(many.body.version.version).toBe(153);
    expect(many.requests).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
  });

  it('one version by number, as known at asOf: 1 GetItem + 1 Query', async () => {
    const many = await cost(`/v1/units/${UNIT_B}/lists/${KIND}/versions/700?asOf=2022-01-01`);
    expect(many.body.version.version).toBe(700);
    expect(many.requests).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
    const hidden = await cost(`/v1/units/${UNIT_B}/lists/${KIND}/versions/900?asOf=2022-01-01`);
    expect(hidden.status).toBe(404);
    expect(hidden.requests).toEqual({ GetItemCommand: 1 });
  });

  it('a diff: 1 GetItem + the two versions’ content', async () => {
    const many = await cost(`/v1/units/${UNIT_B}/lists/${KIND}/diff?from=3&to=at:2021-06-01`);
    expect(many.status).toBe(200);
    expect(many.body.summary).toMatchObject({ changed: 1, added: 0, removed: 0 });
    expect(many.requests).toEqual({ GetItemCommand: 1, QueryCommand: 2 });
  });
});

describe('the version list', () => {
  it('is 1 GetItem + the Query pages of the summaries (1 MB each)', async () => {
    const one = await cost(`/v1/units/${UNIT_A}/lists/${KIND}/versions`);
    expect(one.requests).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
    const many = await cost(`/v1/units/${UNIT_B}/lists/${KIND}/versions`);
    expect(many.body.versions).toHaveLength(MANY);
    expect(many.requests.GetItemCommand).toBe(1);
    const bytes = Buffer.byteLength(JSON.stringify(many.body.versions));
    expect(many.requests.QueryCommand).toBeGreaterThanOrEqual(1);
    expect(many.requests.QueryCommand).toBeLessThanOrEqual(Math.ceil(bytes / 1_000_000) + 1);
    const known = await cost(`/v1/units/${UNIT_B}/lists/${KIND}/versions?asOf=2020-01-31`);
    expect(known.body.versions).toHaveLength(31);
  });
});
