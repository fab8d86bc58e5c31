/**
 * Correctness under concurrency and retries: concurrent approvals of one list,
 * of one draft, a crash between publishing and marking the draft approved (and
 * before publishing), stale ETags, and idempotent uploads.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, fileForm, type Harness } from './fixtures/workflow/harness.js';
import { discretionCsvGb18030, discretionRow } from './fixtures/workflow/files.js';
import { noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

let h: Harness;
let editor: string;
let reviewer: string;
let reviewer2: string;

beforeAll(async () => {
  h = await createHarness();
  editor = await h.token('editor', { sub: 'ed', units: [UNIT_A, UNIT_B] });
  reviewer = await h.token('reviewer', { sub: 'rv', region: '210900' });
  reviewer2 = await h.token('reviewer', { sub: 'rv2', region: '210900' });
});

async function submittedDraft(
  unit: string,
  kind: string,
  items: Array<Record<string, unknown>>,
  effectiveFrom = '2024-01-01',
): Promise<string> {
  const created = await h.call('POST', `/v1/units/${unit}/lists/${kind}/drafts`, {
    token: editor,
    json: { items, effectiveFrom },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await h.call('POST', `/v1/drafts/${created.body.id}/submit`, { token: editor })).status).toBe(200);
  return created.body.id;
}

const versionsOf = async (unit: string, kind: string) =>
  (await h.call('GET', `/v1/units/${unit}/lists/${kind}/versions`)).body.versions.map(
    (v: { version: number; source: string }) => [v.version, v.source],
  );

/** Makes the next UpdateItem whose key matches fail once, after or instead of being sent. */
function failNextUpdate(match: (pk: string) => boolean, when: 'before' | 'after'): () => void {
  const orig = h.client.send.bind(h.client);
  let armed = true;
  (h.client as unknown as { send: unknown }).send = async (cmd: unknown) => {
    if (armed && cmd instanceof UpdateItemCommand && match(cmd.input.Key!.pk!.S!)) {
      armed = false;
      if (when === 'after') await orig(cmd as never);
      throw new Error('simulated crash');
    }
    return orig(cmd as never);
  };
  return () => {
    (h.client as unknown as { send: unknown }).send = orig;
  };
}

