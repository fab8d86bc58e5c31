/**
 * The CDK stack, synthesised once (no bundling: assets are not built here, test/bundles.test.ts builds and
 * runs them), checked resource by resource, permission by permission, and by cdk-nag's AwsSolutions pack.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { TableV2, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfigFromContext, type StageConfig } from '../infra/config.js';
import { entryPath, presentEntry, repoRoot } from '../infra/entries.js';
import { authenticatedReads, toHttpApiPath, workbenchRoutes } from '../infra/routes.js';
import { GongshiStack } from '../infra/stack.js';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../infra/table-access.js';
import { TransparencyLog } from '../infra/constructs/transparency-log.js';
import { LEDGER_LAG_METRIC } from '../shared/features/ledger/ledger-lag.js';
import { createRuntime } from '../shared/app/runtime.js';
import { JOB_IDS, JOB_SCHEDULES } from '../shared/app/job-schedules.js';
import { USER_POOL_ACTIONS } from '../shared/platform/cognito/user-pool.js';
import { createTableInput, tableDefinition } from '../shared/platform/dynamodb/table.js';

type Resource = {
  Type: string;
  Properties: Record<string, any>;
  DependsOn?: unknown;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
  Principal?: unknown;
};

const PORTAL = 'https://portal.example.gov.cn';
/** The sequencer entry, or any entry standing in for it where the file is absent: assets are not bundled here. */
const SEQUENCER_ENTRY = presentEntry('ledgerSequencer') ?? entryPath('publicApi');

let stack: GongshiStack;
let template: Template;
let resources: Record<string, Resource>;
let config: StageConfig;

/** Never build assets in this file: NodejsFunction skips bundling for stacks not listed here. */
const noBundling = { 'aws:cdk:bundling-stacks': [] as string[] };

