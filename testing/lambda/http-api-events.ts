/** API Gateway HTTP API (payload format 2.0) events as the deployed functions receive them. */
import { randomUUID } from 'node:crypto';

export interface CognitoCaller {
  sub: string;
  groups: string[];
  units?: string[];
  region?: string;
}

export const USER_POOL_CLIENT_ID = '3n4b5urk1ft4fl3mg5e62d9ado';
const ISSUER = 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Example';

/**
 * The claims of a Cognito access token as the JWT authorizer hands them on: every value a string, arrays
 * rendered "[a b]", `client_id` (no `aud`), `token_use: access`, and the scope claims the pre-token trigger adds.
 */
export function accessTokenClaims(caller: CognitoCaller): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: caller.sub,
    'cognito:groups': `[${caller.groups.join(' ')}]`,
    iss: ISSUER,
    client_id: USER_POOL_CLIENT_ID,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: String(now - 60),
    exp: String(now + 3600),
    iat: String(now - 60),
    jti: randomUUID(),
    username: `user-${caller.sub.slice(0, 8)}`,
    ...(caller.units ? { 'custom:units': caller.units.join(',') } : {}),
    ...(caller.region ? { 'custom:region': caller.region } : {}),
  };
}

export interface HttpApiRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  json?: unknown;
  routeKey?: string;
  caller?: CognitoCaller;
}

export function httpApiEvent(req: HttpApiRequest) {
  const rawQueryString = new URLSearchParams(req.query ?? {}).toString();
  const body = req.json === undefined ? undefined : JSON.stringify(req.json);
  const now = new Date();
  const domainName = 'abc123.execute-api.cn-north-1.amazonaws.com.cn';
  const routeKey = req.routeKey ?? `${req.method} /{proxy+}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: req.path,
    rawQueryString,
    headers: {
      accept: 'application/json',
      'content-length': String(body ? Buffer.byteLength(body) : 0),
      host: domainName,
      'user-agent': 'gongshi-bundle-test',
      'x-amzn-trace-id': `Root=1-${randomUUID().slice(0, 8)}`,
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(req.caller ? { authorization: 'Bearer eyJraWQiOi.redacted.signature' } : {}),
      ...req.headers,
    },
    ...(req.query ? { queryStringParameters: req.query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName,
      domainPrefix: 'abc123',
      http: {
        method: req.method,
        path: req.path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'gongshi-bundle-test',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(req.caller ? { authorizer: { jwt: { claims: accessTokenClaims(req.caller), scopes: null } } } : {}),
    },
    ...(body !== undefined ? { body, isBase64Encoded: false } : { isBase64Encoded: false }),
  };
}
