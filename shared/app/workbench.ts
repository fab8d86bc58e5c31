/**
 * Wires the workbench (/workbench pages) from configuration (./config.ts, or given by tests), validated by the
 * workbench's own schema. Served wherever the write routes are (the write function on
 * AWS, `npm start` locally); never by the public function.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { JWTVerifyGetKey } from 'jose';
import { LedgerStore } from '../features/ledger/ledger-store.js';
import type { PlanIntake } from '../features/inspections/index.js';
import type { Registry } from '../features/lists/index.js';
import { VerificationResultsStore } from '../features/verifier/results-store.js';
import {
  CognitoLogin,
  registerAssignmentRoutes,
  registerWorkbenchRoutes,
  SessionEnds,
  UploadsStore,
  WorkbenchService,
  type WorkbenchConfig,
} from '../features/workbench/index.js';
import type { WriteDeps } from '../features/workflow/index.js';
import type { AppEnv } from '../platform/http/app-env.js';
import { workbenchConfig } from './workbench-config.js';

export interface WorkbenchOptions {
  /** The configuration (from shared/app/config.ts on AWS and locally); absent: the local stage, a random secret. */
  config?: Partial<WorkbenchConfig>;
  /** Cognito's token endpoint and key set (tests give local ones; default: fetch and the pool's JWKS). */
  fetch?: typeof fetch;
  keys?: JWTVerifyGetKey;
}

export function workbenchFromConfig(
  parts: {
    client: DynamoDBClient;
    tableName: string;
    registry: Registry;
    write: WriteDeps;
    /** The unit's 抽查工作计划 page reads and imports plans through it. */
    plans?: PlanIntake;
  },
  options: WorkbenchOptions = {},
): (app: OpenAPIHono<AppEnv>) => void {
  const config = workbenchConfig(options.config);
  const clock = () => parts.registry.store.now();
  const service = new WorkbenchService(
    parts.registry,
    parts.write.workflow,
    parts.write.audit,
    new UploadsStore(parts.client, parts.tableName),
    parts.write.assignments,
    parts.write.directory,
    parts.write.columnMaps,
    parts.write.parseGate,
  );
  const ledger = new LedgerStore(parts.client, parts.tableName, parts.registry.store.clock);
  const verifications = new VerificationResultsStore(parts.client, parts.tableName);
  const cognito = config.cognito
    ? new CognitoLogin(config.cognito, {
        fetch: options.fetch ?? globalThis.fetch,
        clock,
        ...(options.keys ? { keys: options.keys } : {}),
      })
    : undefined;
  return (app) => {
    registerAssignmentRoutes(app, service);
    registerWorkbenchRoutes(app, {
      service,
      config,
      ...(cognito ? { cognito } : {}),
      sessionEnds: new SessionEnds(parts.client, parts.tableName),
      latestCheckpoint: () => ledger.latestCheckpoint(),
      lastVerifications: (regionPrefix) => verifications.latest(regionPrefix),
      ...(parts.plans ? { plans: parts.plans } : {}),
    });
  };
}
