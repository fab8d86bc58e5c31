/** A friendly Chinese error page for portal routes (the API answers JSON instead). */
import { Layout } from '../layout.js';

export function ErrorPage(p: { status: number; message: string; requestId?: string }) {
  const title = p.status === 404 ? '未找到' : p.status < 500 ? '请求有误' : '服务暂时不可用';
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p class="summary-card" role="alert">
        {p.message}
      </p>
      <p>
        <a href="/">返回首页</a> · <a href="/search">检索</a>
      </p>
      {p.requestId ? <p class="muted">{`请求编号：${p.requestId}`}</p> : null}
    </Layout>
  );
}
