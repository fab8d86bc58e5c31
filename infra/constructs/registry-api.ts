/**
 * The HTTP API: anonymous GETs to the public function, everything else to the write function behind a
 * JWT authorizer for the user pool's access tokens; stage throttling, access logs, CORS for the portal.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
  type HttpRoute,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPoolClient, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { authenticatedRoutes, publicRoutes, workbenchRoutes } from '../routes.js';

export interface RegistryApiProps {
  stage: string;
  publicFunction: IFunction;
  writeFunction: IFunction;
  userPool: UserPool;
  userPoolClient: IUserPoolClient;
  throttle: { rateLimit: number; burstLimit: number };
  logRetention: RetentionDays;
  portalOrigin?: string;
}

/** One JSON line per request; the caller's subject, never the token. */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    time: AccessLogField.contextRequestTime(),
    ip: AccessLogField.contextIdentitySourceIp(),
    method: AccessLogField.contextHttpMethod(),
    route: '$context.routeKey',
    path: '$context.path',
    status: AccessLogField.contextStatus(),
    bytes: AccessLogField.contextResponseLength(),
    latencyMs: '$context.responseLatency',
    integrationMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    sub: '$context.authorizer.claims.sub',
    userAgent: AccessLogField.contextIdentityUserAgent(),
  }),
);

export class RegistryApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  readonly publicRoutes: HttpRoute[] = [];
  readonly authenticatedRoutes: HttpRoute[] = [];
  readonly workbenchRoutes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: RegistryApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: `gongshi-${props.stage}`,
      description: 'Gongshi 公示 — 行政执法公示 registry API',
      createDefaultStage: false,
      ...(props.portalOrigin
        ? {
            corsPreflight: {
              allowOrigins: [props.portalOrigin],
              allowMethods: [
                CorsHttpMethod.GET,
                CorsHttpMethod.POST,
                CorsHttpMethod.PUT,
                CorsHttpMethod.PATCH,
                CorsHttpMethod.DELETE,
              ],
              allowHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key'],
              exposeHeaders: ['etag', 'location', 'x-request-id'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });

    // Issuer: the pool's provider URL, which carries the partition's domain (amazonaws.com.cn in China;
    // HttpUserPoolAuthorizer hard-codes amazonaws.com). Audience: the app client. Cognito access tokens
    // have no `aud`; API Gateway then checks their `client_id` against this same list.
    this.authorizer = new HttpJwtAuthorizer('Cognito', `https://${props.userPool.userPoolProviderUrl}`, {
      jwtAudience: [props.userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    const publicIntegration = new HttpLambdaIntegration('Public', props.publicFunction);
    for (const route of publicRoutes) {
      this.publicRoutes.push(
        ...this.api.addRoutes({ path: route.path, methods: [route.method], integration: publicIntegration }),
      );
    }
    const writeIntegration = new HttpLambdaIntegration('Write', props.writeFunction);
    for (const route of authenticatedRoutes) {
      this.authenticatedRoutes.push(
        ...this.api.addRoutes({
          path: route.path,
          methods: [route.method],
          integration: writeIntegration,
          authorizer: this.authorizer,
        }),
      );
    }

    for (const route of workbenchRoutes) {
      this.workbenchRoutes.push(
        ...this.api.addRoutes({ path: route.path, methods: [route.method], integration: writeIntegration }),
      );
    }
    for (const route of this.workbenchRoutes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The browser workbench signs in with a session cookie, not a bearer token: the write ' +
          'function verifies the signed cookie, the CSRF token and the Origin on every request ' +
          '(shared/features/workbench/routes.ts).',
      });
    }
    for (const route of this.publicRoutes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Anonymous by design: the published lists are 行政执法公示, public by law; these GET routes ' +
          'reach only the read-only function.',
      });
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
