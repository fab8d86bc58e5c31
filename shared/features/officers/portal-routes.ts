/** Portal routes for certificates: /certificates (lookup), /certificates/cancelled, /certificates/:number. */
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { isValidIsoDate } from '../../core/dates.js';
import { AppError, badRequest } from '../../core/errors.js';
import { normaliseCertificateNumber } from '../../core/kinds/officers.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { ErrorPage, html, pageHeaders } from '../portal/index.js';
import { CREDENTIAL_PREFIX, keyId, verifyEnvelope, type CredentialPayload } from './credential.js';
import { CancellationsPage, CheckPage, LookupPage } from './pages.js';
import { prefixOf, type CertificateRouteDeps } from './routes.js';
import { statusOf } from '../../platform/http/errors.js';

export const CERTIFICATE_PORTAL_PATHS = ['/certificates', '/certificates/cancelled', '/certificates/:number'] as const;

function dateQuery(c: Context, name: string): string | undefined {
  const v = c.req.query(name) || undefined;
  if (v !== undefined && !isValidIsoDate(v)) throw badRequest('日期应为 YYYY-MM-DD 格式的有效日期');
  return v;
}

function page(handler: (c: Context) => Promise<Response>) {
  return async (c: Context) => {
    try {
      return await handler(c);
    } catch (e) {
      const status = e instanceof AppError ? statusOf(e) : 500;
      if (e instanceof AppError && status < 500)
        return html(c, ErrorPage({ status, message: e.message }), status === 404 ? 404 : 400);
      throw e;
    }
  };
}

export function registerCertificatePages(app: OpenAPIHono<AppEnv>, deps: CertificateRouteDeps): void {
  for (const path of CERTIFICATE_PORTAL_PATHS) app.use(path, pageHeaders);
  const today = () => deps.service.registry.today();

  app.get(
    '/certificates',
    page(async (c) => {
      const number = c.req.query('number');
      if (number) {
        const at = dateQuery(c, 'at');
        const target = `/certificates/${encodeURIComponent(normaliseCertificateNumber(number))}`;
        return c.redirect(at ? `${target}?at=${at}` : target, 303);
      }
      return html(c, LookupPage({ today: today() }));
    }),
  );

  app.get(
    '/certificates/cancelled',
    page(async (c) => {
      const region = c.req.query('region');
      if (!region) return html(c, CancellationsPage({ region: '', from: '', to: '', items: [] }));
      if (!/^\d{2}(\d{2}){0,2}$/.test(region)) throw badRequest('行政区划代码应为2、4或6位数字');
      const to = dateQuery(c, 'to') ?? today();
      const from = dateQuery(c, 'from') ?? `${to.slice(0, 4)}-01-01`;
      const feed = await deps.service.cancellations(prefixOf(region), from, to);
      return html(c, CancellationsPage({ region, from, to, items: feed.items }));
    }),
  );

  app.get(
    '/certificates/:number',
    page(async (c) => {
      const check = await deps.service.check(c.req.param('number') ?? '', dateQuery(c, 'at'));
      const text = c.req.query('c');
      // Where this process does not sign (the public function), the key the signing processes stored.
      const raw = deps.signer ? await deps.signer.publicKey() : text ? await deps.statusLists.publicKey() : undefined;
      const publicKey = raw && { kid: keyId(raw), publicKey: Buffer.from(raw).toString('base64url') };
      let credential: Parameters<typeof CheckPage>[0]['credential'];
      if (text) {
        if (!raw) credential = { text, valid: false, reason: '本服务未配置公钥，请离线核验' };
        else {
          const out = verifyEnvelope<CredentialPayload>(text, CREDENTIAL_PREFIX, raw);
          credential = out.ok
            ? out.payload.no === check.certificateNumber
              ? { text, valid: true, payload: out.payload }
              : { text, valid: false, reason: '凭证中的证号与页面证号不一致' }
            : { text, valid: false, reason: out.reason };
        }
      }
      return html(c, CheckPage({ check, ...(credential ? { credential } : {}), ...(publicKey ? { publicKey } : {}) }));
    }),
  );
}
