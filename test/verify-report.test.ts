/**
 * `gongshi verify` as an auditor reads it: Chinese by default, English on request, each failure
 * explained in plain words, and an unreachable registry named with its URL and the cause.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run as runVerifyCommand } from '../cli/commands/verify.js';
import { run as runVerifyDrawCommand } from '../cli/commands/verify-draw.js';
import { parseDrawUrl } from '../shared/features/inspections/verify-draw.js';
import { connectionMessage, formatReport } from '../shared/features/verifier/index.js';
import type { VerifyReport } from '../shared/features/verifier/verify.js';

const report = (failures: VerifyReport['failures']): VerifyReport => ({
  ok: failures.length === 0,
  baseUrl: 'https://gongshi.example.cn',
  origin: 'gongshi.example.cn/log',
  vkey: 'gongshi+abcd',
  checkpoint: { size: 6, root: 'cm9vdA==' },
  units: 2,
  versions: 6,
  leavesInScope: 6,
  questions: 0,
  requests: 31,
  failures,
  warnings: [],
});

describe('the report', () => {
  it('says in Chinese that everything checked out', () => {
    const text = formatReport(report([]), 'zh');
    expect(text).toContain('公示登记簿核验 — https://gongshi.example.cn');
    expect(text).toContain('2 个执法主体、6 个版本、6 条日志记录');
    expect(text).toMatch(/^通过：/m);
  });

  it('explains each failure in plain words and keeps the technical detail', () => {
    const text = formatReport(
      report([{ unit: '11430981150981019T', kind: 'no-penalty', version: 2, check: 'contentHash', message: 'x != y' }]),
      'zh',
    );
    expect(text).toContain('未通过：发现 1 个问题');
    expect(text).toContain('11430981150981019T no-penalty 第2版：版本内容算出的指纹与登记簿公布的内容哈希不一致');
    expect(text).toContain('（技术细节 [contentHash] x != y）');
  });

  it('stays in English when asked', () => {
    expect(formatReport(report([]), 'en')).toMatch(/^OK:/m);
  });

  it('names the URL and the cause of a failed connection', () => {
    expect(connectionMessage('http://127.0.0.1:9/v1/ledger/key', 'ECONNREFUSED')).toBe(
      '错误：无法连接 http://127.0.0.1:9/v1/ledger/key：对方拒绝连接（服务没有运行，或端口不对）（ECONNREFUSED）。' +
        '请确认网址正确、服务正在运行且网络可用。\n',
    );
  });
});

/** A loopback port nothing listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

/** What a command writes to stderr while it runs. */
async function stderrOf(command: () => Promise<number>): Promise<{ code: number; stderr: string }> {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  const code = await command();
  return { code, stderr: chunks.join('') };
}

describe('gongshi verify draw', () => {
  afterEach(() => vi.restoreAllMocks());

  it('takes the API address or the portal page of a draw', () => {
    const api = parseDrawUrl('https://gs.example/v1/units/112109001509000120/draws/2024-1.T01.1');
    expect(api).toEqual({ origin: 'https://gs.example', path: '/v1/units/112109001509000120/draws/2024-1.T01.1' });
    expect(parseDrawUrl('https://gs.example/units/112109001509000120/draws/2024-1.T01.1')).toEqual(api);
    expect(parseDrawUrl('https://gs.example/prod/v1/units/112109001509000120/draws/2024-1.T01.1').origin).toBe(
      'https://gs.example/prod',
    );
  });

  it('says in Chinese which address it expects', async () => {
    const { code, stderr } = await stderrOf(() => runVerifyDrawCommand(['https://gs.example/units/x']));
    expect(code).toBe(2);
    expect(stderr).toContain(
      '抽取地址应以 /units/<统一社会信用代码>/draws/<抽取编号> 结尾：https://gs.example/units/x',
    );
  });

  it('exits 2 with the URL and the cause in Chinese when the registry is not running', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/units/112109001509000120/draws/2024-1.T01.1`;
    const { code, stderr } = await stderrOf(() => runVerifyDrawCommand([url]));
    expect(code).toBe(2);
    expect(stderr).toContain(`错误：无法连接 http://127.0.0.1:${port}/v1/units/112109001509000120/draws/2024-1.T01.1`);
    expect(stderr).toContain('对方拒绝连接');
    expect(stderr).not.toContain('fetch failed');
  });
});

describe('gongshi verify against a registry that is not running', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exits 2 with the URL and the cause in Chinese', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    const code = await runVerifyCommand([`http://127.0.0.1:${port}`, '--out', `/tmp/gongshi-verify-test-${port}`]);
    expect(code).toBe(2);
    expect(stderr.join('')).toContain(`无法连接 http://127.0.0.1:${port}/`);
    expect(stderr.join('')).toContain('ECONNREFUSED');
  });
});
