/**
 * Portal pages of 事后公示: a unit's decisions of a year (with its deadline clock) and one decision. Both render the
 * public view only (./service.ts `publicView`): the redacted content while a decision is in its publicity period,
 * the trace of a withdrawal or an expiry, an overdue decision without content. No script; tables turn into cards on
 * a phone (the portal's `table.cards`).
 */
import { fmt, Layout, qs } from '../portal/index.js';
import type { ClockReading } from './deadlines.js';
import type { PublicDecision } from './service.js';

const STATE: Record<PublicDecision['state'], { text: string; tone: 'ok' | 'warn' | 'info' }> = {
  published: { text: '公示中', tone: 'ok' },
  withdrawn: { text: '已撤回', tone: 'warn' },
  expired: { text: '公示期满', tone: 'info' },
  overdue: { text: '逾期未公示', tone: 'warn' },
};

function StateBadge(p: { state: PublicDecision['state'] }) {
  const s = STATE[p.state];
  return <span class={`badge ${s.tone}`}>{s.text}</span>;
}

/** The deadline verdict in words: on time, late by N working days, overdue by N, or still within the deadline. */
export function clockVerdict(c: ClockReading, what = '公示'): string {
  const provisional = c.provisional ? '（期限按周末推算，待节假日安排公布后重算）' : '';
  switch (c.state) {
    case 'on-time':
      return `按时${what}（期限 ${c.dueBy}，${c.doneOn} ${what}）${provisional}`;
    case 'late':
      return `逾期${what}：超过期限 ${c.workingDaysLate} 个工作日（期限 ${c.dueBy}，${c.doneOn} ${what}）${provisional}`;
    case 'overdue':
      return `逾期未${what}：已超过期限 ${c.workingDaysLate} 个工作日（期限 ${c.dueBy}）${provisional}`;
    default:
      return `尚在${what}期限内（期限 ${c.dueBy}）${provisional}`;
  }
}

const yuan = (n: number | undefined) => (n === undefined ? undefined : `${fmt(n)} 元`);

export interface UnitDecisionsProps {
  uscc: string;
  unitName: string;
  year: number;
  years: number[];
  items: PublicDecision[];
  next?: string;
  counts: Record<'on-time' | 'late' | 'overdue' | 'pending', number>;
}

