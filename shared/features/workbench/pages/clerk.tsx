/** The clerk's pages: the unit's lists, one list's upload form, the check (检查) and the drafts' outcomes. */
import type { Child } from 'hono/jsx';
import { chinaDateTime } from '../../../core/dates.js';
import { ADDITIONAL_FIELD, SECTION_COLUMN, SECTION_FIELD } from '../../../core/headers.js';
import { fmt } from '../../portal/index.js';
import { statusLabel, type Draft } from '../../workflow/index.js';
import type { CheckResult, ListOverview } from '../service.js';
import type { Session } from '../session.js';
import { Csrf, DiffSection, text, WbLayout, WB } from './shell.js';

const listUrl = (uscc: string, kind: string) => `${WB}/units/${uscc}/lists/${kind}`;

export function Outcome(props: { draft: Draft }) {
  const r = props.draft.review;
  if (!r) return <>{statusLabel[props.draft.status]}</>;
  return (
    <>
      {statusLabel[props.draft.status]}
      {r.grounds.length ? (
        <>
          <br />
          {`审核理由：${r.grounds.join('、')}`}
        </>
      ) : null}
      {r.comment ? (
        <>
          <br />
          {`审核意见：${r.comment}`}
        </>
      ) : null}
      <br />
      <span class="muted">{`审核时间：${chinaDateTime(r.at)}`}</span>
    </>
  );
}

