/**
 * Draws in the transparency log, against the real engine: each public event of a draw is a draw leaf (format 1)
 * with the documented fields; a draw runs only on a commitment the log holds from before its round (409 otherwise);
 * `gongshi verify` holds every served draw against its leaves and names each tampering of the stored record;
 * `gongshi verify draw` proves the commitment's inclusion and log time; a v2 commitment stored the way an older
 * release stored it is logged, drawn under its own scheme and verified end to end.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { canonicalJson, contentHash, sha256Hex } from '../shared/core/canonical-json.js';
import { AppError } from '../shared/core/errors.js';
import { entityKind } from '../shared/core/kinds/index.js';
import { inspectionKeys } from '../shared/features/inspections/keys.js';
import {
  drawLogEvent,
  importTargets,
  InspectionStore,
  recordedBeacon,
  verifyDraw,
  type BeaconRound,
  type PublicDraw,
} from '../shared/features/inspections/index.js';
import { CommitmentSchema } from '../shared/features/inspections/model/commitment.js';
import type { DrawRecord } from '../shared/features/inspections/model/draw.js';
import { LogEventQueue } from '../shared/features/ledger/log-events.js';
import { decodeDrawLeaf, drawResultsRoot, isDrawLeafText } from '../shared/features/ledger/model/draw-leaf.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { verifyRegistry, type VerifyReport } from '../shared/features/verifier/verify.js';
import { officer, targetsCsv, targetUscc } from '../testing/inspections.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { entity, UNIT_A } from './support/fixtures.js';

const fixture = JSON.parse(readFileSync('test/fixtures/drand/quicknet-rounds.json', 'utf8')) as {
  chain: string;
  rounds: Array<Omit<BeaconRound, 'chain'>>;
};
const ROUNDS: BeaconRound[] = fixture.rounds.map((r) => ({ ...r, chain: fixture.chain }));
const ROUND = 657413; // emitted 2023-09-15T11:00:03Z
const ROUND_TIME = '2023-09-15T11:00:03.000Z';
const ORIGIN = 'inspections-log.test/log';
const PLAN_TABLE = {
  header: ['计划名称', '任务名称', '抽查事项', '抽查对象范围', '抽查比例(及频次)', '实施时间', '发起部门'],
  rows: [
    ['餐饮抽查', 'SJ-001', '餐饮', '抽取3户'],
    ['药品抽查', 'SJ-002', '药品', '抽取2户'],
    ['食品抽查', 'SJ-003', '食品', '抽取2户'],
  ].map(([task, item, scope, sampling], i) => ({
    row: i + 2,
    cells: ['2023年度双随机抽查工作计划', task!, item!, scope!, sampling!, '2023年9月-11月', '市监局'],
  })),
};

const clock = new TestClock(new Date('2023-09-15T10:58:00Z'));
let base: TestRuntime;
let rt: Runtime & { ledger: NonNullable<Runtime['ledger']> };
let store: InspectionStore;
let out: string;
let planId: string;
/** T01: committed in time, drawn, published. T02: logged only after its round, refused. T03: the stored v2 draw. */
let published: PublicDraw;
let late: PublicDraw;
let v2: PublicDraw;

const fetchApp = async (url: string, init: { headers: Record<string, string> }) =>
  rt.app.request(url.replace('http://registry.test', ''), init);
const verify = () =>
  verifyRegistry({
    baseUrl: 'http://registry.test',
    out,
    unit: UNIT_A,
    now: new Date('2023-09-16T00:00:00Z'),
    fetch: fetchApp,
  });
