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

/** A request URL built from the parameters' examples, for a GET "try it" link. */
function exampleUrl(path: string, params: Json[]): string | undefined {
  let url = path;
  const query = new URLSearchParams();
  for (const p of params) {
    const ex = exampleOf(p);
    if (p.in === 'path') {
      if (ex === undefined) return undefined;
      url = url.replace(`{${p.name}}`, encodeURIComponent(String(ex)));
    } else if (p.in === 'query' && ex !== undefined && (p.required || ['q', 'region', 'from', 'to'].includes(p.name)))
      query.set(p.name, String(ex));
  }
  const q = query.toString();
  return q ? `${url}?${q}` : url;
}

const anchor = (method: string, path: string) => `${method}-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;

export function DocsPage(p: { doc: Json }) {
  const doc = p.doc;
  const ops: Array<{ method: string; path: string; op: Json; tag: string }> = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Json)) {
    for (const m of METHODS) if (item[m]) ops.push({ method: m, path, op: item[m], tag: item[m].tags?.[0] ?? 'other' });
  }
  const tags = [...new Set(ops.map((o) => o.tag))];
  return (
    <Layout title="API 文档" crumbs={[{ href: '/', label: '首页' }, { label: 'API 文档' }]}>
      <h1>{doc.info?.title ?? 'API'}</h1>
      <p>{doc.info?.description ?? ''}</p>
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
                      <code>{`${o.method.toUpperCase()} ${o.path}`}</code>
                    </a>{' '}
                    {o.op.summary ?? ''}
                  </li>
                ))}
            </ul>
          </>
        ))}
      </nav>
      {ops.map((o) => {
        const params: Json[] = [...(o.op.parameters ?? [])];
        const tryUrl = o.method === 'get' ? exampleUrl(o.path, params) : undefined;
        return (
          <section class="doc-op" id={anchor(o.method, o.path)} aria-label={`${o.method.toUpperCase()} ${o.path}`}>
            <h2>
              <span class="method">{o.method}</span>
              <code>{o.path}</code>
            </h2>
            <p>{o.op.summary ?? ''}</p>
            {o.op.description ? <p class="muted">{o.op.description}</p> : null}
            {params.length > 0 ? (
              <div class="table-wrap">
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
                        <td>{prm.description ?? prm.schema?.description ?? ''}</td>
                        <td>{exampleOf(prm) === undefined ? '' : <code>{String(exampleOf(prm))}</code>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {o.op.requestBody ? <p>{`请求体：${Object.keys(o.op.requestBody.content ?? {}).join('、')}`}</p> : null}
            <div class="table-wrap">
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
                      <td>{r.description ?? ''}</td>
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
            <pre>
              <code>{JSON.stringify(schema, null, 2)}</code>
            </pre>
          </details>
        ))}
      </section>
    </Layout>
  );
}
