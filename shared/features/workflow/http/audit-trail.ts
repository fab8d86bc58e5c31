/**
 * Middleware: one audit record per request that tries to change something —
 * whatever the outcome, refusals for validation or permission included — and per
 * refused (401/403) read of drafts or the audit trail. Routes describe what they
 * touched in the request's audit note; this fills in who, from where, and how it ended.
 */
import { entityKind } from '../../../core/kinds/index.js';
import type { Context, MiddlewareHandler } from 'hono';
import { primaryRole } from '../../auth/index.js';
import { ANONYMOUS } from '../../auth/index.js';
import { USCC_PATTERN } from '../../../core/uscc.js';
import type { AuditStore } from '../audit-store.js';
import type { StreamStore } from '../../lists/index.js';
import { GLOBAL_AUDIT_STREAM, outcomeOf, type AuditRecord } from '../audit.js';
import { isProtected } from './authenticate.js';
import { requestState } from './request-state.js';

interface NodeEnv {
  incoming?: { socket?: { remoteAddress?: string } };
  event?: { requestContext?: { http?: { sourceIp?: string } } };
}

function sourceIp(c: Context): string {
  const env = c.env as NodeEnv | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** A credit code named in the path (for requests refused before any route ran). */
function unitFromPath(path: string): string | undefined {
  const m = /^\/v1\/units\/([^/]+)/.exec(path);
  const u = m?.[1]?.toUpperCase();
  return u && USCC_PATTERN.test(u) ? u : undefined;
}

async function errorCode(res: Response): Promise<string | undefined> {
  if (res.status < 400 || !res.headers.get('content-type')?.includes('json')) return undefined;
  try {
    const body = (await res.clone().json()) as { error?: { code?: string; details?: { reason?: string } } };
    return body.error?.details?.reason ? `${body.error.code}:${body.error.details.reason}` : body.error?.code;
  } catch {
    return undefined;
  }
}

export function auditTrail(deps: {
  audit: AuditStore;
  store: StreamStore;
  onRecord?: (r: AuditRecord) => void;
}): MiddlewareHandler {
  return async (c, next) => {
    if (!isProtected(c.req.method, c.req.path)) return next();
    const state = requestState(c);
    await next();
    const status = c.res.status;
    const changing = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (!changing && status !== 401 && status !== 403) return;
    const note = state.note;
    const unit = note.unit ?? unitFromPath(c.req.path);
    let regionCode = note.regionCode;
    if (unit && regionCode === undefined)
      regionCode = (await deps.store.getHead(unit, entityKind.id).catch(() => undefined))?.regionCode;
    const entry = {
      time: deps.store.now().toISOString(),
      actor: state.principal?.sub ?? ANONYMOUS,
      role: note.role ?? primaryRole(state.principal),
      unit: unit ?? GLOBAL_AUDIT_STREAM,
      regionCode: regionCode ?? '',
      action: note.action ?? `${c.req.method} ${c.req.routePath === '/*' ? 'unmatched' : c.req.routePath}`,
      target: note.target ?? c.req.path,
      outcome: outcomeOf(status),
      status,
      ...(status >= 400 ? { code: await errorCode(c.res) } : {}),
      ...(note.beforeHash ? { beforeHash: note.beforeHash } : {}),
      ...(note.afterHash ? { afterHash: note.afterHash } : {}),
      requestId: c.get('requestId') ?? '',
      sourceIp: sourceIp(c),
      userAgent: (c.req.header('user-agent') ?? '').slice(0, 500),
      ...(note.detail ? { detail: note.detail } : {}),
    };
    try {
      const record = await deps.audit.append(entry);
      c.res.headers.set('Audit-Record', `${record.unit}/${record.seq}`);
      deps.onRecord?.(record);
    } catch (e) {
      // The change (if any) has happened; losing its record must be loud, never silent.
      console.error(JSON.stringify({ level: 'ERROR', message: 'audit append failed', entry, error: String(e) }));
      throw e;
    }
  };
}