const drawFailures = (r: VerifyReport) => r.failures.filter((f) => f.kind === 'draw').map((f) => f.message);
const getJson = async (path: string) => {
  const res = await rt.app.request(path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
};

async function drawLeaves() {
  const { size } = await rt.ledger.store.readState();
  const texts = await Promise.all(Array.from({ length: size }, async (_, i) => (await rt.ledger.store.readEntry(i))!));
  return texts.flatMap((t, index) => (isDrawLeafText(t) ? [{ index, leaf: decodeDrawLeaf(t) }] : []));
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}

/** Reads a stored item, lets `change` alter it, writes it back; returns a function restoring the original. */
async function tamper(sk: string, change: (item: Record<string, unknown>) => void) {
  const Key = marshall({ pk: inspectionKeys.unit(UNIT_A), sk });
  const got = await rt.client.send(new GetItemCommand({ TableName: base.tableName, Key, ConsistentRead: true }));
  const original = unmarshall(got.Item!);
  const changed = structuredClone(original);
  change(changed);
  const put = (item: Record<string, unknown>) =>
    rt.client.send(new PutItemCommand({ TableName: base.tableName, Item: marshall(item) }));
  await put(changed);
  return () => put(original);
}
const tamperDraw = (drawId: string, change: (d: DrawRecord) => void) =>
  tamper(inspectionKeys.draw(drawId), (item) => {
    const body = JSON.parse(item.body as string) as DrawRecord;
    change(body);
    item.body = JSON.stringify(body);
  });

/**
 * A v2 commitment stored the way the release before v3 stored it (scheme gongshi-draw-v2, its salt kept with the
 * record), then queued for the log as this release queues a commitment.
 */
async function storeV2Draw(taskId: string): Promise<string> {
  const plan = (await store.getPlan(UNIT_A, planId))!;
  const task = plan.tasks.find((t) => t.taskId === taskId)!;
  const inspectors = await rt.inspections.inspectorsOf(UNIT_A, published.drawId);
  const head = (await rt.registry.store.getHead(UNIT_A, 'inspection-targets', true))!;
  const { meta } = await rt.registry.getVersion(UNIT_A, 'inspection-targets', head.version);
  const salt = createHash('sha256').update('v2 salt').digest();
  const drawId = `${planId}.${taskId}.1`;
  const commitment = CommitmentSchema.parse({
    ...published.commitment,
    scheme: 'gongshi-draw-v2',
    saltHash: createHash('sha256').update(salt).digest('hex'),
    drawId,
    taskId,
    items: task.items,
    targets: { ...published.commitment.targets, version: head.version, contentHash: meta.contentHash },
    count: 2,
    excludedTargets: (await rt.inspections.drawnTargets(UNIT_A, published.drawId)).map((t) => t.uscc).sort(),
    conflicts: [],
    committedAt: clock.now().toISOString(),
  });
  const hash = sha256Hex(canonicalJson(commitment));
  const owner = { unit: UNIT_A, drawId, commitmentHash: hash };
  const draw: DrawRecord = {
    drawId,
    unit: UNIT_A,
    state: 'committed',
    commitment,
    commitmentHash: hash,
    inspectorChunks: await store.putParts(owner, 'I', inspectors),
    salt: salt.toString('hex'),
    results: [],
    resultsDue: '2023-12-29',
    revision: 0,
  };
  await store.createDraw(draw);
  await store.appendLog(UNIT_A, { at: commitment.committedAt, type: 'committed', drawId, subjectHash: hash });
  await new LogEventQueue(base.client, base.tableName).enqueue(
    drawLogEvent(draw, 'committed', clock.now().toISOString(), task),
  );
  return drawId;
}

const resultsFor = async (drawId: string) =>
  (await rt.inspections.drawnTargets(UNIT_A, drawId)).map((t) => ({
    uscc: t.uscc,
    result: '未发现问题',
    inspectedOn: '2023-10-08',
  }));

beforeAll(async () => {
  base = await createTestRuntime({ clock, cacheBytes: 0 });
  const wired = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    {
      client: base.client,
      clock: clock.now,
      cacheBytes: 0,
      beacon: recordedBeacon(ROUNDS, { clock: clock.now }),
      ledger: { signer: Ed25519Signer.generate(ORIGIN), origin: ORIGIN, afterPublish: false },
    },
  );
  rt = { ...wired, ledger: wired.ledger! };
  store = new InspectionStore(base.client, base.tableName);
  const common = { status: 'published' as const, effectiveFrom: '2023-01-01', publishedBy: 'test', source: 'test' };
  await rt.registry.publish({ ...common, uscc: UNIT_A, stream: entityKind.id, items: [entity()] });
  const officers = Array.from({ length: 4 }, (_, i) => {
    const { uscc: _u, regionCode: _r, ...o } = officer(UNIT_A, i + 1);
    return o;
  });
  await rt.registry.publish({ ...common, uscc: UNIT_A, stream: 'officers', items: officers });
  await rt.officers.settled();
  await importTargets(rt.registry, { ...common, uscc: UNIT_A, bytes: targetsCsv(20) });
  planId = (await rt.inspections.importPlans(UNIT_A, PLAN_TABLE))[0]!.planId;
  await rt.ledger.runOnce();
  out = mkdtempSync(join(tmpdir(), 'gongshi-inspections-log-'));
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('draws in the transparency log', () => {
  it('logs a commitment as a draw leaf with the fields that decide the draw, before its round', async () => {
    const committed = await rt.inspections.commitDraw(UNIT_A, {
      planId,
      taskId: 'T01',
      category: '市场监管',
      round: ROUND,
    });
    expect((await rt.ledger.runOnce()).appended).toBe(1);
    const [{ index, leaf }] = (await drawLeaves()) as [Awaited<ReturnType<typeof drawLeaves>>[number]];
    const task = (await store.getPlan(UNIT_A, planId))!.tasks[0]!;
    const c = committed.commitment;
    expect(leaf).toEqual({
      record: 'draw',
      format: 1,
      origin: ORIGIN,
      loggedAt: '2023-09-15T10:58:00.000Z',
      event: 'committed',
      at: '2023-09-15T10:58:00.000Z',
      unit: UNIT_A,
      drawId: committed.drawId,
      commitmentHash: committed.commitmentHash,
      commitment: {
        scheme: 'gongshi-draw-v3',
        saltHash: c.saltHash,
        planId,
        taskId: 'T01',
        taskHash: contentHash(task),
        items: ['SJ-001'],
        targets: c.targets,
        inspectors: c.inspectors,
        filter: {},
        count: 3,
        inspectorsPerTarget: c.inspectorsPerTarget,
        excludedTargetsHash: contentHash([]),
        conflictsHash: contentHash([]),
        beacon: { chain: fixture.chain, round: ROUND },
        committedAt: '2023-09-15T10:58:00.000Z',
        redrawOf: null,
        reason: null,
      },
      outcomeHash: null,
      drawnCount: null,
      refusal: null,
      results: null,
    });
    expect((await rt.inspections.getDraw(UNIT_A, committed.drawId)).leaves).toEqual({ committed: index });
    published = committed;
  });

  it('refuses a draw whose commitment is not logged, then one logged only after its round (409)', async () => {
    const committed = await rt.inspections.commitDraw(UNIT_A, {
      planId,
      taskId: 'T02',
      category: '市场监管',
      round: ROUND,
    });
    clock.set('2023-09-15T11:00:10Z');
    const unlogged = await failure(rt.inspections.executeDraw(UNIT_A, committed.drawId));
    expect(unlogged.code).toBe('CONFLICT');
    expect(unlogged.details).toMatchObject({ reason: 'COMMITMENT_NOT_LOGGED', round: ROUND, roundTime: ROUND_TIME });
    expect(unlogged.message).toBe('该抽取承诺尚未记入透明日志，不能抽取');
    expect((await rt.inspections.getDraw(UNIT_A, committed.drawId)).state).toBe('committed');

    await rt.ledger.runOnce();
    const tooLate = await failure(rt.inspections.executeDraw(UNIT_A, committed.drawId));
    expect(tooLate.code).toBe('CONFLICT');
    expect(tooLate.details).toMatchObject({
      reason: 'COMMITMENT_LOGGED_AFTER_ROUND',
      loggedAt: '2023-09-15T11:00:10.000Z',
      roundTime: ROUND_TIME,
    });
    expect(tooLate.message).toContain('晚于随机数第 657413 轮产生的时间');
    late = await rt.inspections.getDraw(UNIT_A, committed.drawId);
    expect(late).toMatchObject({ state: 'refused', refusal: { reason: 'COMMITMENT_LOGGED_AFTER_ROUND' } });
    await rt.ledger.runOnce();
    const refused = (await drawLeaves()).find((l) => l.leaf.drawId === late.drawId && l.leaf.event === 'refused');
    expect(refused?.leaf.refusal).toEqual({
      reason: 'COMMITMENT_LOGGED_AFTER_ROUND',
      messageHash: sha256Hex(late.refusal!.message),
    });
  });

  it('logs the outcome hash when drawn, then the outcome and each result record when published', async () => {
    const drawn = await rt.inspections.executeDraw(UNIT_A, published.drawId);
    await rt.ledger.runOnce();
    await rt.inspections.recordResults(UNIT_A, published.drawId, await resultsFor(published.drawId));
    await rt.ledger.runOnce();
    published = await rt.inspections.getDraw(UNIT_A, published.drawId);
    const mine = (await drawLeaves()).filter((l) => l.leaf.drawId === published.drawId);
    expect(mine.map((l) => l.leaf.event)).toEqual(['committed', 'drawn', 'outcome-published', 'results-published']);
    expect(published.leaves).toEqual(Object.fromEntries(mine.map((l) => [l.leaf.event, l.index])));
    const [, drawnLeaf, outcomeLeaf, resultsLeaf] = mine.map((l) => l.leaf);
    expect(drawnLeaf).toMatchObject({ outcomeHash: drawn.outcomeHash, drawnCount: 3, commitment: null });
    expect(outcomeLeaf).toMatchObject({ outcomeHash: drawn.outcomeHash, drawnCount: 3 });
    expect(resultsLeaf!.results).toEqual({ count: 3, root: drawResultsRoot(published.results!) });
    expect(resultsLeaf!.outcomeHash).toBeNull();
  });

  it('stores a v2 commitment as an older release did, logs it, draws it under v2, verifies it end to end', async () => {
    clock.set('2023-09-15T10:59:00Z');
    const drawId = await storeV2Draw('T03');
    await rt.ledger.runOnce();
    clock.set('2023-09-15T11:00:10Z');
    const drawn = await rt.inspections.executeDraw(UNIT_A, drawId);
    expect(drawn).toMatchObject({ state: 'drawn', drawnCount: 2, commitment: { scheme: 'gongshi-draw-v2' } });
    await rt.inspections.recordResults(UNIT_A, drawId, await resultsFor(drawId));
    await rt.ledger.runOnce();
    v2 = await rt.inspections.getDraw(UNIT_A, drawId);
    const report = await verifyDraw(getJson, `/v1/units/${UNIT_A}/draws/${drawId}`);
    expect(report.findings.filter((f) => !f.ok)).toEqual([]);
    expect(report.recomputed).toEqual(v2.outcome);
    expect(report.findings.find((f) => f.check === 'log-inclusion')!.message).toContain(
      `第 ${v2.leaves!.committed} 号叶子`,
    );
  });

  it('`gongshi verify draw` proves the commitment is under a signed checkpoint, logged before the round', async () => {
    const report = await verifyDraw(getJson, `/v1/units/${UNIT_A}/draws/${published.drawId}`);
    expect(report.findings.filter((f) => !f.ok)).toEqual([]);
    expect(report.findings.map((f) => f.check)).toEqual(
      expect.arrayContaining(['log-inclusion', 'logged-before-round']),
    );
    expect(report.findings.find((f) => f.check === 'logged-before-round')!.message).toContain('记入在先');

    const lateReport = await verifyDraw(getJson, `/v1/units/${UNIT_A}/draws/${late.drawId}`);
    const lateCheck = lateReport.findings.find((f) => f.check === 'logged-before-round')!;
    expect(lateCheck.ok).toBe(false);
    expect(lateCheck.message).toContain('记入不在随机数产生之前');
  });

  it('reads a draw with one Query more than before: its logged events', async () => {
    base.requests.reset();
    await rt.inspections.getDraw(UNIT_A, published.drawId);
    // The draw, its outcome parts (published), its log events.
    expect(base.requests.snapshot()).toEqual({ GetItemCommand: 1, QueryCommand: 2 });
  });

  it("shows the draw's log indexes on its portal page, explained in plain Chinese", async () => {
    const html = await (await rt.app.request(`/units/${UNIT_A}/draws/${published.drawId}`)).text();
    expect(html).toContain('透明日志');
    expect(html).toContain(`承诺：第 ${published.leaves!.committed} 号记录`);
    expect(html).toContain(`检查结果公示：第 ${published.leaves!['results-published']} 号记录`);
    expect(html).toContain('承诺在随机数产生之前记入，事后无法更改');
  });

  it('`gongshi verify` finds every draw matching its leaves', async () => {
    const report = await verify();
    expect(report.failures).toEqual([]);
    expect(report.draws).toBe(3);
  });

  it('names a changed commitment field', async () => {
    const restore = await tamperDraw(published.drawId, (d) => {
      d.commitment.count = 2;
    });
    try {
      const failures = drawFailures(await verify());
      expect(failures).toContain(
        `${published.drawId}: commitment field count is 2, the committed leaf ${published.leaves!.committed} logged 3`,
      );
      expect(failures.some((m) => m.includes('the served commitment hashes to'))).toBe(true);
      const one = await verifyDraw(getJson, `/v1/units/${UNIT_A}/draws/${published.drawId}`);
      expect(one.findings.find((f) => f.check === 'log-inclusion')).toMatchObject({ ok: false });
    } finally {
      await restore();
    }
  });

  it('names a swapped target in a published outcome', async () => {
    const stored = (await store.getDraw(UNIT_A, published.drawId))!;
    const other = targetsOutside(new Set(published.outcome!.map((t) => t.uscc)));
    const restore = await tamper(inspectionKeys.part(published.drawId, stored.commitmentHash, 'O', 0), (item) => {
      const entries = JSON.parse(item.entries as string) as Array<{ uscc: string; inspectors: string[] }>;
      entries[0]!.uscc = other;
      item.entries = JSON.stringify(entries);
    });
    try {
      const failures = drawFailures(await verify());
      expect(
        failures.some((m) => m.startsWith(`${published.drawId}: the published outcome`) && m.includes('swapped')),
      ).toBe(true);
    } finally {
      await restore();
    }
  });

  it('names a result published for a target that was not drawn', async () => {
    const stray = targetsOutside(new Set(published.outcome!.map((t) => t.uscc)));
    const restore = await tamperDraw(published.drawId, (d) => {
      d.results.push({ uscc: stray, result: '未发现问题', inspectedOn: '2023-10-08' });
    });
    try {
      const failures = drawFailures(await verify());
      expect(failures).toContain(`${published.drawId}: a result is published for ${stray}, which was not drawn`);
      expect(failures.some((m) => m.includes('do not hash to the root logged'))).toBe(true);
    } finally {
      await restore();
    }
  });

  it('names a draw run on a commitment logged after its round', async () => {
    const restore = await tamperDraw(late.drawId, (d) => {
      d.state = 'drawn';
      delete d.refusal;
    });
    try {
      const failures = drawFailures(await verify());
      expect(failures).toContain(
        `${late.drawId}: committed in the log at 2023-09-15T11:00:10.000Z ` +
          `(the committed leaf ${late.leaves!.committed}), ` +
          `not before round ${ROUND} (${ROUND_TIME})`,
      );
    } finally {
      await restore();
    }
  });

  it('names a draw served as replaced that no logged re-draw names', async () => {
    const restore = await tamperDraw(published.drawId, (d) => {
      d.replacedBy = late.drawId;
    });
    try {
      expect(drawFailures(await verify())).toContain(
        `${published.drawId}: served as replaced by ${late.drawId}, but no logged re-draw commitment names it ` +
          'with a reason',
      );
    } finally {
      await restore();
    }
  });

  it('names a draw with no leaf', async () => {
    const copyId = `${planId}.T09.1`;
    const { Item } = await rt.client.send(
      new GetItemCommand({
        TableName: base.tableName,
        Key: marshall({ pk: inspectionKeys.unit(UNIT_A), sk: inspectionKeys.draw(published.drawId) }),
      }),
    );
    const item = unmarshall(Item!);
    const body = JSON.parse(item.body as string) as DrawRecord;
    await rt.client.send(
      new PutItemCommand({
        TableName: base.tableName,
        Item: marshall({ ...item, sk: inspectionKeys.draw(copyId), body: JSON.stringify({ ...body, drawId: copyId }) }),
      }),
    );
    const failures = drawFailures(await verify());
    expect(failures).toContain(
      `${copyId}: served (published, committed 2023-09-15T10:58:00.000Z) but its commitment is not in the log`,
    );
  });
});

/** A directory code not among `drawn`. */
function targetsOutside(drawn: ReadonlySet<string>): string {
  for (let n = 1; n <= 20; n++) {
    const code = targetUscc(n);
    if (!drawn.has(code)) return code;
  }
  throw new Error('every target was drawn');
}
