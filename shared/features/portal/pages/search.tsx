/** Search results with highlights and filters (a GET form; works without JavaScript). */
import { listKinds } from '../../../core/kinds/index.js';
import type { SearchBody } from '../../search/index.js';
import { fmt, Layout, Marked, qs } from '../layout.js';
import { RegionPicker } from './common.js';

export interface SearchForm {
  q?: string;
  region?: string;
  kind?: string;
  category?: string;
  random?: string;
  domain?: string;
  at?: string;
  page: number;
}

export const SEARCH_PAGE_SIZE = 20;

export function SearchPage(props: { form: SearchForm; prefix: string; result?: SearchBody }) {
  const f = props.form;
  const r = props.result;
  const pages = r ? Math.ceil(r.total / SEARCH_PAGE_SIZE) : 0;
  const link = (page: number) => `/search${qs({ ...f, page: page > 1 ? page : undefined })}`;
  const hidden = Object.entries({
    region: f.region,
    kind: f.kind,
    category: f.category,
    random: f.random,
    domain: f.domain,
    at: f.at,
  }).filter((e): e is [string, string] => Boolean(e[1]));
  return (
    <Layout title={f.q ? `检索：${f.q}` : '检索'} crumbs={[{ href: '/', label: '首页' }, { label: '检索' }]}>
      <h1>检索执法主体与清单事项</h1>
      <form class="inline search-big" method="get" action="/search" role="search" aria-label="检索">
        <label for="search-q" class="muted">
          执法主体名称、统一社会信用代码或执法事项（简体、繁体均可）
        </label>
        <input
          id="search-q"
          type="search"
          name="q"
          value={f.q ?? ''}
          maxlength={200}
          placeholder="如：沅江市市场监督管理局、11430981…"
        />
        {hidden.map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <button type="submit">检索</button>
      </form>
      {r ? (
        <>
          {r.units.length > 0 ? (
            <section class="unit-hits" aria-labelledby="unit-hits-heading">
              <h2 id="unit-hits-heading">{`执法主体 ${fmt(r.units.length)} 个`}</h2>
              <ol>
                {r.units.map((u) => (
                  <li>
                    <a class="name" href={`/units/${u.uscc}`}>
                      {u.name}
                    </a>
                    <br />
                    <span class="muted">
                      统一社会信用代码 <span class="code">{u.uscc}</span>
                      {u.regionName ? ` · ${u.regionName}` : ''}
                      {u.domain ? ` · ${u.domain}` : ''}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <section aria-labelledby="results-heading">
            <h2 id="results-heading" aria-live="polite">
              {r.total === 0 && r.units.length > 0 ? '清单事项：无匹配' : `清单事项 共 ${fmt(r.total)} 条`}
              <span class="muted">{` · ${r.at} 施行的清单`}</span>
            </h2>
            {Object.keys(r.kinds).length > 1 ? (
              <p class="muted">
                {listKinds
                  .filter((k) => r.kinds[k.id])
                  .map((k) => (
                    <>
                      <a
                        href={`/search${qs({ ...f, kind: k.id, page: undefined })}`}
                      >{`${k.shortLabel} ${r.kinds[k.id]}`}</a>{' '}
                    </>
                  ))}
              </p>
            ) : null}
            <ol class="results" start={r.offset + 1}>
              {r.results.map((hit) => {
                const titleField = 'name' in hit.item ? 'name' : 'violation';
                const titleHl = hit.highlights.find((h) => h.field === titleField);
                return (
                  <li>
                    <h3>
                      <a href={`/units/${hit.unit.uscc}/lists/${hit.kind}${qs({ at: r.at })}#item-${hit.position}`}>
                        {titleHl && titleHl.text === hit.title ? (
                          <Marked text={titleHl.text} ranges={titleHl.ranges} />
                        ) : (
                          hit.title
                        )}
                      </a>
                    </h3>
                    <p class="muted">
                      <a href={`/units/${hit.unit.uscc}`}>{hit.unit.name}</a>
                      {` · ${hit.kindLabel} 第${hit.version}版（自 ${hit.effectiveFrom} 起施行）· 第 ${hit.position} 项`}
                      {hit.item.category ? <span class="badge">{String(hit.item.category)}</span> : null}
                      {hit.item.randomInspection === true ? <span class="badge">双随机</span> : null}
                    </p>
                    {hit.highlights
                      .filter((h) => !(h.field === titleField && h.text === hit.title))
                      .map((h) => (
                        <p class="hl">
                          <b>{h.column}</b>
                          <Marked text={h.text} ranges={h.ranges} />
                        </p>
                      ))}
                  </li>
                );
              })}
            </ol>
            {pages > 1 ? (
              <nav class="pager" aria-label="分页">
                {f.page > 1 ? (
                  <a href={link(f.page - 1)} rel="prev">
                    上一页
                  </a>
                ) : null}
                <span>{`第 ${f.page} / ${pages} 页`}</span>
                {f.page < pages ? (
                  <a href={link(f.page + 1)} rel="next">
                    下一页
                  </a>
                ) : null}
              </nav>
            ) : null}
          </section>
        </>
      ) : (
        <p class="muted">
          输入检索词，或选择清单、类别等条件后检索。简体与繁体、全角与半角、大小写与标点均不影响结果。
        </p>
      )}
      <details class="filters" open={r ? undefined : true}>
        <summary>{r ? '更多检索条件（清单、类别、地区、日期）' : '检索条件'}</summary>
        <form class="inline" method="get" action="/search" aria-label="检索条件">
          <label>
            检索词
            <input
              type="search"
              name="q"
              value={f.q ?? ''}
              maxlength={200}
              placeholder="简体、繁体均可，空格分隔多个词"
            />
          </label>
          <label>
            清单
            <select name="kind">
              <option value="">全部清单</option>
              {listKinds.map((k) => (
                <option value={k.id} selected={f.kind === k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            检查类别
            <select name="category">
              <option value="">不限</option>
              <option value="一般" selected={f.category === '一般'}>
                一般
              </option>
              <option value="重点" selected={f.category === '重点'}>
                重点
              </option>
            </select>
          </label>
          <label>
            双随机
            <select name="random">
              <option value="">不限</option>
              <option value="是" selected={f.random === '是'}>
                是
              </option>
              <option value="否" selected={f.random === '否'}>
                否
              </option>
            </select>
          </label>
          <label>
            执法领域
            <input type="text" name="domain" value={f.domain ?? ''} maxlength={100} placeholder="如：市场监管" />
          </label>
          <label>
            施行日期
            <input type="date" name="at" value={f.at ?? ''} />
          </label>
          {f.region ? <input type="hidden" name="region" value={f.region} /> : null}
          <button type="submit">检索</button>
        </form>
        <RegionPicker
          action="/search"
          prefix={props.prefix}
          keep={{ q: f.q, kind: f.kind, category: f.category, random: f.random, domain: f.domain, at: f.at }}
        />
      </details>
    </Layout>
  );
}
