/**
 * Large exports stream: a 100,000-item region goes out as JSON Lines, XLSX and
 * full history while the memory the process retains stays under a fixed bound
 * far below the size of the data.
 */
import { entityKind } from '../shared/core/kinds/index.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRegion } from '../shared/features/demo/generate.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const REGION = '211000';
const UNITS = 4;
const ITEMS_PER_UNIT = 25_000;
/** Retained heap growth allowed while exporting; the export itself is several times larger. */
const BOUND_BYTES = 12 * 1024 * 1024;

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime({ cacheBytes: 0 });
  const units = generateRegion({
    seed: 4,
    regionCode: REGION,
    placeName: '辽阳市',
    units: UNITS,
    sizes: () => ({ 'inspection-items': ITEMS_PER_UNIT }),
  });
  for (const u of units) {
    const uscc = String(u.entity.uscc);
    await rt.registry.publish({
      uscc,
      stream: entityKind.id,
      status: 'published',
      items: [u.entity],
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
    await rt.registry.publish({
      uscc,
      stream: 'inspection-items',
      status: 'published',
      items: u.lists['inspection-items']!,
      effectiveFrom: '2023-01-01',
      publishedBy: 't',
      source: 't',
    });
  }
}, 120_000);

/** Consumes a response body, measuring the heap retained (after a full GC) at intervals. */
async function consume(path: string): Promise<{ bytes: number; lines: number; peakGrowth: number; samples: number }> {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  const res = await rt.app.request(path);
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let bytes = 0;
  let lines = 0;
  let peakGrowth = 0;
  let samples = 0;
  let nextSample = 1024 * 1024;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
    if (bytes >= nextSample) {
      nextSample += bytes < 16 * 1024 * 1024 ? 1024 * 1024 : 4 * 1024 * 1024;
      gc();
      samples++;
      peakGrowth = Math.max(peakGrowth, process.memoryUsage().heapUsed - baseline);
    }
  }
  return { bytes, lines, peakGrowth, samples };
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

describe('streaming a 100,000-item region', () => {
  it('JSON Lines: retained memory stays under the bound', async () => {
    const r = await consume(`/v1/export?region=${REGION}&at=2024-01-01`);
    console.log(
      `region jsonl: ${mib(r.bytes)} out, ${r.lines} lines, peak retained growth ` +
        `${mib(r.peakGrowth)} over ${r.samples} samples`,
    );
    expect(r.lines).toBe(1 + UNITS * 2 + UNITS * ITEMS_PER_UNIT);
    expect(r.bytes).toBeGreaterThan(3 * BOUND_BYTES);
    expect(r.peakGrowth).toBeLessThan(BOUND_BYTES);
  });

  it('full history: retained memory stays under the bound', async () => {
    const r = await consume(`/v1/export/history?region=${REGION}`);
    console.log(
      `history jsonl: ${mib(r.bytes)} out, ${r.lines} lines, peak retained growth ` +
        `${mib(r.peakGrowth)} over ${r.samples} samples`,
    );
    expect(r.lines).toBe(UNITS * 2);
    expect(r.bytes).toBeGreaterThan(2 * BOUND_BYTES);
    expect(r.peakGrowth).toBeLessThan(BOUND_BYTES);
  });

  it('XLSX: retained memory stays under the bound', async () => {
    const r = await consume(`/v1/export?region=${REGION}&at=2024-01-01&format=xlsx`);
    console.log(
      `region xlsx: ${mib(r.bytes)} out (compressed), peak retained growth ${mib(r.peakGrowth)} ` +
        `over ${r.samples} samples`,
    );
    expect(r.bytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(r.peakGrowth).toBeLessThan(BOUND_BYTES);
  });
});
