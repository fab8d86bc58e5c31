/**
 * Portal pages for certificates: the lookup form, the check page a card's QR opens (status today or on a
 * date, prominently when cancelled or expired, with history), and the region's cancellations (公示注销).
 * No script: the offline verification is explained in words, with the published key.
 */
import { regionFullName } from '../../core/region.js';
import { Layout } from '../portal/index.js';
import type { CredentialPayload } from './credential.js';
import type { CertificateCheck } from './service.js';

const crumbs = (label: string) => [
  { href: '/', label: '首页' },
  { href: '/certificates', label: '执法证核验' },
  { label },
];

export function LookupPage(p: { today: string }) {
  return (
    <Layout title="执法证核验" crumbs={[{ href: '/', label: '首页' }, { label: '执法证核验' }]}>
      <h1>执法证核验</h1>
      <p>输入执法证号，查询持证人、所属执法主体、证件类别和有效期，以及证件在某一日期（例如被检查当日）是否有效。</p>
      <form class="inline" method="get" action="/certificates" aria-label="按证号查询">
        <label>
          执法证号
          <input type="text" name="number" required maxlength={64} autocomplete="off" />
        </label>
        <label>
          核验日期
          <input type="date" name="at" value={p.today} />
        </label>
        <button type="submit">查询</button>
      </form>
      <p>
        <a href="/certificates/cancelled">公示注销：已注销、暂扣或过期的执法证</a>
      </p>
    </Layout>
  );
}

