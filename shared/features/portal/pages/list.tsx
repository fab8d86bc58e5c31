/**
 * A list: the version shown (in force on a date, a chosen version, or as known at an instant), a
 * banner whenever that is not what is in force today, the version timeline with each version's
 * status, the date and as-known-on pickers, a diff form, downloads, a QR code of the immutable
 * version URL, a print header, and the version's verification status when the transparency log is served.
 */
import type { RecordKind } from '../../../core/kinds/index.js';
import type { VersionMeta } from '../../../core/versions.js';
import { chinaDateTime } from '../../../core/dates.js';
import { fmt, Layout, qs } from '../layout.js';
import {
  scheduledNotice,
  stateLabel,
  versionState,
  viewBanner,
  type Banner,
  type VersionFacts,
} from '../timeline-wording.js';
import { AsOfPicker, BannerBox, PrintHeader, QrFigure, StateBadge } from './common.js';

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
  /** Versions as known at asOf (all when there is no asOf). */
  versions: VersionMeta[];
  /** Every version recorded now, so the page can say what is in force today; default `versions`. */
  allVersions?: VersionMeta[];
  /** The instant asked for (?asOf=, ISO) and its Beijing-time label. */
  asOf?: string;
  asOfLabel?: string;
  shown?: { meta: VersionMeta; items: Array<Record<string, unknown>>; offset: number; nextOffset?: number };
  /** Why nothing is shown (not yet in force, repealed). */
  notice?: string;
  verification?: Verification | 'pending';
  pageSize: number;
  /** The absolute, immutable URL of the version shown, and its QR code (SVG markup). */
  versionUrl?: string;
  qrSvg?: string;
}

const cell = (v: unknown) => (v === true ? '是' : v === false ? '否' : v === undefined || v === null ? '' : String(v));

type Shown = Record<string, unknown>;

