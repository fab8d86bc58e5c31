/**
 * The clerk's page for the unit's 抽查工作计划: the plans stored, the upload form, and the check of an uploaded plan
 * table with the list uploads' conventions (the header rows and every column with the field it fills and why, every
 * error with its sheet, row, column and value, the warnings; nothing stored while there is an error).
 */
import type { Plan, PlanFileResult } from '../../inspections/index.js';
import type { Session } from '../session.js';
import { ColumnMapping, IssuesTable } from './clerk.js';
import { Csrf, WbLayout, WB } from './shell.js';

export const plansUrl = (uscc: string) => `${WB}/units/${uscc}/plans`;

const FIELD_LABEL: Record<string, string> = {
  planName: '计划名称',
  taskName: '任务名称',
  items: '抽查事项',
  scope: '抽查对象范围',
  sampling: '抽查比例(及频次)',
  period: '实施时间',
  initiator: '发起部门',
  cooperating: '配合部门',
  inspectorsPerTarget: '每户检查人员数',
  year: '年度',
  section: '所属分类',
};

function TasksTable(props: { plan: Plan }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label="表格（可横向滚动）">
      <table>
        <caption>{`${props.plan.name}（${props.plan.planId}，${props.plan.tasks.length} 项任务）`}</caption>
        <thead>
          <tr>
            <th scope="col">任务</th>
            <th scope="col">抽查事项</th>
            <th scope="col">抽查比例(及频次)</th>
            <th scope="col">实施时间</th>
            <th scope="col">发起 / 配合部门</th>
            <th scope="col">附加信息</th>
          </tr>
        </thead>
        <tbody>
          {props.plan.tasks.map((t) => (
            <tr>
              <th scope="row">{`${t.taskId} ${t.name}`}</th>
              <td>{t.items.join('、')}</td>
              <td>
                {t.sampling.text}
                {t.sampling.ratio === undefined && t.sampling.count === undefined ? (
                  <span class="muted">（未写明比例或数量：抽取时须填写数量）</span>
                ) : null}
              </td>
              <td>{`${t.period.text ?? ''}（${t.period.from} 至 ${t.period.to}）`}</td>
              <td>{[t.initiator, ...t.cooperating].join(' / ')}</td>
              <td>{(t.additional ?? []).map((a) => `${a.heading}：${a.text}`).join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CheckSection(props: { check: PlanFileResult; stored: boolean; markedHref?: string }) {
  const c = props.check;
  const columns = c.mapping.filter((m) => m.heading.trim() !== '');
  const outcome = c.errors.length
    ? `文件中有 ${c.errors.length} 处错误，未导入；请修改后重新上传。`
    : props.stored
      ? `已导入 ${c.plans.length} 份计划、${c.plans.reduce((n, p) => n + p.tasks.length, 0)} 项任务。`
      : `检查通过：可导入 ${c.plans.length} 份计划、${c.plans.reduce((n, p) => n + p.tasks.length, 0)} 项任务（尚未保存）。`;
  return (
    <section aria-labelledby="check">
      <h2 id="check">{`检查结果：${c.file}`}</h2>
      <p role="status">{outcome}</p>
      {props.markedHref ? (
        <p>
          <a href={props.markedHref} download>
            下载标注错误的工作簿（出错的单元格标红并附原因）
          </a>
        </p>
      ) : null}
      {columns.length ? (
        <ColumnMapping
          caption={`识别的列（第 ${c.headerRows.join('、')} 行为表头${c.sheet ? `，工作表“${c.sheet}”` : ''}）`}
          columns={columns}
          recognisedAs={(m) => (m.field ? (FIELD_LABEL[m.field] ?? m.field) : '附加信息（按原列名保留）')}
        />
      ) : null}
      {c.errors.length ? <IssuesTable caption="错误（须全部改正）" issues={c.errors} /> : null}
      {c.warnings.length ? <IssuesTable caption="提示" issues={c.warnings} /> : null}
      {c.plans.map((p) => (
        <TasksTable plan={p} />
      ))}
    </section>
  );
}

export function PlansPage(props: {
  session: Session;
  uscc: string;
  unitName: string;
  plans: Plan[];
  check?: PlanFileResult;
  stored?: boolean;
  /** The marked copy of a checked file with errors. */
  markedHref?: string;
  error?: string;
}) {
  return (
    <WbLayout
      title="抽查工作计划"
      session={props.session}
      crumbs={[{ href: `${WB}/units/${props.uscc}`, label: props.unitName }, { label: '抽查工作计划' }]}
    >
      <h1>{`${props.unitName} · 抽查工作计划`}</h1>
      {props.error ? <p role="alert">{props.error}</p> : null}
      {props.check ? (
        <CheckSection
          check={props.check}
          stored={props.stored ?? false}
          {...(props.markedHref ? { markedHref: props.markedHref } : {})}
        />
      ) : null}
      <section aria-labelledby="upload">
        <h2 id="upload">上传计划表</h2>
        <p class="muted">
          CSV（UTF-8 或 GBK）、Excel（.xlsx）或 Word（.docx）表格均可，表头如 计划名称 /
          任务名称、抽查事项、抽查对象范围、
          抽查比例(及频次)、实施时间、发起部门、配合部门；表头上方的标题行、两级表头可以保留，其他列作为附加信息保留。
        </p>
        <form method="post" action={plansUrl(props.uscc)} enctype="multipart/form-data">
          <Csrf session={props.session} />
          <p>
            <label>
              计划表文件 <input type="file" name="file" required accept=".csv,.xlsx,.docx" />
            </label>
          </p>
          <p>
            <button type="submit" name="intent" value="check">
              检查（不保存）
            </button>{' '}
            <button type="submit" name="intent" value="import">
              检查并导入
            </button>
          </p>
        </form>
      </section>
      <section aria-labelledby="stored">
        <h2 id="stored">已导入的计划</h2>
        {props.plans.length ? (
          props.plans.map((p) => (
            <>
              <TasksTable plan={p} />
              <p>
                <a href={`/v1/units/${p.unit}/inspection-plans/${p.planId}?format=csv`} download>
                  {`下载计划表（CSV）：${p.name}`}
                </a>
              </p>
            </>
          ))
        ) : (
          <p>尚未导入抽查工作计划。</p>
        )}
      </section>
    </WbLayout>
  );
}
