/** A unit's draws (双随机抽取): each committed before its randomness, re-draws beside the draws they replace. */
import { Layout } from '../../portal/index.js';
import type { PublicDraw } from '../reads.js';
import { STATE } from './draw.js';

const beijing = (iso: string) =>
  `${new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}（北京时间）`;

export function DrawsPage(p: { uscc: string; draws: PublicDraw[] }) {
  const title = '双随机抽查：抽取记录';
  return (
    <Layout
      title={title}
      crumbs={[{ href: '/', label: '首页' }, { href: `/units/${p.uscc}`, label: '执法主体' }, { label: title }]}
    >
      <h1>{title}</h1>
      <p>
        每次抽取都先公布承诺（抽取条件和将要使用的随机数轮次），随机数产生后才抽取；抽中的检查对象在检查完成前不公开，
        只公开其摘要。任何人都可以用公开数据重新计算每次抽取。
      </p>
      <p>
        <a href={`/v1/units/${p.uscc}/draw-log`}>抽取日志（哈希链）</a>
      </p>
      {p.draws.length === 0 ? (
        <p>该执法主体尚无抽取记录。</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="抽取记录表格">
          <table>
            <thead>
              <tr>
                <th scope="col">抽取编号</th>
                <th scope="col">计划 · 任务</th>
                <th scope="col">承诺时间</th>
                <th scope="col">随机数轮次</th>
                <th scope="col" class="num">
                  抽取数量
                </th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {p.draws.map((d) => (
                <tr>
                  <th scope="row">
                    <a href={`/units/${p.uscc}/draws/${d.drawId}`}>{d.drawId}</a>
                  </th>
                  <td>{`${d.commitment.planId} · ${d.commitment.taskId}`}</td>
                  <td>{beijing(d.commitment.committedAt)}</td>
                  <td>{d.beacon.label ? `${d.beacon.round}（${d.beacon.label}）` : `drand 第 ${d.beacon.round} 轮`}</td>
                  <td class="num">{String(d.commitment.count)}</td>
                  <td>
                    {STATE[d.state]}
                    {d.replacedBy ? `；已被 ${d.replacedBy} 重新抽取` : ''}
                    {d.commitment.redrawOf ? `；替代 ${d.commitment.redrawOf}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