export function CheckPage(p: {
  check: CertificateCheck;
  credential?: { text: string; valid: boolean; payload?: CredentialPayload; reason?: string };
  publicKey?: { kid: string; publicKey: string };
}) {
  const { check } = p;
  const on = check.onDate;
  const cur = check.current!;
  const bad = !on || !on.validOnDate;
  const verdict = on
    ? on.validOnDate
      ? `${check.date} 该证件有效`
      : `${check.date} 该证件${on.statusOnDate === '未生效' ? '尚未生效' : `已${on.statusOnDate}`}`
    : `${check.date} 没有执法人员名单列有该证件`;
  const shown = on ?? cur;
  return (
    <Layout title={`执法证 ${check.certificateNumber}`} crumbs={crumbs(check.certificateNumber)}>
      <h1>{`执法证核验：${check.certificateNumber}`}</h1>
      <p class={`summary-card ${bad ? 'warn' : 'ok'}`} role={bad ? 'alert' : 'status'}>
        <strong>{verdict}</strong>
        {on?.cancelledOn && (on.statusOnDate === '注销' || on.statusOnDate === '暂扣') ? (
          <span>{`（${on.statusOnDate}日期：${on.cancelledOn}；原因：${on.cancelReason ?? '未说明'}）`}</span>
        ) : null}
        {on?.statusOnDate === '过期' ? <span>{`（有效期至 ${on.validUntil}）`}</span> : null}
      </p>
      <dl class="facts">
        <dt>姓名</dt>
        <dd>{shown.name}</dd>
        <dt>证件类型</dt>
        <dd>{shown.certificateType}</dd>
        <dt>执法主体</dt>
        <dd>
          <a href={`/units/${shown.uscc}`}>{shown.unitName ?? shown.uscc}</a>
        </dd>
        <dt>执法类别</dt>
        <dd>{shown.category}</dd>
        <dt>执法区域</dt>
        <dd>{shown.area ?? regionFullName(shown.regionCode) ?? shown.regionCode}</dd>
        <dt>发证机关</dt>
        <dd>{shown.issuer ?? '—'}</dd>
        <dt>有效期</dt>
        <dd>{`${shown.issuedOn} 至 ${shown.validUntil}`}</dd>
        <dt>目前状态</dt>
        <dd>{cur.statusToday}</dd>
      </dl>
      <form class="inline" method="get" action={`/certificates/${check.certificateNumber}`} aria-label="按日期核验">
        <label>
          核验其他日期
          <input type="date" name="at" value={check.date} required />
        </label>
        <button type="submit">核验</button>
      </form>
      <h2>变更记录</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">公示时间</th>
              <th scope="col">生效日期</th>
              <th scope="col">执法主体</th>
              <th scope="col">变更</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {check.history.map((h) => (
              <tr>
                <td>{h.publishedAt.slice(0, 10)}</td>
                <td>{h.effectiveFrom}</td>
                <td>
                  <a href={`/units/${h.uscc}/lists/officers`}>{h.unitName ?? h.uscc}</a>
                  {`（第${h.version}版）`}
                </td>
                <td>{{ listed: '列入名单', changed: '信息变更', removed: '移出名单' }[h.change]}</td>
                <td>{h.certificate ? h.certificate.status : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.credential ? <CredentialSection credential={p.credential} publicKey={p.publicKey} /> : null}
    </Layout>
  );
}

function CredentialSection(p: {
  credential: { text: string; valid: boolean; payload?: CredentialPayload; reason?: string };
  publicKey?: { kid: string; publicKey: string };
}) {
  return (
    <section aria-labelledby="credential">
      <h2 id="credential">卡面二维码凭证</h2>
      <p class={`summary-card ${p.credential.valid ? 'ok' : 'warn'}`}>
        {p.credential.valid
          ? `二维码中的凭证签名有效（密钥 ${p.credential.payload?.kid}，签发于 ${p.credential.payload?.iat}）。`
          : `二维码中的凭证未通过验证：${p.credential.reason ?? ''}`}
      </p>
      <p>签名只证明卡面信息由本平台签发，不能证明此后未被注销：请以上方的在线状态或本地区签名状态列表为准。</p>
      <h3>离线核验方法（无需联网）</h3>
      <ol>
        <li>凭证格式为 GSC1.内容.签名，内容和签名均为 base64url 编码。</li>
        <li>
          内容解码后为 RFC 8785 规范化的 JSON：no 证号、n 姓名、u 单位、c 信用代码、t 类型、k 类别、r 区划、f
          发证日期、e 有效期至、iat 签发时间、kid 密钥编号。
        </li>
        <li>用平台公布的 Ed25519 公钥验证签名，被签名的是 “GSC1.内容” 这段文字的 UTF-8 字节。</li>
        <li>
          或运行 <code>gongshi verify certificate "二维码文字" --key 公钥</code>；再下载本地区的签名状态列表
          <code>/v1/certificates/status-list?region=区划代码</code> 核对是否注销及列表时间。
        </li>
      </ol>
      {p.publicKey ? (
        <p>
          {'平台公钥（Ed25519，base64url）：'}
          <code>{p.publicKey.publicKey}</code>
          {`，密钥编号 ${p.publicKey.kid}`}
        </p>
      ) : null}
    </section>
  );
}

export function CancellationsPage(p: {
  region: string;
  from: string;
  to: string;
  items: Array<Record<string, unknown>>;
}) {
  const q = `region=${p.region}&from=${p.from}&to=${p.to}`;
  return (
    <Layout title="公示注销" crumbs={crumbs('公示注销')}>
      <h1>{p.region ? `公示注销 · ${regionFullName(p.region.padEnd(6, '0')) ?? p.region}` : '公示注销'}</h1>
      <form class="inline" method="get" action="/certificates/cancelled" aria-label="筛选">
        <label>
          行政区划代码
          <input type="text" name="region" value={p.region} required pattern="\d{2}(\d{2}){0,2}" />
        </label>
        <label>
          起始日期
          <input type="date" name="from" value={p.from} />
        </label>
        <label>
          结束日期
          <input type="date" name="to" value={p.to} />
        </label>
        <button type="submit">查询</button>
      </form>
      {/* Until a region is chosen there is nothing to list or download (the feed needs a region). */}
      {p.region ? (
        <>
          <p>
            {`共 ${p.items.length} 件。下载：`}
            <a href={`/v1/certificates/cancelled?${q}&format=csv`}>CSV</a>
            {' · '}
            <a href={`/v1/certificates/cancelled?${q}&format=xlsx`}>Excel</a>
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">事由</th>
                  <th scope="col">执法证号</th>
                  <th scope="col">姓名</th>
                  <th scope="col">执法主体</th>
                  <th scope="col">原因</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((i) => (
                  <tr>
                    <td>{String(i.date)}</td>
                    <td>{String(i.event)}</td>
                    <td>
                      <a href={`/certificates/${String(i.certificateNumber)}`}>{String(i.certificateNumber)}</a>
                    </td>
                    <td>{String(i.name)}</td>
                    <td>{String(i.unitName ?? i.uscc)}</td>
                    <td>{String(i.cancelReason ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>请输入行政区划代码（2、4或6位）查询该地区公示注销的执法证。</p>
      )}
    </Layout>
  );
}
