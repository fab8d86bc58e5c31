/**
 * What the authenticated routes run on: the stores, the workflow, the verifier with role assignments, the user
 * directory, column maps and the parse gate. Apart from the route modules (./index.ts registers those) so that a
 * process can build these at start and load the routes on first use (shared/app/lazy-write-app.ts).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
import { ColumnMapStore } from '../../spreadsheets/index.js';
import type { Registry } from '../../lists/index.js';
import { AuditStore } from '../audit-store.js';
import { DraftsStore } from '../drafts-store.js';
import { IdempotencyStore } from '../idempotency-store.js';
import { DEFAULT_REVIEW_GROUNDS } from '../drafts.js';
import { Workflow } from '../service.js';
import { ParseGate, type ParseLimits } from '../../../platform/parse-gate.js';

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
