/**
 * How portal pages leave: an HTML document with the pages' security headers and caching, and a
 * wrapper that turns client mistakes into the Chinese error page (never JSON, never a 500).
 */
import type { Context, Next } from 'hono';
import { AppError } from '../../core/errors.js';
import { statusOf } from '../../platform/http/errors.js';
import { MOVING } from '../../platform/http/caching.js';
import { PORTAL_CSP } from './assets.js';
import { ErrorPage } from './pages/error.js';
import { rememberPageText } from './page-text.js';

type Page = { toString(): string | Promise<string> };

/** Security headers for HTML pages; the app-wide secureHeaders adds the rest. */
export async function pageHeaders(c: Context, next: Next): Promise<void> {
  await next();
  c.header('Content-Security-Policy', PORTAL_CSP);
  c.header('Referrer-Policy', 'same-origin');
  c.header('X-Frame-Options', 'DENY');
  c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
}

export async function html(c: Context, page: Page, status: 200 | 400 | 404 | 500 = 200): Promise<Response> {
  c.header('Cache-Control', status === 200 ? MOVING : 'no-store');
  const text = `<!DOCTYPE html>${await page.toString()}`;
  return rememberPageText(c.html(text, status), text);
}

/** Runs a page handler; AppErrors become a Chinese error page with their status. */
export function page(handler: (c: Context) => Promise<Response>) {
  return async (c: Context) => {
    try {
      return await handler(c);
    } catch (e) {
      const requestId = c.get('requestId' as never) as string | undefined;
      const status = e instanceof AppError ? statusOf(e) : 500;
      if (e instanceof AppError && status < 500) {
        return html(c, ErrorPage({ status, message: e.message, requestId }), status === 404 ? 404 : 400);
      }
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'portal page failed',
          requestId,
          error: String(e),
          stack: (e as Error).stack,
        }),
      );
      return html(c, ErrorPage({ status: 500, message: '页面暂时无法显示，请稍后重试', requestId }), 500);
    }
  };
}
