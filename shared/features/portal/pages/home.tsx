/** Home: search box, region picker, headline statistics, the region's units. */
import type { RegionStats } from '../../stats/index.js';
import { fmt, Layout, qs } from '../layout.js';
import { RegionPicker } from './common.js';
import { discretionKinds } from '../../../core/kinds/index.js';

export function HomePage(props: { prefix: string; region?: string; stats: RegionStats; today: string }) {
  const s = props.stats;
  return (
    <Layout title="首页">
      <h1>行政执法公示 · 检索与查阅</h1>
      <form class="inline search-big" method="get" action="/search" role="search" aria-label="检索清单事项">
        <label for="home-q" class="muted">
          检索执法事项（简体、繁体均可）
        </label>
        <input id="home-q" type="search" name="q" placeholder="如：食品經營者、排污单位 公开" maxlength={200} />
        {props.region ? <input type="hidden" name="region" value={props.region} /> : null}
        <button type="submit">检索</button>
      </form>
      <RegionPicker action="/" prefix={props.prefix} />
      <section aria-labelledby="headline">
        <h2 id="headline">
          {s.regionName ?? '全部地区'} · 截至 {props.today} 现行清单
        </h2>
        <p class="summary-card">{s.summaryZh}</p>
        <p>
          <a href={`/stats${qs({ region: props.region })}`}>查看统计图表</a>
        </p>
      </section>
      <section aria-labelledby="units">
        <h2 id="units">执法主体</h2>
        <UnitsTable stats={s} max={200} />
        {s.perUnit.length > 200 ? (
          <p>
            <a href={`/units${qs({ region: props.region })}`}>查看全部执法主体</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}

export function UnitsTable(props: { stats: RegionStats; max?: number }) {
  const s = props.stats;
  return (
    <>
      {s.perUnit.length === 0 ? (
        <p>该地区暂无已公示的执法主体。</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{`共 ${fmt(s.units)} 个执法主体`}</caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">执法领域</th>
                <th scope="col" class="num">
                  检查事项
                </th>
                {discretionKinds.map((k) => (
                  <th scope="col" class="num">
                    {k.shortLabel}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {s.perUnit.slice(0, props.max ?? s.perUnit.length).map((u) => (
                <tr>
                  <th scope="row">
                    <a href={`/units/${u.uscc}`}>{u.name}</a>
                  </th>
                  <td>{u.domain ?? ''}</td>
                  <td class="num">{fmt(u.inspection.total)}</td>
                  {discretionKinds.map((k) => (
                    <td class="num">{fmt(u.lists[k.id] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Every unit of a region. */
export function UnitsPage(props: { prefix: string; region?: string; stats: RegionStats }) {
  return (
    <Layout
      title={`执法主体 · ${props.stats.regionName ?? '全部地区'}`}
      crumbs={[{ href: '/', label: '首页' }, { label: '执法主体' }]}
    >
      <h1>执法主体 · {props.stats.regionName ?? '全部地区'}</h1>
      <RegionPicker action="/units" prefix={props.prefix} />
      <UnitsTable stats={props.stats} />
    </Layout>
  );
}
