/**
 * Per-request state of authenticated routes: the caller and the audit note.
 * Kept beside the Context (not in AppEnv variables) so the public app's types
 * stay untouched by the write side.
 */
import type { Context } from 'hono';
import { AppError } from '../../../core/errors.js';
import type { Principal } from '../../auth/index.js';
import type { AuditNote } from '../audit-note.js';

interface RequestState {
  principal?: Principal;
  note: AuditNote;
}

const states = new WeakMap<object, RequestState>();

export function requestState(c: Context): RequestState {
  let s = states.get(c);
  if (!s) {
    s = { note: {} };
    states.set(c, s);
  }
  return s;
}

export function auditNote(c: Context): AuditNote {
  return requestState(c).note;
}

/** The authenticated caller; the auth middleware guarantees one on protected routes. */
export function principal(c: Context): Principal {
  const p = requestState(c).principal;
  if (!p) throw new AppError('UNAUTHENTICATED', '需要登录', { reason: 'NO_TOKEN' });
  return p;
}
