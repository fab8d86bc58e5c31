/** Statistics with server-rendered SVG charts and the same numbers as tables. */
import { listKinds } from '../../../core/kinds/index.js';
import type { ChangesReport } from '../../stats/index.js';
import { DISCRETION_KINDS, type RegionStats } from '../../stats/index.js';
import { Bars, StackedBars } from '../charts.js';
import { fmt, Layout } from '../layout.js';
import { RegionPicker } from './common.js';

const short = (id: string) => listKinds.find((k) => k.id === id)!.shortLabel;

export function StatsPage(p: {
  prefix: string;
  region?: string;
  at: string;
  stats: RegionStats;
  changes: ChangesReport;
  from: string;
  to: string;
}) {
  const s = p.stats;
  const name = s.regionName ?? '全部地区';
  return (
    <Layout title={`统计 · ${name}`} crumbs={[{ href: '/', label: '首页' }, { label: '统计' }]}>
      <h1>{`统计 · ${name}`}</h1>
      <form class="inline" method="get" action="/stats" aria-label="统计日期">
        {p.region ? <input type="hidden" name="region" value={p.region} /> : null}
        <label>
          统计日期（该日施行的清单）
          <input type="date" name="at" value={p.at} required />
        </label>
        <button type="submit">统计</button>
      </form>
      <RegionPicker action="/stats" prefix={p.prefix} keep={{ at: p.at }} />
      <p class="summary-card" id="summary">
        {s.summaryZh}
      </p>
      <Bars
        title={`${name} 各类清单事项数（${p.at}）`}
        bars={[
          { label: '检查·一般', value: s.inspection.general, cls: 'k0' },
          { label: '检查·重点', value: s.inspection.key, cls: 'k1' },
          ...DISCRETION_KINDS.map((k, i) => ({ label: short(k), value: s.lists[k] ?? 0, cls: `k${i + 2}` })),
        ]}
      />
      {s.perUnit.length > 0 ? (
        <StackedBars
          title="各执法主体的清单事项数"
          series={[
            { label: '检查·一般', cls: 'k0' },
            { label: '检查·重点', cls: 'k1' },
            ...DISCRETION_KINDS.map((k, i) => ({ label: short(k), cls: `k${i + 2}` })),
          ]}
          rows={s.perUnit.slice(0, 60).map((u) => ({
            label: u.name.replace(/（示例）$/, ''),
            values: [u.inspection.general, u.inspection.key, ...DISCRETION_KINDS.map((k) => u.lists[k] ?? 0)],
          }))}
        />
      ) : null}
      <div class="table-wrap" tabindex={0} role="region" aria-label="各执法主体统计表格">
        <table>
          <caption>{`各执法主体统计（${p.at} 施行）`}</caption>
          <thead>
            <tr>
              <th scope="col">执法主体</th>
              <th scope="col" class="num">
                检查事项
              </th>
              <th scope="col" class="num">
                一般
              </th>
              <th scope="col" class="num">
                重点
              </th>
              <th scope="col" class="num">
                双随机
              </th>
              {DISCRETION_KINDS.map((k) => (
                <th scope="col" class="num">
                  {short(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.perUnit.map((u) => (
              <tr>
                <th scope="row">
                  <a href={`/units/${u.uscc}`}>{u.name}</a>
                </th>
                <td class="num">{fmt(u.inspection.total)}</td>
                <td class="num">{fmt(u.inspection.general)}</td>
                <td class="num">{fmt(u.inspection.key)}</td>
                <td class="num">{fmt(u.inspection.random)}</td>
                {DISCRETION_KINDS.map((k) => (
                  <td class="num">{fmt(u.lists[k] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{`合计（${fmt(s.units)} 个执法主体）`}</th>
              <td class="num">{fmt(s.inspection.total)}</td>
              <td class="num">{fmt(s.inspection.general)}</td>
              <td class="num">{fmt(s.inspection.key)}</td>
              <td class="num">{fmt(s.inspection.random)}</td>
              {DISCRETION_KINDS.map((k) => (
                <td class="num">{fmt(s.lists[k] ?? 0)}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      <section aria-labelledby="changes">
        <h2 id="changes">{`变更情况（${p.from} 至 ${p.to} 公布）`}</h2>
        <form class="inline" method="get" action="/stats" aria-label="变更统计期间">
          {p.region ? <input type="hidden" name="region" value={p.region} /> : null}
          <input type="hidden" name="at" value={p.at} />
          <label>
            起始日期
            <input type="date" name="from" value={p.from} required />
          </label>
          <label>
            结束日期
            <input type="date" name="to" value={p.to} required />
          </label>
          <button type="submit">查看</button>
        </form>
        <p>
          {`共公布 ${fmt(p.changes.versions)} 个版本：新增 ${fmt(p.changes.added)} 项，删除 ` +
            `${fmt(p.changes.removed)} 项，修改 ${fmt(p.changes.changed)} 项。`}
        </p>
        {p.changes.perUnit.length > 0 ? (
          <div class="table-wrap" tabindex={0} role="region" aria-label="变更情况表格">
            <table>
              <thead>
                <tr>
                  <th scope="col">执法主体</th>
                  <th scope="col" class="num">
                    版本数
                  </th>
                  <th scope="col" class="num">
                    新增
                  </th>
                  <th scope="col" class="num">
                    删除
                  </th>
                  <th scope="col" class="num">
                    修改
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.changes.perUnit.map((u) => (
                  <tr>
                    <th scope="row">
                      <a href={`/units/${u.uscc}`}>{u.name ?? u.uscc}</a>
                    </th>
                    <td class="num">{fmt(u.versions)}</td>
                    <td class="num">{fmt(u.added)}</td>
                    <td class="num">{fmt(u.removed)}</td>
                    <td class="num">{fmt(u.changed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </Layout>
  );
}