describe('concurrent approvals', () => {
  it('of five drafts of the same list: exactly one becomes n+1, the others get 409 and stay submitted', async () => {
    const first = await submittedDraft(UNIT_A, 'no-penalty', [noPenaltyItem(1)]);
    expect(
      (await h.call('POST', `/v1/drafts/${first}/review`, { token: reviewer, json: { decision: 'approve' } })).body
        .publishedVersion,
    ).toBe(1);
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push(await submittedDraft(UNIT_A, 'no-penalty', [noPenaltyItem(1), noPenaltyItem(10 + i)]));
    const results = await Promise.all(
      ids.map((id, i) =>
        h.call('POST', `/v1/drafts/${id}/review`, {
          token: i % 2 ? reviewer : reviewer2,
          json: { decision: 'approve' },
        }),
      ),
    );
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    expect(won[0]!.body.publishedVersion).toBe(2);
    for (const l of lost)
      expect(l.body.error.details).toMatchObject({ reason: 'BASE_VERSION_MOVED', baseVersion: 1, currentVersion: 2 });
    const winner = won[0]!.body.id;
    expect(await versionsOf(UNIT_A, 'no-penalty')).toEqual([
      [1, `draft:${first}`],
      [2, `draft:${winner}`],
    ]);
    for (const id of ids.filter((x) => x !== winner)) {
      const d = await h.call('GET', `/v1/drafts/${id}`, { token: reviewer });
      expect(d.body.draft.status).toBe('submitted');
      expect(d.body.draft.pendingVersion).toBeUndefined();
    }
  });

  it('of one draft by two reviewers: one publishes, the other gets 409; one version', async () => {
    const id = await submittedDraft(UNIT_B, 'no-penalty', [noPenaltyItem(1)]);
    const [a, b] = await Promise.all([
      h.call('POST', `/v1/drafts/${id}/review`, { token: reviewer, json: { decision: 'approve' } }),
      h.call('POST', `/v1/drafts/${id}/review`, { token: reviewer2, json: { decision: 'approve' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await versionsOf(UNIT_B, 'no-penalty')).toEqual([[1, `draft:${id}`]]);
  });
});

describe('crashes and retries', () => {
  it('a crash after publishing, before the draft is marked approved, heals on the next read and on retry', async () => {
    const id = await submittedDraft(UNIT_B, 'inspection-items', [
      { name: '检查甲', category: '一般', basis: '《某法》第一条' },
    ]);
    const orig = h.client.send.bind(h.client);
    const restore = () => {
      (h.client as unknown as { send: unknown }).send = orig;
    };
    let crashed;
    try {
      // Two draft updates: record the intent (1st), mark approved (2nd, which "crashes").
      let seen = 0;
      (h.client as unknown as { send: unknown }).send = async (cmd: unknown) => {
        if (cmd instanceof UpdateItemCommand && cmd.input.Key!.pk!.S === `DR#${id}` && ++seen === 2)
          throw new Error('simulated crash');
        return orig(cmd as never);
      };
      crashed = await h.call('POST', `/v1/drafts/${id}/review`, { token: reviewer, json: { decision: 'approve' } });
    } finally {
      restore();
    }
    expect(crashed.status).toBe(500);
    // The version is out (its source names the draft); the draft heals on the next read.
    expect(await versionsOf(UNIT_B, 'inspection-items')).toEqual([[1, `draft:${id}`]]);
    const read = await h.call('GET', `/v1/drafts/${id}`, { token: reviewer });
    expect(read.body.draft).toMatchObject({
      status: 'approved',
      publishedVersion: 1,
      review: { by: 'rv', decision: 'approve' },
    });
    // The reviewer's retry answers as the first approval would have.
    const retry = await h.call('POST', `/v1/drafts/${id}/review`, { token: reviewer, json: { decision: 'approve' } });
    expect(retry.status).toBe(200);
    expect(retry.body.publishedVersion).toBe(1);
    expect(await versionsOf(UNIT_B, 'inspection-items')).toEqual([[1, `draft:${id}`]]);
  });

  it('a crash before the head moves publishes nothing; the same reviewer retries at once', async () => {
    const id = await submittedDraft(UNIT_B, 'reduced-penalty', [noPenaltyItem(1)]);
    const restore = failNextUpdate((pk) => pk === `U#${UNIT_B}`, 'before');
    let crashed;
    try {
      crashed = await h.call('POST', `/v1/drafts/${id}/review`, { token: reviewer, json: { decision: 'approve' } });
    } finally {
      restore();
    }
    expect(crashed.status).toBe(500);
    expect((await h.call('GET', `/v1/units/${UNIT_B}/lists/reduced-penalty`)).status).toBe(404);
    expect((await h.call('GET', `/v1/drafts/${id}`, { token: reviewer })).body.draft.status).toBe('submitted');
    // Another reviewer is kept out while the approval's lease runs …
    expect(
      (
        await h.call('POST', `/v1/drafts/${id}/review`, {
          token: reviewer2,
          json: { decision: 'reject', grounds: ['证据不足'] },
        })
      ).body.error?.details?.reason,
    ).toBe('REVIEW_IN_PROGRESS');
    // … the same reviewer may retry, and the version is 1 — nothing skipped.
    const retry = await h.call('POST', `/v1/drafts/${id}/review`, { token: reviewer, json: { decision: 'approve' } });
    expect(retry.status).toBe(200);
    expect(await versionsOf(UNIT_B, 'reduced-penalty')).toEqual([[1, `draft:${id}`]]);
  });

  it('after the lease, another reviewer may take over a crashed approval', async () => {
    const id = await submittedDraft(UNIT_B, 'no-coercive-measures', [noPenaltyItem(1)]);
    const restore = failNextUpdate((pk) => pk === `U#${UNIT_B}`, 'before');
    try {
      expect(
        (await h.call('POST', `/v1/drafts/${id}/review`, { token: reviewer, json: { decision: 'approve' } })).status,
      ).toBe(500);
    } finally {
      restore();
    }
    h.clock.advance(61_000);
    const taken = await h.call('POST', `/v1/drafts/${id}/review`, {
      token: reviewer2,
      json: { decision: 'reject', grounds: ['程序不合法'] },
    });
    expect(taken.status).toBe(200);
    expect(taken.body.status).toBe('rejected');
  });
});

describe('ETags', () => {
  it('stale If-Match on a draft is 412; the current one works', async () => {
    const created = await h.call('POST', `/v1/units/${UNIT_A}/lists/lighter-penalty/drafts`, {
      token: editor,
      json: { items: [noPenaltyItem(1)], effectiveFrom: '2024-01-01' },
    });
    const etag = created.headers.get('etag')!;
    expect(etag).toBe(`"${created.body.id}.1"`);
    const wrong = await h.call('POST', `/v1/drafts/${created.body.id}/submit`, {
      token: editor,
      headers: { 'If-Match': `"${created.body.id}.7"` },
    });
    expect(wrong.status).toBe(412);
    const submitted = await h.call('POST', `/v1/drafts/${created.body.id}/submit`, {
      token: editor,
      headers: { 'If-Match': etag },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.headers.get('etag')).toBe(`"${created.body.id}.2"`);
    const stale = await h.call('POST', `/v1/drafts/${created.body.id}/review`, {
      token: reviewer,
      json: { decision: 'approve' },
      headers: { 'If-Match': etag },
    });
    expect(stale.status).toBe(412);
    expect((await h.call('GET', `/v1/drafts/${created.body.id}`, { token: reviewer })).body.draft.status).toBe(
      'submitted',
    );
  });

  it('a draft made against a stale list head (If-Match) is 412', async () => {
    const head = await h.call('GET', `/v1/units/${UNIT_A}/lists/no-penalty`);
    const latest = (await h.store.getHead(UNIT_A, 'no-penalty'))!;
    const current = `"v${latest.version}-${latest.contentHash}"`;
    expect(head.headers.get('etag')).toBe(current);
    const ok = await h.call('POST', `/v1/units/${UNIT_A}/lists/no-penalty/drafts`, {
      token: editor,
      json: { items: [noPenaltyItem(99)], effectiveFrom: '2024-01-01' },
      headers: { 'If-Match': current },
    });
    expect(ok.status).toBe(201);
    const stale = await h.call('POST', `/v1/units/${UNIT_A}/lists/no-penalty/drafts`, {
      token: editor,
      json: { items: [noPenaltyItem(98)], effectiveFrom: '2024-01-01' },
      headers: { 'If-Match': '"0000"' },
    });
    expect(stale.status).toBe(412);
    const none = await h.call('POST', `/v1/units/${UNIT_A}/lists/no-coercive-measures/drafts`, {
      token: editor,
      json: { items: [noPenaltyItem(1)], effectiveFrom: '2024-01-01' },
      headers: { 'If-Match': '*' },
    });
    expect(none.status).toBe(412); // no list yet: nothing matches *
  });
});

describe('Idempotency-Key on uploads', () => {
  const draftsOf = async (kind: string) =>
    (await h.call('GET', `/v1/drafts?unit=${UNIT_B}&kind=${kind}&limit=200`, { token: editor })).body.drafts.length;

  it('same key and body: the first response, no second draft; another body: 422', async () => {
    const json = { items: [noPenaltyItem(5)], effectiveFrom: '2024-02-01' };
    const first = await h.call('POST', `/v1/units/${UNIT_B}/lists/lighter-penalty/drafts`, {
      token: editor,
      json,
      headers: { 'Idempotency-Key': 'upload-1' },
    });
    expect(first.status).toBe(201);
    const again = await h.call('POST', `/v1/units/${UNIT_B}/lists/lighter-penalty/drafts`, {
      token: editor,
      json,
      headers: { 'Idempotency-Key': 'upload-1' },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await draftsOf('lighter-penalty')).toBe(1);
    const other = await h.call('POST', `/v1/units/${UNIT_B}/lists/lighter-penalty/drafts`, {
      token: editor,
      json: { ...json, effectiveFrom: '2024-02-02' },
      headers: { 'Idempotency-Key': 'upload-1' },
    });
    expect(other.status).toBe(422);
    expect(other.body.error.details.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await draftsOf('lighter-penalty')).toBe(1);
  });

  it('a multipart retry (new boundary) replays; concurrent retries create one draft', async () => {
    const csv = discretionCsvGb18030([discretionRow(1), discretionRow(2)]);
    const send = () =>
      h.call('POST', `/v1/units/${UNIT_B}/lists/no-coercive-measures/drafts`, {
        token: editor,
        form: fileForm(csv, 'a.csv', { effectiveFrom: '2024-02-01' }),
        headers: { 'Idempotency-Key': 'upload-2' },
      });
    const results = await Promise.all([send(), send(), send()]);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect((await send()).body.id).toBe(created[0]!.body.id);
    const drafts = (await h.call('GET', `/v1/drafts?unit=${UNIT_B}&kind=no-coercive-measures`, { token: editor })).body
      .drafts;
    expect(drafts.filter((d: { status: string }) => d.status === 'draft')).toHaveLength(1);
  });

  it('refusals are replayed too; keys expire (checked on read, since dynalite ignores TTL)', async () => {
    const bad = { items: [{ violation: '' }], effectiveFrom: '2024-02-01' };
    const a = await h.call('POST', `/v1/units/${UNIT_B}/lists/reduced-penalty/drafts`, {
      token: editor,
      json: bad,
      headers: { 'Idempotency-Key': 'upload-3' },
    });
    const b = await h.call('POST', `/v1/units/${UNIT_B}/lists/reduced-penalty/drafts`, {
      token: editor,
      json: bad,
      headers: { 'Idempotency-Key': 'upload-3' },
    });
    expect([a.status, b.status]).toEqual([422, 422]);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    const json = { items: [noPenaltyItem(7)], effectiveFrom: '2024-02-01' };
    const first = await h.call('POST', `/v1/units/${UNIT_B}/lists/reduced-penalty/drafts`, {
      token: editor,
      json,
      headers: { 'Idempotency-Key': 'upload-4' },
    });
    h.clock.advance(25 * 3600_000);
    const later = await h.call('POST', `/v1/units/${UNIT_B}/lists/reduced-penalty/drafts`, {
      token: await h.token('editor', { sub: 'ed', units: [UNIT_B] }),
      json,
      headers: { 'Idempotency-Key': 'upload-4' },
    });
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
  });
});

describe('bench hook', () => {
  it(
    'approves and publishes a 5,000-item draft; reports time and costs requests that grow with ' +
      'the chunks, not the items',
    async () => {
      const { approveAndPublish } = await import('../testing/approve-and-publish.js');
      const items = Array.from({ length: 5000 }, (_, i) => noPenaltyItem(i + 1));
      h.base.requests.reset();
      const r = await approveAndPublish(h.write, { unit: UNIT_A, kind: 'no-coercive-measures', items });
      expect(r).toMatchObject({ version: 1, itemCount: 5000 });
      expect(r.ms.total).toBeGreaterThan(0);
      const page = await h.registry.getListInForce(UNIT_A, 'no-coercive-measures');
      expect(page.items).toHaveLength(5000);
      expect(h.base.requests.total).toBeLessThan(80);
    },
  );
});