export function UnitDecisionsPage(p: UnitDecisionsProps) {
  const crumbs = [
    { href: '/', label: '首页' },
    { href: `/units/${p.uscc}`, label: p.unitName },
    { label: '执法决定公示' },
  ];
  return (
    <Layout title={`${p.unitName} 执法决定公示`} crumbs={crumbs} canonical={`/units/${p.uscc}/decisions`}>
      <h1>{`${p.unitName}：执法决定公示（${p.year}年）`}</h1>
      <p>
        行政许可、行政处罚决定应在作出之日起7个工作日内公示，其他执法决定20个工作日内；工作日按国务院公布的节假日和调休安排计算。
        公示期满或决定被撤销、变更后，内容不再显示，只保留记录。当事人的个人信息均已去除。
      </p>
      <form class="inline" method="get" action={`/units/${p.uscc}/decisions`} aria-label="选择年度">
        <label>
          年度
          <select name="year">
            {p.years.map((y) => (
              <option value={String(y)} selected={y === p.year}>{`${y}年`}</option>
            ))}
          </select>
        </label>
        <button type="submit">查看</button>
      </form>
      <section aria-labelledby="clock">
        <h2 id="clock">公示时限</h2>
        <p class={`summary-card ${p.counts.overdue + p.counts.late > 0 ? 'warn' : 'ok'}`} role="status">
          {[
            `按时公示 ${fmt(p.counts['on-time'])} 件`,
            `逾期公示 ${fmt(p.counts.late)} 件`,
            `逾期未公示 ${fmt(p.counts.overdue)} 件`,
            `尚在期限内 ${fmt(p.counts.pending)} 件。`,
          ].join('，')}
        </p>
      </section>
      <section aria-labelledby="decisions">
        <h2 id="decisions">执法决定</h2>
        {p.items.length === 0 ? (
          <p role="status">{`${p.year}年没有公开的执法决定。`}</p>
        ) : (
          <div class="table-wrap cards" tabindex={0} role="region" aria-label="执法决定列表">
            <table class="cards">
              <caption>{`${p.year}年执法决定（按决定日期）`}</caption>
              <thead>
                <tr>
                  <th scope="col">决定书文号</th>
                  <th scope="col">决定类型</th>
                  <th scope="col">决定日期</th>
                  <th scope="col">状态</th>
                  <th scope="col">公示时限</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((d) => (
                  <tr>
                    <th scope="row" data-label="决定书文号">
                      <a href={`/decisions/${d.id}`}>{d.number}</a>
                    </th>
                    <td data-label="决定类型">{d.type}</td>
                    <td data-label="决定日期">{d.decisionDate}</td>
                    <td data-label="状态">
                      <StateBadge state={d.state} />
                    </td>
                    <td data-label="公示时限">{clockVerdict(d.publication)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {p.next ? (
          <p>
            <a href={`/units/${p.uscc}/decisions${qs({ year: p.year, cursor: p.next })}`}>下一页</a>
          </p>
        ) : null}
      </section>
      <p class="muted">
        {'数据接口：'}
        <a href={`/v1/units/${p.uscc}/decisions${qs({ from: `${p.year}-01-01`, to: `${p.year}-12-31` })}`}>JSON</a>
      </p>
    </Layout>
  );
}

export function DecisionPage(p: { decision: PublicDecision; unitName: string }) {
  const d = p.decision;
  const c = d.content;
  const crumbs = [
    { href: '/', label: '首页' },
    { href: `/units/${d.unit}`, label: p.unitName },
    { href: `/units/${d.unit}/decisions${qs({ year: d.decisionDate.slice(0, 4) })}`, label: '执法决定公示' },
    { label: d.number },
  ];
  const status =
    d.state === 'published'
      ? `公示中${d.publicity.expiresOn ? `，公示期至 ${d.publicity.expiresOn}` : ''}`
      : d.state === 'withdrawn'
        ? `已撤回公示（${d.withdrawal?.recordedOn ?? ''}）`
        : d.state === 'expired'
          ? `公示期已于 ${d.expired?.on ?? d.publicity.expiresOn ?? ''} 届满，内容不再公示`
          : '该决定已超过公示期限，执法主体尚未公示';
  return (
    <Layout title={`执法决定 ${d.number}`} crumbs={crumbs} canonical={`/decisions/${d.id}`}>
      <h1>{`${d.type}决定：${d.number}`}</h1>
      <p class={`summary-card ${STATE[d.state].tone === 'ok' ? 'ok' : 'warn'}`} role="status">
        <StateBadge state={d.state} /> <strong>{status}</strong>
      </p>
      <dl class="facts">
        <dt>作出决定的执法主体</dt>
        <dd>
          <a href={`/units/${d.unit}`}>{p.unitName}</a>
        </dd>
        <dt>决定日期</dt>
        <dd>{d.decisionDate}</dd>
        <dt>公示时限</dt>
        <dd>{clockVerdict(d.publication)}</dd>
        {d.publicity.ruleSet ? (
          <>
            <dt>公示期限规则</dt>
            <dd>{`${d.publicity.ruleSet}${d.publicity.months ? `：公示 ${d.publicity.months} 个月` : ''}`}</dd>
          </>
        ) : null}
      </dl>
      {d.withdrawal ? (
        <section aria-labelledby="withdrawal">
          <h2 id="withdrawal">撤回公示</h2>
          <dl class="facts">
            <dt>撤回理由</dt>
            <dd>{`${d.withdrawal.ground}：${d.withdrawal.reason}`}</dd>
            <dt>依据的文书</dt>
            <dd>{`${d.withdrawal.actNumber}（${d.withdrawal.actDate}）`}</dd>
            <dt>撤回时限</dt>
            <dd>{clockVerdict(d.withdrawal.clock, '撤回')}</dd>
          </dl>
        </section>
      ) : null}
      {c ? (
        <section aria-labelledby="content">
          <h2 id="content">公示内容</h2>
          <dl class="facts">
            <dt>当事人</dt>
            <dd>{`${c.party.name}（${c.party.type}）`}</dd>
            {c.party.uscc ? (
              <>
                <dt>统一社会信用代码</dt>
                <dd class="code">{c.party.uscc}</dd>
              </>
            ) : null}
            {c.party.representative ? (
              <>
                <dt>法定代表人（负责人）</dt>
                <dd>{c.party.representative}</dd>
              </>
            ) : null}
            <dt>{d.type === '行政处罚' ? '主要违法事实' : '决定事项'}</dt>
            <dd>{c.facts}</dd>
            <dt>依据</dt>
            <dd>{c.basis}</dd>
            {c.penaltyKinds.length > 0 ? (
              <>
                <dt>处罚种类</dt>
                <dd>{c.penaltyKinds.join('、')}</dd>
              </>
            ) : null}
            {c.fineYuan !== undefined ? (
              <>
                <dt>罚款金额</dt>
                <dd>{yuan(c.fineYuan)}</dd>
              </>
            ) : null}
            {c.confiscatedYuan !== undefined ? (
              <>
                <dt>没收金额</dt>
                <dd>{yuan(c.confiscatedYuan)}</dd>
              </>
            ) : null}
            <dt>决定内容</dt>
            <dd>{c.content}</dd>
            <dt>程序</dt>
            <dd>{`${c.procedure}程序`}</dd>
            <dt>执法人员执法证号</dt>
            <dd>
              {c.officers.map((n, i) => (
                <>
                  {i > 0 ? '、' : ''}
                  <a href={`/certificates/${encodeURIComponent(n)}${qs({ at: d.decisionDate })}`}>{n}</a>
                </>
              ))}
            </dd>
            {c.discretion ? (
              <>
                <dt>适用的裁量基准</dt>
                <dd>{`${c.discretion.kind} 第${c.discretion.version}版 事项 ${c.discretion.itemCode}`}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      <p class="muted">
        {'承诺值（当事人可凭决定全文和登记时取得的随机数核对）：'}
        <span class="code">{d.commitment}</span>
      </p>
      <p class="muted">
        {'数据接口：'}
        <a href={`/v1/decisions/${d.id}`}>JSON</a>
      </p>
    </Layout>
  );
}
