/** Home: search box, region picker, headline statistics, the region's units. */
import type { RegionStats } from '../../stats/index.js';
import { fmt, Layout, qs } from '../layout.js';
import { RegionPicker } from './common.js';
import { discretionKinds, listKinds } from '../../../core/kinds/index.js';
import type { UnitDirectory, UnitFilter } from '../units-directory.js';

export function HomePage(props: { prefix: string; region?: string; stats: RegionStats; today: string }) {
  const s = props.stats;
  return (
    <Layout title="首页">
      <h1>行政执法公示 · 检索与查阅</h1>
      <form class="inline search-big" method="get" action="/search" role="search" aria-label="检索清单事项">
        <label for="home-q" class="muted">
          检索执法主体名称、统一社会信用代码或执法事项（简体、繁体均可）
        </label>
        <input id="home-q" type="search" name="q" placeholder="如：市场监督管理局、食品經營者" maxlength={200} />
        {props.region ? <input type="hidden" name="region" value={props.region} /> : null}
        <button type="submit">检索</button>
      </form>
      <RegionPicker action="/" prefix={props.prefix} />
      <section aria-labelledby="headline">
        <h2 id="headline">
          {s.regionName ?? '全部地区'} · 今天（{props.today}）现行的清单
        </h2>
        <p class="summary-card">{s.summaryZh}</p>
        <p>
          <a href={`/stats${qs({ region: props.region })}`}>查看统计图表</a>
        </p>
      </section>
      <section aria-labelledby="browse">
        <h2 id="browse">按清单浏览</h2>
        <BrowseByKind region={props.region} />
      </section>
      <section aria-labelledby="units">
        <h2 id="units">执法主体</h2>
        <UnitsTable stats={s} max={HOME_UNITS} />
        <p>
          <a href={`/units${qs({ region: props.region })}`}>
            {s.perUnit.length > HOME_UNITS
              ? `查看全部 ${fmt(s.perUnit.length)} 个执法主体（可按名称、代码筛选）`
              : '按名称、代码筛选执法主体'}
          </a>
        </p>
      </section>
    </Layout>
  );
}

const HOME_UNITS = 50;

export function UnitsTable(props: { stats: RegionStats; max?: number }) {
  const s = props.stats;
  return (
    <>
      {s.perUnit.length === 0 ? (
        <p>该地区暂无已公示的执法主体。</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="执法主体表格">
          <table>
            <caption>
              {`共 ${fmt(s.units)} ` +
                `个执法主体${props.max && s.perUnit.length > props.max ? `，下表列出前 ${props.max} 个` : ''}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">统一社会信用代码</th>
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
                  <td class="code">{u.uscc}</td>
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

/** Every unit of a region, filtered and paged, with links straight to a chosen list kind. */
export function UnitsPage(props: {
  prefix: string;
  region?: string;
  stats: RegionStats;
  filter?: UnitFilter;
  directory?: UnitDirectory;
}) {
  const f = props.filter ?? { status: 'active' as const, page: 1 };
  const d = props.directory;
  const kind = f.kind ? listKinds.find((k) => k.id === f.kind) : undefined;
  const where = props.stats.regionName ?? '全部地区';
  const link = (page: number) =>
    `/units${qs({
      region: props.region,
      name: f.name,
      domain: f.domain,
      status: f.status === 'active' ? undefined : f.status,
      kind: f.kind,
      page: page > 1 ? page : undefined,
    })}`;
  return (
    <Layout
      title={`执法主体 · ${where}${kind ? ` · ${kind.label}` : ''}`}
      crumbs={[{ href: '/', label: '首页' }, { label: '执法主体' }]}
    >
      <h1>
        执法主体 · {where}
        {kind ? <span class="muted">{` · 有${kind.label}的执法主体`}</span> : null}
      </h1>
      <form class="inline" method="get" action="/units" aria-label="筛选执法主体">
        {props.region ? <input type="hidden" name="region" value={props.region} /> : null}
        <label>
          名称或统一社会信用代码
          <input type="search" name="name" value={f.name ?? ''} maxlength={100} placeholder="简体、繁体均可" />
        </label>
        <label>
          执法领域
          <select name="domain">
            <option value="">全部领域</option>
            {(d?.domains ?? []).map((x) => (
              <option value={x} selected={f.domain === x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          状态
          <select name="status">
            <option value="active" selected={f.status === 'active'}>
              有效
            </option>
            <option value="revoked" selected={f.status === 'revoked'}>
              已撤销
            </option>
            <option value="all" selected={f.status === 'all'}>
              全部
            </option>
          </select>
        </label>
        <label>
          公示清单
          <select name="kind">
            <option value="">不限</option>
            {listKinds.map((k) => (
              <option value={k.id} selected={f.kind === k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">筛选</button>
      </form>
      <RegionPicker
        action="/units"
        prefix={props.prefix}
        keep={{ name: f.name, domain: f.domain, status: f.status === 'active' ? undefined : f.status, kind: f.kind }}
      />
      {!d || d.rows.length === 0 ? (
        <p role="status">没有符合条件的执法主体。</p>
      ) : (
        <>
          <div class="table-wrap cards" tabindex={0} role="region" aria-label="执法主体列表">
            <table class="cards">
              <caption>{`共 ${fmt(d.total)} 个执法主体${d.pages > 1 ? `，第 ${f.page} / ${d.pages} 页` : ''}`}</caption>
              <thead>
                <tr>
                  <th scope="col">名称</th>
                  <th scope="col">统一社会信用代码</th>
                  <th scope="col">地区</th>
                  <th scope="col">执法领域</th>
                  <th scope="col">状态</th>
                  <th scope="col">{kind ? kind.label : '现行清单'}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((u) => (
                  <tr>
                    <th scope="row" data-label="名称">
                      <a href={`/units/${u.uscc}`}>{u.name}</a>
                    </th>
                    <td data-label="统一社会信用代码" class="code">
                      {u.uscc}
                    </td>
                    <td data-label="地区">{u.regionName ?? u.regionCode}</td>
                    <td data-label="执法领域">{u.domain ?? ''}</td>
                    <td data-label="状态">{u.status === 'revoked' ? '已撤销' : '有效'}</td>
                    <td data-label={kind ? kind.label : '现行清单'}>
                      {kind ? (
                        <a href={`/units/${u.uscc}/lists/${kind.id}`}>{`第${u.versions[kind.id]}版`}</a>
                      ) : (
                        `${Object.keys(u.versions).length} 份`
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {d.pages > 1 ? (
            <nav class="pager" aria-label="分页">
              {f.page > 1 ? (
                <a href={link(f.page - 1)} rel="prev">
                  上一页
                </a>
              ) : null}
              <span>{`第 ${f.page} / ${d.pages} 页`}</span>
              {f.page < d.pages ? (
                <a href={link(f.page + 1)} rel="next">
                  下一页
                </a>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </Layout>
  );
}

/** Links to browse a region's units by list kind. */
export function BrowseByKind(props: { region?: string }) {
  return (
    <ul class="downloads" aria-label="按清单浏览">
      {listKinds.map((k) => (
        <li>
          <a href={`/units${qs({ region: props.region, kind: k.id })}`}>{k.label}</a>
        </li>
      ))}
    </ul>
  );
}
