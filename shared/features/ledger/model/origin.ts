/**
 * The log's origin line (also its signing key's name). Configure once per deployment: it is in every leaf and
 * checkpoint.
 */
export const DEFAULT_ORIGIN = 'gongshi.local/log';

export function originFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const origin = (env.GONGSHI_LOG_ORIGIN ?? '').trim() || DEFAULT_ORIGIN;
  if (/[\s+]/.test(origin)) throw new Error('GONGSHI_LOG_ORIGIN must not contain spaces or "+"');
  return origin;
}
