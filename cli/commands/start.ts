/** `npm start` / `gongshi start`: the registry on one machine, with demo data on first start. */
import { serve } from '@hono/node-server';
import { loadDemo } from '../../shared/features/demo/index.js';
import { LocalJobTimers } from '../../shared/app/local-jobs.js';
import { relative } from 'node:path';
import { DATA_DIR, openLocalRegistry } from '../local.js';

/**
 * The local sequencer's timer: with the run after each publish, the stated maximum logging delay is this plus one run.
 */
export const LEDGER_INTERVAL_MS = 5_000;

export async function run(): Promise<number> {
  const port = Number(process.env.PORT ?? 3000);
  const local = await openLocalRegistry({ serve: true });
  if (process.env.GONGSHI_DEMO !== '0') {
    const demo = await loadDemo(local.registry);
    if (demo.loaded)
      console.log(
        `已加载示例数据：${demo.units} 个执法主体，${demo.versions} 个版本，${demo.draws} 次双随机抽取（示例，非真实数据）`,
      );
  }
  // Logs what other processes (gongshi import) published too; each publish here is logged at once.
  local.ledger?.runner.start(LEDGER_INTERVAL_MS);
  // The scheduled jobs (status lists, …) as the stack's EventBridge rules run them, on local timers.
  const jobs = new LocalJobTimers(local, {
    onError: (job, error) => console.error(`定时任务 ${job} 失败：`, error),
  });
  jobs.start();
  const server = serve({ fetch: local.app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' });
  const base = `http://localhost:${port}`;
  console.log(
    `Gongshi 公示 is running (engine: ` +
      `${
        local.origin === 'embedded'
          ? `embedded dynalite at ${local.config.endpoint}, data in ${relative(process.cwd(), DATA_DIR) || '.'}/`
          : local.config.endpoint
      },` +
      ` table ${local.config.tableName})
  Portal    ${base}/
  API       ${base}/v1/units?region=210900
  API docs  ${base}/docs  (OpenAPI: ${base}/openapi.json)
  Workbench ${base}/workbench  (本地开发登录：选择角色与范围)
  Ledger    ${base}/v1/ledger/checkpoint   (verify: npx gongshi verify ${base} --region 210900)
Press Ctrl+C to stop.`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await jobs.stop();
  await local.close();
  return 0;
}
