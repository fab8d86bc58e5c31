/**
 * `gongshi verify` as an auditor reads it: Chinese by default, English on request, each failure
 * explained in plain words, and an unreachable registry named with its URL and the cause.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run as runVerifyCommand } from '../cli/commands/verify.js';
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
