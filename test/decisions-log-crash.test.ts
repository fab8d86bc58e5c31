/**
 * A crash between a decision's state change and the queueing of its log event, against the real engine: the event
 * is held before the change, so the daily job's `completeHeldEvents` finds it, queues it when the change is stored
 * (the sequencer then logs it once) and drops it when the change never happened. The crash is a log queue (or
 * store) that throws at the chosen write.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { officersKind } from '../shared/core/kinds/officers.js';
import { Decisions, DecisionStore } from '../shared/features/decisions/index.js';
import { LogEventQueue } from '../shared/features/ledger/index.js';
import { decodeDecisionLeaf, isDecisionLeafText } from '../shared/features/ledger/model/decision-leaf.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';
import { companyPenalty, entity, publishUnits, UNIT_A, officerRecord } from './support/fixtures.js';

const ORIGIN = 'decisions-log-crash.test/log';
const clock = new TestClock(new Date('2026-03-10T02:00:00Z'));
let base: TestRuntime;
let rt: Runtime & { ledger: NonNullable<Runtime['ledger']> };

const decision = companyPenalty;

class Crash extends Error {}

/** The app's decisions service with one write replaced by a crash. */
function crashing(overrides: { log?: Partial<LogEventQueue>; store?: Partial<DecisionStore> }): Decisions {
  const deps = rt.decisions.decisions.deps;
  const log = Object.assign(new LogEventQueue(base.client, base.tableName), overrides.log);
  const store = Object.assign(new DecisionStore(base.client, base.tableName), overrides.store);
  return new Decisions({ ...deps, log, store });
}
const crash = async (): Promise<never> => {
  throw new Crash('process ended');
};

async function decisionLeaves() {
  const { size } = await rt.ledger.store.readState();
  const all = await Promise.all(Array.from({ length: size }, async (_, i) => (await rt.ledger.store.readEntry(i))!));
  return all.filter(isDecisionLeafText).map(decodeDecisionLeaf);
}
const laterBy = (hours: number) => clock.advance(hours * 3600_000);

beforeAll(async () => {
  base = await createTestRuntime({ clock, cacheBytes: 0 });
  const wired = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    {
      client: base.client,
      clock: clock.now,
      cacheBytes: 0,
      ledger: { signer: Ed25519Signer.generate(ORIGIN), origin: ORIGIN, afterPublish: false },
    },
  );
  rt = { ...wired, ledger: wired.ledger! };
  await publishUnits(rt.registry, [
    { entity: entity(UNIT_A), lists: { [officersKind.id]: [officerRecord(1), officerRecord(2)] } },
  ]);
  await rt.officers.settled();
  await rt.ledger.runOnce();
});

