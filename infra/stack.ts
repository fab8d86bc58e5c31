/**
 * Gongshi on AWS: one table, functions split by trust, an HTTP API with a Cognito JWT authorizer, the
 * transparency-log signer, and alarms. Account- and region-agnostic; stage specifics come from context.
 *
 * Trust split:
 * - public function: anonymous GETs; its role can only read the table.
 * - export function: region exports, streamed through a public function URL; its role can only read the table.
 * - write function: authenticated routes; reads and writes the table; may start the sequencer.
 * - sequencer: the only principal allowed to sign checkpoints with the ledger key.
 * - pre-token trigger: touches nothing but its logs.
 * - scheduled jobs: one function run by EventBridge rules (shared/app/job-schedules.ts); reads and writes the table.
 * - certificate key: only the write function (after officers publications) and the scheduled jobs (the daily status
 *   lists) sign card credentials and status lists with it; the public function serves what was signed and stored,
 *   so it stays read-only.
 * No activation job: a future-dated version is published at once with its effectiveFrom, and readers
 * resolve the version in force from the head's timeline at request time (shared/core/versions.ts
 * resolveInForce), so nothing has to happen on the effective date.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { USER_POOL_ACTIONS } from '../shared/platform/cognito/user-pool.js';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { StageConfig } from './config.js';
import { entryPath, presentEntry, type LambdaName } from './entries.js';
import { ExportFunction } from './constructs/export-function.js';
import { RegistryAlarms } from './constructs/registry-alarms.js';
import { RegistryApi } from './constructs/registry-api.js';
import { RegistryFunction } from './constructs/registry-function.js';
import { RegistryTable } from './constructs/registry-table.js';
import { ScheduledJobs } from './constructs/scheduled-jobs.js';
import { TransparencyLog } from './constructs/transparency-log.js';
import { UserDirectory } from './constructs/user-directory.js';
import { ed25519SigningKey, onlySignedBy } from './constructs/signing-key.js';
import { macKeyFor } from './constructs/mac-key.js';
import { grantTableRead, grantTableReadWrite } from './table-access.js';

/** The drand HTTP relay the drawing functions fetch quicknet rounds from (League of Entropy's public endpoint). */
const DRAND_RELAY = 'https://api.drand.sh';

export interface GongshiStackProps extends StackProps {
  config: StageConfig;
  /** Entry-point overrides (tests stand in for pieces other issues have not landed yet). */
  entries?: Partial<Record<LambdaName, string>>;
}

export class GongshiStack extends Stack {
  readonly publicApi: RegistryFunction;
  readonly exportApi: ExportFunction;
  readonly writeApi: RegistryFunction;
  readonly preToken: RegistryFunction;
  readonly ledger: TransparencyLog;
  readonly certificateKey: Key;
  readonly jobs: ScheduledJobs;
  readonly api: RegistryApi;
  readonly users: UserDirectory;
  readonly alarms: RegistryAlarms;