export function DraftsTable(props: { drafts: Draft[]; caption: string; showList?: boolean }) {
  if (props.drafts.length === 0) return <p class="muted">{`${props.caption}：无`}</p>;
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">草稿</th>
            <th scope="col">施行日期</th>
            <th scope="col">文号</th>
            <th scope="col" class="num">
              事项数
            </th>
            <th scope="col">状态与审核结果</th>
          </tr>
        </thead>
        <tbody>
          {props.drafts.map((d) => (
            <tr>
              <th scope="row">
                <a href={`${WB}/drafts/${d.id}`}>{`${chinaDateTime(d.createdAt)} 起草`}</a>
              </th>
              <td>{d.effectiveFrom}</td>
              <td>{d.documentNumber ?? ''}</td>
              <td class="num">{fmt(d.itemCount)}</td>
              <td>
                <Outcome draft={d} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function UnitHome(props: {
  session: Session;
  uscc: string;
  entity: Record<string, unknown>;
  lists: ListOverview[];
}) {
  return (
    <WbLayout title={text(props.entity.name)} session={props.session}>
      <h1>{`${text(props.entity.name)} · 清单填报`}</h1>
      <p class="muted">{`统一社会信用代码 ${props.uscc}`}</p>
      <p>
        <a href={`${WB}/units/${props.uscc}/plans`}>抽查工作计划（上传计划表）</a>
      </p>
      <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
        <table>
          <caption>本单位的公示清单</caption>
          <thead>
            <tr>
              <th scope="col">清单</th>
              <th scope="col">现行版本</th>
              <th scope="col">待施行版本</th>
              <th scope="col">未完成的草稿</th>
            </tr>
          </thead>
          <tbody>
            {props.lists.map((l) => {
              const open = l.drafts.filter((d) => d.status !== 'approved');
              return (
                <tr>
                  <th scope="row">
                    <a href={listUrl(props.uscc, l.kind.id)}>{l.kind.label}</a>
                  </th>
                  <td>
                    {l.inForce ? `第${l.inForce.version}版（${l.inForce.effectiveFrom} 起施行）` : '尚无现行版本'}
                  </td>
                  <td>{l.scheduled.map((s) => `第${s.version}版 ${s.effectiveFrom} 起`).join('；') || '无'}</td>
                  <td>
                    {open.length ? open.map((d) => `${statusLabel[d.status]}（${d.effectiveFrom}）`).join('；') : '无'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </WbLayout>
  );
}

export function ListWorkPage(props: {
  session: Session;
  uscc: string;
  unitName: string;
  overview: ListOverview;
  today: string;
  revisionOf?: Draft;
  error?: string;
}) {
  const { kind, inForce } = props.overview;
  const rev = props.revisionOf;
  return (
    <WbLayout
      title={kind.label}
      session={props.session}
      crumbs={[{ href: `${WB}/units/${props.uscc}`, label: props.unitName }, { label: kind.label }]}
    >
      <h1>{`${props.unitName} · ${kind.label}`}</h1>
      <section aria-labelledby="now">
        <h2 id="now">现行与待施行</h2>
        <p>
          {inForce ? `现行：第${inForce.version}版，${inForce.effectiveFrom} 起施行。` : '尚无现行版本。'}
          {props.overview.scheduled.length
            ? ` 待施行：${props.overview.scheduled.map((s) => `第${s.version}版 ${s.effectiveFrom} 起`).join('；')}。`
            : ''}
        </p>
        <ul class="downloads">
          {inForce ? (
            <li>
              <a href={`/v1/units/${props.uscc}/lists/${kind.id}?format=xlsx`} download>
                下载现行版本（Excel，用于修改）
              </a>
            </li>
          ) : null}
          <li>
            <a href={`/v1/templates/${kind.id}.xlsx`} download>
              下载空白模板（Excel）
            </a>
          </li>
          <li>
            <a href={`/units/${props.uscc}/lists/${kind.id}`}>公示页面</a>
          </li>
        </ul>
      </section>
      <DraftsTable drafts={props.overview.drafts} caption="本清单的草稿与审核结果" />
      <section aria-labelledby="upload">
        <h2 id="upload">{rev ? '修订被退回的草稿并重新提交' : '上传新版本'}</h2>
        {rev ? (
          <p class="summary-card">
            {`修订 ${rev.effectiveFrom} 施行的草稿（已退回）`}
            <br />
            <Outcome draft={rev} />
          </p>
        ) : null}
        {props.error ? (
          <p class="summary-card" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action={`${listUrl(props.uscc, kind.id)}/check`} enctype="multipart/form-data">
          <Csrf session={props.session} />
          {rev ? <input type="hidden" name="revisionOf" value={rev.id} /> : null}
          <p>
            <label>
              文件
              <br />
              <input type="file" name="file" accept=".csv,.xlsx,.docx" required />
            </label>
          </p>
          <p class="muted">
            支持 .xlsx（Excel、WPS）、CSV（UTF-8 或 GBK）与 Word 文档 .docx（读取其中的清单表格），单个文件不超过 10
            MB。
          </p>
          <div class="inline">
            <label>
              施行日期
              <input type="date" name="effectiveFrom" required value={rev?.effectiveFrom ?? ''} />
            </label>
            <label>
              文号
              <input name="documentNumber" placeholder="如 沅司发〔2024〕5号" value={rev?.documentNumber ?? ''} />
            </label>
          </div>
          <fieldset>
            <legend>导入方式</legend>
            <label>
              <input type="radio" name="mode" value="replace" checked />
              完整替换
            </label>{' '}
            <span class="muted">：文件就是完整的新清单，文件中没有的现行事项将删除。</span>
            <br />
            <label>
              <input type="radio" name="mode" value="supplement" />
              增补修改
            </label>{' '}
            <span class="muted">：文件只含新增和修改的事项（按事项编码或名称匹配），其余现行事项保留。</span>
            <p>
              <label>
                要删除的事项
                <br />
                <textarea name="removals" rows={3} cols={50} aria-describedby="removals-hint" />
              </label>
              <br />
              <span class="muted" id="removals-hint">
                仅用于增补修改：每行一个事项编码或事项名称；也可在文件中加一列“操作”，要删除的事项所在行填“删除”
                （该行只需事项编码或名称）。完整替换时文件中没有的事项即被删除。
              </span>
            </p>
          </fieldset>
          <p>
            <button type="submit">检查</button>
          </p>
        </form>
      </section>
    </WbLayout>
  );
}

export function IssuesTable(props: { caption: string; issues: CheckResult['errors'] }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">工作表</th>
            <th scope="col" class="num">
              行
            </th>
            <th scope="col">列</th>
            <th scope="col">内容</th>
            <th scope="col">原因</th>
          </tr>
        </thead>
        <tbody>
          {props.issues.map((e) => (
            <tr>
              <td>{e.sheet ?? ''}</td>
              <td class="num">{e.row ?? ''}</td>
              <td>{e.column ?? ''}</td>
              <td>{e.value ?? ''}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The fields a column can be given: the kind's columns, the section, and 附加信息 (kept under its own heading). */
function fieldChoices(kind: CheckResult['kind']): Array<{ value: string; label: string }> {
  return [
    ...kind.columns.map((col) => ({ value: col.key, label: col.column })),
    { value: SECTION_FIELD, label: SECTION_COLUMN },
    { value: ADDITIONAL_FIELD, label: '附加信息（按原列名保留）' },
  ];
}

export const HOW_LABEL: Record<string, string> = {
  user: '按确认的列映射',
  exact: '列名相同',
  rule: '按识别规则',
  additional: '未对应字段',
};

/** One recognised column: its place, its heading as published, the field it fills, and how and why. */
interface MappedColumn {
  index: number;
  heading: string;
  field?: string | undefined;
  how: string;
  why: string;
}

/** The table of recognised columns (clerk's check page, plan page); `recognisedAs` draws each row's field cell. */
export function ColumnMapping(props: {
  caption: string;
  columns: readonly MappedColumn[];
  recognisedAs: (m: MappedColumn) => Child;
}) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              列
            </th>
            <th scope="col">文件中的列名</th>
            <th scope="col">识别为</th>
            <th scope="col">依据</th>
          </tr>
        </thead>
        <tbody>
          {props.columns.map((m) => (
            <tr>
              <td class="num">{m.index + 1}</td>
              <td>{m.heading}</td>
              <td>{props.recognisedAs(m)}</td>
              <td class="muted">{`${HOW_LABEL[m.how] ?? ''}：${m.why}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * 识别的列: every column of the header with the field it fills, as a select the clerk may correct; 按所选列映射重新检查
 * reads the same file again with the choices as its column map (a map remembered for this layout pre-fills it).
 */
function MappingSection(props: { session: Session; check: CheckResult }) {
  const c = props.check;
  const columns = c.mapping.filter((m) => m.heading.trim() !== '');
  if (columns.length === 0) return null;
  const choices = fieldChoices(c.kind);
  const header = c.headerRows?.length ? `第 ${c.headerRows.join('、')} 行为表头` : '表头';
  const source =
    c.columnMap?.source === 'remembered'
      ? '已按本单位此前为同一表头确认的列映射识别。'
      : c.columnMap?.source === 'request'
        ? '已按您所选的列映射识别；提交后，本单位同一表头的文件将沿用此映射。'
        : '各列按列名与识别规则识别；如有误，请在下方改正后重新检查。';
  return (
    <section aria-labelledby="mapping">
      <h2 id="mapping">识别的列</h2>
      <p class="muted">{source}</p>
      <form method="post" action={`${WB}/uploads/${c.upload.id}/mapping`}>
        <Csrf session={props.session} />
        <ColumnMapping
          caption={`${header}${c.sheet ? `（工作表“${c.sheet}”）` : ''}`}
          columns={columns}
          recognisedAs={(m) => {
            const chosen = m.field ?? ADDITIONAL_FIELD;
            return (
              <select name={`map.${m.index}`} aria-label={`“${m.heading}”识别为`}>
                {choices.map((f) => (
                  <option value={f.value} selected={f.value === chosen}>
                    {f.label}
                  </option>
                ))}
              </select>
            );
          }}
        />
        <p>
          <button type="submit">按所选列映射重新检查</button>
        </p>
      </form>
    </section>
  );
}

export function CheckPage(props: {
  session: Session;
  uscc: string;
  unitName: string;
  check: CheckResult;
  error?: string;
}) {
  const c = props.check;
  const u = c.upload;
  const removed = c.diff.summary.removed;
  const ok = c.errors.length === 0;
  return (
    <WbLayout
      title={`检查结果 · ${c.kind.label}`}
      session={props.session}
      crumbs={[
        { href: `${WB}/units/${props.uscc}`, label: props.unitName },
        { href: listUrl(props.uscc, c.kind.id), label: c.kind.label },
        { label: '检查结果' },
      ]}
    >
      <h1>{`检查结果：${u.fileName}`}</h1>
      <dl class="facts">
        <dt>清单</dt>
        <dd>{c.kind.label}</dd>
        <dt>导入方式</dt>
        <dd>{u.mode === 'supplement' ? '增补修改' : '完整替换'}</dd>
        <dt>施行日期</dt>
        <dd>{u.effectiveFrom}</dd>
        <dt>文号</dt>
        <dd>{u.documentNumber ?? '（未填写）'}</dd>
        <dt>数据行</dt>
        <dd>{fmt(c.rows)}</dd>
        {c.supplement ? (
          <>
            <dt>增补修改</dt>
            <dd>{`修改 ${c.supplement.replaced} 项，新增 ${c.supplement.added} 项，删除 ${c.supplement.removed} 项`}</dd>
          </>
        ) : null}
      </dl>
      {props.error ? (
        <p class="summary-card" role="alert">
          {props.error}
        </p>
      ) : null}
      <MappingSection session={props.session} check={c} />
      {ok ? (
        <p class="summary-card" role="status">
          <strong>检查通过：</strong>文件没有错误。
        </p>
      ) : (
        <section aria-labelledby="errors">
          <h2 id="errors">{`错误（${c.errors.length} 处）`}</h2>
          <p role="alert">{`文件中有 ${c.errors.length} 处错误，请修改后重新上传。`}</p>
          <IssuesTable caption="全部错误" issues={c.errors} />
          <p>
            <a href={`${WB}/uploads/${u.id}/marked.xlsx`} download>
              下载标注错误的工作簿
            </a>
            <span class="muted">
              {/\.docx$/i.test(u.fileName)
                ? '（Word 表格转为 .xlsx 工作簿，出错的单元格标红并附批注）'
                : '（出错的单元格标红并附批注）'}
            </span>
          </p>
        </section>
      )}
      {c.warnings.length ? (
        <IssuesTable caption={`提示（${c.warnings.length} 条，不影响提交）`} issues={c.warnings} />
      ) : null}
      {ok ? <DiffSection kind={c.kind} diff={c.diff} /> : null}
      {ok ? (
        <section aria-labelledby="submit">
          <h2 id="submit">提交审核</h2>
          <form method="post" action={`${WB}/uploads/${u.id}/submit`}>
            <Csrf session={props.session} />
            {removed > 0 ? (
              <p class="summary-card" role="alert">
                <strong>{`将删除 ${removed} 项`}</strong>
                ：这些事项将从公示清单中移除（见上方“删除的事项”）。
                <br />
                <label>
                  <input type="checkbox" name="confirmRemoval" value="yes" />
                  {`确认删除以上 ${removed} 项`}
                </label>
              </p>
            ) : null}
            {c.pastDate ? (
              <p class="summary-card" role="alert">
                {`施行日期 ${u.effectiveFrom} 早于今日（${c.today}），须说明理由。`}
                <br />
                <label>
                  施行日期早于今日的理由
                  <br />
                  <textarea name="pastDateReason" rows={2} cols={50} required />
                </label>
              </p>
            ) : null}
            <button type="submit">提交审核</button>
          </form>
        </section>
      ) : (
        <p>
          <a href={listUrl(props.uscc, c.kind.id)}>返回重新上传</a>
        </p>
      )}
    </WbLayout>
  );
}
