/** The legal reviewer's pages (法制审核): the queue, one draft with its diff and the review form, past reviews. */
import { chinaDateTime } from '../../../core/dates.js';
import type { ListDiff } from '../../../core/diff.js';
import type { RecordKind } from '../../../core/kinds/index.js';
import { fmt } from '../../portal/index.js';
import { statusLabel, type Draft } from '../../workflow/index.js';
import type { Session } from '../session.js';
import { Outcome } from './clerk.js';
import { Csrf, DiffSection, WbLayout, WB } from './shell.js';

const kindLabel = (kinds: readonly RecordKind[], id: string) => kinds.find((k) => k.id === id)?.label ?? id;

export function ReviewsPage(props: {
  session: Session;
  kinds: readonly RecordKind[];
  queue: Array<{ draft: Draft; daysWaiting: number }>;
  past: Draft[];
}) {
  return (
    <WbLayout title="审核队列" session={props.session} crumbs={[{ label: '审核队列' }]}>
      <h1>法制审核队列</h1>
      {props.queue.length === 0 ? (
        <p role="status">没有待审核的草稿。</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
          <table>
            <caption>{`待审核（${props.queue.length} 件，提交最早的在前）`}</caption>
            <thead>
              <tr>
                <th scope="col">执法主体</th>
                <th scope="col">清单</th>
                <th scope="col">施行日期</th>
                <th scope="col">提交时间</th>
                <th scope="col" class="num">
                  已等待（天）
                </th>
              </tr>
            </thead>
            <tbody>
              {props.queue.map(({ draft: d, daysWaiting }) => (
                <tr>
                  <th scope="row">
                    <a href={`${WB}/drafts/${d.id}`}>{d.unit}</a>
                  </th>
                  <td>{kindLabel(props.kinds, d.stream)}</td>
                  <td>{d.effectiveFrom}</td>
                  <td>{d.submittedAt ? chinaDateTime(d.submittedAt) : ''}</td>
                  <td class="num">{daysWaiting}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>本人的审核记录</h2>
      {props.past.length === 0 ? (
        <p class="muted">暂无。</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
          <table>
            <caption>已审核的草稿</caption>
            <thead>
              <tr>
                <th scope="col">执法主体</th>
                <th scope="col">清单</th>
                <th scope="col">结论</th>
              </tr>
            </thead>
            <tbody>
              {props.past.map((d) => (
                <tr>
                  <th scope="row">
                    <a href={`${WB}/drafts/${d.id}`}>{d.unit}</a>
                  </th>
                  <td>{kindLabel(props.kinds, d.stream)}</td>
                  <td>
                    <Outcome draft={d} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </WbLayout>
  );
}

export function DraftPage(props: {
  session: Session;
  draft: Draft;
  kind: RecordKind;
  diff: ListDiff;
  grounds: readonly string[];
  canReview: boolean;
  canRevise: boolean;
  error?: string;
}) {
  const d = props.draft;
  return (
    <WbLayout title={`草稿 · ${props.kind.label}`} session={props.session} crumbs={[{ label: '草稿' }]}>
      <h1>{`${props.kind.label}草稿（${statusLabel[d.status]}）`}</h1>
      {props.error ? (
        <p class="summary-card" role="alert">
          {props.error}
        </p>
      ) : null}
      <dl class="facts">
        <dt>执法主体</dt>
        <dd>{d.unit}</dd>
        <dt>施行日期</dt>
        <dd>{d.effectiveFrom}</dd>
        <dt>文号</dt>
        <dd>{d.documentNumber ?? '（未填写）'}</dd>
        <dt>事项数</dt>
        <dd>{fmt(d.itemCount)}</dd>
        <dt>来源</dt>
        <dd>{d.source}</dd>
        {d.note ? (
          <>
            <dt>说明</dt>
            <dd>{d.note}</dd>
          </>
        ) : null}
        <dt>起草</dt>
        <dd>{`${d.createdBy}，${chinaDateTime(d.createdAt)}`}</dd>
        {d.submittedAt ? (
          <>
            <dt>提交审核</dt>
            <dd>{chinaDateTime(d.submittedAt)}</dd>
          </>
        ) : null}
        <dt>状态</dt>
        <dd>
          <Outcome draft={d} />
          {d.publishedVersion ? `（已发布为第${d.publishedVersion}版）` : ''}
        </dd>
      </dl>
      {props.canRevise ? (
        <p>
          <a href={`${WB}/units/${d.unit}/lists/${d.stream}?revise=${d.id}`}>修订并重新提交</a>
        </p>
      ) : null}
      <ImportNotices warnings={d.warnings ?? []} />
      <DiffSection kind={props.kind} diff={props.diff} />
      {props.canReview ? (
        <section aria-labelledby="review">
          <h2 id="review">审核</h2>
          <form method="post" action={`${WB}/drafts/${d.id}/review`}>
            <Csrf session={props.session} />
            <fieldset>
              <legend>审核理由（退回时至少选择一项）</legend>
              {props.grounds.map((g) => (
                <label>
                  <input type="checkbox" name="grounds" value={g} />
                  {g}{' '}
                </label>
              ))}
            </fieldset>
            <p>
              <label>
                审核意见
                <br />
                <textarea name="comment" rows={4} cols={60} />
              </label>
            </p>
            <p class="inline">
              <button type="submit" name="decision" value="approve">
                批准
              </button>{' '}
              <button type="submit" name="decision" value="reject">
                退回
              </button>
            </p>
          </form>
        </section>
      ) : null}
    </WbLayout>
  );
}

/** What the importer said of the uploaded file (columns recognised, rows kept as notes, a missing column taken as
 * published): shown to the reviewer, because 法制审核 is where such a list is accepted or sent back. */
function ImportNotices(props: { warnings: readonly unknown[] }) {
  const notices = props.warnings.flatMap((w) => {
    const { message, row } = (w ?? {}) as { message?: unknown; row?: unknown };
    return typeof message === 'string' ? [typeof row === 'number' ? `第${row}行：${message}` : message] : [];
  });
  if (notices.length === 0) return null;
  return (
    <section aria-labelledby="import-notices">
      <h2 id="import-notices">{`导入提示（${fmt(notices.length)} 条）`}</h2>
      <ul>
        {notices.map((n) => (
          <li>{n}</li>
        ))}
      </ul>
    </section>
  );
}
