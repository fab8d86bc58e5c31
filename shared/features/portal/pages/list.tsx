/**
 * A list: its items (the version in force on a date, or a chosen version), the
 * version timeline, the date picker, a diff form, downloads, and the version's
 * verification status when the transparency log is available.
 */
import type { RecordKind } from '../../../core/kinds/index.js';
import type { VersionMeta } from '../../../core/versions.js';
import { chinaDateTime } from '../../../core/dates.js';
import { fmt, Layout, qs } from '../layout.js';

export interface Verification {
  leafIndex: number;
  proofUrl: string;
}

export interface ListPageProps {
  uscc: string;
  unitName: string;
  kind: RecordKind;
  at: string;
  today: string;
  /** Set when a version was chosen explicitly (?v=). */
  chosen?: number;
  versions: VersionMeta[];
  shown?: { meta: VersionMeta; items: Array<Record<string, unknown>>; offset: number; nextOffset?: number };
  /** Why nothing is shown (not yet in force, repealed). */
  notice?: string;
  verification?: Verification | 'pending';
  pageSize: number;
}

const cell = (v: unknown) => (v === true ? '是' : v === false ? '否' : v === undefined || v === null ? '' : String(v));

type Shown = Record<string, unknown>;

/** A tiered item's tiers (裁量阶次), one line each: 从轻：情形；处罚标准. */
const tiersText = (kind: RecordKind, item: Shown) =>
  ((item[kind.tiers?.field ?? ''] as Shown[] | undefined) ?? [])
    .map((t) => [t.level, t.conditions, t.standard].filter((x) => x !== undefined).join('：'))
    .join('\n');

/** What the source published besides the kind's fields: the section, then each additional column, heading：text. */
const otherText = (item: Shown) =>
  [
    ...(item.section !== undefined ? [`所属分类：${String(item.section)}`] : []),
    ...((item.additional as Array<{ heading: string; text: string }> | undefined) ?? []).map(
      (a) => `${a.heading}：${a.text}`,
    ),
  ].join('\n');