beforeAll(() => {
  const app = new App({
    context: {
      ...noBundling,
      stage: 'test',
      portalOrigin: PORTAL,
      alarmEmail: 'ops@example.gov.cn',
      logOrigin: 'registry.example.gov.cn/log',
    },
  });
  config = stageConfigFromContext(app.node);
  stack = new GongshiStack(app, 'gongshi-test', { config, entries: { ledgerSequencer: SEQUENCER_ENTRY } });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const asList = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);

/** Statements of every IAM policy attached to a role, by the role's logical id. */
function roleStatements(roleLogicalId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => asList(p.Properties.Roles).some((r: any) => r.Ref === roleLogicalId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const roleActions = (roleLogicalId: string) => roleStatements(roleLogicalId).flatMap((s) => asList(s.Action));

function functionByService(service: string): [string, Resource] {
  const found = ofType('AWS::Lambda::Function').find(
    ([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service,
  );
  if (!found) throw new Error(`no function for ${service}`);
  return found;
}

/** The KMS key behind an alias, by the alias name. */
function keyByAlias(alias: string): [string, Resource] {
  const [, a] = ofType('AWS::KMS::Alias').find(([, r]) => r.Properties.AliasName === alias)!;
  const id = a.Properties.TargetKeyId['Fn::GetAtt'][0] as string;
  return [id, resources[id]!];
}

describe('the table', () => {
  it(
    'has exactly the key schema, attributes and indexes (with projections) of ' + 'shared/platform/dynamodb/table.ts',
    () => {
      const expected = createTableInput('any');
      const [, table] = ofType('AWS::DynamoDB::GlobalTable')[0]!;
      const p = table.Properties;
      expect(p.KeySchema).toEqual(expected.KeySchema);
      expect(new Set(p.AttributeDefinitions.map((a: any) => JSON.stringify(a)))).toEqual(
        new Set(expected.AttributeDefinitions!.map((a) => JSON.stringify(a))),
      );
      const normalise = (g: any) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection });
      expect(p.GlobalSecondaryIndexes.map(normalise)).toEqual(expected.GlobalSecondaryIndexes!.map(normalise));
      expect(ofType('AWS::DynamoDB::GlobalTable')).toHaveLength(1);
    },
  );

  it(
    'is on-demand, retained, deletion-protected, KMS-encrypted, with PITR and TTL on the ' + 'definition’s attribute',
    () => {
      const [, table] = ofType('AWS::DynamoDB::GlobalTable')[0]!;
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties.TimeToLiveSpecification).toEqual({
        AttributeName: tableDefinition.ttlAttribute,
        Enabled: true,
      });
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      const [replica] = table.Properties.Replicas;
      expect(replica.DeletionProtectionEnabled).toBe(true);
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    },
  );
});

describe('the functions', () => {
  const services = [
    'gongshi-public-api',
    'gongshi-export-api',
    'gongshi-write-api',
    'gongshi-pre-token',
    'gongshi-scheduled-jobs',
    LEDGER_LAG_METRIC.service,
  ];

  it(
    'run Node.js 24 on arm64 as ESM bundles with source maps, JSON logs, reserved concurrency ' +
      'and their own log group',
    () => {
      expect(ofType('AWS::Lambda::Function')).toHaveLength(services.length);
      for (const service of services) {
        const [, fn] = functionByService(service);
        const p = fn.Properties;
        expect(p.Runtime).toBe('nodejs24.x');
        expect(p.Architectures).toEqual(['arm64']);
        expect(p.Handler).toBe('index.handler');
        // Source maps ship beside the bundle but are read only when a stack is logged, never at cold start.
        expect(p.Environment.Variables.NODE_OPTIONS ?? '').not.toContain('--enable-source-maps');
        expect(p.LoggingConfig).toMatchObject({
          LogFormat: 'JSON',
          ApplicationLogLevel: 'INFO',
          LogGroup: { Ref: expect.any(String) },
        });
        expect(p.ReservedConcurrentExecutions).toBeGreaterThanOrEqual(1);
        const logGroup = resources[p.LoggingConfig.LogGroup.Ref]!;
        expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
        expect(logGroup.Properties.RetentionInDays).toBe(config.logRetentionDays);
      }
    },
  );

  it('have timeouts that fit their work and the API’s 30-second limit', () => {
    expect(functionByService('gongshi-public-api')[1].Properties.Timeout).toBe(10);
    // Not behind the API: a streamed export may run for minutes, on more memory (and CPU) than the public reads.
    expect(functionByService('gongshi-export-api')[1].Properties.Timeout).toBe(300);
    expect(functionByService('gongshi-export-api')[1].Properties.MemorySize).toBeGreaterThan(
      functionByService('gongshi-public-api')[1].Properties.MemorySize,
    );
    expect(functionByService('gongshi-export-api')[1].Properties.ReservedConcurrentExecutions).toBe(
      config.exportConcurrency,
    );
    expect(functionByService('gongshi-write-api')[1].Properties.Timeout).toBe(29);
    expect(functionByService('gongshi-pre-token')[1].Properties.Timeout).toBe(5);
    expect(functionByService(LEDGER_LAG_METRIC.service)[1].Properties.Timeout).toBeLessThan(60);
    expect(functionByService(LEDGER_LAG_METRIC.service)[1].Properties.ReservedConcurrentExecutions).toBe(1);
  });

  it('tell the runtime its table, stage, auth mode and log origin; only the sequencer knows the signing key', () => {
    for (const service of [
      'gongshi-public-api',
      'gongshi-export-api',
      'gongshi-write-api',
      LEDGER_LAG_METRIC.service,
    ]) {
      const env = functionByService(service)[1].Properties.Environment.Variables;
      expect(env).toMatchObject({
        TABLE_NAME: { Ref: expect.any(String) },
        GONGSHI_STAGE: 'test',
        GONGSHI_AUTH: 'apigateway',
        GONGSHI_LOG_ORIGIN: 'registry.example.gov.cn/log',
      });
      expect('LEDGER_SIGNING_KEY_ID' in env).toBe(service === LEDGER_LAG_METRIC.service);
      // The certificate key: only the functions that sign credentials and status lists learn it.
      expect('CERTIFICATE_SIGNING_KEY_ID' in env).toBe(service === 'gongshi-write-api');
    }
    expect(functionByService('gongshi-scheduled-jobs')[1].Properties.Environment.Variables).toMatchObject({
      CERTIFICATE_SIGNING_KEY_ID: { 'Fn::GetAtt': [keyByAlias('alias/gongshi-test-certificates')[0], 'Arn'] },
    });
    const writeEnv = functionByService('gongshi-write-api')[1].Properties.Environment.Variables;
    expect(writeEnv.LEDGER_SEQUENCER_FUNCTION).toEqual({ Ref: functionByService(LEDGER_LAG_METRIC.service)[0] });
  });

  it('point the functions that draw (write, scheduled jobs) at drand quicknet through https://api.drand.sh', () => {
    for (const service of ['gongshi-write-api', 'gongshi-scheduled-jobs'])
      expect(functionByService(service)[1].Properties.Environment.Variables, service).toMatchObject({
        GONGSHI_BEACON: 'drand',
        GONGSHI_DRAND_RELAY: 'https://api.drand.sh',
      });
    for (const service of ['gongshi-public-api', 'gongshi-export-api', LEDGER_LAG_METRIC.service]) {
      const env = functionByService(service)[1].Properties.Environment.Variables;
      expect('GONGSHI_BEACON' in env || 'GONGSHI_DRAND_RELAY' in env, service).toBe(false);
    }
    // No function is placed in a VPC, so the drawing ones reach the relay without a NAT.
    for (const [, f] of ofType('AWS::Lambda::Function')) expect(f.Properties.VpcConfig).toBeUndefined();
  });

  it('have roles with no AWS managed policy', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('least privilege', () => {
  const roleOf = (service: string) => functionByService(service)[1].Properties.Role['Fn::GetAtt'][0] as string;

  it('the public and export functions can only read the table (no write, delete, sign or invoke action)', () => {
    for (const service of ['gongshi-public-api', 'gongshi-export-api']) {
      const actions = roleActions(roleOf(service));
      // The public function pages, so it derives the cursor key (kms:GenerateMac on that key only, below).
      const derives = service === 'gongshi-public-api' ? ['kms:GenerateMac'] : [];
      expect(new Set(actions), service).toEqual(
        new Set(['logs:CreateLogStream', 'logs:PutLogEvents', ...TABLE_READ_ACTIONS, ...derives]),
      );
      for (const a of actions)
        expect(a, service).not.toMatch(/Put(?!LogEvents)|Update|Delete|Write|Batch.*Write|Sign|Invoke|\*/);
    }
    const statement = (service: string) =>
      roleStatements(roleOf(service)).find((s) => asList(s.Action).includes('dynamodb:Query'));
    expect(statement('gongshi-export-api')!.Resource).toEqual(statement('gongshi-public-api')!.Resource);
  });

  it('the write function reads and writes the table, starts the sequencer, signs certificates and statements', () => {
    const role = roleOf('gongshi-write-api');
    expect(new Set(roleActions(role))).toEqual(
      new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        ...TABLE_READ_ACTIONS,
        ...TABLE_WRITE_ACTIONS,
        'lambda:InvokeFunction',
        'kms:Sign',
        'kms:GetPublicKey',
        'kms:GenerateMac',
        ...USER_POOL_ACTIONS,
      ]),
    );
    const invoke = roleStatements(role).find((s) => asList(s.Action).includes('lambda:InvokeFunction'))!;
    expect(invoke.Resource).toEqual({ 'Fn::GetAtt': [functionByService(LEDGER_LAG_METRIC.service)[0], 'Arn'] });
    const signs = roleStatements(role).filter((s) => asList(s.Action).includes('kms:Sign'));
    expect(new Set(signs.map((s) => JSON.stringify(s.Resource)))).toEqual(
      new Set(
        ['alias/gongshi-test-certificates', 'alias/gongshi-test-decision-statements'].map((a) =>
          JSON.stringify({ 'Fn::GetAtt': [keyByAlias(a)[0], 'Arn'] }),
        ),
      ),
    );
  });

  const denyOf = (key: Resource) =>
    (key.Properties.KeyPolicy.Statement as Statement[]).find((s) => s.Effect === 'Deny')!;
  const signingPolicies = () =>
    ofType('AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some((s) =>
        asList(s.Action).some((a) => a === 'kms:Sign' || a === 'kms:*'),
      ),
    );

  it('each key has its signers: sequencer: checkpoints; write and jobs: certificates; write: statements', () => {
    const sequencerRole = roleOf(LEDGER_LAG_METRIC.service);
    const writeRole = roleOf('gongshi-write-api');
    const certificateRoles = [writeRole, roleOf('gongshi-scheduled-jobs')];
    expect(new Set(signingPolicies().map(([, p]) => JSON.stringify(p.Properties.Roles)))).toEqual(
      new Set([sequencerRole, ...certificateRoles].map((r) => JSON.stringify([{ Ref: r }]))),
    );
    // Three signing keys and two MAC keys (cursors, workbench sessions), below.
    expect(ofType('AWS::KMS::Key')).toHaveLength(5);
    const signersOf = {
      'alias/gongshi-test-ledger': [sequencerRole],
      'alias/gongshi-test-certificates': certificateRoles,
      'alias/gongshi-test-decision-statements': [writeRole],
    };
    for (const [alias, roles] of Object.entries(signersOf)) {
      const [id, key] = keyByAlias(alias);
      expect(key.Properties, alias).toMatchObject({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
      expect(key.DeletionPolicy, alias).toBe('Retain');
      const arns = roles.map((r) => ({ 'Fn::GetAtt': [r, 'Arn'] }));
      expect(denyOf(key), alias).toMatchObject({
        Action: 'kms:Sign',
        Principal: { AWS: '*' },
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': arns.length === 1 ? arns[0] : arns } },
      });
      // Each role's kms:Sign grant names only its own key.
      for (const role of roles) {
        const grants = roleStatements(role).filter((s) => asList(s.Action).includes('kms:Sign'));
        expect(
          grants.map((s) => s.Resource),
          alias,
        ).toContainEqual({ 'Fn::GetAtt': [id, 'Arn'] });
      }
    }
  });

  it('without the sequencer the key policy lets nobody sign', () => {
    const s = new Stack(new App({ context: noBundling }), 'bare');
    const table = new TableV2(s, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    new TransparencyLog(s, 'Ledger', { stage: 'x', table, logRetention: RetentionDays.ONE_MONTH, environment: {} });
    const key = Object.values(Template.fromStack(s).toJSON().Resources as Record<string, Resource>).find(
      (r) => r.Type === 'AWS::KMS::Key',
    )!;
    const deny = (key.Properties.KeyPolicy.Statement as Statement[]).find((st) => st.Effect === 'Deny')!;
    expect(deny).toEqual({
      Sid: 'OnlyTheSequencerSigns',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:Sign',
      Resource: '*',
    });
  });

  it('the only role that may invoke a function is the write function’s (the sequencer nudge)', () => {
    const invokers = ofType('AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some((s) =>
        asList(s.Action).some((a) => a.startsWith('lambda:')),
      ),
    );
    expect(invokers.map(([, p]) => p.Properties.Roles)).toEqual([[{ Ref: roleOf('gongshi-write-api') }]]);
  });

  it('no IAM policy has a wildcard action or resource', () => {
    // (KMS key policies use Resource "*", which there means "this key"; they are not IAM policies.)
    for (const [id, policy] of ofType('AWS::IAM::Policy')) {
      for (const s of policy.Properties.PolicyDocument.Statement as Statement[]) {
        for (const a of asList(s.Action)) expect(a, id).not.toContain('*');
        expect(JSON.stringify(s.Resource), id).not.toContain('*');
      }
    }
  });

  it('table permissions cover every DynamoDB data command the shared code sends, and nothing it does not', () => {
    const commands = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        // The user-pool adapter's commands are Cognito's, granted on the pool (asserted with the workbench sign-in).
        if (path.endsWith('cognito')) continue;
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts'))
          for (const m of readFileSync(path, 'utf8').matchAll(/new ([A-Z][A-Za-z]+)Command\(/g)) commands.add(m[1]!);
      }
    };
    walk(join(repoRoot, 'shared'));
    // Table management happens locally only (ensure-table.ts); Lambda and KMS commands are not DynamoDB's.
    const notData = new Set([
      'CreateTable',
      'DescribeTable',
      'UpdateTimeToLive',
      'Invoke',
      'Sign',
      'GetPublicKey',
      'GenerateMac',
    ]);
    const used = [...commands].filter((c) => !notData.has(c)).map((c) => `dynamodb:${c}`);
    const granted = new Set<string>([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]);
    for (const action of used) expect(granted, `${action} is sent by shared code but not granted`).toContain(action);
    expect(used).not.toContain('dynamodb:Scan');
  });
});

describe('the HTTP API', () => {
  const routes = () => ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
  const integrationFunction = (target: any) => {
    const integrationId = target['Fn::Join'][1][1].Ref as string;
    return resources[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
  };

  it(
    'sends anonymous GETs to the public function and everything else to the write function ' +
      'behind the JWT authorizer',
    () => {
      const [authorizerId] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
      const [publicFn] = functionByService('gongshi-public-api');
      const [writeFn] = functionByService('gongshi-write-api');
      const keys = new Map(routes().map((r) => [r.RouteKey as string, r]));
      expect(new Set(keys.keys())).toEqual(
        new Set([
          'GET /',
          'GET /{proxy+}',
          ...authenticatedReads.map((p) => `GET ${p}`),
          'POST /{proxy+}',
          'PUT /{proxy+}',
          'PATCH /{proxy+}',
          'DELETE /{proxy+}',
          'GET /workbench',
          'GET /workbench/{proxy+}',
          'POST /workbench/{proxy+}',
        ]),
      );
      for (const [key, r] of keys) {
        const isPublic = key === 'GET /' || key === 'GET /{proxy+}';
        const isWorkbench = key.includes(' /workbench');
        expect(integrationFunction(r.Target), key).toBe(isPublic ? publicFn : writeFn);
        if (isPublic || isWorkbench) {
          expect(r.AuthorizationType ?? 'NONE', key).toBe('NONE');
        } else {
          expect(r.AuthorizationType, key).toBe('JWT');
          expect(r.AuthorizerId, key).toEqual({ Ref: authorizerId });
        }
      }
    },
  );

  it(
    'accepts Cognito access tokens: issuer is the pool, audience is the app client (checked ' + 'against client_id)',
    () => {
      const [, authorizer] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
      const [clientId] = ofType('AWS::Cognito::UserPoolClient')[0]!;
      const [poolId] = ofType('AWS::Cognito::UserPool')[0]!;
      expect(authorizer.Properties).toMatchObject({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [{ Ref: clientId }],
          Issuer: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [poolId, 'ProviderURL'] }]] },
        },
      });
    },
  );

  it('throttles the stage, writes JSON access logs and allows the portal origin', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: config.throttleRate, ThrottlingBurstLimit: config.throttleBurst },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    const [, api] = ofType('AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.CorsConfiguration).toMatchObject({
      AllowOrigins: [PORTAL],
      AllowHeaders: expect.arrayContaining(['authorization', 'if-match', 'idempotency-key']),
    });
  });

  it(
    'the write app serves no GET that the route table would send to the public function; the ' +
      'public app serves no change',
    () => {
      const config = { tableName: 'unused', endpoint: 'http://127.0.0.1:9', region: 'cn-north-1' };
      const writeApp = createRuntime(config, { routes: 'write' }).app;
      const publicApp = createRuntime(config, { routes: 'public' }).app;
      const served = (app: typeof writeApp, method: string) => [
        ...new Set(app.routes.filter((r) => r.method === method).map((r) => toHttpApiPath(r.path))),
      ];
      const readsBehindAuth = new Set<string>(authenticatedReads);
      // The workbench's pages check their session cookie themselves (no authorizer), on the write function.
      const workbench = (path: string) => path === '/workbench' || path.startsWith('/workbench/');
      for (const path of served(writeApp, 'GET').filter((p) => p !== '/healthz' && p !== '/openapi.json'))
        if (!workbench(path)) expect(readsBehindAuth, `GET ${path}`).toContain(path);
      expect(served(publicApp, 'GET').filter(workbench), 'the public app serves no workbench page').toEqual([]);
      expect(workbenchRoutes.map((r) => r.path)).toEqual(['/workbench', '/workbench/{proxy+}', '/workbench/{proxy+}']);
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(served(publicApp, method), method).toEqual([]);
    },
  );
});

