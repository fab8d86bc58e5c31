/** The auditor's page: the audit trail filtered, its exports, a list as known at a time, the log's check. */
import { chinaDateTime } from '../../../core/dates.js';
import type { RecordKind } from '../../../core/kinds/index.js';
import { regionName } from '../../../core/region.js';
import { qs } from '../../portal/index.js';
import type { VerificationResult } from '../../verifier/index.js';
import type { AuditRecord } from '../../workflow/index.js';
import { ACTION_LABELS, AUDIT_COLUMNS, auditRow, OUTCOME_LABELS } from '../audit-view.js';
import type { AuditFilter } from '../service.js';
import type { Session } from '../session.js';
import { text, WbLayout, WB } from './shell.js';

export interface AsKnown {
  uscc: string;
  kind: RecordKind;
  at: string;
  asOf: string;
  version?: number;
  items: Array<Record<string, unknown>>;
  error?: string;
}

export function AuditPage(props: {
  session: Session;
  filter: AuditFilter & { fromDate?: string; toDate?: string };
  records: AuditRecord[];
  kinds: readonly RecordKind[];
  asKnown?: AsKnown;
  checkpoint?: { size: number; note: string };
  /** The last scheduled verification of each region the auditor covers. */
  verifications?: VerificationResult[];
}) {
  const f = props.filter;
  const exportQs = (format: string) =>
    qs({ unit: f.unit, actor: f.actor, action: f.action, outcome: f.outcome, from: f.fromDate, to: f.toDate, format });
  const k = props.asKnown;
  return (
    <WbLayout title="全过程记录" session={props.session} crumbs={[{ label: '全过程记录' }]}>
      <h1>全过程记录</h1>
      <form method="get" action={`${WB}/audit`} class="inline" aria-label="筛选记录">
        <label>
          执法主体（统一社会信用代码）
          <input name="unit" value={f.unit ?? ''} maxlength={18} />
        </label>
        <label>
          操作人
          <input name="actor" value={f.actor ?? ''} />
        </label>
        <label>
          操作
          <select name="action">
            <option value="">（全部）</option>
            {Object.entries(ACTION_LABELS).map(([v, l]) => (
              <option value={v} selected={f.action === v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          结果
          <select name="outcome">
            <option value="">（全部）</option>
            {Object.entries(OUTCOME_LABELS).map(([v, l]) => (
              <option value={v} selected={f.outcome === v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          起始日期
          <input type="date" name="from" value={f.fromDate ?? ''} />
        </label>
        <label>
          截止日期
          <input type="date" name="to" value={f.toDate ?? ''} />
        </label>
        <button type="submit">筛选</button>
      </form>
      <ul class="downloads">
        <li>
          <a href={`${WB}/audit${exportQs('csv')}`}>导出 CSV</a>
        </li>
        <li>
          <a href={`${WB}/audit${exportQs('xlsx')}`}>导出 Excel</a>
        </li>
      </ul>
      <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
        <table>
          <caption>{`共 ${props.records.length} 条记录（时间为北京时间）`}</caption>
          <thead>
            <tr>
              {AUDIT_COLUMNS.slice(0, 10).map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.records.map((r) => (
              <tr>
                {auditRow(r)
                  .slice(0, 10)
                  .map((v) => (
                    <td>{v}</td>
                  ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="as-known">
        <h2 id="as-known">某日生效的清单（以某一时刻所知为准）</h2>
        <form method="get" action={`${WB}/audit`} class="inline" aria-label="查看历史清单">
          <label>
            统一社会信用代码
            <input name="listUnit" value={k?.uscc ?? ''} maxlength={18} required />
          </label>
          <label>
            清单
            <select name="kind">
              {props.kinds.map((kind) => (
                <option value={kind.id} selected={k?.kind.id === kind.id}>
                  {kind.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            生效日期
            <input type="date" name="at" value={k?.at ?? ''} required />
          </label>
          <label>
            所知时刻
            <input type="datetime-local" name="asOf" value={k?.asOf ?? ''} required />
          </label>
          <button type="submit">查看</button>
        </form>
        {k?.error ? <p role="alert">{k.error}</p> : null}
        {k && !k.error ? (
          <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
            <table>
              <caption>{`${k.kind.label}：${k.at} 生效的第${k.version}版（截至北京时间 ${k.asOf.replace('T', ' ')} 所知）`}</caption>
              <thead>
                <tr>
                  {k.kind.columns.map((c) => (
                    <th scope="col">{c.column}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {k.items.map((item) => (
                  <tr>
                    {k.kind.columns.map((c) => (
                      <td>{text(item[c.key])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="ledger">
        <h2 id="ledger">透明日志核验</h2>
        {props.checkpoint ? (
          <p>{`透明日志当前签名检查点共 ${props.checkpoint.size} 条记录。`}</p>
        ) : (
          <p>透明日志尚无签名检查点。</p>
        )}
        <LastVerifications results={props.verifications ?? []} />
        <p>任何人都可以自行核验公示内容与透明日志是否一致，无需登录：</p>
        <pre tabindex={0}>
          <code>npx gongshi verify https://本站地址 --region 行政区划代码</code>
        </pre>
        <p class="muted">
          核验程序读取公开的检查点与证明，逐一核对每个版本的内容哈希和日志的一致性，发现任何删改都会报告。
        </p>
      </section>
    </WbLayout>
  );
}

const regionLabel = (code: string) => `${regionName(code) ?? '未知区划'}（${code}）`;

/** The last scheduled check per region: a failed one first and as an alert, naming what failed. */
function LastVerifications(props: { results: VerificationResult[] }) {
  const failed = props.results.filter((r) => !r.ok);
  if (props.results.length === 0) return <p>平台定时核验尚未对本辖区运行（每日北京时间 00:40 运行一次）。</p>;
  return (
    <>
      {failed.length > 0 ? (
        <div class="summary-card" role="alert">
          <p>
            <strong>{`最近一次定时核验未通过：${failed.length} 个行政区划`}</strong>
          </p>
          <ul>
            {failed.map((r) => (
              <li>
                {`${regionLabel(r.regionCode)}，北京时间 ${chinaDateTime(r.checkedAt)}，共 ${r.failureCount} 项问题：`}
                <ul>
                  {r.failures.map((f) => (
                    <li>{`${f.unit ? `${f.unit}：` : ''}${f.message}（${f.check}）`}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
        <table>
          <caption>最近一次定时核验（每个行政区划）</caption>
          <thead>
            <tr>
              <th scope="col">行政区划</th>
              <th scope="col">核验时间（北京时间）</th>
              <th scope="col">结果</th>
              <th scope="col">执法主体</th>
              <th scope="col">版本</th>
              <th scope="col">生效查询</th>
              <th scope="col">日志条数</th>
            </tr>
          </thead>
          <tbody>
            {[...failed, ...props.results.filter((r) => r.ok)].map((r) => (
              <tr>
                <td>{regionLabel(r.regionCode)}</td>
                <td>{chinaDateTime(r.checkedAt)}</td>
                <td>{r.ok ? '通过' : <strong>{`未通过（${r.failureCount} 项问题）`}</strong>}</td>
                <td>{String(r.units)}</td>
                <td>{String(r.versions)}</td>
                <td>{String(r.questions)}</td>
                <td>{r.logSize === undefined ? '未能读取' : String(r.logSize)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
