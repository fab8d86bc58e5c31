/**
 * The OpenAPI document covers every API route the app registers (whatever other
 * modules add) and validates against the OpenAPI 3.1 schema.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { DOCS_PATH } from '../shared/features/portal/docs-routes.js';
import { readablePath } from '../shared/features/portal/pages/docs.js';
import { PORTAL_PATHS } from '../shared/features/portal/routes.js';
import { CERTIFICATE_PORTAL_PATHS } from '../shared/features/officers/index.js';
import { DECISION_PORTAL_PATHS } from '../shared/features/decisions/index.js';
import { DRAW_PORTAL_PATHS } from '../shared/features/inspections/index.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';

let rt: TestRuntime;
let doc: any;

/** Pages and the document itself are not API operations. */
const NOT_OPERATIONS = new Set<string>([
  ...PORTAL_PATHS,
  ...CERTIFICATE_PORTAL_PATHS,
  ...DECISION_PORTAL_PATHS,
  ...DRAW_PORTAL_PATHS,
  DOCS_PATH,
  '/openapi.json',
]);

/** Hono `:name` / `:name{regex}` and OpenAPI `{name}` / `{name{regex}}` to one form. */
const canonical = (path: string) =>
  path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}').replace(/\{([A-Za-z0-9_]+)\{[^}]*\}\}/g, '{$1}');

beforeAll(async () => {
  rt = await createTestRuntime();
  const res = await rt.app.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = await res.json();
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every registered route', () => {
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${canonical(path)}`);
    }
    // The workbench is HTML pages with sessions, like the portal: not part of the JSON API.
    const routes = rt.app.routes.filter(
      (r) => r.method !== 'ALL' && !NOT_OPERATIONS.has(r.path) && !r.path.startsWith('/workbench'),
    );
    expect(routes.length).toBeGreaterThan(5);
    const missing = [...new Set(routes.map((r) => `${r.method} ${canonical(r.path)}`))].filter(
      (r) => !documented.has(r),
    );
    expect(missing).toEqual([]);
  });

  it('gives examples for the parameters of search and statistics (and lists others that lack them)', () => {
    const lacking: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        for (const p of op.parameters ?? []) {
          if (
            p.example === undefined &&
            p.schema?.example === undefined &&
            p.schema?.examples === undefined &&
            p.examples === undefined &&
            p.name !== 'cursor'
          ) {
            lacking.push(`${method.toUpperCase()} ${path} ${p.in}:${p.name}`);
          }
        }
      }
    }
    const mine = lacking.filter((l) => /\/v1\/(search|stats)/.test(l));
    expect(mine).toEqual([]);
    if (lacking.length)
      console.warn(`parameters without examples (owned by other modules):\n  ${lacking.join('\n  ')}`);
  });

  it('renders /docs from the same document, served by the registry under the strict CSP', async () => {
    const res = await rt.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script|https?:\/\/(cdn|unpkg|jsdelivr)/i);
    for (const path of Object.keys(doc.paths)) expect(html).toContain(readablePath(path).replace(/&/g, '&amp;'));
  });
});
