/** A draw's public page: what was committed, when, which round decides it, and how anyone can check it. */
import { Layout } from '../../portal/index.js';
import type { PublicDraw } from '../reads.js';

export const STATE: Record<PublicDraw['state'], string> = {
  committed: '已承诺，等待随机数',
  drawn: '已抽取，结果暂不公开（检查完成后公示）',
  published: '检查结果已公示',
  refused: '未抽取（已拒绝）',
};

const beijing = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) + '（北京时间）';

const LOGGED_EVENTS: Array<[string, string]> = [
  ['committed', '承诺'],
  ['drawn', '抽取结果摘要'],
  ['refused', '拒绝'],
  ['outcome-published', '抽取结果公示'],
  ['results-published', '检查结果公示'],
];

/** Where the transparency log holds the draw's events, in plain words. */
function logText({ leaves, beacon }: PublicDraw): string {
  const held = LOGGED_EVENTS.filter(([event]) => leaves?.[event] !== undefined);
  if (!held.length && beacon.label) return '未记入透明日志（本地演示数据）';
  if (!held.length) return '尚未记入透明日志（记入前不能抽取）';
  const list = held.map(([event, label]) => `${label}：第 ${leaves![event]} 号记录`).join('；');
  return `${list}。透明日志只能追加、不能改写，承诺在随机数产生之前记入，事后无法更改。`;
}

export function DrawPage(p: { draw: PublicDraw }) {
  const d = p.draw;
  const c = d.commitment;
  const title = `双随机抽取 ${d.drawId}`;
  return (
    <Layout
      title={title}
      crumbs={[{ href: '/', label: '首页' }, { href: `/units/${d.unit}`, label: '执法主体' }, { label: title }]}
    >
      <h1>{title}</h1>
      <dl>
        <dt>状态</dt>
        <dd>{STATE[d.state]}</dd>
        <dt>抽查任务</dt>
        <dd>{`计划 ${c.planId} · 任务 ${c.taskId} · 抽查事项 ${c.items.join('、')}`}</dd>
        <dt>承诺时间</dt>
        <dd>{beijing(c.committedAt)}</dd>
        <dt>随机数来源</dt>
        <dd>
          {d.beacon.label ??
            `drand quicknet（链 ${d.beacon.chain.slice(0, 12)}…），第 ${d.beacon.round} 轮，产生于 ` +
              `${beijing(d.beacon.roundTime)}`}
        </dd>
        <dt>检查对象名录库</dt>
        <dd>{`第 ${c.targets.version} 版，内容摘要 ${c.targets.contentHash}`}</dd>
        <dt>执法检查人员名录</dt>
        <dd>
          {`${c.inspectors.count} 名（${c.inspectors.category}，${c.inspectors.date} 持有效执法证），摘要 ` +
            `${c.inspectors.contentHash}`}
        </dd>
        <dt>抽取数量</dt>
        <dd>{`${c.count} 个检查对象，每个对象 ${c.inspectorsPerTarget} 名执法人员`}</dd>
        <dt>承诺摘要</dt>
        <dd>
          <code>{d.commitmentHash}</code>
        </dd>
        <dt>透明日志</dt>
        <dd>{logText(d)}</dd>
        {d.outcomeHash ? (
          <>
            <dt>抽取结果摘要</dt>
            <dd>
              <code>{d.outcomeHash}</code>
            </dd>
          </>
        ) : null}
        <dt>结果公示期限</dt>
        <dd>{`${d.resultsDue} 前${d.overdue ? '（已逾期）' : ''}`}</dd>
        {c.redrawOf ? (
          <>
            <dt>重新抽取</dt>
            <dd>{`替代 ${c.redrawOf}，理由：${c.reason ?? ''}`}</dd>
          </>
        ) : null}
        {d.replacedBy ? (
          <>
            <dt>已被重新抽取</dt>
            <dd>
              <a href={`/units/${d.unit}/draws/${d.replacedBy}`}>{d.replacedBy}</a>
            </dd>
          </>
        ) : null}
        {d.refusal ? (
          <>
            <dt>拒绝原因</dt>
            <dd>{d.refusal.message}</dd>
          </>
        ) : null}
      </dl>

      {d.outcome ? (
        // Cards below the phone breakpoint (the portal's table.cards), so no row is wider than the screen.
        <div class="table-wrap cards" tabindex={0} role="region" aria-label="抽取结果与检查结果表格">
          <table class="cards">
            <caption>抽取结果与检查结果</caption>
            <thead>
              <tr>
                <th scope="col">顺序</th>
                <th scope="col">检查对象（统一社会信用代码）</th>
                <th scope="col">执法检查人员（执法证号）</th>
                <th scope="col">检查结果</th>
              </tr>
            </thead>
            <tbody>
              {d.outcome.map((t, i) => (
                <tr>
                  <td data-label="顺序">{i + 1}</td>
                  <td data-label="检查对象（统一社会信用代码）" class="code">
                    {t.uscc}
                  </td>
                  <td data-label="执法检查人员（执法证号）">{t.inspectors.join('、')}</td>
                  <td data-label="检查结果">{d.results?.find((r) => r.uscc === t.uscc)?.result ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <section aria-labelledby="how">
        <h2 id="how">怎样自己核验这次抽取</h2>
        <ol>
          <li>
            先看时间：单位在 {beijing(c.committedAt)} 公布了本次抽取的全部条件（用哪一版名录、抽几个、怎样回避），
            而决定结果的随机数在 {beijing(d.beacon.roundTime)} 才产生。承诺在前、随机数在后，单位无法挑选结果。
          </li>
          <li>
            随机数来自
            drand（由多家独立机构共同运行的公共随机数网络），每一轮都带有数字签名，任何人都能用公开的公钥核对，
            单位和本网站都无法伪造。
          </li>
          <li>
            用公开的名录（检查对象名录库第 {c.targets.version} 版和执法检查人员名录）、承诺内容和这一轮随机数，
            {c.saltHash ? '再加上单位在公示结果时公开的“盐值”（承诺中已公布它的摘要，事后无法更换），' : ''}
            按公开的规则（docs/random-draws.md）重新计算，就会得到完全相同的检查对象和执法人员；结果摘要也必须一致。
          </li>
          {c.saltHash && !d.salt ? (
            <li>检查完成、结果公示之前，盐值不公开，所以在此之前谁都无法算出抽中了谁，被检查对象不会提前得知。</li>
          ) : null}
          <li>
            命令行核验：<code>{`gongshi verify draw <本站地址>/v1/units/${d.unit}/draws/${d.drawId}`}</code>
            ，它会下载上述数据、核对签名和摘要、重新抽取并比对。
          </li>
        </ol>
      </section>
    </Layout>
  );
}
