/** A unit: entity details, its lists (version in force, effective date, item count) and history. */
import { entityKind } from '../../../core/kinds/index.js';
import type { VersionMeta } from '../../../core/versions.js';
import type { ListSummary } from '../../lists/index.js';
import { chinaDateTime } from '../../../core/dates.js';
import { fmt, Layout, qs } from '../layout.js';

export interface UnitPageProps {
  uscc: string;
  at: string;
  today: string;
  entity: Record<string, unknown>;
  regionName?: string;
  lists: Array<ListSummary & { itemCount?: number }>;
  history: Array<{ kind: string; label: string; versions: VersionMeta[] }>;
}

export function UnitPage(p: UnitPageProps) {
  const name = String(p.entity.name ?? p.uscc);
  return (
    <Layout
      title={name}
      crumbs={[{ href: '/', label: '首页' }, { href: '/units', label: '执法主体' }, { label: name }]}
    >
      <h1>{name}</h1>
      <dl class="facts">
        {entityKind.columns
          .filter((c) => c.key !== 'name' && p.entity[c.key] !== undefined && p.entity[c.key] !== '')
          .map((c) => (
            <>
              <dt>{c.column}</dt>
              <dd>
                {c.key === 'status'
                  ? p.entity.status === 'revoked'
                    ? '已撤销'
                    : '有效'
                  : c.key === 'regionCode'
                    ? `${String(p.entity[c.key])} ${p.regionName ?? ''}`
                    : String(p.entity[c.key])}
              </dd>
            </>
          ))}
      </dl>
      <form class="inline" method="get" action={`/units/${p.uscc}`} aria-label="按日期查看">
        <label>
          查看某日生效的清单
          <input type="date" name="at" value={p.at} required />
        </label>
        <button type="submit">查看</button>
        {p.at !== p.today ? <a href={`/units/${p.uscc}`}>回到今天</a> : null}
      </form>
      <section aria-labelledby="lists">
        <h2 id="lists">公示清单（{p.at} 生效）</h2>
        {p.lists.length === 0 ? (
          <p>该执法主体尚未公示清单。</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">清单</th>
                  <th scope="col" class="num">
                    现行版本
                  </th>
                  <th scope="col">施行日期</th>
                  <th scope="col" class="num">
                    事项数
                  </th>
                  <th scope="col">状态</th>
                  <th scope="col" class="num">
                    最新版本
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.lists.map((l) => (
                  <tr>
                    <th scope="row">
                      <a href={`/units/${p.uscc}/lists/${l.kind}${qs({ at: p.at !== p.today ? p.at : undefined })}`}>
                        {l.label}
                      </a>
                    </th>
                    <td class="num">{`第${l.version}版`}</td>
                    <td>{l.effectiveFrom}</td>
                    <td class="num">{l.itemCount === undefined ? '' : fmt(l.itemCount)}</td>
                    <td>
                      {l.inForce === false ? (
                        l.status === 'repealed' ? (
                          <span class="badge warn">已废止</span>
                        ) : (
                          <span class="badge warn">尚未施行</span>
                        )
                      ) : (
                        <span class="badge ok">现行有效</span>
                      )}
                    </td>
                    <td class="num">{`第${l.latestVersion}版`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="history">
        <h2 id="history">版本历史</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">清单</th>
                <th scope="col" class="num">
                  版本
                </th>
                <th scope="col">施行日期</th>
                <th scope="col">公布时间</th>
                <th scope="col">文号</th>
                <th scope="col" class="num">
                  事项数
                </th>
              </tr>
            </thead>
            <tbody>
              {p.history.flatMap((h) =>
                [...h.versions].reverse().map((v) => (
                  <tr>
                    <th scope="row">
                      {h.kind === entityKind.id ? (
                        h.label
                      ) : (
                        <a href={`/units/${p.uscc}/lists/${h.kind}${qs({ v: v.version })}`}>{h.label}</a>
                      )}
                    </th>
                    <td class="num">
                      {`第${v.version}版`}
                      {v.status === 'repealed' ? <span class="badge warn">废止</span> : null}
                    </td>
                    <td>{v.effectiveFrom}</td>
                    <td>{chinaDateTime(v.publishedAt).slice(0, 10)}</td>
                    <td>{v.documentNumber ?? ''}</td>
                    <td class="num">{h.kind === entityKind.id ? '' : fmt(v.itemCount)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}
