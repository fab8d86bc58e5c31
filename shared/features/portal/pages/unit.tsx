/** A unit: entity details, its lists (version in force, effective date, item count) and history. */
import { entityKind } from '../../../core/kinds/index.js';
import type { VersionMeta } from '../../../core/versions.js';
import type { ListSummary } from '../../lists/index.js';
import { chinaDateTime } from '../../../core/dates.js';
import { fmt, Layout, qs } from '../layout.js';
import { versionState } from '../timeline-wording.js';
import { AsOfPicker, BannerBox, PrintHeader, StateBadge } from './common.js';

export interface UnitPageProps {
  uscc: string;
  at: string;
  today: string;
  entity: Record<string, unknown>;
  regionName?: string;
  lists: Array<ListSummary & { itemCount?: number }>;
  history: Array<{ kind: string; label: string; versions: VersionMeta[] }>;
  /** The instant asked for (?asOf=, ISO) and its Beijing-time label. */
  asOf?: string;
  asOfLabel?: string;
  /** Every version of each list recorded now (for today's status); default `history`. */
  allHistory?: Array<{ kind: string; versions: VersionMeta[] }>;
  /** The unit page's absolute URL and its QR code (SVG markup), for the printed header. */
  url?: string;
  qrSvg?: string;
}

export function UnitPage(p: UnitPageProps) {
  const name = String(p.entity.name ?? p.uscc);
  const all = p.allHistory ?? p.history;
  const versionsOf = (kind: string) => all.find((h) => h.kind === kind)?.versions ?? [];
  const pastView = p.at !== p.today || p.asOf !== undefined;
  const keep = qs({ at: p.at !== p.today ? p.at : undefined, asOf: p.asOf });
  return (
    <Layout
      title={name}
      crumbs={[{ href: '/', label: '首页' }, { href: '/units', label: '执法主体' }, { label: name }]}
    >
      <PrintHeader
        title={name}
        facts={[
          ['统一社会信用代码', p.uscc],
          ['清单施行日期', p.at],
          ...(p.asOfLabel ? ([['登记时点', `${p.asOfLabel}（北京时间）`]] as Array<[string, string]>) : []),
          ['网址', p.url ?? ''],
        ]}
        qrSvg={p.qrSvg}
      />
      <h1>{name}</h1>
      {pastView ? (
        <BannerBox
          banner={{
            tone: 'warn',
            text: `${p.asOfLabel ? `按 ${p.asOfLabel}（北京时间）登记簿所知的内容显示；` : ''}显示 ${p.at} 施行的清单；这不是今天的现行内容。`,
            today: `今天是 ${p.today}，每份清单今天的状态见下表“今天的状态”一栏。`,
            link: { href: `/units/${p.uscc}`, label: '查看今天的现行清单' },
          }}
        />
      ) : null}
      <dl class="facts">
        {entityKind.columns
          .filter((c) => c.key !== 'name' && p.entity[c.key] !== undefined && p.entity[c.key] !== '')
          .map((c) => (
            <>
              <dt>{c.column}</dt>
              <dd class={c.key === 'uscc' ? 'code' : undefined}>
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
      <form class="inline no-print" method="get" action={`/units/${p.uscc}`} aria-label="按施行日期查看">
        <label>
          查看某日施行的清单
          <input type="date" name="at" value={p.at} required />
        </label>
        <button type="submit">查看</button>
        {pastView ? <a href={`/units/${p.uscc}`}>回到今天</a> : null}
      </form>
      <div class="no-print">
        <AsOfPicker action={`/units/${p.uscc}`} asOf={p.asOf} at={p.at !== p.today ? p.at : undefined} />
      </div>
      <p class="no-print">
        <a href={`/units/${p.uscc}/decisions`}>执法决定公示（事后公开：处罚、许可等决定及其公示时限）</a>
      </p>
      <section aria-labelledby="lists">
        <h2 id="lists">{pastView ? `公示清单（${p.at} 施行的版本）` : `公示清单（今天 ${p.today} 现行）`}</h2>
        {p.lists.length === 0 ? (
          <p>该执法主体尚未公示清单。</p>
        ) : (
          <div class="table-wrap" tabindex={0} role="region" aria-label="公示清单表格">
            <table>
              <thead>
                <tr>
                  <th scope="col">清单</th>
                  <th scope="col" class="num">
                    {pastView ? `${p.at} 施行的版本` : '现行版本'}
                  </th>
                  <th scope="col">施行日期</th>
                  <th scope="col" class="num">
                    事项数
                  </th>
                  {pastView ? <th scope="col">{`${p.at} 当日`}</th> : null}
                  <th scope="col">今天的状态</th>
                  <th scope="col" class="num">
                    最新版本
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.lists.map((l) => (
                  <tr>
                    <th scope="row">
                      <a href={`/units/${p.uscc}/lists/${l.kind}${keep}`}>{l.label}</a>
                    </th>
                    <td class="num">{`第${l.version}版`}</td>
                    <td class="date">{l.effectiveFrom}</td>
                    <td class="num">{l.itemCount === undefined ? '' : fmt(l.itemCount)}</td>
                    {pastView ? (
                      <td>{l.inForce ? '施行中' : l.status === 'repealed' ? '已废止' : '尚未施行'}</td>
                    ) : null}
                    <td>
                      <StateBadge
                        state={versionState(
                          versionsOf(l.kind),
                          versionsOf(l.kind).find((v) => v.version === l.version) ?? l,
                          p.today,
                        )}
                      />
                    </td>
                    <td class="num">{`第${l.latestVersion}版`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="draws">
        <h2 id="draws">双随机抽查</h2>
        <p>
          <a href={`/units/${p.uscc}/draws`}>抽取记录</a>
          ：每次抽取的承诺、随机数轮次和结果摘要；检查完成后公示抽中的检查对象、执法检查人员和检查结果。
        </p>
      </section>
      <section aria-labelledby="history">
        <h2 id="history">版本历史</h2>
        <div class="table-wrap" tabindex={0} role="region" aria-label="版本历史表格">
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
                <th scope="col">今天的状态</th>
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
                      {v.status === 'repealed' ? '（废止决定）' : null}
                    </td>
                    <td class="date">{v.effectiveFrom}</td>
                    <td>{chinaDateTime(v.publishedAt).slice(0, 10)}</td>
                    <td>{v.documentNumber ?? ''}</td>
                    <td class="num">{h.kind === entityKind.id ? '' : fmt(v.itemCount)}</td>
                    <td>
                      <StateBadge state={versionState(versionsOf(h.kind), v, p.today)} />
                    </td>
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
