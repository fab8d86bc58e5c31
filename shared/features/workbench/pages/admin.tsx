/** The administrator's page: register, amend or revoke an enforcement unit (执法主体) through legal review. */
import { entityKind } from '../../../core/kinds/index.js';
import type { FileIssue } from '../../spreadsheets/index.js';
import type { Session } from '../session.js';
import { Csrf, text, WbLayout, WB } from './shell.js';

export function AdminPage(props: {
  session: Session;
  record?: Record<string, unknown>;
  values?: Record<string, string>;
  errors?: FileIssue[];
  message?: string;
}) {
  const value = (key: string) => props.values?.[key] ?? text(props.record?.[key]);
  return (
    <WbLayout title="执法主体管理" session={props.session} crumbs={[{ label: '执法主体管理' }]}>
      <h1>登记、变更或注销执法主体</h1>
      <form method="get" action={`${WB}/admin`} class="inline" aria-label="查找执法主体">
        <label>
          查找（统一社会信用代码）
          <input name="uscc" maxlength={18} value={text(props.record?.uscc)} />
        </label>
        <button type="submit">查找</button>
      </form>
      {props.message ? (
        <p class="summary-card" role="status">
          {props.message}
        </p>
      ) : null}
      {props.errors?.length ? (
        <div class="summary-card" role="alert">
          <p>{`有 ${props.errors.length} 处需要修改：`}</p>
          <ul>
            {props.errors.map((e) => (
              <li>{`${e.column ?? ''} ${e.message}`}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p class="muted">提交后生成执法主体草稿，由该行政区划的法制审核人员批准后公示。注销：将“状态”改为“撤销”。</p>
      <form method="post" action={`${WB}/admin/entities`}>
        <Csrf session={props.session} />
        {entityKind.columns.map((c) => (
          <p>
            <label>
              {c.column}
              <br />
              {c.options ? (
                <select name={c.key}>
                  {c.options.map((o) => (
                    <option
                      value={o}
                      selected={
                        value(c.key) === o ||
                        (c.key === 'status' && value(c.key) === (o === '撤销' ? 'revoked' : 'active'))
                      }
                    >
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input name={c.key} value={value(c.key)} size={40} />
              )}
            </label>
            {c.help ? <span class="muted">{` ${c.help}`}</span> : null}
          </p>
        ))}
        <div class="inline">
          <label>
            施行日期
            <input type="date" name="effectiveFrom" required value={props.values?.effectiveFrom ?? ''} />
          </label>
          <label>
            文号
            <input name="documentNumber" value={props.values?.documentNumber ?? ''} />
          </label>
        </div>
        <p>
          <button type="submit">提交审核</button>
        </p>
      </form>
    </WbLayout>
  );
}
