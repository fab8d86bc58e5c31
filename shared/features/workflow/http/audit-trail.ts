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
import { ANONYMOUS_AUDIT_STREAM, GLOBAL_AUDIT_STREAM, outcomeOf, type AuditRecord } from '../audit.js';
import type { DraftsStore } from '../drafts-store.js';
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

/** A draft id named in the path (for refusals raised before the route loaded the draft). */
function draftFromPath(path: string): string | undefined {
  return /^\/v1\/drafts\/([0-9a-z]{8,40})(\/|$)/.exec(path)?.[1];
}

/**
 * Admits anonymous refusals to their stream at a bounded rate (a token bucket per process):
 * `burst` at once, then `perSecond`. Refused admissions are counted and reported on the next record.
 */
export class AnonymousSampler {
  private tokens: number;
  private last: number;
  suppressed = 0;

  constructor(
    private readonly clock: () => number,
    private readonly burst = 20,
    private readonly perSecond = 1,
  ) {
    this.tokens = burst;
    this.last = clock();
  }

  admit(): boolean {
    const now = this.clock();
    // A clock stepping back refills nothing and takes nothing.
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) {
      this.suppressed++;
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}

/** Attempts on a contended unit stream before a committed change's record is kept pending instead. */
const COMMITTED_APPEND_ATTEMPTS = 12;

export function auditTrail(deps: {
  audit: AuditStore;
  store: StreamStore;
  drafts?: DraftsStore;
  onRecord?: (r: AuditRecord) => void;
  anonymous?: AnonymousSampler;
}): MiddlewareHandler {
  const anonymous = deps.anonymous ?? new AnonymousSampler(() => deps.store.now().getTime());
  return async (c, next) => {
    if (!isProtected(c.req.method, c.req.path)) return next();
    const state = requestState(c);
    await next();
    const status = c.res.status;
    const changing = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (!changing && status !== 401 && status !== 403) return;
    const note = state.note;
    if (!state.principal) {
      // No proven identity: never the unit's trail, never a header that reveals its activity.
      if (!anonymous.admit()) return;
      const suppressed = anonymous.suppressed;
      anonymous.suppressed = 0;
      const named = note.unit ?? unitFromPath(c.req.path);
      await deps.audit
        .append({
          ...baseEntry(c, deps.store, status),
          actor: ANONYMOUS,
          role: primaryRole(undefined),
          unit: ANONYMOUS_AUDIT_STREAM,
          regionCode: '',
          action: note.action ?? `${c.req.method} ${c.req.routePath === '/*' ? 'unmatched' : c.req.routePath}`,
          target: c.req.path.slice(0, 300),
          ...(status >= 400 ? { code: await errorCode(c.res) } : {}),
          detail: { ...(named ? { namedUnit: named } : {}), ...(suppressed ? { unrecordedBefore: suppressed } : {}) },
        })
        .catch((e) =>
          console.error(JSON.stringify({ level: 'ERROR', message: 'anonymous audit append failed', error: String(e) })),
        );
      return;
    }
    let unit = note.unit ?? unitFromPath(c.req.path);
    let regionCode = note.regionCode;
    const draftId = unit ? undefined : draftFromPath(c.req.path);
    if (draftId && deps.drafts) {
      // Refused before the route named its draft (bad body, bad ETag): the draft's unit trail, not GLOBAL.
      const draft = await deps.drafts.get(draftId).catch(() => undefined);
      if (draft) {
        unit = draft.unit;
        regionCode ??= draft.regionCode;
      }
    }
    if (unit && regionCode === undefined)
      regionCode = (await deps.store.getHead(unit, entityKind.id).catch(() => undefined))?.regionCode;
    const entry = {
      ...baseEntry(c, deps.store, status),
      actor: state.principal.sub,
      role: note.role ?? primaryRole(state.principal),
      unit: unit ?? GLOBAL_AUDIT_STREAM,
      regionCode: regionCode ?? '',
      action: note.action ?? `${c.req.method} ${c.req.routePath === '/*' ? 'unmatched' : c.req.routePath}`,
      target: note.target ?? c.req.path.slice(0, 300),
      ...(status >= 400 ? { code: await errorCode(c.res) } : {}),
      ...(note.beforeHash ? { beforeHash: note.beforeHash } : {}),
      ...(note.afterHash ? { afterHash: note.afterHash } : {}),
      ...(note.detail ? { detail: note.detail } : {}),
    };
    try {
      // A change that committed is answered as committed: its record is appended, or kept pending durably.
      const appended = await deps.audit.appendOrPend(entry, status < 400 ? COMMITTED_APPEND_ATTEMPTS : 50);
      if (appended.record) {
        c.res.headers.set('Audit-Record', `${appended.record.unit}/${appended.record.seq}`);
        deps.onRecord?.(appended.record);
      } else {
        c.res.headers.set('Audit-Record', `${entry.unit}/pending`);
      }
    } catch (e) {
      // Not even the pending record could be written: loud, never silent.
      console.error(JSON.stringify({ level: 'ERROR', message: 'audit append failed', entry, error: String(e) }));
      throw e;
    }
  };
}

function baseEntry(c: Context, store: StreamStore, status: number) {
  return {
    time: store.now().toISOString(),
    outcome: outcomeOf(status),
    status,
    requestId: c.get('requestId') ?? '',
    sourceIp: sourceIp(c),
    userAgent: (c.req.header('user-agent') ?? '').slice(0, 500),
  };
}
