/**
 * A registry for the verifier's tests: its own table on the test engine, served over real HTTP, with a small honest
 * history (two units of 210900, lists of two kinds), and the raw table reads and writes the tampering tests use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { entityKind } from '../../shared/core/kinds/index.js';
import { createRuntime, type Runtime } from '../../shared/app/runtime.js';
import { listKeys } from '../../shared/features/lists/keys.js';
import { Ed25519Signer } from '../../shared/features/ledger/model/signer.js';
import { verifyRegistry, type VerifyReport } from '../../shared/features/verifier/verify.js';
import { createTestRuntime } from './engine.js';
import { entity, inspectionItem, noPenaltyItem, UNIT_A, UNIT_B } from './fixtures.js';

export const ORIGIN = 'verify.test/log';
export const signer = Ed25519Signer.generate(ORIGIN);

export interface Site {
  rt: Runtime & { tableName: string; ledger: NonNullable<Runtime['ledger']> };
  url: string;
  out: string;
  verify(extra?: Partial<Parameters<typeof verifyRegistry>[0]>): Promise<VerifyReport>;
  close(): Promise<void>;
}
const open: Site[] = [];
/** Closes every site opened since the last call (each test file calls it after each test). */
export async function closeSites(): Promise<void> {
  while (open.length) await open.pop()!.close();
}

/** A registry on its own table, served over real HTTP, with a small honest history. */
export async function site(options: { afterPublish?: boolean } = {}): Promise<Site> {
  const base = await createTestRuntime({ cacheBytes: 0 });
  const wired = createRuntime(
    { tableName: base.tableName, endpoint: base.endpoint },
    {
      client: base.client,
      clock: base.clock.now,
      cacheBytes: 0,
      ledger: { signer, origin: ORIGIN, afterPublish: options.afterPublish ?? true },
    },
  );
  const rt = { ...wired, tableName: base.tableName, ledger: wired.ledger! };
  const pub = async (
    uscc: string,
    stream: string,
    items: Array<Record<string, unknown>>,
    effectiveFrom = '2023-01-01',
  ) => {
    await rt.registry.publish({
      uscc,
      stream,
      status: 'published',
      items,
      effectiveFrom,
      publishedBy: 't',
      source: 't',
    });
    base.clock.advance(60_000);
  };
  for (const u of [UNIT_A, UNIT_B]) await pub(u, entityKind.id, [entity(u)]);
  await pub(UNIT_A, 'no-penalty', [noPenaltyItem(1), noPenaltyItem(2)]);
  await pub(UNIT_A, 'no-penalty', [noPenaltyItem(1), noPenaltyItem(2), noPenaltyItem(3)], '2023-06-01');
  await pub(UNIT_A, 'no-penalty', [noPenaltyItem(2), noPenaltyItem(3)], '2024-01-01');
  await pub(UNIT_B, 'inspection-items', [inspectionItem(1), inspectionItem(2)]);
  await rt.ledger.runner.idle();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const out = mkdtempSync(join(tmpdir(), 'gongshi-verify-'));
  const s: Site = {
    rt,
    url,
    out,
    verify: (extra = {}) => verifyRegistry({ baseUrl: url, out, region: '210900', now: base.clock.now(), ...extra }),
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(out, { recursive: true, force: true });
    },
  };
  open.push(s);
  return s;
}

export const db = (s: Site) => s.rt.client;
export const headOf = async (s: Site, uscc: string, stream: string) => (await s.rt.store.getHead(uscc, stream, true))!;
export const attemptOf = async (s: Site, uscc: string, stream: string, version: number) =>
  (await headOf(s, uscc, stream)).timeline.find((e) => e.version === version)!.attempt;
export const contentKey = async (s: Site, uscc: string, stream: string, version: number, sk: string) => ({
  pk: listKeys.content(uscc, stream, version, await attemptOf(s, uscc, stream, version)),
  sk,
});
export async function getRaw(s: Site, key: Record<string, string>) {
  const out = await db(s).send(new GetItemCommand({ TableName: s.rt.tableName, Key: marshall(key) }));
  return unmarshall(out.Item!);
}
export const putRaw = (s: Site, item: Record<string, unknown>) =>
  db(s).send(new PutItemCommand({ TableName: s.rt.tableName, Item: marshall(item) }));
export const deleteRaw = (s: Site, key: Record<string, string>) =>
  db(s).send(new DeleteItemCommand({ TableName: s.rt.tableName, Key: marshall(key) }));

export const failuresOf = (r: VerifyReport) =>
  r.failures.map((f) => `${f.unit ?? ''} ${f.kind ?? ''} v${f.version ?? ''} [${f.check}] ${f.message}`);
