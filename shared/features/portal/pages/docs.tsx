/**
 * /docs: the API reference rendered on the server from the OpenAPI document the
 * app generates (the same zod schemas that validate requests). No script, no CDN.
 */
import { Layout } from '../layout.js';

type Json = Record<string, any>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function schemaType(schema: Json | undefined, doc: Json): string {
  if (!schema) return '';
  if (schema.$ref) return String(schema.$ref).split('/').pop()!;
  if (schema.enum) return schema.enum.join(' | ');
  if (schema.type === 'array') return `${schemaType(schema.items, doc)}[]`;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map((s: Json) => schemaType(s, doc)).join(' | ');
  return Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'object');
}

function exampleOf(p: Json): unknown {
  return (
    p.example ??
    p.schema?.example ??
    (p.examples ? Object.values(p.examples as Json)[0]?.value : undefined) ??
    p.schema?.examples?.[0]
  );
}

/** Values from the data actually loaded, so every example link answers 200. */
export interface DocsSample {
  uscc: string;
  kind: string;
  version: number;
  region: string;
  /** The size of the transparency log's latest checkpoint; absent while the log is empty or not served. */
  logSize?: number;
}

const sampleValue = (name: string, sample: DocsSample | undefined): unknown => {
  if (!sample) return undefined;
  if (name === 'uscc' || name === 'unit') return sample.uscc;
  if (name === 'kind' || name === 'stream') return sample.kind;
  if (name === 'n' || name === 'version') return sample.version;
  if (name === 'region') return sample.region;
  if (name === 'size' && sample.logSize !== undefined) return sample.logSize;
  return undefined;
};

/** A path as readers write it: Hono's `{name{regex}}` shown as `{name}`. */
export const readablePath = (path: string) => path.replace(/\{(\w+)\{[^}]*\}\}/g, '{$1}');

/**
 * A request URL from the loaded data (else the parameters' examples), for a GET "try it" link; none
 * for operations that need a login or a path the sample cannot fill (tiles, entry bundles).
 */
