/** Error reasons are one list: raisers, readers (the workbench, the verifier) and the OpenAPI document share it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_REASONS, reasonOf } from '../shared/core/errors.js';
import { createTestRuntime } from './support/engine.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

describe('error reasons', () => {
  it('are listed once, sorted, each a stable upper-case word', () => {
    expect(new Set(ERROR_REASONS).size).toBe(ERROR_REASONS.length);
    expect([...ERROR_REASONS]).toEqual([...ERROR_REASONS].sort());
    for (const reason of ERROR_REASONS) expect(reason).toMatch(/^[A-Z][A-Z_]*[A-Z]$/);
  });

  it('cover every reason written in the source, so none is spelled two ways', () => {
    const written = new Set<string>();
    for (const file of sourceFiles('shared'))
      for (const m of readFileSync(file, 'utf8').matchAll(/\breason: '([A-Z_]+)'/g)) written.add(m[1]!);
    expect([...written].filter((r) => !(ERROR_REASONS as readonly string[]).includes(r))).toEqual([]);
  });

  it('are read from an error by reasonOf, and absent from anything else', () => {
    expect(reasonOf(new AppError('NOT_FOUND', '已废止', { reason: 'REPEALED' }))).toBe('REPEALED');
    expect(reasonOf(new AppError('VALIDATION_FAILED', '无效', [{ path: 'a' }]))).toBeUndefined();
    expect(reasonOf(new Error('x'))).toBeUndefined();
  });

  it('are published in the OpenAPI document', async () => {
    const rt = await createTestRuntime();
    const doc = (await (await rt.app.request('/openapi.json')).json()) as {
      components: { schemas: { Error: { properties: { error: { properties: { details: unknown } } } } } };
    };
    const details = JSON.stringify(doc.components.schemas.Error.properties.error.properties.details);
    for (const reason of ['REPEALED', 'NOT_YET_IN_FORCE', 'NOT_YET_LOGGED', 'UNIT_SCOPE'])
      expect(details).toContain(reason);
  });
});
