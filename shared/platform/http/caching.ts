import type { Context } from 'hono';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Views that move when a new version is published or takes effect. */
export const MOVING = 'public, max-age=60';

/** Sets ETag and Cache-Control; answers 304 when the client already has this representation. */
export function conditional(c: Context, etag: string, cacheControl: string): Response | undefined {
  const quoted = `"${etag}"`;
  c.header('ETag', quoted);
  c.header('Cache-Control', cacheControl);
  const inm = c.req.header('If-None-Match');
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === quoted || t.trim() === '*')) {
    return c.body(null, 304);
  }
  return undefined;
}