function exampleUrl(path: string, params: Json[], op: Json, sample: DocsSample | undefined): string | undefined {
  if (Array.isArray(op.security) && op.security.length > 0) return undefined;
  if (/\{\w+\{/.test(path)) return undefined;
  // The log's reads answer only once it holds a checkpoint; a consistency proof needs two sizes the reader picks.
  if ((path.startsWith('/v1/ledger') || path.endsWith('/proof')) && sample?.logSize === undefined) return undefined;
  if (path === '/v1/ledger/proof/consistency' || path.endsWith('/proof')) return undefined;
  // A certificate number cannot come from the sample unit, and cards and status lists need the signing key.
  if (path.startsWith('/v1/certificates')) return undefined;
  // Decisions are looked up by one of 文号 or the party's credit code, which the sample unit cannot supply.
  if (path === '/v1/decisions') return undefined;
  // A draw is named by its id, which the sample unit may not have (units without a random-inspection plan).
  if (path.includes('{drawId}')) return undefined;
  let url = path;
  const query = new URLSearchParams();
  const byUnit = params.some((p) => p.name === 'unit' && p.in === 'query') && params.some((p) => p.name === 'index');
  for (const p of params) {
    if (byUnit && p.in === 'query' && !['unit', 'kind', 'version'].includes(p.name)) continue;
    // Units, lists and versions come from the data loaded, never from the schema's made-up examples.
    const fromData = ['uscc', 'unit', 'kind', 'stream', 'n', 'version'].includes(String(p.name));
    const ex = fromData ? sampleValue(p.name, sample) : (sampleValue(p.name, sample) ?? exampleOf(p));
    if (fromData && ex === undefined && (p.in === 'path' || p.required)) return undefined;
    if (byUnit && p.in === 'query') {
      if (sample) query.set(p.name, String(ex));
      continue;
    }
    if (p.in === 'path') {
      if (ex === undefined) return undefined;
      url = url.replace(`{${p.name}}`, encodeURIComponent(String(ex)));
    } else if (p.in === 'query' && ex !== undefined && (p.required || ['q', 'region'].includes(p.name)))
      query.set(p.name, String(ex));
    else if (p.in === 'query' && p.required) return undefined;
  }
  const q = query.toString();
  return q ? `${url}?${q}` : url;
}

const anchor = (method: string, path: string) => `${method}-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** Text from the OpenAPI document: Chinese before ' — ', English after, marked as English. */
function Bilingual(props: { text?: string }) {
  const text = props.text ?? '';
  const at = text.indexOf(' — ');
  if (at >= 0) {
    return (
      <>
        {text.slice(0, at)}
        <span class="muted">
          {' — '}
          <span lang="en">{text.slice(at + 3)}</span>
        </span>
      </>
    );
  }
  return /[\u4e00-\u9fff]/.test(text) ? <>{text}</> : <span lang="en">{text}</span>;
}

export function DocsPage(p: { doc: Json; sample?: DocsSample }) {
  const sample = p.sample;
  const doc = p.doc;
  const ops: Array<{ method: string; path: string; op: Json; tag: string }> = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Json)) {
    for (const m of METHODS) if (item[m]) ops.push({ method: m, path, op: item[m], tag: item[m].tags?.[0] ?? 'other' });
  }
  const tags = [...new Set(ops.map((o) => o.tag))];
  return (
    <Layout title="API 文档" crumbs={[{ href: '/', label: '首页' }, { label: 'API 文档' }]}>
      <h1>数据接口（API）文档</h1>
      <p>
        本站的全部公示数据都可以通过下列接口以 JSON、CSV 或 XLSX
        格式免费获取，无需登录。每个清单版本一经公布即不可更改，
        可用内容哈希与透明日志核验。下面的“示例请求”使用本站现有的数据，点击即可查看结果。
      </p>
      {sample ? (
        <ul>
          <li>
            执法主体：<a href={`/v1/units/${sample.uscc}`}>{`/v1/units/${sample.uscc}`}</a>
          </li>
          <li>
            现行清单：
            <a
              href={`/v1/units/${sample.uscc}/lists/${sample.kind}`}
            >{`/v1/units/${sample.uscc}/lists/${sample.kind}`}</a>
          </li>
          <li>
            指定版本（CSV）：
            <a href={`/v1/units/${sample.uscc}/lists/${sample.kind}/versions/${sample.version}?format=csv`}>
              {`/v1/units/${sample.uscc}/lists/${sample.kind}/versions/${sample.version}?format=csv`}
            </a>
          </li>
        </ul>
      ) : (
        <p class="muted">本站尚未载入数据，示例请求暂不可用。</p>
      )}
      <p class="muted">
        <span lang="en">{doc.info?.title ?? 'API'}</span>
        {doc.info?.description ? (
          <>
            {'：'}
            <Bilingual text={String(doc.info.description)} />
          </>
        ) : null}
      </p>
      <p>
        {`OpenAPI ${doc.openapi} · 版本 ${doc.info?.version ?? ''} · `}
        <a href="/openapi.json">下载 OpenAPI 文档（JSON）</a>
      </p>
      <nav aria-labelledby="toc">
        <h2 id="toc">目录</h2>
        {tags.map((tag) => (
          <>
            <h3>{tag}</h3>
            <ul>
              {ops
                .filter((o) => o.tag === tag)
                .map((o) => (
                  <li>
                    <a href={`#${anchor(o.method, o.path)}`}>
                      <code>{`${o.method.toUpperCase()} ${readablePath(o.path)}`}</code>
                    </a>{' '}
                    <Bilingual text={o.op.summary} />
                  </li>
                ))}
            </ul>
          </>
        ))}
      </nav>
      {ops.map((o) => {
        const params: Json[] = [...(o.op.parameters ?? [])];
        const tryUrl = o.method === 'get' ? exampleUrl(o.path, params, o.op, sample) : undefined;
        const needsLogin = Array.isArray(o.op.security) && o.op.security.length > 0;
        return (
          <section
            class="doc-op"
            id={anchor(o.method, o.path)}
            aria-label={`${o.method.toUpperCase()} ${readablePath(o.path)}`}
          >
            <h2>
              <span class="method">{o.method}</span>
              <code>{readablePath(o.path)}</code>
            </h2>
            <p>
              <Bilingual text={o.op.summary} />
            </p>
            {needsLogin ? <p>需要登录（执法机关工作人员使用），公众无需调用。</p> : null}
            {o.op.description ? (
              <p class="muted">
                <Bilingual text={String(o.op.description)} />
              </p>
            ) : null}
            {params.length > 0 ? (
              <div
                class="table-wrap"
                tabindex={0}
                role="region"
                aria-label={`${o.method.toUpperCase()} ${readablePath(o.path)} 参数`}
              >
                <table>
                  <caption>参数</caption>
                  <thead>
                    <tr>
                      <th scope="col">名称</th>
                      <th scope="col">位置</th>
                      <th scope="col">必填</th>
                      <th scope="col">类型</th>
                      <th scope="col">说明</th>
                      <th scope="col">示例</th>
                    </tr>
                  </thead>
                  <tbody>
                    {params.map((prm) => (
                      <tr>
                        <th scope="row">
                          <code>{prm.name}</code>
                        </th>
                        <td>{prm.in}</td>
                        <td>{prm.required ? '是' : '否'}</td>
                        <td>{schemaType(prm.schema, doc)}</td>
                        <td>
                          <Bilingual text={prm.description ?? prm.schema?.description ?? ''} />
                        </td>
                        <td>{exampleOf(prm) === undefined ? '' : <code>{String(exampleOf(prm))}</code>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {o.op.requestBody ? <p>{`请求体：${Object.keys(o.op.requestBody.content ?? {}).join('、')}`}</p> : null}
            <div
              class="table-wrap"
              tabindex={0}
              role="region"
              aria-label={`${o.method.toUpperCase()} ${readablePath(o.path)} 响应`}
            >
              <table>
                <caption>响应</caption>
                <thead>
                  <tr>
                    <th scope="col">状态</th>
                    <th scope="col">说明</th>
                    <th scope="col">内容</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries((o.op.responses ?? {}) as Json).map(([status, r]) => (
                    <tr>
                      <th scope="row">{status}</th>
                      <td>
                        <Bilingual text={r.description ?? ''} />
                      </td>
                      <td>
                        {Object.entries((r.content ?? {}) as Json).map(([type, c]) => (
                          <div>
                            <code>{type}</code>
                            {c.schema ? ` ${schemaType(c.schema, doc)}` : ''}
                          </div>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {tryUrl ? (
              <p>
                示例请求：
                <a href={tryUrl}>
                  <code>{`GET ${tryUrl}`}</code>
                </a>
              </p>
            ) : null}
          </section>
        );
      })}
      <section aria-labelledby="schemas">
        <h2 id="schemas">数据结构</h2>
        {Object.entries((doc.components?.schemas ?? {}) as Json).map(([name, schema]) => (
          <details id={`schema-${name}`}>
            <summary>
              <code>{name}</code>
            </summary>
            <pre lang="en">
              <code>{JSON.stringify(schema, null, 2)}</code>
            </pre>
          </details>
        ))}
      </section>
    </Layout>
  );
}
