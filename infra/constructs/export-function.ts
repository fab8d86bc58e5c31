/**
 * The export function: region exports (GET /v1/export, GET /v1/export/history) streamed through a Lambda
 * function URL in RESPONSE_STREAM mode. Behind API Gateway a Lambda response is buffered and capped at 6 MB,
 * which a whole region outgrows; a streamed response is not buffered. The URL is anonymous (auth NONE): the
 * exports are 行政执法公示, public by law, and the function's role can only read the table (granted by the stack).
 */
import { Duration } from 'aws-cdk-lib';
import { FunctionUrlAuthType, HttpMethod, InvokeMode, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RegistryFunction } from './registry-function.js';

export interface ExportFunctionProps {
  entry: string;
  stage: string;
  reservedConcurrency: number;
  logRetention: RetentionDays;
  environment: Record<string, string>;
  /** Browser origin of the portal (CORS on the URL, as on the API). */
  portalOrigin?: string;
}

export class ExportFunction extends RegistryFunction {
  readonly url: FunctionUrl;

  constructor(scope: Construct, id: string, props: ExportFunctionProps) {
    super(scope, id, {
      entry: props.entry,
      description: `Gongshi ${props.stage}: region exports, streamed (function URL)`,
      serviceName: 'gongshi-export-api',
      // XLSX workbooks are built as they stream; a full vCPU keeps a large region within the timeout.
      memorySize: 1769,
      // A 100,000-item region takes seconds locally; minutes leave room for DynamoDB paging and slow clients.
      timeout: Duration.minutes(5),
      reservedConcurrency: props.reservedConcurrency,
      logRetention: props.logRetention,
      environment: props.environment,
    });
    this.url = this.fn.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.RESPONSE_STREAM,
      ...(props.portalOrigin
        ? {
            cors: {
              allowedOrigins: [props.portalOrigin],
              allowedMethods: [HttpMethod.GET],
              allowedHeaders: ['if-none-match'],
              exposedHeaders: ['etag', 'content-disposition', 'x-request-id'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
  }
}
