/**
 * The verifier against a real HTTP server on the test engine: it passes on an
 * honest registry and names unit, kind, version and what changed after each
 * single tampering done directly in the table.
 */
import { entityKind } from '../shared/core/kinds/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listKeys } from '../shared/features/lists/keys.js';
import { ledgerKeys } from '../shared/features/ledger/keys.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { formatCheckpoint } from '../shared/features/ledger/model/checkpoint.js';
import { leafHash } from '../shared/features/ledger/model/hash.js';
import { signNote } from '../shared/features/ledger/model/note.js';
import { runSequencer, LogIntegrityError } from '../shared/features/ledger/sequencer.js';
import { verifyRegistry, type VerifyReport } from '../shared/features/verifier/verify.js';
import { formatReport } from '../shared/features/verifier/report.js';
import { run as runVerifyCommand } from '../cli/commands/verify.js';
import { entity, noPenaltyItem, UNIT_A, UNIT_B } from './support/fixtures.js';

import {
  attemptOf,
  closeSites,
  contentKey,
  deleteRaw,
  failuresOf,
  getRaw,
  headOf,
  ORIGIN,
  putRaw,
  signer,
  site,
  type Site,
} from './support/verify-site.js';

afterEach(closeSites);

describe('an honest registry', () => {
  it('verifies, mirrors the log and every version, and passes again resuming from its folder', async () => {
    const s = await site();
    const first = await s.verify();
    expect(failuresOf(first)).toEqual([]);
    expect(first).toMatchObject({ ok: true, units: 2, versions: 6, leavesInScope: 6, checkpoint: { size: 6 } });
    expect(formatReport(first)).toMatch(/^OK:/m);
    // A later publication: the next run proves consistency with the saved checkpoint.
    await s.rt.registry.publish({
      uscc: UNIT_B,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(7)],
      effectiveFrom: '2024-01-01',
      publishedBy: 't',
      source: 't',
    });
    await s.rt.ledger.runner.idle();
    const second = await s.verify();
    expect(failuresOf(second)).toEqual([]);
    expect(second.previous?.size).toBe(6);
    expect(second.checkpoint?.size).toBe(7);
  });

  it('runs as `gongshi verify` and exits 0, or 2 on bad arguments', async () => {
    const s = await site();
    const write = process.stdout.write.bind(process.stdout);
    let printed = '';
    process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write;
    try {
      expect(await runVerifyCommand([s.url, '--unit', UNIT_A, '--out', s.out])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(printed).toMatch(/^通过：/m);
    expect(await runVerifyCommand(['not-a-url'])).toBe(2);
  });

  it('a crash between publishing and logging is healed by the next sequencer run', async () => {
    const s = await site({ afterPublish: false });
    // Nothing was logged: every version is pending (young) and the log is empty.
    expect((await s.rt.ledger.store.readState()).size).toBe(0);
    await s.rt.ledger.runOnce();
    expect(failuresOf(await s.verify())).toEqual([]);
  });

  it(
    'a crash after writing tiles but before the commit, and one after the commit before ' +
      'marking heads, both heal without duplicates',
    async () => {
      const s = await site({ afterPublish: false });
      const ledger = s.rt.ledger.store;
      // A killed process releases nothing: its lease stays until it expires.
      const release = ledger.releaseLease.bind(ledger);
      ledger.releaseLease = async () => {};
      const crashOnce = <K extends 'commit' | 'markHead'>(name: K) => {
        const real = ledger[name].bind(ledger);
        ledger[name] = (async () => {
          ledger[name] = real as never;
          throw new Error(`crash in ${name}`);
        }) as never;
      };
      crashOnce('commit');
      await expect(s.rt.ledger.runOnce()).rejects.toThrow('crash in commit');
      expect((await ledger.readState()).size).toBe(0);
      expect(await s.rt.ledger.runOnce()).toMatchObject({ busy: true });
      const expire = async () => {
        const state = await ledger.readState();
        await ledger.acquireLease(state.lease!, -1);
      };
      await expire();
      crashOnce('markHead');
      await expect(s.rt.ledger.runOnce()).rejects.toThrow('crash in markHead');
      expect((await ledger.readState()).size).toBe(6);
      expect((await ledger.pendingHeads(10)).length).toBeGreaterThan(0);
      await expire();
      ledger.releaseLease = release;
      const healed = await s.rt.ledger.runOnce();
      expect(healed).toMatchObject({ busy: false, appended: 0, size: 6, checkpointSize: 6 });
      expect(await ledger.pendingHeads(10)).toEqual([]);
      expect(failuresOf(await s.verify())).toEqual([]);
    },
  );
});

describe('tampering is detected and named', () => {
  it('one character changed in one item of an old version', async () => {
    const s = await site();
    expect((await s.verify()).ok).toBe(true);
    const key = await contentKey(s, UNIT_A, 'no-penalty', 1, listKeys.chunk(0));
    const chunk = await getRaw(s, key);
    await putRaw(s, { ...chunk, d: chunk.d.replace('予以批评教育', '予以警告教育') });
    const r = await s.verify();
    expect(r.ok).toBe(false);
    const f = failuresOf(r).join('\n');
    expect(f).toContain(`${UNIT_A} no-penalty v1 [contentHash]`);
    expect(f).toMatch(/item code:BY-210900-02-001 field measures: "责令改正，予以批评教育" → "责令改正，予以警告教育"/);
    expect(f).toMatch(
      new RegExp(`${UNIT_A} no-penalty v1 \\[log\\] differs from what was logged at leaf \\d+: contentHash`),
    );
  });

  it('a deleted version summary, and deleted version content', async () => {
    const s = await site();
    expect((await s.verify()).ok).toBe(true);
    await deleteRaw(s, {
      pk: listKeys.unit(UNIT_A),
      sk: listKeys.versionSummary('no-penalty', 2, await attemptOf(s, UNIT_A, 'no-penalty', 2)),
    });
    await deleteRaw(s, await contentKey(s, UNIT_B, 'inspection-items', 1, listKeys.contentMeta));
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toContain(`${UNIT_A} no-penalty v2 [history] version 2 is missing from the version history`);
    expect(f).toMatch(new RegExp(`${UNIT_A} no-penalty v2 \\[deleted\\] logged at leaf \\d+`));
    expect(f).toContain(`${UNIT_B} inspection-items v1 [content] version not readable: HTTP 500`);
  });

  it('two versions re-ordered', async () => {
    const s = await site();
    expect((await s.verify()).ok).toBe(true);
    // Swap everything versions 2 and 3 say, leaving their numbers: v2 now shows v3's content and vice versa.
    const swap = async (sk: (v: number, attempt: string) => Record<string, string>) => {
      const [a, b] = [await attemptOf(s, UNIT_A, 'no-penalty', 2), await attemptOf(s, UNIT_A, 'no-penalty', 3)];
      const [x, y] = [await getRaw(s, sk(2, a)), await getRaw(s, sk(3, b))];
      const body = ({ pk: _p, sk: _s, version: _v, attempt: _a, ...rest }: Record<string, unknown>) => rest;
      await putRaw(s, {
        ...body(y),
        pk: x.pk,
        sk: x.sk,
        ...(x.version ? { version: x.version } : {}),
        ...(x.attempt ? { attempt: x.attempt } : {}),
      });
      await putRaw(s, {
        ...body(x),
        pk: y.pk,
        sk: y.sk,
        ...(y.version ? { version: y.version } : {}),
        ...(y.attempt ? { attempt: y.attempt } : {}),
      });
    };
    await swap((v, at) => ({ pk: listKeys.content(UNIT_A, 'no-penalty', v, at), sk: listKeys.contentMeta }));
    await swap((v, at) => ({ pk: listKeys.content(UNIT_A, 'no-penalty', v, at), sk: listKeys.chunk(0) }));
    await swap((v, at) => ({ pk: listKeys.unit(UNIT_A), sk: listKeys.versionSummary('no-penalty', v, at) }));
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toContain(`${UNIT_A} no-penalty v2 [previousHash]`);
    expect(f).toMatch(
      new RegExp(`${UNIT_A} no-penalty v3 \\[log\\] differs from what was logged at leaf \\d+: .*contentHash`),
    );
  });

  it('the log state rolled back (with its later checkpoints), or alone', async () => {
    const s = await site();
    const before = await getRaw(s, { pk: ledgerKeys.logPk, sk: ledgerKeys.logState });
    expect((await s.verify()).ok).toBe(true);
    await s.rt.registry.publish({
      uscc: UNIT_B,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(7)],
      effectiveFrom: '2024-01-01',
      publishedBy: 't',
      source: 't',
    });
    await s.rt.ledger.runner.idle();
    expect((await s.verify()).ok).toBe(true);
    // The state alone rolled back: the sequencer refuses to sign over it.
    await putRaw(s, before);
    await s.rt.registry.publish({
      uscc: UNIT_B,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(8)],
      effectiveFrom: '2024-02-01',
      publishedBy: 't',
      source: 't',
    });
    await s.rt.ledger.runner.idle();
    await expect(
      runSequencer({ ledger: s.rt.ledger.store, streams: s.rt.store, signer, origin: ORIGIN }),
    ).rejects.toBeInstanceOf(LogIntegrityError);
    // And with its later checkpoint removed too, the registry serves the old, smaller log.
    await deleteRaw(s, { pk: ledgerKeys.logPk, sk: ledgerKeys.logCheckpoint(7) });
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toContain(
      '[consistency] the log shrank: the saved checkpoint has 7 entries, the registry now serves 6 (rolled back)',
    );
  });

  it('a forked checkpoint signed with the log key', async () => {
    const s = await site();
    expect((await s.verify()).ok).toBe(true);
    const forked = await signNote(
      formatCheckpoint({ origin: ORIGIN, size: 6, root: leafHash('another history') }),
      signer,
    );
    await putRaw(s, { pk: ledgerKeys.logPk, sk: ledgerKeys.logCheckpoint(6), size: 6, note: forked });
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toContain('[fork] two different checkpoints are signed for size 6');
    expect(f).toContain("[log] the log's entries (6) do not hash to the signed root of checkpoint 6");
    // A fresh verifier given the honest checkpoint saved earlier sees the fork too.
    const saved = join(s.out, 'checkpoints', '6.txt');
    const other = mkdtempSync(join(tmpdir(), 'gongshi-verify-'));
    try {
      const r = await verifyRegistry({ baseUrl: s.url, out: other, unit: UNIT_A, checkpointFile: saved });
      expect(failuresOf(r).join('\n')).toContain('[fork] two different checkpoints are signed for size 6');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a different signing key', async () => {
    const s = await site();
    expect((await s.verify()).ok).toBe(true);
    const other = Ed25519Signer.generate(ORIGIN);
    const rec = await getRaw(s, { pk: ledgerKeys.logPk, sk: ledgerKeys.logKey });
    const { formatVerifierKey } = await import('../shared/features/ledger/model/note.js');
    await putRaw(s, { ...rec, vkey: formatVerifierKey(ORIGIN, await other.publicKey()) });
    const cp = await s.rt.ledger.store.latestCheckpoint();
    const body = cp!.note.slice(0, cp!.note.lastIndexOf('\n\n') + 1);
    await putRaw(s, {
      pk: ledgerKeys.logPk,
      sk: ledgerKeys.logCheckpoint(cp!.size),
      size: cp!.size,
      note: await signNote(body, other),
    });
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toContain("[key] the log's signing key changed");
    expect(f).toContain('[checkpoint] the latest checkpoint does not verify');
  });
});