describe('the export URL', () => {
  it('streams the export function’s responses (RESPONSE_STREAM), anonymously, with CORS for the portal', () => {
    const urls = ofType('AWS::Lambda::Url');
    expect(urls).toHaveLength(1);
    const [urlId, url] = urls[0]!;
    const [exportFn] = functionByService('gongshi-export-api');
    expect(url.Properties).toMatchObject({
      AuthType: 'NONE',
      InvokeMode: 'RESPONSE_STREAM',
      TargetFunctionArn: { 'Fn::GetAtt': [exportFn, 'Arn'] },
    });
    expect(url.Properties.Cors).toMatchObject({
      AllowOrigins: [PORTAL],
      AllowMethods: ['GET'],
      ExposeHeaders: expect.arrayContaining(['etag', 'content-disposition']),
    });
    // Anyone may call this URL, and only this one: no other function is public.
    const publicInvokes = ofType('AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === '*');
    expect(new Set(publicInvokes.map(([, p]) => p.Properties.FunctionName['Fn::GetAtt'][0]))).toEqual(
      new Set([exportFn]),
    );
    for (const [, p] of publicInvokes)
      expect(p.Properties.FunctionUrlAuthType === 'NONE' || p.Properties.InvokedViaFunctionUrl === true).toBe(true);
    expect(template.toJSON().Outputs.ExportUrl.Value).toEqual({ 'Fn::GetAtt': [urlId, 'FunctionUrl'] });
  });

  it('is where the public function redirects region exports (EXPORT_URL); no other function knows it', () => {
    const [urlId] = ofType('AWS::Lambda::Url')[0]!;
    expect(functionByService('gongshi-public-api')[1].Properties.Environment.Variables.EXPORT_URL).toEqual({
      'Fn::GetAtt': [urlId, 'FunctionUrl'],
    });
    for (const service of ['gongshi-export-api', 'gongshi-write-api'])
      expect(functionByService(service)[1].Properties.Environment.Variables.EXPORT_URL, service).toBeUndefined();
  });
});

describe('the user directory', () => {
  it('has the four role groups, the scope attributes, required TOTP MFA and no self sign-up', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(new Set(groups)).toEqual(new Set(['admin', 'editor', 'reviewer', 'auditor']));
    const described = Object.fromEntries(
      ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => [g.Properties.GroupName, g.Properties.Description]),
    );
    // Each group says what the role may do, in the policy's terms, and what it may not.
    expect(described.admin).toMatch(/^管理员: registers, amends and revokes enforcement entities.*assigns editors/);
    expect(described.admin).toContain('within its own region only');
    expect(described.editor).toMatch(/^填报人员: uploads, checks and submits list drafts.*for its units only/);
    expect(described.reviewer).toMatch(/^法制审核人员: approves or returns.*never one it drafted or submitted/);
    expect(described.auditor).toMatch(/^审计人员: reads .*audit trail.*changes nothing$/);
    const [, pool] = ofType('AWS::Cognito::UserPool')[0]!;
    const p = pool.Properties;
    expect(p.Schema.map((a: any) => a.Name)).toEqual(expect.arrayContaining(['units', 'region']));
    expect(p.MfaConfiguration).toBe('ON');
    expect(p.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(p.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(p.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it('copies units and region into access tokens with a V2 pre-token trigger', () => {
    const [, pool] = ofType('AWS::Cognito::UserPool')[0]!;
    const [preToken] = functionByService('gongshi-pre-token');
    expect(pool.Properties.LambdaConfig.PreTokenGenerationConfig).toEqual({
      LambdaArn: { 'Fn::GetAtt': [preToken, 'Arn'] },
      LambdaVersion: 'V2_0',
    });
  });

  it('has one app client, no secret, no OAuth flows, SRP and password sign-in', () => {
    const [, client] = ofType('AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBeFalsy();
    expect(new Set(client.Properties.ExplicitAuthFlows)).toEqual(
      new Set(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    );
  });

  it(
    'lets nobody change their own scope attributes (only an administrator sets custom:units ' + 'and custom:region)',
    () => {
      const [, client] = ofType('AWS::Cognito::UserPoolClient')[0]!;
      expect(client.Properties.WriteAttributes).toEqual(['name']);
    },
  );
});

describe('the workbench sign-in', () => {
  const clients = () =>
    ofType('AWS::Cognito::UserPoolClient').map(([id, c]) => ({ id, ...c.Properties }) as Record<string, any>);
  const workbenchClient = () => clients().find((c) => String(c.ClientName).endsWith('-workbench'))!;
  const writeFn = () => functionByService('gongshi-write-api');

  it('lets the write function make exactly the user-pool calls role assignments need, on its own pool only', () => {
    const [, fn] = writeFn();
    const pool = ofType('AWS::Cognito::UserPool')[0]![0];
    expect(fn.Properties.Environment.Variables.USER_POOL_ID).toEqual({ Ref: pool });
    const role = fn.Properties.Role['Fn::GetAtt'][0];
    const cognito = roleStatements(role).filter((s) =>
      asList(s.Action).some((a) => String(a).startsWith('cognito-idp:')),
    );
    expect(cognito).toHaveLength(1);
    expect([...asList(cognito[0]!.Action)].sort()).toEqual([
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminDeleteUserAttributes',
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminRemoveUserFromGroup',
      'cognito-idp:AdminUpdateUserAttributes',
    ]);
    expect(cognito[0]!.Resource).toEqual({ 'Fn::GetAtt': [pool, 'Arn'] });
  });

  it('has a managed-login domain and a public app client with authorization code only (PKCE by the function)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'gongshi-test',
      ManagedLoginVersion: 2,
    });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
    const c = workbenchClient();
    expect(c.GenerateSecret).toBe(false);
    expect(c.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(c.AllowedOAuthFlows).toEqual(['code']);
    expect(new Set(c.AllowedOAuthScopes)).toEqual(new Set(['openid', 'profile']));
    expect(c.WriteAttributes).toEqual(['name']);
  });

  it('calls back and signs out only to this stage’s workbench', () => {
    const c = workbenchClient();
    const [apiId] = ofType('AWS::ApiGatewayV2::Api')[0]!;
    const endpoint = (suffix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, suffix]] });
    expect(c.CallbackURLs).toEqual([endpoint('/workbench/callback')]);
    expect(c.LogoutURLs).toEqual([endpoint('/workbench/sign-out')]);
  });

  it('tells the write function the login settings and its session secret’s KMS key; no other function has them', () => {
    const [id, fn] = writeFn();
    const env = fn.Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'WORKBENCH_ORIGIN',
        'WORKBENCH_COGNITO_DOMAIN',
        'WORKBENCH_COGNITO_CLIENT_ID',
        'WORKBENCH_COGNITO_ISSUER',
        'WORKBENCH_SESSION_MAC_KEY_ID',
      ]),
    );
    expect(env.WORKBENCH_COGNITO_CLIENT_ID).toEqual({ Ref: workbenchClient().id });
    // The session secret is derived at cold start from a KMS key; the environment names only the key.
    expect(env).not.toHaveProperty('WORKBENCH_SESSION_SECRET');
    expect(env.WORKBENCH_SESSION_MAC_KEY_ID).toEqual({
      'Fn::GetAtt': [keyByAlias('alias/gongshi-test-workbench-session-key')[0], 'Arn'],
    });
    for (const [other, f] of ofType('AWS::Lambda::Function'))
      if (other !== id)
        expect(Object.keys(f.Properties.Environment?.Variables ?? {}).some((k) => k.startsWith('WORKBENCH_'))).toBe(
          false,
        );
  });

  it('gives every function that pages the same KMS key to derive the cursor key from, and no other function', () => {
    const [keyId, key] = keyByAlias('alias/gongshi-test-cursor-key');
    expect(key.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const paging = ['gongshi-public-api', 'gongshi-write-api'];
    for (const service of paging) {
      const env = functionByService(service)[1].Properties.Environment.Variables;
      expect(env.CURSOR_MAC_KEY_ID, service).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    }
    const named = ofType('AWS::Lambda::Function').filter(([, f]) =>
      Object.keys(f.Properties.Environment?.Variables ?? {}).includes('CURSOR_MAC_KEY_ID'),
    );
    expect(named).toHaveLength(paging.length);
  });

  it('lets only the roles that derive a key call kms:GenerateMac, each on its own key', () => {
    const roleOf = (service: string) => functionByService(service)[1].Properties.Role['Fn::GetAtt'][0] as string;
    const derivers = {
      'alias/gongshi-test-cursor-key': ['gongshi-public-api', 'gongshi-write-api'].map(roleOf),
      'alias/gongshi-test-workbench-session-key': [roleOf('gongshi-write-api')],
    };
    const macPolicies = ofType('AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some((st) =>
        asList(st.Action).includes('kms:GenerateMac'),
      ),
    );
    expect(new Set(macPolicies.flatMap(([, p]) => asList(p.Properties.Roles).map((r: any) => r.Ref)))).toEqual(
      new Set(Object.values(derivers).flat()),
    );
    for (const [alias, roles] of Object.entries(derivers)) {
      const [id, key] = keyByAlias(alias);
      expect(key.Properties, alias).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      const deny = (key.Properties.KeyPolicy.Statement as Statement[]).find((st) => st.Effect === 'Deny')!;
      const arns = roles.map((r) => ({ 'Fn::GetAtt': [r, 'Arn'] }));
      expect(deny, alias).toMatchObject({
        Action: 'kms:GenerateMac',
        Principal: { AWS: '*' },
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': arns.length === 1 ? arns[0] : arns } },
      });
      for (const role of roles) {
        const grants = roleStatements(role).filter((st) => asList(st.Action).includes('kms:GenerateMac'));
        expect(grants.every((st) => asList(st.Action).length === 1)).toBe(true);
        expect(
          grants.map((st) => st.Resource),
          alias,
        ).toContainEqual({ 'Fn::GetAtt': [id, 'Arn'] });
      }
    }
    // The public function derives cursor keys only: the session key's grant is the write function's alone.
    const publicGrants = roleStatements(roleOf('gongshi-public-api')).filter((st) =>
      asList(st.Action).includes('kms:GenerateMac'),
    );
    expect(publicGrants.map((st) => st.Resource)).toEqual([
      { 'Fn::GetAtt': [keyByAlias('alias/gongshi-test-cursor-key')[0], 'Arn'] },
    ]);
  });

  it('puts no secret value in any function’s configuration (no Secrets Manager value resolved into it)', () => {
    expect(ofType('AWS::SecretsManager::Secret')).toEqual([]);
    for (const [id, f] of ofType('AWS::Lambda::Function'))
      expect(JSON.stringify(f.Properties.Environment ?? {}), id).not.toMatch(/resolve:secretsmanager|SecretString/);
    expect(readFileSync(join(repoRoot, 'infra/stack.ts'), 'utf8')).not.toContain('unsafeUnwrap');
  });
});

