/** The real `gongshi import` command, run as a process against the test engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../shared/platform/dynamodb/client.js';
import { ensureTable } from '../shared/platform/dynamodb/ensure-table.js';
import type { FolderImportReport } from '../shared/features/spreadsheets/index.js';
import { engineEndpoint } from './support/engine.js';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = join(import.meta.dirname, 'fixtures/sample-fuxin');
const tableName = `t_${randomBytes(6).toString('hex')}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function gongshi(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/gongshi.mjs'), 'import', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DYNAMODB_ENDPOINT: engineEndpoint(),
          TABLE_NAME: tableName,
          AWS_REGION: 'cn-north-1',
          NO_COLOR: '1',
        },
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// A slice of v1 keeps the process runs short: all entities, the GB18030 unit and the workbook unit.
const region = mkdtempSync(join(tmpdir(), 'gongshi-cli-'));
beforeAll(async () => {
  for (const part of ['entities.csv', '112109001558878306', '11210900156204595X'])
    cpSync(join(SAMPLE, 'v1', part), join(region, part), { recursive: true });
  const client = createClient({ endpoint: engineEndpoint(), region: 'cn-north-1' });
  await ensureTable(client, tableName);
  client.destroy();
});
afterAll(() => rmSync(region, { recursive: true, force: true }));

describe('gongshi import', () => {
  it('imports a region (exit 0) and prints a machine-readable report with --json', async () => {
    const run = await gongshi(region, '--json', '--effective-from', '2024-01-01');
    expect(run.stderr).not.toContain('错误');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as FolderImportReport;
    expect(report.summary).toMatchObject({ published: 8 + 5 + 4, rejectedFiles: 0, failed: 0 });
    expect(report.effectiveFrom).toBe('2024-01-01');
  });

  it('prints a summary per unit and kind; importing the same folder again adds nothing', async () => {
    const run = await gongshi(region, '--effective-from', '2024-01-01');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('112109001558878306 阜新市市场监督管理局');
    expect(run.stdout).toMatch(/检查事项目录\s+未变化（仍为 v1）/);
    expect(run.stdout).toContain('已发布 0 个版本');
    // No progress bar when stdout is not a terminal.
    expect(run.stdout).not.toMatch(/\[[█░]+\]/);
  });

  it('rejects every file under bad/ with row-level reasons (exit 1)', async () => {
    const run = await gongshi(join(SAMPLE, 'bad'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'duplicate-codes.csv 第3行 列“事项编码” 值“DUP-1”：事项编码与第2行重复（DUPLICATE_CODE）',
    );
    expect(run.stdout).toContain('empty-violation.csv 第2行 列“违法行为”');
    expect(run.stdout).toContain('entities-bad-uscc.csv 第2行 列“统一社会信用代码” 值“112109001558878300”');
    expect(run.stdout).toContain('entities-bad-uscc.csv 第3行 列“行政区划代码” 值“999999”');
    expect(run.stdout).toContain(
      'missing-required-column.csv 第1行 列“适用条件”：缺少必填列“适用条件”（MISSING_COLUMN）',
    );
    expect(run.stdout).toContain('not-a-spreadsheet.xlsx：文件不是有效的 .xlsx 工作簿');
    expect(run.stdout).toContain('拒绝 5 个文件');
  });

  it('reads a unit folder’s 抽查工作计划 file as the unit’s plan', async () => {
    const plans = mkdtempSync(join(tmpdir(), 'gongshi-cli-plans-'));
    try {
      cpSync(join(SAMPLE, 'v1', 'entities.csv'), join(plans, 'entities.csv'));
      mkdirSync(join(plans, '112109001558878306'));
      cpSync(
        join(import.meta.dirname, 'fixtures/real-plans/XX县2026年度部门联合抽查计划表.csv'),
        join(plans, '112109001558878306', '2026年度双随机抽查工作计划.csv'),
      );
      const run = await gongshi(plans, '--json', '--dry-run');
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as FolderImportReport;
      expect(report.streams.filter((s) => s.kind === 'inspection-plan')).toMatchObject([
        { uscc: '112109001558878306', label: '抽查工作计划', outcome: 'would-publish', itemCount: 5 },
      ]);
      expect(report.files.find((f) => f.file.endsWith('抽查工作计划.csv'))).toMatchObject({
        status: 'accepted',
        encoding: 'gb18030',
        rows: 5,
      });
    } finally {
      rmSync(plans, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage errors, without touching the registry', async () => {
    const none = await gongshi();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('缺少要导入的文件夹');
    const date = await gongshi(join(SAMPLE, 'v1'), '--effective-from', '2024-13-01');
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--effective-from');
    const file = await gongshi(join(SAMPLE, 'v1', 'entities.csv'), '--no-such-flag');
    expect(file.code).toBe(2);
  });
});
