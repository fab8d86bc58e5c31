/**
 * After a local process is killed mid-run, its lease does not hold the log back: the next run (the restarted
 * `npm start`, or `gongshi import`) sees the holder's process is gone and takes the lease at once, so the local
 * bound (one interval plus one run) holds after a crash too. A live holder is waited for, and on AWS (anonymous
 * owners, no way to tell) a held lease is waited out as before.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { entityKind } from '../shared/core/kinds/index.js';
import { createRuntime } from '../shared/app/runtime.js';
import { anonymousOwners, localProcessOwners, type LocalProcess } from '../shared/features/ledger/lease-owners.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { runSequencer } from '../shared/features/ledger/sequencer.js';
import { createTestRuntime } from './support/engine.js';
import { entity, UNIT_A } from './support/fixtures.js';

const ORIGIN = 'crash-lease.test/log';
const signer = Ed25519Signer.generate(ORIGIN);
const HOST = 'registry-host';

/** A process on HOST; `alive` lists the pids that exist there. */
const processOn = (pid: number, token: string, alive: number[]): LocalProcess => ({
  host: HOST,
  pid,
  token,
  exists: (p) => alive.includes(p),
});

/** A table with one unpublished-to-the-log version, and the lease taken by `holder` for 30 s, then never released. */
async function crashedHolder(holder: string) {
  const base = await createTestRuntime({ cacheBytes: 0 });
  const rt = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    {
      client: base.client,
      clock: base.clock.now,
      cacheBytes: 0,
      ledger: { signer, origin: ORIGIN, afterPublish: false },
    },
  );
  const ledger = rt.ledger!.store;
  expect(await ledger.acquireLease(holder, 30_000)).toBeDefined();
  await rt.registry.publish({
    uscc: UNIT_A,
    stream: entityKind.id,
    status: 'published',
    items: [entity(UNIT_A)],
    effectiveFrom: '2023-01-01',
    publishedBy: 't',
    source: 't',
  });
  const run = (owners: ReturnType<typeof localProcessOwners>) =>
    runSequencer({ ledger, streams: rt.store, signer, origin: ORIGIN, owners });
  return { run, ledger };
}

describe('a killed local holder of the sequencer lease', () => {
  it('is replaced at once by the next process: the first run after the crash logs the version', async () => {
    const killed = localProcessOwners(processOn(4100, 'before', [4100])).next();
    const { run, ledger } = await crashedHolder(killed);
    const restarted = localProcessOwners(processOn(4200, 'after', [4200]));
    const result = await run(restarted);
    expect(result).toMatchObject({ busy: false, appended: 1, size: 1, checkpointSize: 1 });
    expect((await ledger.readState()).lease).toBeUndefined();
  });

  it('is replaced when the restarted process got the same pid (a container restart): another token', async () => {
    const killed = localProcessOwners(processOn(1, 'before', [1])).next();
    const { run } = await crashedHolder(killed);
    expect(await run(localProcessOwners(processOn(1, 'after', [1])))).toMatchObject({ busy: false, appended: 1 });
  });

  it('is waited for while its process lives, and by runs that cannot tell (AWS, another host)', async () => {
    const live = localProcessOwners(processOn(4100, 'running', [4100])).next();
    const { run, ledger } = await crashedHolder(live);
    expect(await run(localProcessOwners(processOn(4200, 'other', [4100, 4200])))).toMatchObject({ busy: true });
    expect(await run(anonymousOwners)).toMatchObject({ busy: true });
    const elsewhere = localProcessOwners({ ...processOn(4200, 'other', [4200]), host: 'another-host' });
    expect(await run(elsewhere)).toMatchObject({ busy: true });
    expect((await ledger.readState()).lease).toBe(live);
  });

  it('an anonymous (AWS) holder is never taken as gone, whatever the local process table says', async () => {
    const { run } = await crashedHolder(anonymousOwners.next());
    expect(await run(localProcessOwners(processOn(4200, 'after', [4200])))).toMatchObject({ busy: true });
  });
});

describe('local lease owners', () => {
  it('name host, pid and process token; only a holder of this host whose process is gone counts as gone', () => {
    const self = localProcessOwners(processOn(7, 'me', [7, 8]));
    const owner = self.next();
    expect(owner).toMatch(/^local:registry-host:7:me:[0-9a-f]{8}$/);
    expect(self.isGone(owner)).toBe(false); // a concurrent run of this very process
    expect(self.isGone('local:registry-host:8:x:00000000')).toBe(false);
    expect(self.isGone('local:registry-host:9:x:00000000')).toBe(true);
    expect(self.isGone('local:registry-host:7:earlier:00000000')).toBe(true);
    for (const odd of ['local:registry-host:NaN:x:0', 'local:registry-host:9', 'a1b2c3d4e5f60708', ''])
      expect(self.isGone(odd), odd).toBe(false);
  });

  it('check the real process table by default: a live process is not gone, an exited one is', () => {
    const owners = localProcessOwners();
    expect(localProcessOwners().isGone(owners.next())).toBe(false); // another runtime of this process
    const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    const pid = child.pid!;
    expect(owners.isGone(`local:${encodeURIComponent(hostname())}:${process.ppid}:x:00000000`)).toBe(false);
    expect(owners.isGone(`local:${encodeURIComponent(hostname())}:${pid}:x:00000000`)).toBe(true);
  });
});
