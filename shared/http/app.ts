/**
 * The Hono application: the same app serves Lambda (hono/aws-lambda) and the
 * local server (@hono/node-server). Routes are registered by module; each
 * module owns one area of the API.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Registry } from '../registry/registry.js';
import { errorBody, handleError, zodDetails } from './errors.js';
import { registerUnitRoutes } from './routes/units.js';

export type AppEnv = { Variables: { requestId: string } };

export interface AppDeps {
  registry: Registry;
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return c.json(errorBody('VALIDATION_FAILED', '请求参数不符合要求', zodDetails(result.error), c.get('requestId')), 400);
      }
      return undefined;
    },
  });

  app.use('*', requestId());
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('NOT_FOUND', '未找到请求的资源', { path: c.req.path }, c.get('requestId')), 404));

  app.get('/healthz', (c) => c.json({ ok: true }));
  registerUnitRoutes(app, deps.registry);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Gongshi 公示 — 行政执法公示 registry API',
      version: '1.0.0',
      description: 'Enforcement entities (执法主体) and their published lists, every version retrievable forever.',
    },
  });
  return app;
}
