/**
 * The portal's two scripts: Simplified (zh-CN, the default) and Traditional (zh-Hant). A page is
 * rendered once in Simplified; for a Traditional reader the finished HTML (interface text and data
 * alike) is converted for display with opencc-js, and `lang` says zh-Hant so browsers pick
 * Traditional glyph forms. A Simplified page is converted the other way (Traditional→Simplified), so
 * data entered in Traditional reads in Simplified glyph forms there. Stored text never changes: exports
 * and the API are untouched. The Simplified→Traditional dictionaries load on the first 繁體 page only.
 *
 * The choice travels as `?lang=zh-Hant` (a link on every page that keeps the current view) and is
 * remembered in a cookie, so it works without JavaScript.
 */
import type { Context, Next } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { toSimplified } from '../../core/text.js';
import { loadToTraditional } from '../../core/traditional-lazy.js';
import { pageText } from './page-text.js';

export const PORTAL_LANGS = ['zh-CN', 'zh-Hant'] as const;
export type PortalLang = (typeof PORTAL_LANGS)[number];
export const LANG_COOKIE = 'gongshi_lang';
const ONE_YEAR_S = 365 * 86_400;

/** The element the layout renders where the switch goes; the middleware replaces it per request. */
export const LANG_SWITCH_SLOT =
  '<a class="lang-switch" href="?lang=zh-Hant" lang="zh-Hant" hreflang="zh-Hant">繁體</a>';

const isLang = (v: string | undefined): v is PortalLang => PORTAL_LANGS.includes(v as PortalLang);

/** The language of a request: ?lang= first (and remembered), then the cookie, else Simplified. */
export function requestLang(c: Context): PortalLang {
  const asked = c.req.query('lang');
  if (isLang(asked)) return asked;
  const remembered = getCookie(c, LANG_COOKIE);
  return isLang(remembered) ? remembered : 'zh-CN';
}

/** The current URL with `lang` set, so switching keeps the page and its query. */
export function switchHref(url: URL, lang: PortalLang): string {
  const params = new URLSearchParams(url.search);
  params.set('lang', lang);
  return `${url.pathname}?${params.toString()}`;
}

export function langSwitch(url: URL, lang: PortalLang): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return lang === 'zh-Hant'
    ? `<a class="lang-switch" href="${escape(switchHref(url, 'zh-CN'))}" lang="zh-CN" hreflang="zh-CN">简体</a>`
    : `<a class="lang-switch" href="${escape(switchHref(url, 'zh-Hant'))}" lang="zh-Hant" hreflang="zh-Hant">繁體</a>`;
}

/** A finished Simplified page as the reader of `lang` sees it: every script of the text in that reader's. */
export async function pageInLang(html: string, url: URL, lang: PortalLang): Promise<string> {
  const withSwitch = html.replace(LANG_SWITCH_SLOT, langSwitch(url, lang));
  const convert = lang === 'zh-CN' ? toSimplified : await loadToTraditional();
  // The switch to the other script must stay in that script: convert around it.
  const [before, after] = splitOnce(withSwitch, langSwitch(url, lang));
  const converted =
    lang === 'zh-CN' ? convert(before) : convert(before).replace('<html lang="zh-CN"', '<html lang="zh-Hant"');
  return after === undefined ? converted : `${converted}${langSwitch(url, lang)}${convert(after)}`;
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + sep.length)];
}

/**
 * Middleware for every HTML page (portal, docs, error pages, and other features' pages that use the
 * portal layout): fills the language switch, converts to Traditional when asked, remembers the choice.
 */
export async function portalLanguage(c: Context, next: Next): Promise<void> {
  await next();
  if (!c.res.headers.get('Content-Type')?.startsWith('text/html')) return;
  const lang = requestLang(c);
  const asked = c.req.query('lang');
  const url = new URL(c.req.url);
  const body = await pageInLang(await pageText(c.res), url, lang);
  const headers = new Headers(c.res.headers);
  headers.delete('Content-Length');
  headers.append('Vary', 'Cookie');
  c.res = new Response(body, { status: c.res.status, headers });
  if (isLang(asked)) setCookie(c, LANG_COOKIE, asked, { path: '/', maxAge: ONE_YEAR_S, sameSite: 'Lax' });
}
