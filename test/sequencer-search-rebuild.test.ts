/**
 * On AWS the sequencer function rebuilds the stored search indexes of the regions it logged, so an instance that
 * starts cold after a publication loads a current index file instead of reading every list in force.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSequencerHandler } from '../shared/app/ledger-sequencer.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { generateRegion } from '../shared/features/demo/generate.js';
import { TableIndexFileStore } from '../shared/features/search/index-store.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';
import { publishUnits } from './support/fixtures.js';

const ORIGIN = 'rebuild.test/log';
const county = generateRegion({
  seed: 7,
  regionCode: '430981',
  placeName: '沅江市',
  units: 2,
  sizes: () => ({ 'inspection-items': 10 }),
});

let rt: TestRuntime;
let files: TableIndexFileStore;
let handler: ReturnType<typeof createSequencerHandler>;
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

beforeAll(async () => {
  rt = await createTestRuntime();
  files = new TableIndexFileStore(rt.client, rt.tableName);
  const signer = Ed25519Signer.generate(ORIGIN);
  handler = createSequencerHandler(
    {
      store: { tableName: rt.tableName, endpoint: rt.endpoint, region: 'cn-north-1' },
      ledger: { origin: ORIGIN },
      stage: 'test',
    },
    () => signer,
  );
  await publishUnits(rt.registry, county);
}, 60_000);

describe('the sequencer function after logging', () => {
  it('rebuilds the province, city and county indexes of the regions it logged, and names them', async () => {
    for (const prefix of ['43', '4309', '430981']) expect(await files.manifest(prefix, today())).toBeUndefined();
    const result = await handler();
    expect(result.appended).toBeGreaterThan(0);
    expect(result.regions).toEqual(['430981']);
    for (const prefix of ['43', '4309', '430981'])
      expect(await files.manifest(prefix, today()), prefix).toMatchObject({ chunks: expect.any(Number) });
  });

  it('rebuilds nothing when a run logs nothing', async () => {
    const before = await files.manifest('430981', today());
    const result = await handler();
    expect(result).toMatchObject({ appended: 0, regions: [] });
    expect(await files.manifest('430981', today())).toEqual(before);
  });
});
