/**
 * The registry checking itself on a schedule: the verifier (./verify.ts) run over the public routes, region by
 * region, each result stored (./results-store.ts) for the auditor's page. A run checks at most `maxRegions`,
 * those checked longest ago first (never-checked ones before all), so every region comes round within a few
 * runs and one run stays within the function's time. Each region is checked in a fresh folder that is removed
 * afterwards: the check trusts the key the registry serves, so it finds what was changed or removed behind the
 * log, not a swapped key (that takes an auditor's own pinned copy).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fetcher } from './client.js';
import { STORED_FAILURES, type VerificationResult, type VerificationResultsStore } from './results-store.js';
import { verifyRegistry } from './verify.js';

export interface ScheduledCheck {
  /** The registry's public base URL (in process any origin will do: the fetcher answers it). */
  baseUrl: string;
  fetch: Fetcher;
  results: VerificationResultsStore;
  now: () => Date;
  maxRegions: number;
}

export interface ScheduledCheckRun {
  checked: string[];
  failed: string[];
  /** Regions left for a later run. */
  waiting: number;
}

export async function checkRegions(regionCodes: readonly string[], check: ScheduledCheck): Promise<ScheduledCheckRun> {
  const last = new Map((await check.results.latest()).map((r) => [r.regionCode, r.checkedAt]));
  const order = [...new Set(regionCodes)].sort(
    (a, b) => (last.get(a) ?? '').localeCompare(last.get(b) ?? '') || a.localeCompare(b),
  );
  const due = order.slice(0, Math.max(0, check.maxRegions));
  const failed: string[] = [];
  for (const regionCode of due) {
    const result = await checkRegion(regionCode, check);
    await check.results.put(result);
    if (!result.ok) failed.push(regionCode);
  }
  return { checked: due, failed, waiting: order.length - due.length };
}

async function checkRegion(regionCode: string, check: ScheduledCheck): Promise<VerificationResult> {
  const started = performance.now();
  const out = mkdtempSync(join(tmpdir(), 'gongshi-scheduled-verify-'));
  const finished = (r: Omit<VerificationResult, 'regionCode' | 'checkedAt' | 'ms'>): VerificationResult => ({
    regionCode,
    checkedAt: check.now().toISOString(),
    ms: Math.round(performance.now() - started),
    ...r,
  });
  try {
    const report = await verifyRegistry({
      baseUrl: check.baseUrl,
      out,
      region: regionCode,
      now: check.now(),
      fetch: check.fetch,
      // Each region is checked in a fresh folder: looking for unlisted units would read every other region's units'
      // entity records on every run. The auditor's own runs (`gongshi verify`) keep their folder and do look.
      unlistedUnits: false,
    });
    return finished({
      ok: report.ok,
      failureCount: report.failures.length,
      failures: report.failures
        .slice(0, STORED_FAILURES)
        .map((f) => ({ check: f.check, message: f.message, ...(f.unit ? { unit: f.unit } : {}) })),
      units: report.units,
      versions: report.versions,
      questions: report.questions,
      ...(report.checkpoint ? { logSize: report.checkpoint.size } : {}),
    });
  } catch (e) {
    // The registry could not be read to the end (no checkpoint yet, a route failing): a failed check, stored as one.
    const message = e instanceof Error ? e.message : String(e);
    return finished({
      ok: false,
      failureCount: 1,
      failures: [{ check: 'run', message }],
      units: 0,
      versions: 0,
      questions: 0,
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
