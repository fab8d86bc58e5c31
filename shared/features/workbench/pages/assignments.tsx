/**
 * The administrator's role assignments: who is the editor (填报人员) of which unit and the reviewer (法制审核人员)
 * or auditor (审计人员) of which region, within the administrator's region; add one, revoke one; and move the
 * grants stored under a sign-in name by an earlier release (旧授权) to the user who holds that name now.
 */
import { chinaDateTime } from '../../../core/dates.js';
import { regionFullName } from '../../../core/region.js';
import type { Assignment, LegacyAssignment, MigrationReport } from '../../auth/index.js';
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

const DROPPED_WHY: Record<MigrationReport['dropped'][number]['why'], string> = {
  NO_SUCH_USER: '该用户名已无用户',
  USER_CREATED_LATER: '该用户在授权之后才创建，同名的新账号不继承原授权',
};

const named = (a: LegacyAssignment) => `${a.userId}（${ROLE_LABELS[a.role] ?? a.role}，${a.scope}）`;

/** What a migration did, in one status message. */
function migrationText(r: MigrationReport): string {
  if (!r.migrated.length && !r.dropped.length) return '没有需要迁移的旧授权。';
  const moved = r.migrated.length ? `已迁移 ${r.migrated.length} 项：${r.migrated.map(named).join('、')}。` : '';
  const dropped = r.dropped.length
    ? `已删除 ${r.dropped.length} 项：${r.dropped.map((d) => `${named(d.assignment)}，${DROPPED_WHY[d.why]}`).join('；')}。`
    : '';
  return `${moved}${dropped}均已记入全过程记录。`;
}

export function AssignmentsPage(props: {
  session: Session;
  assignments: Assignment[];
  /** Grants stored under a sign-in name before assignments were keyed by the user's `sub`: they grant nothing. */
  legacy: LegacyAssignment[];
  migration?: MigrationReport;
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
      {props.message || props.migration ? (
        <p class="summary-card" role="status">
          {props.migration ? migrationText(props.migration) : props.message}
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
      {props.legacy.length ? <LegacyGrants session={s} legacy={props.legacy} /> : null}
    </WbLayout>
  );
}

/** The earlier release's grants, which grant nothing until an administrator moves them (迁移旧授权). */
function LegacyGrants(props: { session: Session; legacy: LegacyAssignment[] }) {
  return (
    <section aria-labelledby="legacy-grants">
      <h2 id="legacy-grants">{`旧授权待迁移（${props.legacy.length} 项）`}</h2>
      <p>
        以下指派由旧版本按用户名保存，目前不授予任何权限。迁移后，每项指派归于现在使用该用户名的用户，并写入统一身份认证。
      </p>
      <p>
        用户名已无用户的，或用户在授权之后才创建的（同名的新账号不继承原授权），予以删除。每一项的结果都记入全过程记录。
      </p>
      <div class="table-wrap" tabindex={0} role="region" aria-label="旧授权表格（可横向滚动）">
        <table>
          <caption>旧授权</caption>
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">角色</th>
              <th scope="col">范围</th>
              <th scope="col">行政区划</th>
              <th scope="col">指派人</th>
              <th scope="col">指派时间（北京时间）</th>
            </tr>
          </thead>
          <tbody>
            {props.legacy.map((a) => (
              <tr>
                <td>{a.userId}</td>
                <td>{ROLE_LABELS[a.role] ?? a.role}</td>
                <td>{a.scope}</td>
                <td>{regionText(a.regionCode)}</td>
                <td>{a.grantedBy}</td>
                <td>{chinaDateTime(a.grantedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action={`${WB}/admin/assignments/migrate`}>
        <Csrf session={props.session} />
        <button type="submit">迁移旧授权</button>
      </form>
    </section>
  );
}
