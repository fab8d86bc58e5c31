/**
 * Concurrent parses are bounded: at most `concurrency` uploads are parsed at once in a process, up to `queue` wait in
 * arrival order, and one more is refused at once with 503 and Retry-After. Deterministic: parses are held open by
 * promises the test resolves, and the test waits for the gate's own count, never for time.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/app/config.js';
import { runtimeOptionsFromConfig } from '../shared/app/configured.js';
import { AppError } from '../shared/core/errors.js';
import { ParseGate } from '../shared/platform/parse-gate.js';
import { createHarness, fileForm } from './fixtures/workflow/harness.js';
import { UNIT_A, entity, publishUnits } from './support/fixtures.js';
import { WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

/** A parse the test finishes: `release()` resolves it. */
function held<T>(value: T) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { parse: () => done.then(() => value), release };
}

/**
 * Waits until `ready()` holds, for at most 2,000 short timer turns: an upload reaches the gate after file reads
 * and module loads (I/O, not only promise callbacks), which on a loaded machine outlast any fixed number of
 * event-loop turns. The condition is what is asserted, never the time it took.
 */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(ready()).toBe(true);
}

/** Lets every pending promise callback run (a fixed number of turns of the event loop, no clock). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('the parse gate', () => {
  it('runs up to the limit, queues in arrival order, refuses beyond the queue, and hands places on', async () => {
    const gate = new ParseGate({ concurrency: 2, queue: 1 });
    const order: string[] = [];
    const a = held('a');
    const b = held('b');
    const c = held('c');
    const pa = gate.run(a.parse).then((v) => order.push(v));
    const pb = gate.run(b.parse).then((v) => order.push(v));
    const pc = gate.run(c.parse).then((v) => order.push(v));
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    const refused = await gate.run(async () => 'd').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('UNAVAILABLE');
    expect((refused as AppError).details).toMatchObject({ reason: 'PARSE_QUEUE_FULL', retryAfterSeconds: 5 });
    // c, released early, still waits: it starts only when b hands over b's place.
    c.release();
    await settle();
    expect(order).toEqual([]);
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    b.release();
    await pb;
    await pc;
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    a.release();
    await pa;
    expect(order).toEqual(['b', 'c', 'a']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a parse that fails gives its place to the next', async () => {
    const gate = new ParseGate({ concurrency: 1, queue: 1 });
    const first = held(undefined);
    const failing = gate.run(() => first.parse().then(() => Promise.reject(new Error('bad file'))));
    const next = gate.run(async () => 'next');
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    first.release();
    await expect(failing).rejects.toThrow('bad file');
    await expect(next).resolves.toBe('next');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('takes its limits from the configuration, 2 at once and 8 waiting by default', () => {
    expect(runtimeOptionsFromConfig(loadConfig({})).write?.parseLimits).toEqual({ concurrency: 2, queue: 8 });
    const set = loadConfig({ GONGSHI_PARSE_CONCURRENCY: '3', GONGSHI_PARSE_QUEUE: '0' });
    expect(runtimeOptionsFromConfig(set).write?.parseLimits).toEqual({ concurrency: 3, queue: 0 });
    expect(() => loadConfig({ GONGSHI_PARSE_CONCURRENCY: '0' })).toThrow(/GONGSHI_PARSE_CONCURRENCY/);
  });
});

describe('uploads under the gate, over HTTP', () => {
  it('an upload waits for a place, one more is 503 with Retry-After, the waiting one then completes', async () => {
    const h = await createHarness({ parseLimits: { concurrency: 1, queue: 1 } });
    const editor = await h.token('editor', { units: [UNIT_A] });
    const csv =
      '序号,违法行为,法律依据,适用条件\n1,未按规定公示年度报告,《企业信息公示暂行条例》第八条,首次且及时改正的\n';
    const upload = () =>
      h.call('POST', `/v1/units/${UNIT_A}/lists/no-penalty/drafts?dryRun=true`, {
        token: editor,
        form: fileForm(csv, '不予处罚事项清单.csv', { effectiveFrom: '2024-04-01' }),
      });
    // Another parse holds the one place.
    const other = held(undefined);
    const holding = h.write.parseGate.run(other.parse);
    const waiting = upload();
    await until(() => h.write.parseGate.load.waiting === 1);
    const refused = await upload();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.error).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'PARSE_QUEUE_FULL' } });
    other.release();
    await holding;
    const answered = await waiting;
    expect(answered.status).toBe(200);
    expect(answered.body.lists[0]).toMatchObject({ valid: true, itemCount: 1 });
    expect(h.write.parseGate.load).toEqual({ running: 0, waiting: 0 });
    // The OpenAPI document says so for both upload routes.
    const doc = (await h.call('GET', '/openapi.json')).body;
    for (const path of ['/v1/units/{uscc}/lists/{kind}/drafts', '/v1/units/{uscc}/drafts'])
      expect(doc.paths[path].post.responses['503'].headers['Retry-After']).toBeDefined();
  });
});

describe('the workbench under the gate', () => {
  it('a check beyond the queue is a 503 page saying to retry, with Retry-After', async () => {
    const rt = await workbenchRuntime({ config: { stage: 'local' } }, { concurrency: 1, queue: 0 });
    rt.clock.set('2024-03-01T02:00:00Z');
    await publishUnits(rt.registry, [{ entity: entity(UNIT_A), lists: {} }]);
    const clerk = new WorkbenchClient(rt.app);
    await clerk.signIn('editor', { uscc: UNIT_A });
    const list = `/workbench/units/${UNIT_A}/lists/no-penalty`;
    await clerk.get(list);
    const csv =
      '序号,违法行为,法律依据,适用条件\n1,未按规定公示年度报告,《企业信息公示暂行条例》第八条,首次且及时改正的\n';
    const other = held(undefined);
    const holding = rt.write.parseGate.run(other.parse);
    const check = () =>
      clerk.post(`${list}/check`, {
        file: new File([csv], '不予处罚事项清单.csv'),
        effectiveFrom: '2024-04-01',
        mode: 'replace',
      });
    const busy = await check();
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('5');
    expect(busy.text).toContain('正在处理的上传文件过多');
    // Nothing of the refused check was stored: no upload items in the table.
    const stored = await rt.client.send(
      new ScanCommand({
        TableName: rt.tableName,
        FilterExpression: 'begins_with(pk, :u)',
        ExpressionAttributeValues: { ':u': { S: 'WB#UP#' } },
      }),
    );
    expect(stored.Items ?? []).toEqual([]);
    other.release();
    await holding;
    await clerk.get(list);
    const ok = await check();
    expect(ok.status).toBe(200);
  });
});
