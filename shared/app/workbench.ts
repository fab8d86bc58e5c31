/**
 * Wires the workbench (/workbench pages) from configuration: read once here from the environment (or given by
 * tests), validated by the workbench's own schema. Served wherever the write routes are (the write function on
 * AWS, `npm start` locally); never by the public function.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { randomBytes } from 'node:crypto';
import type { JWTVerifyGetKey } from 'jose';
import { LedgerStore } from '../features/ledger/ledger-store.js';
import type { Registry } from '../features/lists/index.js';
import {
  CognitoLogin,
  registerWorkbenchRoutes,
  UploadsStore,
  WorkbenchConfigSchema,
  workbenchConfigFromEnv,
  WorkbenchService,
  type WorkbenchConfig,
} from '../features/workbench/index.js';
import type { WriteDeps } from '../features/workflow/index.js';
import type { AppEnv } from '../platform/http/app-env.js';

export interface WorkbenchOptions {
  /** Replaces the configuration read from the environment. */
  config?: Partial<WorkbenchConfig>;
  /** Cognito's token endpoint and key set (tests give local ones; default: fetch and the pool's JWKS). */
  fetch?: typeof fetch;
  keys?: JWTVerifyGetKey;
}

export function workbenchFromConfig(
  parts: { client: DynamoDBClient; tableName: string; registry: Registry; write: WriteDeps },
  options: WorkbenchOptions = {},
): (app: OpenAPIHono<AppEnv>) => void {
  const secret = () => randomBytes(32).toString('base64url');
  const config = options.config
    ? WorkbenchConfigSchema.parse({ stage: 'local', sessionSecret: secret(), ...options.config })
    : workbenchConfigFromEnv(process.env, secret);
  const clock = () => parts.registry.store.now();
  const service = new WorkbenchService(
    parts.registry,
    parts.write.workflow,
    parts.write.audit,
    new UploadsStore(parts.client, parts.tableName),
  );
  const ledger = new LedgerStore(parts.client, parts.tableName, parts.registry.store.clock);
  const cognito = config.cognito
    ? new CognitoLogin(config.cognito, {
        fetch: options.fetch ?? globalThis.fetch,
        clock,
        ...(options.keys ? { keys: options.keys } : {}),
      })
    : undefined;
  return (app) =>
    registerWorkbenchRoutes(app, {
      service,
      config,
      ...(cognito ? { cognito } : {}),
      latestCheckpoint: () => ledger.latestCheckpoint(),
    });
}
