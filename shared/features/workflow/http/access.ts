/**
 * What wraps every authenticated API route, registered before them: the bearer security scheme of the OpenAPI
 * document, the audit trail, authentication and the body limits. Order matters: the audit trail wraps
 * authentication, which wraps the body limit and the routes, so refusals at every stage (401, 403, 413, 422) are
 * recorded.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../../core/errors.js';
import { IMPORT_LIMITS } from '../../spreadsheets/index.js';
import type { AppEnv } from '../../../platform/http/app-env.js';
import { auditTrail } from './audit-trail.js';
import { authenticate } from './authenticate.js';
import type { WriteDeps } from './write-deps.js';

/** Uploads carry a file of up to 10 MB plus the multipart envelope; other bodies are small. */
const UPLOAD_PATH = /^\/v1\/units\/[^/]+(\/lists\/[^/]+)?\/drafts$/;
const UPLOAD_MAX = IMPORT_LIMITS.maxFileBytes + 256 * 1024;
const OTHER_MAX = 1024 * 1024;

const limit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `请求体过大（上限 ${(maxSize / 1024 / 1024).toFixed(1)} MB）`, {
        reason: 'BODY_TOO_LARGE',
        maxBytes: maxSize,
      });
    },
  });

export function registerWriteAccess(app: OpenAPIHono<AppEnv>, deps: WriteDeps): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Cognito access token on AWS; `gongshi token` locally',
  });
  app.use('/v1/*', auditTrail({ audit: deps.audit, store: deps.registry.store, drafts: deps.workflow.drafts }));
  app.use('/v1/*', authenticate(deps.auth));
  const uploads = limit(UPLOAD_MAX);
  const others = limit(OTHER_MAX);
  app.use('/v1/*', (c, next) =>
    ['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)
      ? next()
      : UPLOAD_PATH.test(c.req.path)
        ? uploads(c, next)
        : others(c, next),
  );
}