export function ListPage(p: ListPageProps) {
  const meta = p.shown?.meta;
  const base = `/units/${p.uscc}/lists/${p.kind.id}`;
  const api = meta ? `/v1/units/${p.uscc}/lists/${p.kind.id}/versions/${meta.version}` : undefined;
  const latest = p.versions.at(-1);
  const previous = meta ? p.versions.filter((v) => v.version < meta.version).at(-1) : undefined;
  const page = p.shown ? Math.floor(p.shown.offset / p.pageSize) + 1 : 1;
  // A column for the section and additional attributes only when an item on this page has any.
  const hasOther = (p.shown?.items ?? []).some((item) => otherText(item) !== '');
  return (
    <Layout
      title={`${p.kind.label} · ${p.unitName}`}
      crumbs={[{ href: '/', label: '首页' }, { href: `/units/${p.uscc}`, label: p.unitName }, { label: p.kind.label }]}
    >
      <h1>
        {p.kind.label}
        <span class="muted">{` · ${p.unitName}`}</span>
      </h1>
      <form class="inline" method="get" action={base} aria-label="按日期查看">
        <label>
          查看某日生效的版本
          <input type="date" name="at" value={p.at} required />
        </label>
        <button type="submit">查看</button>
        {p.at !== p.today || p.chosen ? <a href={base}>回到今天</a> : null}
      </form>
      {meta ? (
        <section aria-labelledby="version-heading">
          <h2 id="version-heading">
            {`第${meta.version}版`}
            {p.chosen ? null : <span class="muted">{` · ${p.at} 生效`}</span>}
          </h2>
          <dl class="facts">
            <dt>施行日期</dt>
            <dd>{meta.effectiveFrom}</dd>
            <dt>公布时间</dt>
            <dd>{chinaDateTime(meta.publishedAt)}（北京时间）</dd>
            {meta.documentNumber ? (
              <>
                <dt>文号</dt>
                <dd>{meta.documentNumber}</dd>
              </>
            ) : null}
            <dt>事项数</dt>
            <dd>{fmt(meta.itemCount)}</dd>
            <dt>内容哈希</dt>
            <dd>
              <code>{meta.contentHash}</code>
            </dd>
            <dt>核验</dt>
            <dd>
              {p.verification === undefined ? (
                <span class="muted">透明日志尚未启用</span>
              ) : p.verification === 'pending' ? (
                <span class="badge warn">待记入透明日志</span>
              ) : (
                <>
                  <span class="badge ok">{`已记入透明日志 · 叶序号 ${p.verification.leafIndex}`}</span>{' '}
                  <a href={p.verification.proofUrl}>包含证明</a>
                </>
              )}
            </dd>
          </dl>
          <p class="downloads" aria-label="下载">
            <a href={`${api}?format=csv`} download>
              下载 CSV
            </a>
            <a href={`${api}?format=xlsx`} download>
              下载 XLSX
            </a>
            <a href={`${api}?limit=10000`}>JSON</a>
            {previous ? (
              <a href={`${base}/diff${qs({ from: previous.version, to: meta.version })}`}>
                与第{previous.version}版比对
              </a>
            ) : null}
          </p>
          <div class="table-wrap">
            <table>
              <caption>{`第${meta.version}版 共 ${fmt(meta.itemCount)} 项${p.shown!.nextOffset !== undefined || p.shown!.offset > 0 ? `，本页第 ${p.shown!.offset + 1}–${p.shown!.offset + p.shown!.items.length} 项` : ''}`}</caption>
              <thead>
                <tr>
                  {p.kind.columns
                    .filter((c) => !c.tier)
                    .map((c) => (
                      <th scope="col">{c.column}</th>
                    ))}
                  {p.kind.tiers ? <th scope="col">{p.kind.tiers.label}</th> : null}
                  {hasOther ? <th scope="col">其他信息</th> : null}
                </tr>
              </thead>
              <tbody>
                {p.shown!.items.map((item, i) => (
                  <tr id={`item-${p.shown!.offset + i + 1}`}>
                    {p.kind.columns
                      .filter((c) => !c.tier)
                      .map((c, k) =>
                        k === 0 ? (
                          <th scope="row">{cell(item[c.key] ?? p.shown!.offset + i + 1)}</th>
                        ) : (
                          <td>{cell(item[c.key])}</td>
                        ),
                      )}
                    {p.kind.tiers ? <td class="pre">{tiersText(p.kind, item)}</td> : null}
                    {hasOther ? <td class="pre">{otherText(item)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.shown!.offset > 0 || p.shown!.nextOffset !== undefined ? (
            <nav class="pager" aria-label="分页">
              {page > 1 ? (
                <a href={`${base}${qs({ v: meta.version, page: page - 1 })}`} rel="prev">
                  上一页
                </a>
              ) : null}
              <span>{`第 ${page} 页`}</span>
              {p.shown!.nextOffset !== undefined ? (
                <a href={`${base}${qs({ v: meta.version, page: page + 1 })}`} rel="next">
                  下一页
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      ) : (
        <p class="summary-card" role="status">
          {p.notice ?? '指定日期无生效版本'}
        </p>
      )}
      <section aria-labelledby="timeline">
        <h2 id="timeline">版本时间线</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col" class="num">
                  版本
                </th>
                <th scope="col">施行日期</th>
                <th scope="col">公布时间</th>
                <th scope="col">文号</th>
                <th scope="col" class="num">
                  事项数
                </th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {[...p.versions].reverse().map((v) => (
                <tr>
                  <th scope="row" class="num">
                    {meta?.version === v.version ? (
                      <span aria-current="true">{`第${v.version}版（当前显示）`}</span>
                    ) : (
                      <a href={`${base}${qs({ v: v.version })}`}>{`第${v.version}版`}</a>
                    )}
                  </th>
                  <td>{v.effectiveFrom}</td>
                  <td>{chinaDateTime(v.publishedAt)}</td>
                  <td>{v.documentNumber ?? ''}</td>
                  <td class="num">{fmt(v.itemCount)}</td>
                  <td>
                    {v.status === 'repealed' ? (
                      <span class="badge warn">废止</span>
                    ) : v.effectiveFrom > p.today ? (
                      <span class="badge warn">尚未施行</span>
                    ) : (
                      '公布'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {p.versions.length > 1 ? (
          <form class="inline" method="get" action={`${base}/diff`} aria-label="版本比对">
            <label>
              比对：从
              <select name="from">
                {p.versions.map((v) => (
                  <option
                    value={String(v.version)}
                    selected={v.version === (previous?.version ?? p.versions[0]!.version)}
                  >{`第${v.version}版（${v.effectiveFrom}）`}</option>
                ))}
              </select>
            </label>
            <label>
              到
              <select name="to">
                {p.versions.map((v) => (
                  <option
                    value={String(v.version)}
                    selected={v.version === (meta?.version ?? latest?.version)}
                  >{`第${v.version}版（${v.effectiveFrom}）`}</option>
                ))}
              </select>
            </label>
            <button type="submit">比对</button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
}
