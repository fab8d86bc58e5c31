/** The development sign-in (local stage only): pick a role and its scope. */
import { WbLayout, WB } from './shell.js';

export const ROLE_OPTIONS = [
  { value: 'editor', label: '填报人员' },
  { value: 'reviewer', label: '法制审核人员' },
  { value: 'admin', label: '管理员' },
  { value: 'auditor', label: '审计人员' },
  { value: 'assigned', label: '仅按指派的角色' },
] as const;

export function SignInPage(props: { error?: string; next?: string }) {
  return (
    <WbLayout title="登录">
      <h1>登录工作台</h1>
      <p class="summary-card" role="note">
        <strong>本地开发登录</strong>
        ：仅在本机运行（npm start）时提供，用于开发与演示；部署到云端时使用统一身份认证登录，此页面不存在。
      </p>
      {props.error ? (
        <p class="summary-card" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action={`${WB}/sign-in`} class="inline" aria-label="本地开发登录">
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <label>
          角色
          <select name="role" required>
            {ROLE_OPTIONS.map((o) => (
              <option value={o.value}>{o.label}</option>
            ))}
          </select>
        </label>
        <label>
          用户名
          <input name="user" autocomplete="username" maxlength={128} />
        </label>
        <label>
          统一社会信用代码
          <input name="uscc" inputmode="text" autocomplete="off" maxlength={18} />
        </label>
        <label>
          行政区划代码
          <input name="region" inputmode="numeric" autocomplete="off" maxlength={6} />
        </label>
        <button type="submit">登录</button>
      </form>
      <p class="muted">
        填报人员填写所属执法主体的统一社会信用代码；法制审核人员与审计人员填写负责的行政区划代码（如 430981，省级
        430000，全国留空为不限）；管理员可填写所管理的行政区划代码（全国留空）。填写用户名即以该用户身份登录，
        管理员为该用户指派的角色随之生效；“仅按指派的角色”只取指派。
      </p>
    </WbLayout>
  );
}

export function SignedOutPage() {
  return (
    <WbLayout title="已退出">
      <h1>已退出工作台</h1>
      <p>
        <a href={`${WB}/sign-in`}>重新登录</a>
      </p>
    </WbLayout>
  );
}