describe('a crash between a decision state change and its log event', () => {
  it('publication stored, event not queued: queued by the job after an hour, logged once', async () => {
    const decisions = crashing({ log: { release: crash } });
    const { decision: recorded } = await decisions.record(UNIT_A, decision(1));
    await expect(decisions.publish(recorded.id)).rejects.toBeInstanceOf(Crash);
    const served = await rt.decisions.decisions.get(recorded.id);
    expect(served.state).toBe('published');
    expect((await rt.ledger.runOnce()).appended).toBe(0);
    // A hold younger than an hour may belong to a change still in progress: left alone.
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 0, dropped: 0 });
    laterBy(2);
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 1, dropped: 0 });
    expect((await rt.ledger.runOnce()).appended).toBe(1);
    const leaf = (await decisionLeaves()).at(-1)!;
    const stored = (await rt.decisions.decisions.deps.store.get(recorded.id))!;
    expect(leaf).toMatchObject({
      id: recorded.id,
      event: 'published',
      at: stored.publishedAt,
      number: recorded.number,
    });
    expect(leaf.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Idempotent: nothing held, nothing more logged.
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 0, dropped: 0 });
    expect((await rt.ledger.runOnce()).appended).toBe(0);
  });

  it('event held, publication never stored: the job drops the hold, and a later publish logs once', async () => {
    const decisions = crashing({ store: { markPublished: crash } });
    const { decision: recorded } = await decisions.record(UNIT_A, decision(2));
    await expect(decisions.publish(recorded.id)).rejects.toBeInstanceOf(Crash);
    expect((await rt.decisions.decisions.deps.store.get(recorded.id))!.state).toBe('recorded');
    laterBy(2);
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 0, dropped: 1 });
    expect((await rt.ledger.runOnce()).appended).toBe(0);
    const published = await rt.decisions.decisions.publish(recorded.id);
    expect((await rt.ledger.runOnce()).appended).toBe(1);
    expect((await decisionLeaves()).at(-1)).toMatchObject({ id: recorded.id, at: published.publishedAt });
  });

  it('a retry after a crash before the change replaces the stale hold with its own time', async () => {
    const failing = crashing({ store: { markPublished: crash } });
    const { decision: recorded } = await failing.record(UNIT_A, decision(3));
    await expect(failing.publish(recorded.id)).rejects.toBeInstanceOf(Crash);
    laterBy(0.25);
    const published = await rt.decisions.decisions.publish(recorded.id);
    expect((await rt.ledger.runOnce()).appended).toBe(1);
    expect((await decisionLeaves()).at(-1)).toMatchObject({ id: recorded.id, at: published.publishedAt });
    laterBy(2);
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 0, dropped: 0 });
  });

  it('withdrawal stored, event not queued: the job queues the withdrawal with its reason', async () => {
    const { decision: recorded } = await rt.decisions.decisions.record(UNIT_A, decision(4), { publish: true });
    await rt.ledger.runOnce();
    const decisions = crashing({ log: { release: crash } });
    const act = {
      ground: '撤销' as const,
      actNumber: '阜市监撤〔2026〕4号',
      actDate: '2026-03-09',
      reason: '经复议撤销',
    };
    await expect(decisions.withdraw(recorded.id, act)).rejects.toBeInstanceOf(Crash);
    expect((await rt.decisions.decisions.get(recorded.id)).state).toBe('withdrawn');
    laterBy(2);
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 1, dropped: 0 });
    expect((await rt.ledger.runOnce()).appended).toBe(1);
    expect((await decisionLeaves()).at(-1)).toMatchObject({
      id: recorded.id,
      event: 'withdrawn',
      withdrawal: { ground: '撤销', actNumber: '阜市监撤〔2026〕4号', reason: '经复议撤销' },
    });
  });

  it('bulk import written, events not queued: the job queues every publication', async () => {
    const decisions = crashing({ log: { enqueueNew: crash } });
    const rows = [11, 12, 13].map((n, i) => ({ row: i + 2, body: decision(n) }));
    await expect(decisions.recordMany(UNIT_A, rows, { publish: true })).rejects.toBeInstanceOf(Crash);
    expect((await rt.ledger.runOnce()).appended).toBe(0);
    laterBy(2);
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 3, dropped: 0 });
    expect((await rt.ledger.runOnce()).appended).toBe(3);
    // Same publication time: the log orders them by id.
    expect(
      (await decisionLeaves())
        .slice(-3)
        .map((l) => l.number)
        .sort(),
    ).toEqual([11, 12, 13].map((n) => `阜市监罚〔2026〕${n}号`));
  });

  it('bulk import crashed after queueing part of its events: the job queues the rest, none twice', async () => {
    let calls = 0;
    const real = new LogEventQueue(base.client, base.tableName);
    const decisions = crashing({
      log: {
        // The first event reaches the queue, then the process ends.
        enqueueNew: async (events) => {
          calls++;
          await real.enqueueNew(events.slice(0, 1));
          throw new Crash('process ended');
        },
      },
    });
    const rows = [21, 22, 23].map((n, i) => ({ row: i + 2, body: decision(n) }));
    await expect(decisions.recordMany(UNIT_A, rows, { publish: true })).rejects.toBeInstanceOf(Crash);
    expect(calls).toBe(1);
    laterBy(2);
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 2, dropped: 0 });
    expect((await rt.ledger.runOnce()).appended).toBe(3);
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 0, dropped: 0 });
  });

  it('bulk import held, decisions never written: the job drops every held event', async () => {
    const decisions = crashing({ store: { putMany: crash } });
    const rows = [31, 32].map((n, i) => ({ row: i + 2, body: decision(n) }));
    await expect(decisions.recordMany(UNIT_A, rows, { publish: true })).rejects.toBeInstanceOf(Crash);
    laterBy(2);
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 0, dropped: 2 });
    expect((await rt.ledger.runOnce()).appended).toBe(0);
    // The 文号 were never claimed: the same rows import again.
    expect((await rt.decisions.decisions.recordMany(UNIT_A, rows, { publish: true })).published).toBe(2);
    expect((await rt.ledger.runOnce()).appended).toBe(2);
  });

  it('bulk import not queued, then a decision withdrawn: its publication is logged with its content hash', async () => {
    const decisions = crashing({ log: { enqueueNew: crash } });
    const rows = [{ row: 2, body: decision(41) }];
    await expect(decisions.recordMany(UNIT_A, rows, { publish: true })).rejects.toBeInstanceOf(Crash);
    const [d] = await rt.decisions.decisions.deps.store.byNumber(decision(41).number);
    const act = { ground: '撤销' as const, actNumber: '阜市监撤〔2026〕41号', actDate: '2026-03-09', reason: '撤销' };
    await rt.decisions.decisions.withdraw(d!.id, act);
    laterBy(2);
    expect(await rt.decisions.decisions.completeHeldEvents()).toEqual({ queued: 1, dropped: 0 });
    expect((await rt.ledger.runOnce()).appended).toBe(2);
    const [published, withdrawn] = (await decisionLeaves()).filter((l) => l.id === d!.id);
    expect(withdrawn).toMatchObject({ event: 'withdrawn', contentHash: null });
    expect(published).toMatchObject({ event: 'published', at: d!.publishedAt });
    expect(published!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
