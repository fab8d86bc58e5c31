/** A cookie-keeping client of the workbench over app.request: sign-in, forms with the page's CSRF token. */
import { randomBytes } from 'node:crypto';
import { createClient } from '../../shared/platform/dynamodb/client.js';
import { ensureTable } from '../../shared/platform/dynamodb/ensure-table.js';
import { createRuntime, type Runtime } from '../../shared/app/runtime.js';
import type { WorkbenchOptions } from '../../shared/app/workbench.js';
import type { ParseLimits } from '../../shared/platform/parse-gate.js';
import { engineEndpoint, TestClock } from './engine.js';

export const ORIGIN = 'http://localhost';

type Fetcher = { request: (url: string, init?: RequestInit) => Response | Promise<Response> };

export interface Answer {
  status: number;
  text: string;
  headers: Headers;
  bytes: Uint8Array;
}

export class WorkbenchClient {
  readonly cookies = new Map<string, string>();
  lastPage = '';

  constructor(readonly app: Fetcher) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async send(
    method: string,
    path: string,
    body?: FormData | string,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const res = await this.app.request(`${ORIGIN}${path}`, {
      method,
      headers: { cookie: this.cookieHeader(), ...headers },
      ...(body !== undefined ? { body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...value] = pair!.split('=');
      const v = value.join('=');
      if (v === '' || attrs.some((a) => /max-age=0/i.test(a.trim()))) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), v);
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    if (res.headers.get('content-type')?.includes('html')) this.lastPage = text;
    return { status: res.status, text, headers: res.headers, bytes };
  }

  get(path: string) {
    return this.send('GET', path);
  }

  /** The CSRF token of the last page shown. */
  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastPage);
    if (!m) throw new Error('no CSRF token on the last page');
    return m[1]!;
  }

  /** Posts a form as a browser does (same origin, the page's CSRF token unless `csrf: false`). */
  post(path: string, fields: Record<string, string | string[] | File>, opts: { csrf?: boolean; origin?: string } = {}) {
    const form = new FormData();
    if (opts.csrf !== false && !path.endsWith('/sign-in')) form.set('_csrf', this.csrf());
    for (const [k, v] of Object.entries(fields)) {
      if (Array.isArray(v)) for (const x of v) form.append(k, x);
      else form.set(k, v);
    }
    return this.send('POST', path, form, { origin: opts.origin ?? ORIGIN });
  }

  /** The development sign-in as a role, with its scope and, for a named user, the user id. */
  async signIn(role: string, scope: { uscc?: string; region?: string; user?: string } = {}) {
    await this.get('/workbench/sign-in');
    const res = await this.post('/workbench/sign-in', {
      role,
      uscc: scope.uscc ?? '',
      region: scope.region ?? '',
      ...(scope.user ? { user: scope.user } : {}),
    });
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}: ${res.text.slice(0, 300)}`);
    return res;
  }
}

/** A new browser signed in through the development sign-in (see WorkbenchClient.signIn). */
export async function signedIn(
  app: Fetcher,
  role: string,
  scope: { uscc?: string; region?: string; user?: string } = {},
): Promise<WorkbenchClient> {
  const c = new WorkbenchClient(app);
  await c.signIn(role, scope);
  return c;
}

/** A runtime on a fresh table of the shared engine, with the workbench configured as given. */
export async function workbenchRuntime(
  workbench: WorkbenchOptions = {},
  parseLimits?: ParseLimits,
): Promise<Runtime & { clock: TestClock; tableName: string }> {
  const endpoint = engineEndpoint();
  const tableName = `t_${randomBytes(6).toString('hex')}`;
  const client = createClient({ endpoint, region: 'cn-north-1' });
  await ensureTable(client, tableName);
  const clock = new TestClock();
  const rt = createRuntime(
    { tableName, endpoint },
    { client, clock: clock.now, workbench, ...(parseLimits ? { write: { parseLimits } } : {}) },
  );
  return { ...rt, clock, tableName };
}
