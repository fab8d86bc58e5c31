/**
 * `gongshi` commands find a running `npm start` through .data/engine.json, so an import reaches the
 * server's embedded engine instead of opening its own. Here the "server" is this test process, whose
 * engine is the shared test engine.
 */
import { entityKind } from '../shared/core/kinds/index.js';
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRuntime } from './support/engine.js';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = join(import.meta.dirname, 'fixtures/sample-fuxin/v1');
const dataDir = mkdtempSync(join(tmpdir(), 'gongshi-data-'));
const region = mkdtempSync(join(tmpdir(), 'gongshi-region-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(region, { recursive: true, force: true });
});

describe('a command while the server runs', () => {
  it('imports into the running server’s engine found in engine.json', async () => {
    const rt = await createTestRuntime();
    writeFileSync(join(dataDir, 'engine.json'), JSON.stringify({ endpoint: rt.endpoint, pid: process.pid }));
    cpSync(join(SAMPLE, 'entities.csv'), join(region, 'entities.csv'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GONGSHI_DATA_DIR: dataDir,
      TABLE_NAME: rt.tableName,
      AWS_REGION: 'cn-north-1',
    };
    delete env.DYNAMODB_ENDPOINT;
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [join(ROOT, 'bin/gongshi.mjs'), 'import', region, '--json'],
        { cwd: ROOT, env },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(run.stderr).not.toContain('错误');
    expect(run.code).toBe(0);
    // What the command published is in the server's table: it used the server's engine, not one of its own.
    expect(await rt.store.getHead('112109001558878306', entityKind.id)).toMatchObject({ version: 1 });
  });
});
