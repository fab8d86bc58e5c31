/** Pieces several pages share: region picker, status badge, banner, as-known-on picker, print header, QR. */
import { childRegions, regionName } from '../../../core/region.js';
import { raw } from 'hono/html';
import { qs } from '../layout.js';
import { stateLabel, type Banner, type VersionState } from '../timeline-wording.js';

/** Province → city → county codes above a prefix, for links back up. */
export function regionChain(prefix: string): Array<{ prefix: string; code: string; name: string }> {
  const out: Array<{ prefix: string; code: string; name: string }> = [];
  for (const len of [2, 4, 6]) {
    if (prefix.length < len) break;
    const p = prefix.slice(0, len);
    const code = p.padEnd(6, '0');
    const name = regionName(code);
    if (name && !out.some((o) => o.name === name)) out.push({ prefix: p, code, name });
  }
  return out;
}

/**
 * A GET form choosing a region one level at a time (works without JavaScript):
 * links for the levels chosen so far, a select for the next level.
 */
export function RegionPicker(props: { action: string; prefix: string; keep?: Record<string, string | undefined> }) {
  const chain = regionChain(props.prefix);
  const children =
    props.prefix.length < 6 ? childRegions(props.prefix).filter((c) => c.code !== props.prefix.padEnd(6, '0')) : [];
  const keep = Object.entries(props.keep ?? {}).filter(([, v]) => v);
  return (
    <form class="inline" method="get" action={props.action} aria-label="选择地区">
      {keep.map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <p>
        地区：<a href={`${props.action}${qs({ ...Object.fromEntries(keep), region: undefined })}`}>全国</a>
        {chain.map((c) => (
          <>
            {' › '}
            <a href={`${props.action}${qs({ ...Object.fromEntries(keep), region: c.code })}`}>{c.name}</a>
          </>
        ))}
      </p>
      {children.length > 0 ? (
        <>
          <label>
            下级地区
            <select name="region">
              <option value={props.prefix ? props.prefix.padEnd(6, '0') : ''}>（全部）</option>
              {children.map((c) => (
                <option value={c.code}>{c.name}</option>
              ))}
            </select>
          </label>
          <button type="submit">选择</button>
        </>
      ) : null}
    </form>
  );
}

/** A version's status as a badge: 现行有效 / 已被第N版取代 / 已废止 / 尚未施行, with its date. */
export function StateBadge(props: { state: VersionState }) {
  const { text, tone } = stateLabel(props.state);
  return <span class={`badge ${tone}`}>{text}</span>;
}

/** The banner of a view that is not today's: what it shows, what is in force today, a link there. */
export function BannerBox(props: { banner: Banner }) {
  const b = props.banner;
  return (
    <div class={`banner ${b.tone}`} role="note" aria-label="时间提示">
      <p>
        <strong>{b.text}</strong>
      </p>
      <p>
        {b.today} {b.link ? <a href={b.link.href}>{b.link.label}</a> : null}
      </p>
    </div>
  );
}

/**
 * The as-known-on picker: a date-and-time input in Beijing time (a plain GET form; no script).
 * Browsers without a datetime picker accept typed text such as 2024-03-01T09:30.
 */
export function AsOfPicker(props: { action: string; asOf?: string; at?: string }) {
  return (
    <form class="inline" method="get" action={props.action} aria-label="按登记时点查看">
      {props.at ? <input type="hidden" name="at" value={props.at} /> : null}
      <label>
        查看登记簿在某一时刻（北京时间）所知的内容
        <input type="datetime-local" name="asOf" value={props.asOf ? beijingLocal(props.asOf) : ''} required />
      </label>
      <button type="submit">查看</button>
    </form>
  );
}

/** An ISO instant as a datetime-local value in Beijing time (YYYY-MM-DDTHH:mm). */
export function beijingLocal(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** A header that appears only on paper: what the page is, which version, its hash, and a QR code. */
export function PrintHeader(props: { title: string; facts: Array<[string, string]>; qrSvg?: string }) {
  return (
    <div class="print-only print-header">
      <div>
        <p>
          <strong>{props.title}</strong>
        </p>
        <dl>
          {props.facts.map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd class="code">{v}</dd>
            </>
          ))}
        </dl>
      </div>
      {props.qrSvg ? <div aria-hidden="true">{raw(props.qrSvg)}</div> : null}
    </div>
  );
}

/** The on-screen QR code with a caption naming what it opens. */
export function QrFigure(props: { svg: string; caption: string }) {
  return (
    <figure class="qr-box no-print">
      {raw(props.svg)}
      <figcaption>{props.caption}</figcaption>
    </figure>
  );
}
