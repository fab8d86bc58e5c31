/** Pieces several pages share: the region picker and the region breadcrumb. */
import { childRegions, regionName } from '../../../core/region.js';
import { qs } from '../layout.js';

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