describe('the sequencer schedule', () => {
  it('runs the sequencer every minute without retries', () => {
    const [sequencer] = functionByService(LEDGER_LAG_METRIC.service);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [sequencer, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        }),
      ],
    });
  });
});

describe('the scheduled jobs', () => {
  it('run from one function, one EventBridge rule per job sending { job }, retried within an hour', () => {
    const [runner, fn] = functionByService('gongshi-scheduled-jobs');
    expect(fn.Properties.Timeout).toBe(600);
    for (const job of JOB_IDS) {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: JOB_SCHEDULES[job].schedule,
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [runner, 'Arn'] },
            Input: JSON.stringify({ job }),
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          }),
        ],
      });
    }
  });

  it('include the nightly log verification of the regions, 00:40 北京时间', () => {
    const [runner] = functionByService('gongshi-scheduled-jobs');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(40 16 * * ? *)',
      Description: JOB_SCHEDULES['ledger.verify-regions'].description,
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [runner, 'Arn'] },
          Input: JSON.stringify({ job: 'ledger.verify-regions' }),
        }),
      ],
    });
  });

  it('may read and write the table and sign certificates, and nothing else', () => {
    const [, fn] = functionByService('gongshi-scheduled-jobs');
    const actions = roleStatements(fn.Properties.Role['Fn::GetAtt'][0]).flatMap((s) => asList(s.Action));
    const allowed = new Set<string>([
      ...TABLE_READ_ACTIONS,
      ...TABLE_WRITE_ACTIONS,
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'kms:Sign',
      'kms:GetPublicKey',
    ]);
    for (const action of actions) expect(allowed, action).toContain(action);
  });
});

