import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { badRequest } from '../../core/errors.js';

/**
 * Opaque pagination cursors: base64url JSON and a MAC over it (HMAC-SHA-256, 128 bits), so a tampered or
 * forged cursor is refused with 400 BAD_CURSOR before it reaches the engine as a start key.
 *
 * The key is set once by the composition root (`configureCursorKey`: on AWS the 32 bytes derived from a KMS HMAC key
 * at cold start, shared/app/derived-keys.ts; else GONGSHI_CURSOR_KEY, or locally a key generated into .data/).
 * Until then a built-in key is used: cursors are still checked for integrity, but anyone holding the source could
 * forge one, so deployments set a secret key.
 */
let cursorKey: Buffer = Buffer.from('gongshi cursor key (unconfigured)');

export function configureCursorKey(key: string | Uint8Array): void {
  if (key.length < 16) throw new Error('the cursor key must have at least 16 bytes');
  cursorKey = Buffer.from(key);
}

const mac = (payload: string) => createHmac('sha256', cursorKey).update(payload).digest().subarray(0, 16);

export function encodeCursor(value: unknown): string {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${payload}.${mac(payload).toString('base64url')}`;
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    const m = /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{22})$/.exec(cursor);
    if (!m) throw new Error('shape');
    const given = Buffer.from(m[2]!, 'base64url');
    if (given.length !== 16 || !timingSafeEqual(given, mac(m[1]!))) throw new Error('mac');
    return schema.parse(JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('分页游标无效', { code: 'BAD_CURSOR' });
  }
}
