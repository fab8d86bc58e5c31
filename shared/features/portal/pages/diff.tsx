/** What changed between two versions of a list, changed characters highlighted (<del>/<ins>). */
import type { FieldChange, ListDiff } from '../../../core/diff.js';
import type { RecordKind } from '../../../core/kinds/index.js';
import type { VersionMeta } from '../../../core/versions.js';
import { fmt, Layout } from '../layout.js';

const text = (v: unknown) => (v === true ? '是' : v === false ? '否' : v === undefined || v === null ? '' : String(v));

function Change(props: { change: FieldChange }) {
  const c = props.change;
  if (c.segments && c.segments.length > 0) {
    return (
      <>
        {c.segments.map((s) =>
          s.op === 'insert' ? <ins>{s.text}</ins> : s.op === 'delete' ? <del>{s.text}</del> : s.text,
        )}
      </>
    );
  }
  return (
    <>
      <del>{text(c.old)}</del> → <ins>{text(c.new)}</ins>
    </>
  );
}

export function DiffPage(p: {
  uscc: string;
  unitName: string;
  kind: RecordKind;
  from: VersionMeta;
  to: VersionMeta;
  diff: ListDiff;
}) {
  const d = p.diff;
  const title = (item: Record<string, unknown>) => text(item.name ?? item.violation);
  const base = `/units/${p.uscc}/lists/${p.kind.id}`;
  return (
    <Layout
      title={`版本比对 第${p.from.version}版→第${p.to.version}版 · ${p.kind.label}`}
      crumbs={[
        { href: '/', label: '首页' },
        { href: `/units/${p.uscc}`, label: p.unitName },
        { href: base, label: p.kind.label },
        { label: '版本比对' },
      ]}
    >
      <h1>{`${p.kind.label}：第${p.from.version}版 → 第${p.to.version}版`}</h1>
      <p class="summary-card" role="status">
        {`新增 ${fmt(d.summary.added)} 项，删除 ${fmt(d.summary.removed)} 项，修改 ` +
          `${fmt(d.summary.changed)} 项，调整顺序 ${fmt(d.summary.moved)} 项，未变 ` +
          `${fmt(d.summary.unchanged)} 项`}
        <br />
        <span class="muted">
          {`第${p.from.version}版 ${p.from.effectiveFrom} ` +
            `起施行（${fmt(d.summary.oldCount)} 项）；第${p.to.version}版 ${p.to.effectiveFrom} ` +
            `起施行（${fmt(d.summary.newCount)} 项）`}
        </span>
      </p>
      <p class="muted">
        删除的文字标为 <del>删除线</del>，新增的文字标为 <ins>下划线</ins>。
      </p>
      {d.changed.length > 0 ? (
        <section aria-labelledby="changed">
          <h2 id="changed">修改的事项</h2>
          <div class="table-wrap" tabindex={0} role="region" aria-label="修改的事项表格">
            <table>
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
                    <tr class="changed">
                      {i === 0 ? (
                        <th scope="rowgroup" rowspan={c.changes.length}>{`第${c.newPosition}项 ${title(c.item)}`}</th>
                      ) : null}
                      <td>{ch.column}</td>
                      <td class="diff-text">
                        <Change change={ch} />
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {[
        { id: 'added', label: '新增的事项', list: d.added },
        { id: 'removed', label: '删除的事项', list: d.removed },
      ]
        .filter((s) => s.list.length > 0)
        .map((s) => (
          <section aria-labelledby={s.id}>
            <h2 id={s.id}>{s.label}</h2>
            <div class="table-wrap" tabindex={0} role="region" aria-label={`${s.label}表格`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col" class="num">
                      位置
                    </th>
                    {p.kind.columns
                      .filter((c) => c.key !== 'seq')
                      .map((c) => (
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
                      {p.kind.columns
                        .filter((c) => c.key !== 'seq')
                        .map((c) => (
                          <td>
                            {s.id === 'added' ? <ins>{text(a.item[c.key])}</ins> : <del>{text(a.item[c.key])}</del>}
                          </td>
                        ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      <p>
        <a href={`/v1/units/${p.uscc}/lists/${p.kind.id}/diff?from=${p.from.version}&to=${p.to.version}`}>
          以 JSON 查看比对结果
        </a>
      </p>
    </Layout>
  );
}
