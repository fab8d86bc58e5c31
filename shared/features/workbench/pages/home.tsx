/** The workbench's first page: what the signed-in person can do, by role. */
import type { Session } from '../session.js';
import { WbLayout, WB } from './shell.js';

export function HomePage(props: { session: Session }) {
  const s = props.session;
  return (
    <WbLayout title="工作台" session={s}>
      <h1>行政执法公示工作台</h1>
      {s.roles.includes('editor') ? (
        <section aria-labelledby="units">
          <h2 id="units">填报：本人负责的执法主体</h2>
          <ul>
            {s.units.map((u) => (
              <li>
                <a href={`${WB}/units/${u}`}>{u}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {s.roles.includes('reviewer') ? (
        <p>
          <a href={`${WB}/reviews`}>法制审核：待审核的草稿</a>
        </p>
      ) : null}
      {s.roles.includes('auditor') ? (
        <p>
          <a href={`${WB}/audit`}>审计：全过程记录</a>
        </p>
      ) : null}
      {s.roles.includes('admin') ? (
        <p>
          <a href={`${WB}/admin`}>管理：登记、变更和注销执法主体</a>
          {' · '}
          <a href={`${WB}/admin/assignments`}>人员指派</a>
        </p>
      ) : null}
    </WbLayout>
  );
}
