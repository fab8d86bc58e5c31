/**
 * One Lambda function as the registry deploys them all: bundled locally by esbuild with the shared options
 * (infra/bundling.ts), arm64, the current Node.js runtime, its own log group with retention, JSON logs,
 * reserved concurrency, and its own role that starts with nothing but writing to that log group (no AWS
 * managed policy, no wildcard): every other permission is granted explicitly by the stack.
 */
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { lambdaRuntime, nodejsBundling } from '../bundling.js';
import { repoRoot } from '../entries.js';

export interface RegistryFunctionProps {
  entry: string;
  description: string;
  /** Powertools service name: the `service` key of every log line. */
  serviceName: string;
  memorySize: number;
  timeout: Duration;
  /** Backstop: the most instances this function may run at once. */
  reservedConcurrency: number;
  logRetention: RetentionDays;
  environment?: Record<string, string>;
}

export class RegistryFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RegistryFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}/package-lock.json`,
      runtime: lambdaRuntime,
      architecture: Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      // Lambda's JSON format structures the runtime's own lines too; Powertools Logger writes JSON itself.
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      bundling: nodejsBundling(),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        // No --enable-source-maps: it parses the whole map at every cold start. Logged stacks are mapped to the
        // TypeScript sources on demand instead (shared/platform/lambda/source-mapped-stack.ts).
        ...props.environment,
      },
    });
  }
}
