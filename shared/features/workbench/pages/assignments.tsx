/**
 * The administrator's role assignments: who is the editor (填报人员) of which unit and the reviewer (法制审核人员)
 * or auditor (审计人员) of which region, within the administrator's region; add one, revoke one.
 */
import { regionFullName } from '../../../core/region.js';
import type { Assignment } from '../../auth/index.js';
import type { Session } from '../session.js';
import { ROLE_LABELS } from '../audit-view.js';
import { Csrf, WbLayout, WB } from './shell.js';

export interface AssignmentForm {
  userId?: string;
  role?: string;
  uscc?: string;
  region?: string;
}

const regionText = (code: string) => (code ? `${regionFullName(code) ?? ''}（${code}）` : '');
const area = (prefix: string | undefined) =>
  prefix ? (regionFullName(prefix.padEnd(6, '0')) ?? prefix) : prefix === '' ? '全国' : '无';

export function AssignmentsPage(props: {
  session: Session;
  assignments: Assignment[];
  values?: AssignmentForm;
  error?: string;
  message?: string;
}) {
  const s = props.session;
  const v = props.values ?? {};
  return (
    <WbLayout
      title="人员指派"
      session={s}
      crumbs={[{ href: `${WB}/admin`, label: '执法主体管理' }, { label: '人员指派' }]}
    >
      <h1>人员指派</h1>
      <p class="muted">{`您管理的行政区划：${area(s.regionPrefix)}。指派与撤销在一分钟内生效，每次变更均记入全过程记录。`}</p>
      {props.error ? (
        <p class="summary-card" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.message ? (
        <p class="summary-card" role="status">
          {props.message}
        </p>
      ) : null}
      <form method="post" action={`${WB}/admin/assignments`} aria-label="新增指派">
        <Csrf session={s} />
        <div class="inline">
          <label>
            用户名
            <input name="userId" required maxlength={128} autocomplete="off" value={v.userId ?? ''} />
          </label>
          <label>
            指派角色
            <select name="role">
              {(['editor', 'reviewer', 'auditor'] as const).map((r) => (
                <option value={r} selected={v.role === r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            统一社会信用代码
            <input name="uscc" maxlength={18} autocomplete="off" value={v.uscc ?? ''} />
          </label>
          <label>
            行政区划代码
            <input name="region" inputmode="numeric" maxlength={6} autocomplete="off" value={v.region ?? ''} />
          </label>
          <button type="submit">指派</button>
        </div>
        <p class="muted">
          用户名：统一身份认证的用户名（本地为开发登录时填写的用户名）。填报人员填写执法主体的统一社会信用代码；法制审核人员与审计人员填写行政区划代码；均须在您管理的行政区划内。
        </p>
      </form>
      <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
        <table>
          <caption>{`现有指派（${props.assignments.length} 项）`}</caption>
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">角色</th>
              <th scope="col">范围</th>
              <th scope="col">行政区划</th>
              <th scope="col">指派人</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {props.assignments.map((a) => (
              <tr>
                <td>{a.userId}</td>
                <td>{ROLE_LABELS[a.role] ?? a.role}</td>
                <td>{a.scope}</td>
                <td>{regionText(a.regionCode)}</td>
                <td>{a.grantedBy}</td>
                <td>
                  <form method="post" action={`${WB}/admin/assignments/revoke`} class="inline">
                    <Csrf session={s} />
                    <input type="hidden" name="userId" value={a.userId} />
                    <input type="hidden" name="role" value={a.role} />
                    <input type="hidden" name="scope" value={a.scope} />
                    <button type="submit" aria-label={`撤销 ${a.userId} 的${ROLE_LABELS[a.role]}指派（${a.scope}）`}>
                      撤销
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </WbLayout>
  );
}
