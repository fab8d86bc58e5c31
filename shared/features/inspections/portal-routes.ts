/** Portal pages for draws: a unit's draws (/units/:uscc/draws) and one draw with how to check it. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { badRequest } from '../../core/errors.js';
import { USCC_PATTERN } from '../../core/uscc.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { html, page, pageHeaders } from '../portal/index.js';
import type { DrawReader } from './routes.js';
import { DrawPage } from './pages/draw.js';
import { DrawsPage } from './pages/draws.js';

export const DRAW_PORTAL_PATHS = ['/units/:uscc/draws', '/units/:uscc/draws/:drawId'] as const;

function usccParam(raw: string | undefined): string {
  const uscc = (raw ?? '').toUpperCase();
  if (!USCC_PATTERN.test(uscc)) throw badRequest('统一社会信用代码格式不正确');
  return uscc;
}

export function registerDrawPages(app: OpenAPIHono<AppEnv>, draws: Pick<DrawReader, 'getDraw' | 'listDraws'>): void {
  for (const path of DRAW_PORTAL_PATHS) app.use(path, pageHeaders);

  app.get(
    '/units/:uscc/draws',
    page(async (c) => {
      const uscc = usccParam(c.req.param('uscc'));
      return html(c, DrawsPage({ uscc, draws: await draws.listDraws(uscc) }));
    }),
  );

  app.get(
    '/units/:uscc/draws/:drawId',
    page(async (c) => {
      const uscc = usccParam(c.req.param('uscc'));
      const drawId = c.req.param('drawId') ?? '';
      if (!/^[\w.-]{1,100}$/.test(drawId)) throw badRequest('抽取编号格式不正确');
      return html(c, DrawPage({ draw: await draws.getDraw(uscc, drawId) }));
    }),
  );
}