/** A tiered item's tiers (裁量阶次), one line each: 从轻：情形：处罚标准, then the tier's own columns (heading text). */
const tiersText = (kind: RecordKind, item: Shown) =>
  ((item[kind.tiers?.field ?? ''] as Shown[] | undefined) ?? [])
    .map((t) =>
      [
        t.level,
        t.conditions,
        t.standard,
        ...((t.additional as Array<{ heading: string; text: string }> | undefined) ?? []).map(
          (a) => `${a.heading} ${a.text}`,
        ),
      ]
        .filter((x) => x !== undefined)
        .join('：'),
    )
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
  const all: VersionFacts[] = p.allVersions ?? p.versions;
  const latest = p.versions.at(-1);
  const previous = meta ? p.versions.filter((v) => v.version < meta.version).at(-1) : undefined;
  const page = p.shown ? Math.floor(p.shown.offset / p.pageSize) + 1 : 1;
  // A column for the section and additional attributes only when an item on this page has any.
  const hasOther = (p.shown?.items ?? []).some((item) => otherText(item) !== '');
  const view = { today: p.today, at: p.at, chosen: p.chosen, asOf: p.asOf, asOfLabel: p.asOfLabel };
  const banner: Banner | undefined = viewBanner(all, meta, view, base);
  const upcoming = scheduledNotice(all, p.today);
  const state = meta ? versionState(all, meta, p.today) : undefined;
  const keep = { v: p.chosen, at: p.at !== p.today ? p.at : undefined, asOf: p.asOf };
  return (
    <Layout
      title={`${p.kind.label} · ${p.unitName}`}
      crumbs={[{ href: '/', label: '首页' }, { href: `/units/${p.uscc}`, label: p.unitName }, { label: p.kind.label }]}
    >
      {meta ? (
        <PrintHeader
          title={`${p.unitName} · ${p.kind.label}`}
          facts={[
            ['版本', `第${meta.version}版`],
            ['文号', meta.documentNumber ?? '（无）'],
            ['施行日期', meta.effectiveFrom],
            ['状态', stateLabel(state!).text],
            ['内容哈希', meta.contentHash],
            ['网址', p.versionUrl ?? ''],
          ]}
          qrSvg={p.qrSvg}
        />
      ) : null}
      <h1>
        {p.kind.label}
        <span class="muted">{` · ${p.unitName}`}</span>
      </h1>
      {banner ? <BannerBox banner={banner} /> : null}
      {upcoming && upcoming.version !== meta?.version ? (
        <p class="notice" role="note">
          {upcoming.text} <a href={`${base}${qs({ v: upcoming.version })}`}>{`查看第${upcoming.version}版`}</a>
        </p>
      ) : null}
      {meta ? (
        <section aria-labelledby="version-heading">
          <h2 id="version-heading">
            {`第${meta.version}版`}
            <StateBadge state={state!} />
          </h2>
          <div class="version-card">
            <dl class="facts">
              <dt>施行日期</dt>
              <dd class="date">{meta.effectiveFrom}</dd>
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
                  <span class="muted">本站未启用透明日志</span>
                ) : p.verification === 'pending' ? (
                  <span>该版本即将记入公开的透明日志，稍后可核验。</span>
                ) : (
                  <>
                    <span>{`该版本已记入公开的透明日志（第 ${p.verification.leafIndex + 1} 条记录），任何人都可核验它此后未被改动。`}</span>{' '}
                    <a href={p.verification.proofUrl}>查看核验证明</a>
                  </>
                )}
              </dd>
            </dl>
            {p.qrSvg ? (
              <QrFigure
                svg={p.qrSvg}
                caption={`扫码打开第${meta.version}版（内容哈希 ${meta.contentHash.slice(0, 12)}…）`}
              />
            ) : null}
          </div>
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
          <div class="table-wrap cards" tabindex={0} role="region" aria-label={`第${meta.version}版事项表`}>
            <table class="cards items">
              <caption>
                {`第${meta.version}版 共 ${fmt(meta.itemCount)} ` +
                  `项${
                    p.shown!.nextOffset !== undefined || p.shown!.offset > 0
                      ? `，本页第 ${p.shown!.offset + 1}–${p.shown!.offset + p.shown!.items.length} 项`
                      : ''
                  }`}
              </caption>
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
                          <th scope="row" data-label={c.column}>
                            {cell(item[c.key] ?? p.shown!.offset + i + 1)}
                          </th>
                        ) : (
                          <td data-label={c.column}>{cell(item[c.key])}</td>
                        ),
                      )}
                    {p.kind.tiers ? (
                      <td class="pre" data-label="裁量阶次">
                        {tiersText(p.kind, item)}
                      </td>
                    ) : null}
                    {hasOther ? (
                      <td class="pre" data-label="其他信息">
                        {otherText(item)}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.shown!.offset > 0 || p.shown!.nextOffset !== undefined ? (
            <nav class="pager" aria-label="分页">
              {page > 1 ? (
                <a href={`${base}${qs({ ...keep, v: meta.version, page: page - 1 })}`} rel="prev">
                  上一页
                </a>
              ) : null}
              <span>{`第 ${page} 页`}</span>
              {p.shown!.nextOffset !== undefined ? (
                <a href={`${base}${qs({ ...keep, v: meta.version, page: page + 1 })}`} rel="next">
                  下一页
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      ) : (
        <p class="summary-card" role="status">
          {p.notice ?? '指定日期没有施行中的版本'}
        </p>
      )}
      <section aria-labelledby="pick-heading" class="no-print">
        <h2 id="pick-heading">查看其他日期</h2>
        <form class="inline" method="get" action={base} aria-label="按施行日期查看">
          <label>
            查看某日施行的版本
            <input type="date" name="at" value={p.at} required />
          </label>
          <button type="submit">查看</button>
          {p.at !== p.today || p.chosen || p.asOf ? <a href={base}>回到今天的现行版本</a> : null}
        </form>
        <AsOfPicker action={base} asOf={p.asOf} at={p.at !== p.today ? p.at : undefined} />
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline">版本时间线</h2>
        <div class="table-wrap" tabindex={0} role="region" aria-label="版本时间线表格">
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
                  <td class="date">{v.effectiveFrom}</td>
                  <td>{chinaDateTime(v.publishedAt)}</td>
                  <td>{v.documentNumber ?? ''}</td>
                  <td class="num">{v.status === 'repealed' ? '废止决定' : fmt(v.itemCount)}</td>
                  <td>
                    <StateBadge state={versionState(all, v, p.today)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {p.versions.length > 1 ? (
          <form class="inline no-print" method="get" action={`${base}/diff`} aria-label="版本比对">
            <label>
              比对：从
              <select name="from">
                {p.versions.map((v) => (
                  <option
                    value={String(v.version)}
                    selected={v.version === (previous?.version ?? p.versions[0]!.version)}
                  >{`第${v.version}版（${v.effectiveFrom} 施行）`}</option>
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
                  >{`第${v.version}版（${v.effectiveFrom} 施行）`}</option>
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
