/**
 * The authenticated half of the API — drafts, legal review, entity registration,
 * the audit trail — registered as one unit so a write-only app (the write Lambda)
 * can be assembled: registerWriteRoutes(app, createWriteDeps(…)).
 *
 * Order matters: the audit trail wraps authentication, which wraps the body limit
 * and the routes, so refusals at every stage (401, 403, 413, 422) are recorded.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import {
  AssignmentResolver,
  AssignmentsStore,
  authenticatorFor,
  localKeyPath,
  localUserDirectory,
  withAssignments,
  type Authenticator,
  type UserDirectory,
} from '../../auth/index.js';
import { AppError } from '../../../core/errors.js';
import { ColumnMapStore, IMPORT_LIMITS } from '../../spreadsheets/index.js';
import type { Registry } from '../../lists/index.js';
import { AuditStore } from '../audit-store.js';
import { DraftsStore } from '../drafts-store.js';
import { IdempotencyStore } from '../idempotency-store.js';
import { DEFAULT_REVIEW_GROUNDS } from '../drafts.js';
import { Workflow } from '../service.js';
import type { AppEnv } from '../../../platform/http/app-env.js';
import { ParseGate, type ParseLimits } from '../../../platform/parse-gate.js';
import { registerAuditRoutes } from '../audit-routes.js';
import { registerColumnMapRoutes } from '../column-map-routes.js';
import { registerDraftRoutes } from '../drafts-routes.js';
import { registerEntityAdminRoutes } from '../entities-routes.js';
import { auditTrail } from './audit-trail.js';
import { authenticate } from './authenticate.js';

export interface WriteDeps {
  registry: Registry;
  workflow: Workflow;
  audit: AuditStore;
  idempotency: IdempotencyStore;
  /** The token's verifier, with the caller's stored role assignments added to every principal. */
  auth: Authenticator;
  /** Role assignments, read per request (kept at most a minute per process). */
  assignments: AssignmentResolver;
  /** Who may be assigned: sign-in names to `sub`, groups and scope attributes (the user pool on AWS). */
  directory: UserDirectory;
  /** Column maps confirmed with uploads, remembered per unit, kind and heading row. */
  columnMaps: ColumnMapStore;
  /** Bounds the uploads this process parses at once (the API's and the workbench's). */
  parseGate: ParseGate;
}

export interface WriteOptions {
  /** Verifier; default the local key under .data/ (shared/app picks API Gateway claims on AWS from its config). */
  auth?: Authenticator;
  /** The user directory; default the local one (shared/app picks the Cognito user pool on AWS from its config). */
  directory?: UserDirectory;
  /** Review grounds; default the six in practice (GONGSHI_REVIEW_GROUNDS through shared/app's config). */
  grounds?: readonly string[];
  /** Parses at once and waiting; default 2 and 8 (GONGSHI_PARSE_CONCURRENCY, GONGSHI_PARSE_QUEUE). */
  parseLimits?: ParseLimits;
}

export function createWriteDeps(
  registry: Registry,
  client: DynamoDBClient,
  tableName: string,
  options: WriteOptions = {},
): WriteDeps {
  const drafts = new DraftsStore(client, tableName);
  const audit = new AuditStore(client, tableName);
  const assignments = new AssignmentResolver(new AssignmentsStore(client, tableName), () => registry.store.now());
  const auth =
    options.auth ??
    authenticatorFor({ mode: 'local', keyPath: localKeyPath('.data'), clock: () => registry.store.now() });
  return {
    registry,
    workflow: new Workflow(registry, drafts, { grounds: options.grounds ?? DEFAULT_REVIEW_GROUNDS, audit }),
    audit,
    idempotency: new IdempotencyStore(client, tableName),
    auth: withAssignments(auth, assignments),
    assignments,
    directory: options.directory ?? localUserDirectory,
    columnMaps: new ColumnMapStore(client, tableName),
    parseGate: new ParseGate(options.parseLimits),
  };
}

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

export function registerWriteRoutes(app: OpenAPIHono<AppEnv>, deps: WriteDeps): void {
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
  registerDraftRoutes(app, {
    registry: deps.registry,
    workflow: deps.workflow,
    idempotency: deps.idempotency,
    columnMaps: deps.columnMaps,
    parseGate: deps.parseGate,
  });
  registerColumnMapRoutes(app, deps);
  registerEntityAdminRoutes(app, deps.workflow);
  registerAuditRoutes(app, { audit: deps.audit, workflow: deps.workflow });
}
