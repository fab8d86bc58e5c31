/**
 * The ledger-lag figure against the real engine: with nothing pending it is 0; a queued decision event counts
 * from its time (the sequencer has not logged it yet), and a held one (its change not yet confirmed) does not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { measureLedgerLag } from '../shared/features/ledger/ledger-lag.js';
import { LogEventQueue, type LogEvent } from '../shared/features/ledger/index.js';
import { createTestRuntime, TestClock, type TestRuntime } from './support/engine.js';

let base: TestRuntime;

const event = (subject: string, at: string): LogEvent => ({
  subject,
  event: 'published',
  body: {
    record: 'decision',
    format: 1,
    event: 'published',
    at,
    id: subject,
    unit: '11210900155967021X',
    regionCode: '210900',
    number: '阜市监罚〔2026〕1号',
    decisionType: '行政处罚',
    decisionDate: '2026-03-06',
    commitment: 'c',
    contentHash: null,
    publicity: { ruleSet: null, tier: null, months: null, expiresOn: null },
    withdrawal: null,
    expiredOn: null,
  },
});

beforeAll(async () => {
  base = await createTestRuntime({ clock: new TestClock(new Date('2026-03-10T02:00:00Z')), cacheBytes: 0 });
});

describe('ledger lag', () => {
  it('counts a queued decision event from its time, and not a held one', async () => {
    const now = new Date('2026-03-10T02:00:00Z');
    expect(await measureLedgerLag(base.client, base.tableName, now)).toBe(0);
    const queue = new LogEventQueue(base.client, base.tableName);
    await queue.hold(event('held-decision', '2026-03-10T01:00:00.000Z'));
    expect(await measureLedgerLag(base.client, base.tableName, now)).toBe(0);
    await queue.enqueueNew([event('queued-decision', '2026-03-10T01:58:30.000Z')]);
    expect(await measureLedgerLag(base.client, base.tableName, now)).toBe(90);
  });
});