describe('what reads decide is covered: the head timeline and the publication facts', () => {
  const headKey = (uscc: string, stream: string) => ({ pk: listKeys.unit(uscc), sk: listKeys.head(stream) });
  /** Rewrites one entry of a head's stored timeline ([version, effectiveFrom, publishedAt, status, attempt]). */
  async function editTimeline(s: Site, uscc: string, stream: string, version: number, edit: (e: unknown[]) => void) {
    const head = await getRaw(s, headKey(uscc, stream));
    const timeline = JSON.parse(head.timeline) as unknown[][];
    edit(timeline.find((e) => e[0] === version)!);
    await putRaw(s, { ...head, timeline: JSON.stringify(timeline) });
  }

  it('one status letter flipped on a head (in force read as repealed) is named', async () => {
    const s = await site();
    const honest = await s.verify();
    expect(failuresOf(honest)).toEqual([]);
    expect(honest.questions).toBeGreaterThan(20);
    await editTimeline(s, UNIT_A, 'no-penalty', 2, (e) => {
      e[3] = 'r';
    });
    const res = await fetch(`${s.url}/v1/units/${UNIT_A}/lists/no-penalty?at=2023-07-01`);
    expect(res.status).toBe(404);
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toContain(
      `${UNIT_A} no-penalty v2 [in-force] on 2023-06-01 as known at ${
        (await headOf(s, UNIT_A, 'no-penalty')).timeline[2]!.publishedAt
      } the registry answers repealed (nothing in force), the logged timeline gives version 2`,
    );
  });

  it('an effective date moved later, or earlier, on a head is named', async () => {
    const s = await site();
    expect((await s.verify()).ok).toBe(true);
    await editTimeline(s, UNIT_A, 'no-penalty', 3, (e) => {
      e[1] = '2027-01-01';
    });
    expect(failuresOf(await s.verify()).join('\n')).toMatch(
      new RegExp(
        `${UNIT_A} no-penalty v3 \\[in-force\\] on 2024-01-01 .* answers version 2, the logged ` +
          `timeline gives version 3`,
      ),
    );
    await editTimeline(s, UNIT_A, 'no-penalty', 3, (e) => {
      e[1] = '2023-09-01';
    });
    expect(failuresOf(await s.verify()).join('\n')).toMatch(
      new RegExp(
        `${UNIT_A} no-penalty v2 \\[in-force\\] on 2023-12-31 .* answers version 3, the logged ` +
          `timeline gives version 2`,
      ),
    );
  });

  it('publishedAt moved on a head (what was known when) is named, for lists and the entity', async () => {
    const s = await site();
    expect((await s.verify()).ok).toBe(true);
    await editTimeline(s, UNIT_B, 'inspection-items', 1, (e) => {
      e[2] = '2030-01-01T00:00:00.000Z';
    });
    await editTimeline(s, UNIT_A, entityKind.id, 1, (e) => {
      e[1] = '2029-01-01';
    });
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toMatch(
      new RegExp(
        `${UNIT_B} inspection-items v1 \\[in-force\\] .* answers nothing in force, the logged timeline gives version 1`,
      ),
    );
    expect(f).toMatch(
      new RegExp(`${UNIT_A} entity v1 \\[in-force\\] .* answers nothing in force, the logged timeline gives version 1`),
    );
  });

  it('文号, publisher, source and note changed in storage are named (leaf format 2)', async () => {
    const s = await site();
    await s.rt.registry.publish({
      uscc: UNIT_B,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(4)],
      effectiveFrom: '2024-03-01',
      publishedBy: 'reviewer-1',
      source: 'draft:abc',
      documentNumber: '沅司发〔2024〕5号',
      note: '年度调整',
    });
    await s.rt.ledger.runner.idle();
    expect(failuresOf(await s.verify())).toEqual([]);
    const attempt = await attemptOf(s, UNIT_B, 'no-penalty', 1);
    for (const key of [
      { pk: listKeys.content(UNIT_B, 'no-penalty', 1, attempt), sk: listKeys.contentMeta },
      { pk: listKeys.unit(UNIT_B), sk: listKeys.versionSummary('no-penalty', 1, attempt) },
    ]) {
      const meta = await getRaw(s, key);
      await putRaw(s, {
        ...meta,
        documentNumber: '沅司发〔2024〕6号',
        publishedBy: 'someone',
        source: 'x',
        note: '改',
      });
    }
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toMatch(
      new RegExp(
        `${UNIT_B} no-penalty v1 \\[log\\] differs from what was logged at leaf \\d+: ` +
          `.*documentNumber: logged "沅司发〔2024〕5号", now "沅司发〔2024〕6号"`,
      ),
    );
    for (const field of ['publishedBy', 'source', 'note']) expect(f).toMatch(new RegExp(`${field}: logged`));
  });

  it('a list’s title, preface or foot rows changed in storage are named (leaf format 3)', async () => {
    const s = await site();
    await s.rt.registry.publish({
      uscc: UNIT_B,
      stream: 'lighter-penalty',
      status: 'published',
      items: [],
      effectiveFrom: '2024-03-01',
      publishedBy: 'reviewer-1',
      source: 'draft:notes',
      listNotes: { title: ['沅江市某局从轻处罚事项清单'], footnotes: ['备注：本清单自2024年3月1日起施行。'] },
    });
    await s.rt.ledger.runner.idle();
    expect(failuresOf(await s.verify())).toEqual([]);
    const attempt = await attemptOf(s, UNIT_B, 'lighter-penalty', 1);
    const key = { pk: listKeys.content(UNIT_B, 'lighter-penalty', 1, attempt), sk: listKeys.contentMeta };
    const meta = await getRaw(s, key);
    await putRaw(s, { ...meta, listNotes: { ...meta.listNotes, footnotes: ['备注：本清单自2025年1月1日起施行。'] } });
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toMatch(
      new RegExp(
        `${UNIT_B} lighter-penalty v1 \\[log\\] differs from what was logged at leaf \\d+: listNotesHash: logged`,
      ),
    );
  });

  it('the entity head’s copy of the latest record (the unit listing) changed in storage is named', async () => {
    const s = await site();
    expect(failuresOf(await s.verify())).toEqual([]);
    const head = await getRaw(s, headKey(UNIT_A, entityKind.id));
    const name = String(head.entity.name);
    await putRaw(s, { ...head, entity: { ...head.entity, name: '假冒的执法主体', status: 'revoked' } });
    const listed = (await (await fetch(`${s.url}/v1/units?status=all`)).json()) as { items: Array<{ uscc: string }> };
    expect(listed.items.find((u) => u.uscc === UNIT_A)).toMatchObject({ name: '假冒的执法主体' });
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toContain(
      `${UNIT_A} entity v1 [entity-copy] the unit listing serves name "假冒的执法主体", the logged entity version 1 ` +
        `says ${JSON.stringify(name)}`,
    );
    expect(f).toContain(`${UNIT_A} entity v1 [entity-copy] the unit listing serves status "revoked"`);
  });

  it('the version history and the version disagreeing on a publication fact is named', async () => {
    const s = await site();
    const attempt = await attemptOf(s, UNIT_A, 'no-penalty', 1);
    const key = { pk: listKeys.unit(UNIT_A), sk: listKeys.versionSummary('no-penalty', 1, attempt) };
    await putRaw(s, { ...(await getRaw(s, key)), effectiveFrom: '2022-01-01' });
    expect(failuresOf(await s.verify()).join('\n')).toContain(
      `${UNIT_A} no-penalty v1 [history] the history says effectiveFrom "2022-01-01", the version says "2023-01-01"`,
    );
  });
});

