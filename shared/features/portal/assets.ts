/**
 * The portal's one stylesheet, served by the registry itself at /assets/portal.css
 * (no CDN; the CSP allows styles from 'self' only, so pages carry no inline styles).
 * Content-addressed URL: the hash in the query string lets it be cached for a year.
 */
import { createHash } from 'node:crypto';

export const PORTAL_CSS = (
  `
:root{--fg:#1d1d1f;--muted:#55555f;--line:#d9d9e0;--bg:#fff;--soft:#f5f6f8;--accent:#b3261e;` +
  `--link:#0b57d0;--mark:#ffe58a;--ins:#d7f5dd;--del:#fde0e0;--ok:#0d652d;--warn:#8a4500;` +
  `--info:#174ea6;
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto ` +
  `Sans CJK SC",sans-serif;line-height:1.6;color:var(--fg);background:var(--bg)}
:root:lang(zh-Hant){font-family:system-ui,-apple-system,"PingFang TC","Microsoft ` +
  `JhengHei","Noto Sans CJK TC",sans-serif}
*{box-sizing:border-box}body{margin:0;overflow-wrap:anywhere}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,` +
  `summary:focus-visible,[tabindex]:focus-visible{outline:3px solid #1d1d1f;outline-offset:2px;` +
  `box-shadow:0 0 0 5px #fff}
header.site a:focus-visible{outline-color:#fff;box-shadow:0 0 0 5px #1d1d1f}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem;z-index:10}.skip:focus{left:.5rem}
header.site{background:var(--accent);color:#fff;padding:.6rem 1rem}header.site a{color:#fff;text-decoration:none}
header.site .brand{font-weight:700;font-size:1.15rem;margin-right:1rem}` +
  `header.site nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;` +
  `gap:.2rem 1rem}
header.site .bar{max-width:72rem;margin:0 auto;display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1rem}
header.site .lang-switch{border:1px solid #fff;border-radius:4px;padding:0 .5rem;margin-left:auto}
main{max-width:72rem;margin:0 auto;padding:1rem}footer.site{max-width:72rem;` +
  `margin:2rem auto 1rem;padding:0 1rem;color:var(--muted);font-size:.85rem;` +
  `border-top:1px solid var(--line)}
h1{font-size:1.5rem;margin:.5rem 0 1rem;word-break:keep-all;overflow-wrap:anywhere}` +
  `h2{font-size:1.2rem;margin:1.5rem 0 .6rem}h3{font-size:1.05rem}
form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.5rem 0 1rem}
form.inline label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
input,select,button{font:inherit;padding:.4rem .5rem;border:1px solid #767680;border-radius:4px;` +
  `background:#fff;color:var(--fg);min-height:2.4rem;max-width:100%}
input[type=search]{min-width:16rem}button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
.search-big input[type=search]{font-size:1.15rem;flex:1 1 20rem}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:6px;margin:.5rem 0 1rem;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.92rem}caption{text-align:left;` +
  `font-weight:600;padding:.5rem .6rem;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:.45rem .6rem;text-align:left;` +
  `vertical-align:top}thead th{background:var(--soft);white-space:nowrap}
th a,td a{word-break:keep-all;overflow-wrap:anywhere}
td.num,th.num,.date{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.date{text-align:inherit}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3rem 1rem;` +
  `margin:0 0 1rem}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;min-width:0}
code,.code{overflow-wrap:anywhere;word-break:break-all}
mark{background:var(--mark);color:inherit;padding:0 .05em}ins{background:var(--ins);` +
  `text-decoration:underline}del{background:var(--del)}
.muted{color:var(--muted)}.badge{display:inline-block;font-size:.8rem;` +
  `border:1px solid var(--line);border-radius:999px;padding:0 .5rem;margin-left:.3rem;` +
  `background:#fff;color:var(--fg)}
.badge.ok{border-color:var(--ok);color:var(--ok)}.badge.warn{border-color:var(--warn);` +
  `color:var(--warn)}.badge.info{border-color:var(--info);color:var(--info)}
.banner{border:2px solid var(--warn);border-left-width:.5rem;border-radius:6px;` +
  `padding:.6rem 1rem;margin:.5rem 0 1rem;background:#fff8f0}
.banner.info{border-color:var(--info);background:#f1f5fe}.banner p{margin:.2rem 0}.banner strong{color:var(--fg)}
.notice{border:1px solid var(--info);border-radius:6px;padding:.5rem 1rem;margin:.5rem 0 1rem;background:#f1f5fe}
ol.results{list-style:none;padding:0}ol.results li{border-bottom:1px solid var(--line);` +
  `padding:.7rem 0}ol.results h3{margin:0 0 .2rem}
.unit-hits{border:2px solid var(--link);border-radius:6px;padding:.4rem 1rem;` +
  `margin:.5rem 0 1rem}.unit-hits h2{margin:.4rem 0}
.unit-hits ol{list-style:none;padding:0;margin:0}.unit-hits li{padding:.4rem 0;` +
  `border-top:1px solid var(--line)}.unit-hits li:first-child{border-top:0}
.unit-hits .name{font-size:1.1rem;font-weight:600}
.hl{margin:.2rem 0;font-size:.92rem}.hl b{font-weight:600;color:var(--muted);margin-right:.4rem}
.summary-card{background:var(--soft);border-radius:6px;padding:.8rem 1rem;margin:.5rem 0 1rem}
details.filters{border:1px solid var(--line);border-radius:6px;padding:.3rem .8rem;` +
  `margin:.5rem 0 1rem}details.filters summary{cursor:pointer;font-weight:600;padding:.3rem 0}
.pager{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}.downloads{display:flex;` +
  `flex-wrap:wrap;gap:.6rem}.downloads a{border:1px solid var(--link);border-radius:4px;` +
  `padding:.3rem .7rem;text-decoration:none}
.version-card{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.version-card dl{flex:1 1 20rem;min-width:0}
figure.qr-box{margin:0;text-align:center;font-size:.8rem;color:var(--muted);max-width:9rem}` +
  `svg.qr{width:8rem;height:8rem;display:block}
.print-only{display:none}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}svg.chart{max-width:100%;` +
  `height:auto}svg.chart text{font-size:12px;fill:#1d1d1f}
.k0{fill:#1a73e8}.k1{fill:#d93025}.k2{fill:#f9ab00}.k3{fill:#188038}.k4{fill:#9334e6}.k5{fill:#80868b}
.legend{display:flex;flex-wrap:wrap;gap:.8rem;list-style:none;padding:0;font-size:.85rem}` +
  `.legend svg{vertical-align:middle;margin-right:.25rem}
.doc-op{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}` +
  `.method{font-weight:700;text-transform:uppercase;margin-right:.5rem;color:var(--accent)}
pre{background:var(--soft);padding:.6rem;border-radius:4px;overflow-x:auto;font-size:.85rem;` +
  `white-space:pre-wrap;overflow-wrap:anywhere}` +
  `code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
nav.crumbs ol{list-style:none;padding:0;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.3rem;` +
  `font-size:.9rem}nav.crumbs li+li::before{content:"›";margin-right:.3rem;color:var(--muted)}
@media (max-width:48rem){
main{padding:.6rem}table{font-size:.85rem}input[type=search]{min-width:0;width:100%}` +
  `form.inline label{flex:1 1 45%}form.inline label input,form.inline label select{width:100%}
dl.facts{grid-template-columns:minmax(0,1fr)}dl.facts dd{margin-bottom:.3rem}
.table-wrap.cards{border:0;overflow:visible}
table.cards,table.cards tbody,table.cards tr,table.cards th,table.cards td{display:block;width:100%}
table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.cards tr{border:1px solid var(--line);border-radius:6px;margin:0 0 .8rem;padding:.3rem .6rem}
table.cards th,table.cards td{border:0;padding:.15rem 0;display:grid;` +
  `grid-template-columns:6.5em minmax(0,1fr);gap:.6rem;text-align:left;white-space:normal}
table.cards th::before,table.cards td::before{content:attr(data-label);color:var(--muted);font-weight:400}
table.cards td:empty{display:none}
}
@media print{
@page{size:A4 landscape;margin:10mm}
:root{font-size:10pt}body{color:#000}
header.site,footer.site,nav,form,details.filters,.skip,.downloads,.no-print,.lang-switch{display:none!important}
main{max-width:none;padding:0}.print-only{display:block}
.print-header{display:flex;justify-content:space-between;gap:1rem;border-bottom:2px solid #000;margin-bottom:.5rem}
.print-header dl{display:grid;grid-template-columns:max-content 1fr;gap:0 .8rem;margin:0}.print-header dd{margin:0}
.table-wrap{overflow:visible;border:0}table{font-size:7.5pt;table-layout:auto}
thead{display:table-header-group}tr{break-inside:avoid}thead th{white-space:normal}` +
  `th,td{padding:.15rem .25rem;overflow-wrap:anywhere}
a{color:#000;text-decoration:none}.banner,.notice{border-color:#000;background:none}
}
`
).trim();

export const PORTAL_CSS_HASH = createHash('sha256').update(PORTAL_CSS).digest('hex').slice(0, 12);
export const PORTAL_CSS_PATH = '/assets/portal.css';
export const PORTAL_CSS_URL = `${PORTAL_CSS_PATH}?v=${PORTAL_CSS_HASH}`;

/** The pages' policy: no scripts at all, styles and images from the registry only, forms post back to it. */
export const PORTAL_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';" +
  " base-uri 'none'; frame-ancestors 'none'";

/** The favicon: 公 on the portal's red, as SVG (no binary asset to ship). */
export const FAVICON_PATH = '/favicon.svg';
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#b3261e"/>' +
  '<text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">公</text></svg>';
