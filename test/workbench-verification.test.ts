/**
 * The auditor's page shows the last scheduled verification of each region the auditor covers (stored by the
 * `ledger.verify-regions` job): a failed region first, as an alert naming what failed; regions outside the
 * auditor's prefix are not shown; before any run the page says when the check runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { VerificationResultsStore, type VerificationResult } from '../shared/features/verifier/index.js';
import { WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

type Rt = Awaited<ReturnType<typeof workbenchRuntime>>;

const result = (regionCode: string, over: Partial<VerificationResult> = {}): VerificationResult => ({
  regionCode,
  checkedAt: '2024-03-01T16:40:05.000Z',
  ok: true,
  failureCount: 0,
  failures: [],
  units: 12,
  versions: 40,
  questions: 80,
  logSize: 512,
  ms: 900,
  ...over,
});

describe('the last verification on the auditor’s page', () => {
  let rt: Rt;
  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2024-03-02T02:00:00Z');
  });

  const auditorOf = async (region: string) => {
    const c = new WorkbenchClient(rt.app);
    await c.signIn('auditor', { region });
    return c;
  };

  it('says the check has not run yet where no result is stored', async () => {
    const page = await (await auditorOf('210900')).get('/workbench/audit');
    expect(page.status).toBe(200);
    expect(page.text).toContain('平台定时核验尚未对本辖区运行');
  });

  it('shows each region’s last result in Beijing time, the failed one first and as an alert', async () => {
    const store = new VerificationResultsStore(rt.client, rt.tableName);
    await store.put(result('210902'));
    const failure = { check: 'deleted', unit: '11210900MB0000001X', message: 'logged at leaf 7 but no longer served' };
    await store.put(result('210903', { ok: false, failureCount: 3, failures: [failure] }));
    await store.put(
      result('330681', { ok: false, failureCount: 1, failures: [{ check: 'run', message: 'elsewhere' }] }),
    );

    const page = await (await auditorOf('210900')).get('/workbench/audit');
    expect(page.status).toBe(200);
    const alert = page.text.split('role="alert">')[1]?.split('</div>')[0] ?? '';
    expect(alert).toContain('最近一次定时核验未通过：1 个行政区划');
    expect(alert).toContain('（210903）');
    expect(alert).toContain('北京时间 2024-03-02 00:40:05');
    expect(alert).toContain('共 3 项问题');
    expect(alert).toContain('11210900MB0000001X：logged at leaf 7 but no longer served（deleted）');
    const table = page.text.split('<caption>最近一次定时核验（每个行政区划）</caption>')[1]?.split('</table>')[0] ?? '';
    const rows = table.split('<tbody>')[1]?.split('<tr>').slice(1) ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('（210903）');
    expect(rows[0]).toContain('未通过（3 项问题）');
    expect(rows[1]).toContain('（210902）');
    expect(rows[1]).toContain('<td>通过</td>');
    expect(rows[1]).toContain('<td>512</td>');
    expect(page.text).not.toContain('330681');
  });

  it('shows an auditor of another province only that province’s regions', async () => {
    const page = await (await auditorOf('330000')).get('/workbench/audit');
    expect(page.text).toContain('（330681）');
    expect(page.text).not.toContain('（210903）');
  });
});
