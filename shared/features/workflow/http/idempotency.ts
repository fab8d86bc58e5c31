/**
 * Idempotency-Key on uploads: the same key with the same request replays the
 * first response (no second draft); the same key with a different request is
 * 422. The fingerprint is taken over the parsed request (fields and a hash of
 * the file bytes), not the raw body, so a retry with a new multipart boundary
 * still matches.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { contentHash } from '../../../core/canonical-json.js';
import { AppError } from '../../../core/errors.js';
import type { IdempotencyStore } from '../idempotency-store.js';
import { errorBody } from '../../../platform/http/errors.js';
import { auditNote } from './request-state.js';
import { statusOf } from '../../../platform/http/errors.js';

const KEY = /^[\x21-\x7e]{1,255}$/;

export function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!KEY.test(key))
    throw new AppError('BAD_REQUEST', 'Idempotency-Key 应为 1–255 个可见 ASCII 字符', {
      reason: 'BAD_IDEMPOTENCY_KEY',
    });
  return key;
}

/**
 * Runs `work` once per (caller, key). `work` returns the JSON body and status;
 * client mistakes (AppError 4xx) are replayed too, faults release the key.
 */
export async function withIdempotency(
  c: Context,
  store: IdempotencyStore,
  now: Date,
  caller: string,
  key: string | undefined,
  fingerprintOf: unknown,
  work: () => Promise<{ status: ContentfulStatusCode; body: unknown; headers?: Record<string, string> }>,
): Promise<Response> {
  const respond = (r: { status: ContentfulStatusCode; body: unknown; headers?: Record<string, string> }) => {
    for (const [k, v] of Object.entries(r.headers ?? {})) c.header(k, v);
    return c.json(r.body as object, r.status);
  };
  if (!key) return respond(await work());
  const fingerprint = contentHash({ path: c.req.path, request: fingerprintOf });
  const claim = await store.claim(caller, key, fingerprint, now);
  if (!claim.claimed) {
    const existing = claim.existing;
    if (existing.fingerprint !== fingerprint) {
      throw new AppError('UNPROCESSABLE', '该 Idempotency-Key 已用于另一个请求，请换用新的 Key', {
        reason: 'IDEMPOTENCY_KEY_REUSED',
      });
    }
    if (existing.state !== 'done')
      throw new AppError('CONFLICT', '相同的请求正在处理中，请稍后重试', { reason: 'IDEMPOTENT_REQUEST_IN_PROGRESS' });
    auditNote(c).detail = { ...auditNote(c).detail, idempotentReplay: true };
    c.header('Idempotent-Replayed', 'true');
    return c.json(JSON.parse(existing.body ?? 'null') as object, (existing.status ?? 200) as ContentfulStatusCode);
  }
  try {
    const result = await work();
    await store.complete(caller, key, result.status, JSON.stringify(result.body));
    return respond(result);
  } catch (e) {
    if (e instanceof AppError && statusOf(e) < 500) {
      const body = errorBody(e.code, e.message, e.details);
      await store.complete(caller, key, statusOf(e), JSON.stringify(body));
      throw e;
    }
    await store.release(caller, key);
    throw e;
  }
}
