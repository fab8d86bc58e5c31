/** The workbench's page shell: the portal's layout with the workbench navigation and the sign-out button. */
import type { Child } from 'hono/jsx';
import type { FieldChange, ListDiff } from '../../../core/diff.js';
import type { RecordKind } from '../../../core/kinds/index.js';
import { fmt, Layout, type Crumb } from '../../portal/index.js';
import type { Session } from '../session.js';

export const WB = '/workbench';

export const text = (v: unknown) =>
  v === true ? '是' : v === false ? '否' : v === undefined || v === null ? '' : String(v);

export function Csrf(props: { session: Session }) {
  return <input type="hidden" name="_csrf" value={props.session.csrf} />;
}

export function WbLayout(props: { title: string; session?: Session; crumbs?: Crumb[]; children?: Child }) {
  const s = props.session;
  const crumbs = [{ href: WB, label: '工作台' }, ...(props.crumbs ?? [])];
  return (
    <Layout title={`${props.title} · 工作台`} crumbs={crumbs}>
      {s ? (
        <nav aria-label="工作台导航" class="summary-card">
          <ul class="downloads">
            <li>
              <a href={WB}>工作台首页</a>
            </li>
            {s.roles.includes('reviewer') ? (
              <li>
                <a href={`${WB}/reviews`}>审核队列</a>
              </li>
            ) : null}
            {s.roles.includes('auditor') ? (
              <li>
                <a href={`${WB}/audit`}>全过程记录</a>
              </li>
            ) : null}
            {s.roles.includes('admin') ? (
              <li>
                <a href={`${WB}/admin`}>执法主体管理</a>
              </li>
            ) : null}
            {s.roles.includes('admin') ? (
              <li>
                <a href={`${WB}/admin/assignments`}>人员指派</a>
              </li>
            ) : null}
            <li>
              <form method="post" action={`${WB}/sign-out`} class="inline">
                <Csrf session={s} />
                <span class="muted">{`${s.username ?? s.sub}${s.via === 'local' ? '（本地开发登录）' : ''}`}</span>{' '}
                <button type="submit">退出</button>
              </form>
            </li>
          </ul>
        </nav>
      ) : null}
      {props.children}
    </Layout>
  );
}

export function Message(props: { title: string; message: string; session?: Session; requestId?: string }) {
  return (
    <WbLayout title={props.title} session={props.session}>
      <h1>{props.title}</h1>
      <p class="summary-card" role="alert">
        {props.message}
      </p>
      <p>
        <a href={WB}>返回工作台</a>
      </p>
      {props.requestId ? <p class="muted">{`请求编号：${props.requestId}`}</p> : null}
    </WbLayout>
  );
}

function Change(props: { change: FieldChange }) {
  const c = props.change;
  if (c.segments && c.segments.length > 0)
    return (
      <>
        {c.segments.map((s) =>
          s.op === 'insert' ? <ins>{s.text}</ins> : s.op === 'delete' ? <del>{s.text}</del> : s.text,
        )}
      </>
    );
  return (
    <>
      <del>{text(c.old)}</del> → <ins>{text(c.new)}</ins>
    </>
  );
}

const itemTitle = (item: Record<string, unknown>) => text(item.name ?? item.violation ?? item.code);

/** The field-level diff: added, removed, changed (changed characters as <del>/<ins>). */
export function DiffSection(props: { kind: RecordKind; diff: ListDiff; headingLevel?: 2 | 3 }) {
  const d = props.diff;
  const columns = props.kind.columns.filter((c) => c.key !== 'seq');
  return (
    <section aria-labelledby="diff-heading">
      <h2 id="diff-heading">与现行版本的差异</h2>
      <p role="status">
        {`新增 ${fmt(d.summary.added)} 项，删除 ${fmt(d.summary.removed)} 项，修改 ` +
          `${fmt(d.summary.changed)} 项，未变 ${fmt(d.summary.unchanged)} 项（现行 ` +
          `${fmt(d.summary.oldCount)} 项 → 提交后 ${fmt(d.summary.newCount)} 项）`}
      </p>
      <p class="muted">
        删除的文字标为 <del>删除线</del>，新增的文字标为 <ins>下划线</ins>。
      </p>
      {d.changed.length > 0 ? (
        <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
          <table>
            <caption>修改的事项</caption>
            <thead>
              <tr>
                <th scope="col">事项</th>
                <th scope="col">字段</th>
                <th scope="col">变化</th>
              </tr>
            </thead>
            <tbody>
              {d.changed.flatMap((c) =>
                c.changes.map((ch, i) => (
                  <tr>
                    {i === 0 ? (
                      <th scope="rowgroup" rowspan={c.changes.length}>{`第${c.newPosition}项 ${itemTitle(c.item)}`}</th>
                    ) : null}
                    <td>{ch.column}</td>
                    <td>
                      <Change change={ch} />
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      {[
        { id: 'added', label: '新增的事项', list: d.added },
        { id: 'removed', label: '删除的事项', list: d.removed },
      ]
        .filter((s) => s.list.length > 0)
        .map((s) => (
          <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
            <table>
              <caption>{`${s.label}（${s.list.length} 项）`}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    位置
                  </th>
                  {columns.map((c) => (
                    <th scope="col">{c.column}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.list.map((a) => (
                  <tr>
                    <th scope="row" class="num">
                      {a.position}
                    </th>
                    {columns.map((c) => (
                      <td>{s.id === 'added' ? <ins>{text(a.item[c.key])}</ins> : <del>{text(a.item[c.key])}</del>}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
