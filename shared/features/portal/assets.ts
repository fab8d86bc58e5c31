/**
 * The portal's one stylesheet, served by the registry itself at /assets/portal.css
 * (no CDN; the CSP allows styles from 'self' only, so pages carry no inline styles).
 * Content-addressed URL: the hash in the query string lets it be cached for a year.
 */
import { createHash } from 'node:crypto';

export const PORTAL_CSS = `
:root{--fg:#1d1d1f;--muted:#5b5b66;--line:#d9d9e0;--bg:#fff;--soft:#f5f6f8;--accent:#b3261e;--link:#0b57d0;--mark:#ffe58a;--ins:#d7f5dd;--del:#fde0e0;
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;line-height:1.6;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}
a{color:var(--link)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #f9ab00;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem;z-index:10}.skip:focus{left:.5rem}
header.site{background:var(--accent);color:#fff;padding:.6rem 1rem}header.site a{color:#fff;text-decoration:none}
header.site .brand{font-weight:700;font-size:1.15rem;margin-right:1rem}header.site nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
header.site .bar{max-width:72rem;margin:0 auto;display:flex;flex-wrap:wrap;align-items:center;gap:.4rem}
main{max-width:72rem;margin:0 auto;padding:1rem}footer.site{max-width:72rem;margin:2rem auto 1rem;padding:0 1rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .6rem}h3{font-size:1.05rem}
form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.5rem 0 1rem}
form.inline label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
input,select,button{font:inherit;padding:.4rem .5rem;border:1px solid #8a8a96;border-radius:4px;background:#fff;color:var(--fg);min-height:2.4rem}
input[type=search]{min-width:16rem}button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
.search-big input[type=search]{font-size:1.15rem;flex:1 1 20rem}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:6px;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}caption{text-align:left;font-weight:600;padding:.5rem .6rem;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:.45rem .6rem;text-align:left;vertical-align:top}thead th{background:var(--soft);white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0 0 1rem}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
mark{background:var(--mark);color:inherit;padding:0 .05em}ins{background:var(--ins);text-decoration:underline}del{background:var(--del)}
.muted{color:var(--muted)}.badge{display:inline-block;font-size:.78rem;border:1px solid var(--line);border-radius:999px;padding:0 .5rem;margin-left:.3rem;background:var(--soft)}
.badge.ok{border-color:#1e8e3e;color:#1e8e3e}.badge.warn{border-color:#b06000;color:#b06000}
ol.results{list-style:none;padding:0}ol.results li{border-bottom:1px solid var(--line);padding:.7rem 0}ol.results h3{margin:0 0 .2rem}
.hl{margin:.2rem 0;font-size:.92rem}.hl b{font-weight:600;color:var(--muted);margin-right:.4rem}
.summary-card{background:var(--soft);border-radius:6px;padding:.8rem 1rem;margin:.5rem 0 1rem}
.pager{display:flex;gap:1rem;margin:1rem 0}.downloads{display:flex;flex-wrap:wrap;gap:.6rem}.downloads a{border:1px solid var(--link);border-radius:4px;padding:.3rem .7rem;text-decoration:none}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}svg.chart{max-width:100%;height:auto}svg.chart text{font-size:12px;fill:#1d1d1f}
.k0{fill:#1a73e8}.k1{fill:#d93025}.k2{fill:#f9ab00}.k3{fill:#188038}.k4{fill:#9334e6}.k5{fill:#80868b}
.legend{display:flex;flex-wrap:wrap;gap:.8rem;list-style:none;padding:0;font-size:.85rem}.legend svg{vertical-align:middle;margin-right:.25rem}
.doc-op{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}.method{font-weight:700;text-transform:uppercase;margin-right:.5rem;color:var(--accent)}
pre{background:var(--soft);padding:.6rem;border-radius:4px;overflow-x:auto;font-size:.85rem}code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
nav.crumbs ol{list-style:none;padding:0;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.3rem;font-size:.9rem}nav.crumbs li+li::before{content:"›";margin-right:.3rem;color:var(--muted)}
@media (max-width:40rem){main{padding:.6rem}table{font-size:.85rem}input[type=search]{min-width:0;width:100%}form.inline label{flex:1 1 45%}}
`.trim();

export const PORTAL_CSS_HASH = createHash('sha256').update(PORTAL_CSS).digest('hex').slice(0, 12);
export const PORTAL_CSS_PATH = '/assets/portal.css';
export const PORTAL_CSS_URL = `${PORTAL_CSS_PATH}?v=${PORTAL_CSS_HASH}`;

/** The pages' policy: no scripts at all, styles and images from the registry only, forms post back to it. */
export const PORTAL_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