describe('a unit that moved region stays in its former region’s verification for the dates it was there', () => {
  const MOVED_TO = '211000'; // 辽阳市, outside the verified 210900
  const MOVED_ON = '2023-09-01'; // after no-penalty v1 and v2 took effect, before v3 (2024-01-01)
  async function movedSite() {
    const s = await site();
    await s.rt.registry.publish({
      uscc: UNIT_A,
      stream: entityKind.id,
      status: 'published',
      items: [entity(UNIT_A, { regionCode: MOVED_TO })],
      effectiveFrom: MOVED_ON,
      publishedBy: 't',
      source: 't',
    });
    await s.rt.ledger.runner.idle();
    return s;
  }
  const outs: string[] = [];
  afterEach(() => {
    while (outs.length) rmSync(outs.pop()!, { recursive: true, force: true });
  });
  /** A mirror folder of its own, for a second verification of the same site. */
  const freshOut = () => {
    outs.push(mkdtempSync(join(tmpdir(), 'gongshi-verify-')));
    return outs.at(-1)!;
  };
  const inForceDates = (r: VerifyReport) =>
    r.failures.filter((f) => f.check === 'in-force').map((f) => /on (\d{4}-\d{2}-\d{2})/.exec(f.message)![1]!);

  it('the public route lists it under the region it left; both regions verify, each counting it', async () => {
    const s = await movedSite();
    const former = (await (await fetch(`${s.url}/v1/regions/210900/former-units`)).json()) as { items: unknown[] };
    expect(former.items).toEqual([{ uscc: UNIT_A, regionCode: '210900' }]);
    const old = await s.verify();
    expect(failuresOf(old)).toEqual([]);
    expect(old.units).toBe(2);
    const current = await s.verify({ region: MOVED_TO, out: freshOut() });
    expect(failuresOf(current)).toEqual([]);
    expect(current.units).toBe(1);
    // The old region asks fewer questions of the moved unit than a verification of all regions does.
    const all = await s.verify({ region: undefined, out: freshOut() });
    expect(old.questions).toBeLessThan(all.questions);
  });

  it('tampering with its data from before the move is detected by the old region', async () => {
    const s = await movedSite();
    const key = await contentKey(s, UNIT_A, 'no-penalty', 1, listKeys.chunk(0));
    const chunk = await getRaw(s, key);
    await putRaw(s, { ...chunk, d: chunk.d.replace('予以批评教育', '予以警告教育') });
    const head = await getRaw(s, { pk: listKeys.unit(UNIT_A), sk: listKeys.head('no-penalty') });
    const timeline = JSON.parse(head.timeline) as unknown[][];
    timeline.find((e) => e[0] === 2)![3] = 'r';
    await putRaw(s, { ...head, timeline: JSON.stringify(timeline) });
    const f = failuresOf(await s.verify()).join('\n');
    expect(f).toContain(`${UNIT_A} no-penalty v1 [contentHash]`);
    expect(f).toMatch(new RegExp(`${UNIT_A} no-penalty v2 \\[in-force\\] on 2023-06-01 .* answers repealed`));
  });

  it('its answers for dates after the move are the new region’s to check, not the old one’s', async () => {
    const s = await movedSite();
    const head = await getRaw(s, { pk: listKeys.unit(UNIT_A), sk: listKeys.head('no-penalty') });
    const timeline = JSON.parse(head.timeline) as unknown[][];
    timeline.find((e) => e[0] === 3)![1] = '2027-01-01';
    await putRaw(s, { ...head, timeline: JSON.stringify(timeline) });
    const current = await s.verify({ region: MOVED_TO, out: freshOut() });
    expect(inForceDates(current)).toContain('2024-01-01');
    const old = await s.verify();
    expect(inForceDates(old).filter((d) => d >= MOVED_ON)).toEqual([]);
  });
});
