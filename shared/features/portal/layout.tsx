/** The page shell every portal page shares: language, title, landmarks, navigation, footer. */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { FAVICON_PATH, PORTAL_CSS_URL } from './assets.js';
import { LANG_SWITCH_SLOT } from './language.js';

export interface Crumb {
  href?: string;
  label: string;
}

export interface LayoutProps {
  title: string;
  crumbs?: Crumb[];
  children?: Child;
  /** The canonical URL of the page (for search engines), when it has one. */
  canonical?: string;
  /** Set on pages search engines should not index (errors, search results). */
  noindex?: boolean;
}

/**
 * The shell. The language switch is a slot that the portalLanguage middleware fills with a link to
 * the same page in the other script (see ./language.ts).
 */
export function Layout(props: LayoutProps) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — 公示 Gongshi 行政执法公示`}</title>
        <link rel="stylesheet" href={PORTAL_CSS_URL} />
        <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        {props.noindex ? <meta name="robots" content="noindex" /> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          跳到正文
        </a>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">
              公示 Gongshi
            </a>
            <nav aria-label="主导航">
              <ul>
                <li>
                  <a href="/">首页</a>
                </li>
                <li>
                  <a href="/search">检索</a>
                </li>
                <li>
                  <a href="/units">执法主体</a>
                </li>
                <li>
                  <a href="/stats">统计</a>
                </li>
                <li>
                  <a href="/docs">API 文档</a>
                </li>
              </ul>
            </nav>
            {raw(LANG_SWITCH_SLOT)}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.crumbs && props.crumbs.length > 0 ? (
            <nav class="crumbs" aria-label="当前位置">
              <ol>
                {props.crumbs.map((c, i) =>
                  c.href && i < props.crumbs!.length - 1 ? (
                    <li>
                      <a href={c.href}>{c.label}</a>
                    </li>
                  ) : (
                    <li aria-current="page">{c.label}</li>
                  ),
                )}
              </ol>
            </nav>
          ) : null}
          {props.children}
        </main>
        <footer class="site">
          <p>
            行政执法公示登记簿：每个版本永久保存、不可更改。依据《中华人民共和国行政处罚法》第三十七条，违法行为发生时施行的规定适用。
            数据接口见 <a href="/docs">API 文档</a> 与 <a href="/openapi.json">OpenAPI</a>。
          </p>
        </footer>
      </body>
    </html>
  );
}

/** Builds a query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== false) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Text with [start, end) ranges wrapped in <mark>; hono/jsx escapes every part. */
export function Marked(props: { text: string; ranges: ReadonlyArray<readonly [number, number]> }) {
  const parts: Child[] = [];
  let at = 0;
  for (const [a, b] of props.ranges) {
    if (a > at) parts.push(props.text.slice(at, a));
    parts.push(<mark>{props.text.slice(a, b)}</mark>);
    at = b;
  }
  if (at < props.text.length) parts.push(props.text.slice(at));
  return <>{parts}</>;
}

export const fmt = (n: number) => n.toLocaleString('zh-CN');
