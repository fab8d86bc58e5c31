/**
 * A version's inclusion proof in plain words, for a reader who is not a programmer: what was
 * recorded, where in the public log, and how anyone can check it; the JSON is one click away.
 */
import { fmt, Layout } from '../layout.js';

export interface InclusionProofView {
  index: number;
  size: number;
  leaf?: string;
  leafHash?: string;
  proof: string[];
  checkpoint?: string;
}

export function ProofPage(p: {
  uscc: string;
  unitName: string;
  kindLabel: string;
  kindId: string;
  version: number;
  jsonUrl: string;
  proof?: InclusionProofView;
  /** Why there is no proof yet. */
  message?: string;
}) {
  const listUrl = `/units/${p.uscc}/lists/${p.kindId}?v=${p.version}`;
  return (
    <Layout
      title={`核验证明 · ${p.kindLabel} 第${p.version}版 · ${p.unitName}`}
      crumbs={[
        { href: '/', label: '首页' },
        { href: `/units/${p.uscc}`, label: p.unitName },
        { href: listUrl, label: `${p.kindLabel} 第${p.version}版` },
        { label: '核验证明' },
      ]}
      noindex
    >
      <h1>{`核验证明：${p.kindLabel} 第${p.version}版`}</h1>
      {p.proof ? (
        <>
          <p class="summary-card">
            {`这一版本已记入本站公开的透明日志，是日志中的第 ${fmt(p.proof.index + 1)} 条记录（日志目前共 ${fmt(p.proof.size)} 条）。`}
            日志只能追加、不能修改：任何人保存下面的检查点后，都可以随时核对这一版本及其之前的所有记录没有被改动或删除。
          </p>
          <h2>如何核验</h2>
          <ol>
            <li>
              下载本页的 JSON 证明，或在命令行运行 <code>gongshi verify</code>（核验程序会逐项说明结果）。
            </li>
            <li>核验程序用“记录内容”算出记录的指纹，再沿“证明路径”逐级计算，得到的结果应与检查点中的根指纹一致。</li>
            <li>检查点由登记簿签名；与他人或以前保存的检查点比对，可以发现日志是否被改写。</li>
          </ol>
          <dl class="facts">
            <dt>记录序号</dt>
            <dd>{`第 ${fmt(p.proof.index + 1)} 条（编号 ${p.proof.index}）`}</dd>
            <dt>日志规模</dt>
            <dd>{`${fmt(p.proof.size)} 条`}</dd>
            {p.proof.leafHash ? (
              <>
                <dt>记录指纹</dt>
                <dd>
                  <code>{p.proof.leafHash}</code>
                </dd>
              </>
            ) : null}
            <dt>证明路径</dt>
            <dd>{`${p.proof.proof.length} 个指纹`}</dd>
          </dl>
          {p.proof.leaf ? (
            <>
              <h2>记录内容</h2>
              <pre tabindex={0} aria-label="记录内容">
                {p.proof.leaf}
              </pre>
            </>
          ) : null}
          {p.proof.checkpoint ? (
            <>
              <h2>检查点（已签名）</h2>
              <pre tabindex={0} aria-label="检查点">
                {p.proof.checkpoint}
              </pre>
            </>
          ) : null}
        </>
      ) : (
        <p class="summary-card" role="status">
          {p.message ?? '该版本尚未记入透明日志，请稍后再查看。'}
        </p>
      )}
      <p class="downloads">
        <a href={p.jsonUrl}>JSON 格式的证明</a>
        <a href={listUrl}>{`返回第${p.version}版`}</a>
      </p>
    </Layout>
  );
}