describe('alarms', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);

  it(
    'cover 5xx rate, function errors and throttles, table throttles and system errors, and ' +
      'ledger lag, all to the SNS topic',
    () => {
      const names = alarms().map((a) => a.AlarmName);
      expect(new Set(names)).toEqual(
        new Set(
          [
            'Api5xxRate',
            'PublicApiErrors',
            'ExportApiErrors',
            'WriteApiErrors',
            'PreTokenErrors',
            'ScheduledJobsErrors',
            'LedgerSequencerErrors',
            'PublicApiThrottles',
            'ExportApiThrottles',
            'WriteApiThrottles',
            'PreTokenThrottles',
            'ScheduledJobsThrottles',
            'TableThrottles',
            'TableSystemErrors',
            'LedgerLag',
          ].map((n) => `gongshi-test-${n}`),
        ),
      );
      const [topic] = ofType('AWS::SNS::Topic')[0]!;
      for (const a of alarms()) expect(a.AlarmActions, a.AlarmName).toEqual([{ Ref: topic }]);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.gov.cn' });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
        },
      });
    },
  );

  it('alarms on ledger lag past the stated maximum delay, and when the sequencer stops reporting', () => {
    const lag = alarms().find((a) => a.AlarmName === 'gongshi-test-LedgerLag')!;
    expect(config.ledgerMaxDelaySeconds).toBe(120);
    expect(lag).toMatchObject({
      Namespace: LEDGER_LAG_METRIC.namespace,
      MetricName: LEDGER_LAG_METRIC.metricName,
      Dimensions: expect.arrayContaining([
        { Name: 'service', Value: LEDGER_LAG_METRIC.service },
        { Name: 'stage', Value: 'test' },
      ]),
      Threshold: config.ledgerMaxDelaySeconds,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'breaching',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('computes the 5xx rate as a percentage of requests', () => {
    const rate = alarms().find((a) => a.AlarmName === 'gongshi-test-Api5xxRate')!;
    expect(rate.Threshold).toBe(config.max5xxPercent);
    expect(rate.Metrics.find((m: any) => m.Expression).Expression).toBe('IF(requests > 0, 100 * errors / requests, 0)');
  });
});

describe('outputs and context', () => {
  it('outputs the API URL, user pool, client, table, alarm topic and signing key', () => {
    expect(Object.keys(template.toJSON().Outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'ExportUrl',
        'UserPoolId',
        'UserPoolClientId',
        'TableName',
        'AlarmTopicArn',
        'LedgerSigningKeyArn',
        'CertificateSigningKeyArn',
      ]),
    );
  });

  it('reads stage specifics from context with per-stage defaults, and rejects bad values', () => {
    const prod = stageConfigFromContext(new App({ context: { stage: 'prod', throttleRate: '500' } }).node);
    expect(prod).toMatchObject({
      stage: 'prod',
      logRetentionDays: 365,
      throttleRate: 500,
      logOrigin: 'gongshi-prod/log',
    });
    expect(() => stageConfigFromContext(new App({ context: { stage: 'Prod!' } }).node)).toThrow(/stage/);
    expect(() => stageConfigFromContext(new App({ context: { logRetentionDays: '31' } }).node)).toThrow(
      /logRetentionDays/,
    );
    expect(() => stageConfigFromContext(new App({ context: { portalOrigin: 'not a url' } }).node)).toThrow(
      /portalOrigin/,
    );
  });

  it('is environment-agnostic (no account or region baked in)', () => {
    expect(stack.account).toMatch(/^\$\{Token/);
    expect(stack.region).toMatch(/^\$\{Token/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const findings = report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}: ${v.description}`,
    );
    expect(findings).toEqual([]);
  });

  it('every acknowledgement carries its reason', () => {
    const acks: Array<{ path: string; id: string; reason: string }> = [];
    for (const c of stack.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>))
          acks.push({ path: c.node.path, id, reason: String((reason as any)?.reason ?? reason) });
      }
    }
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThan(40);
    console.log(
      `cdk-nag acknowledgements ` +
        `(${acks.length}):\n${[...new Set(acks.map((a) => `  ${a.id}: ${a.reason}`))].join('\n')}`,
    );
  });
});