  constructor(scope: Construct, id: string, props: GongshiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const stage = config.stage;
    const logRetention = config.logRetentionDays as RetentionDays;
    const entry = (name: LambdaName) => props.entries?.[name] ?? entryPath(name);

    const table = new RegistryTable(this, 'Registry').table;
    const runtimeEnv = {
      TABLE_NAME: table.tableName,
      GONGSHI_STAGE: stage,
      GONGSHI_AUTH: 'apigateway',
      GONGSHI_LOG_ORIGIN: config.logOrigin,
    };

    this.publicApi = new RegistryFunction(this, 'PublicApi', {
      entry: entry('publicApi'),
      description: `Gongshi ${stage}: public read API (anonymous GET routes)`,
      serviceName: 'gongshi-public-api',
      memorySize: 1024,
      // Reads are a handful of Gets and Queries; anything slower than this is a fault, not a slow answer.
      timeout: Duration.seconds(10),
      reservedConcurrency: config.publicConcurrency,
      logRetention,
      environment: runtimeEnv,
    });
    grantTableRead(this.publicApi.role, table);

    this.exportApi = new ExportFunction(this, 'ExportApi', {
      entry: entry('exportApi'),
      stage,
      reservedConcurrency: config.exportConcurrency,
      logRetention,
      environment: runtimeEnv,
      portalOrigin: config.portalOrigin,
    });
    grantTableRead(this.exportApi.role, table);
    // Region exports outgrow a buffered response (6 MB): the public function redirects them to the streaming URL.
    this.publicApi.fn.addEnvironment('EXPORT_URL', this.exportApi.url.url);

    this.writeApi = new RegistryFunction(this, 'WriteApi', {
      entry: entry('writeApi'),
      description: `Gongshi ${stage}: authenticated API (drafts, review, publication, entities, audit)`,
      serviceName: 'gongshi-write-api',
      // Parsing a 20,000-row workbook wants memory (and the CPU that comes with it).
      memorySize: 1769,
      // HTTP API waits at most 30 s for an integration.
      timeout: Duration.seconds(29),
      reservedConcurrency: config.writeConcurrency,
      logRetention,
      environment: runtimeEnv,
    });
    grantTableReadWrite(this.writeApi.role, table);

    // Units' monthly decision statements (事后公示) are signed by the write function, on the editor's request, with
    // an Ed25519 KMS key of their own (the ledger's key signs checkpoints only). Its public half is stored with the
    // statements, so the key is retained: statements signed under it stay verifiable.
    const statementKey = ed25519SigningKey(this, 'StatementKey', {
      description: `Gongshi ${stage}: signs units' monthly decision statements (Ed25519 over RFC 8785 JSON)`,
      alias: `alias/gongshi-${stage}-decision-statements`,
    });
    onlySignedBy(statementKey, 'OnlyTheWriteFunctionSigns', [this.writeApi.role]);
    this.writeApi.fn.addEnvironment('STATEMENT_SIGNING_KEY_ID', statementKey.keyArn);

    // Pagination cursors carry a MAC (shared/platform/http/cursor.ts). A cursor one instance hands out is presented to
    // another, so every function that pages (public: units, lists, search; write: drafts, audit) derives the same key
    // at cold start from this KMS HMAC key (shared/app/derived-keys.ts): the environment carries only the key's ARN.
    // The export function serves whole files and never pages.
    const pagingFunctions = [this.publicApi, this.writeApi];
    const cursorMacKey = macKeyFor(this, 'CursorMacKey', {
      description: `Gongshi ${stage}: derives the MAC key of pagination cursors (GenerateMac over a fixed label)`,
      alias: `alias/gongshi-${stage}-cursor-key`,
      sid: 'OnlyPagingFunctionsDerive',
      roles: pagingFunctions.map((f) => f.role),
    });
    for (const f of pagingFunctions) f.fn.addEnvironment('CURSOR_MAC_KEY_ID', cursorMacKey.keyArn);

    this.preToken = new RegistryFunction(this, 'PreToken', {
      entry: entry('cognitoPreToken'),
      description: `Gongshi ${stage}: Cognito pre-token trigger (scope claims into access tokens)`,
      serviceName: 'gongshi-pre-token',
      memorySize: 256,
      // Cognito gives a trigger five seconds.
      timeout: Duration.seconds(5),
      reservedConcurrency: 5,
      logRetention,
    });
    this.users = new UserDirectory(this, 'Users', { stage, preTokenGeneration: this.preToken.fn });
    // Role assignments are written to the pool's groups and scope attributes: these calls on this pool only.
    this.writeApi.fn.addEnvironment('USER_POOL_ID', this.users.userPool.userPoolId);
    this.writeApi.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'AssignmentsInUserPool',
        actions: [...USER_POOL_ACTIONS],
        resources: [this.users.userPool.userPoolArn],
      }),
    );

    this.ledger = new TransparencyLog(this, 'Ledger', {
      stage,
      table,
      logRetention,
      environment: runtimeEnv,
      sequencerEntry: props.entries?.ledgerSequencer ?? presentEntry('ledgerSequencer'),
    });
    const sequencer = this.ledger.sequencer;
    if (sequencer) {
      this.writeApi.fn.addEnvironment('LEDGER_SEQUENCER_FUNCTION', sequencer.fn.functionName);
      // The unqualified function only (no `:*` versions or aliases): the write function may start it, nothing more.
      this.writeApi.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'NudgeLedgerSequencer',
          actions: ['lambda:InvokeFunction'],
          resources: [sequencer.fn.functionArn],
        }),
      );
    }

    this.jobs = new ScheduledJobs(this, 'Jobs', {
      stage,
      entry: entry('scheduledJobs'),
      table,
      logRetention,
      environment: runtimeEnv,
    });

    // Random-inspection draws (双随机): the write function commits and draws, the scheduled jobs draw each committed
    // draw once its round exists. Both take drand quicknet rounds over HTTPS from the relay, so they need outbound
    // internet access (they run outside a VPC; in one, through a NAT). Set here rather than left to the in-Lambda
    // default, so the stack says where the randomness comes from. The public function only reads draws.
    for (const f of [this.writeApi, this.jobs.runner]) {
      f.fn.addEnvironment('GONGSHI_BEACON', 'drand');
      f.fn.addEnvironment('GONGSHI_DRAND_RELAY', DRAND_RELAY);
    }

    // Card credentials and status lists (执法证): signed by the write function after an officers list is published
    // and by the daily status-list job, stored, and served as stored by the public function.
    this.certificateKey = ed25519SigningKey(this, 'CertificateKey', {
      description: `Gongshi ${stage}: signs 执法证 card credentials and status lists (Ed25519)`,
      alias: `alias/gongshi-${stage}-certificates`,
    });
    const certificateSigners = [this.writeApi, this.jobs.runner];
    onlySignedBy(
      this.certificateKey,
      'OnlyCertificateSignersSign',
      certificateSigners.map((f) => f.role),
    );
    for (const f of certificateSigners) f.fn.addEnvironment('CERTIFICATE_SIGNING_KEY_ID', this.certificateKey.keyArn);

    this.api = new RegistryApi(this, 'Http', {
      stage,
      publicFunction: this.publicApi.fn,
      writeFunction: this.writeApi.fn,
      userPool: this.users.userPool,
      userPoolClient: this.users.client,
      throttle: { rateLimit: config.throttleRate, burstLimit: config.throttleBurst },
      logRetention,
      portalOrigin: config.portalOrigin,
    });

    this.wireWorkbench(stage, config.workbenchOrigin ?? this.api.api.apiEndpoint);

    this.alarms = new RegistryAlarms(this, 'Alarms', {
      stage,
      api: this.api.api,
      table,
      functions: {
        PublicApi: this.publicApi.fn,
        ExportApi: this.exportApi.fn,
        WriteApi: this.writeApi.fn,
        PreToken: this.preToken.fn,
        ScheduledJobs: this.jobs.runner.fn,
      },
      ...(sequencer
        ? { singleFlight: { LedgerSequencer: sequencer.fn }, ledgerMaxDelaySeconds: config.ledgerMaxDelaySeconds }
        : {}),
      max5xxPercent: config.max5xxPercent,
      alarmEmail: config.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the registry API' });
    new CfnOutput(this, 'ExportUrl', {
      value: this.exportApi.url.url,
      description: 'Streaming region exports (the API redirects /v1/export* here)',
    });
    new CfnOutput(this, 'UserPoolId', {
      value: this.users.userPool.userPoolId,
      description: 'Cognito user pool (staff accounts)',
    });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.users.client.userPoolClientId,
      description: 'App client whose access tokens the API accepts',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Subscribe on-call channels here',
    });
    new CfnOutput(this, 'LedgerSigningKeyArn', {
      value: this.ledger.signingKey.keyArn,
      description: 'KMS Ed25519 key that signs log checkpoints',
    });
    new CfnOutput(this, 'CertificateSigningKeyArn', {
      value: this.certificateKey.keyArn,
      description: 'KMS Ed25519 key that signs certificate credentials and status lists',
    });
  }

  /**
   * The browser workbench on the write function: the managed login and its app client (callbacks to this
   * stage's origin only), and the settings the function reads (shared/features/workbench/config.ts). The
   * session-signing key is derived at cold start from a KMS HMAC key; the environment names only that key.
   */
  private wireWorkbench(stage: string, origin: string): void {
    const { domain, client } = this.users.addWorkbenchLogin({
      callbackUrls: [`${origin}/workbench/callback`],
      logoutUrls: [`${origin}/workbench/sign-out`],
    });
    // Derived at cold start by the write function alone (shared/app/derived-keys.ts), from a key of its own: the
    // public function may derive cursor keys, never session keys.
    const sessionMacKey = macKeyFor(this, 'WorkbenchSessionMacKey', {
      description: `Gongshi ${stage}: derives the key that signs workbench session cookies`,
      alias: `alias/gongshi-${stage}-workbench-session-key`,
      sid: 'OnlyTheWriteFunctionDerives',
      roles: [this.writeApi.role],
    });
    const env: Record<string, string> = {
      WORKBENCH_ORIGIN: origin,
      WORKBENCH_COGNITO_DOMAIN: domain.baseUrl(),
      WORKBENCH_COGNITO_CLIENT_ID: client.userPoolClientId,
      WORKBENCH_COGNITO_ISSUER: `https://${this.users.userPool.userPoolProviderUrl}`,
      WORKBENCH_SESSION_MAC_KEY_ID: sessionMacKey.keyArn,
    };
    for (const [k, v] of Object.entries(env)) this.writeApi.fn.addEnvironment(k, v);
    new CfnOutput(this, 'WorkbenchUrl', { value: `${origin}/workbench`, description: 'The browser workbench' });
    new CfnOutput(this, 'WorkbenchLoginDomain', { value: domain.baseUrl(), description: 'Cognito managed login' });
  }
}
