/**
 * The registry's configuration: every environment variable any process reads, in one zod schema, read once by the
 * composition roots (functions/, cli/) and passed down as typed values. Nothing below shared/app reads
 * `process.env`. An empty variable counts as unset (CDK and shells often export `X=`). A bad value stops the process
 * at start with every failing variable named, instead of surfacing later as a confusing request error.
 */
import { z } from 'zod';
import { DEFAULT_ORIGIN, LogOriginSchema } from '../features/ledger/model/origin.js';

/** drand's own relay (League of Entropy); any relay serves the same signed rounds, verified on arrival. */
const DRAND_RELAY = 'https://api.drand.sh';

const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const text = () => z.preprocess(unsetIfEmpty, z.string().trim().optional());
const url = () => z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/ }).optional());
const positiveInt = () => z.preprocess(unsetIfEmpty, z.coerce.number().int().positive().optional());

/** The environment as the processes see it; keys are the variables' names. */
export const EnvironmentSchema = z.object({
  TABLE_NAME: z.preprocess(unsetIfEmpty, z.string().trim().min(3).default('gongshi')),
  /** Local engines (dynalite, DynamoDB Local); unset on AWS, where the SDK finds the regional endpoint. */
  DYNAMODB_ENDPOINT: url(),
  AWS_REGION: text(),
  AWS_DEFAULT_REGION: text(),
  /** Set by the Lambda runtime; decides the default authentication mode. */
  AWS_LAMBDA_FUNCTION_NAME: text(),
  /** How long a region's heads are trusted by search and statistics before they are read again (ms). */
  GONGSHI_SEARCH_REFRESH_MS: z.preprocess(unsetIfEmpty, z.coerce.number().int().nonnegative().optional()),
  /** The MAC key of pagination cursors; every instance of one deployment must share it. */
  GONGSHI_CURSOR_KEY: z.preprocess(unsetIfEmpty, z.string().min(16).optional()),
  /** The KMS HMAC key the cursor key is derived from on AWS (./derived-keys.ts); wins over GONGSHI_CURSOR_KEY. */
  CURSOR_MAC_KEY_ID: text(),
  /** The streaming export function's URL: region exports answer 307 to it (set by the stack). */
  EXPORT_URL: url(),
  /** `local` verifies tokens signed by the local key; `apigateway` trusts the claims API Gateway verified. */
  GONGSHI_AUTH: z.preprocess(unsetIfEmpty, z.enum(['local', 'apigateway']).optional()),
  /** Where local keys and the local engine's files live. */
  GONGSHI_DATA_DIR: z.preprocess(unsetIfEmpty, z.string().default('.data')),
  /** `local`, or the deployment's stage name (workbench sign-in, metric dimensions). */
  GONGSHI_STAGE: z.preprocess(unsetIfEmpty, z.string().trim().min(1).default('local')),
  /** The transparency log's origin line (in every leaf and checkpoint). */
  GONGSHI_LOG_ORIGIN: z.preprocess(unsetIfEmpty, LogOriginSchema.default(DEFAULT_ORIGIN)),
  /** A local Ed25519 PEM key for the ledger signer (created on first use). */
  GONGSHI_LEDGER_KEY_FILE: text(),
  /** The KMS key (ECC_NIST_EDWARDS25519) the sequencer signs checkpoints with on AWS. */
  LEDGER_SIGNING_KEY_ID: text(),
  /** A local Ed25519 PEM key that signs units' monthly decision statements (created on first use). */
  GONGSHI_STATEMENT_KEY_FILE: text(),
  /** The KMS key (ECC_NIST_EDWARDS25519) the write function signs monthly decision statements with on AWS. */
  STATEMENT_SIGNING_KEY_ID: text(),
  /**
   * The KMS key (ECC_NIST_EDWARDS25519) that signs card credentials and status lists on AWS. Unset: the process
   * that holds the ledger's signer signs with it (the local server); otherwise nothing signs certificates.
   */
  CERTIFICATE_SIGNING_KEY_ID: text(),
  /** The sequencer function the write function nudges after a publication. */
  LEDGER_SEQUENCER_FUNCTION: text(),
  /** The grounds a reviewer may cite (comma-separated, ，too); default: the 法制审核 grounds of the regulation. */
  GONGSHI_REVIEW_GROUNDS: text(),
  /** Uploads one process parses at once (CPU- and memory-heavy); default 2. */
  GONGSHI_PARSE_CONCURRENCY: positiveInt(),
  /** Uploads that may wait for a parse; one more is answered 503 with Retry-After. Default 8. */
  GONGSHI_PARSE_QUEUE: z.preprocess(unsetIfEmpty, z.coerce.number().int().nonnegative().optional()),
  /** The user pool assignments are written to (groups, custom:units, custom:region); unset: the local store. */
  USER_POOL_ID: text(),
  WORKBENCH_ORIGIN: url(),
  WORKBENCH_SESSION_SECRET: z.preprocess(unsetIfEmpty, z.string().min(32).optional()),
  /** The KMS HMAC key the session secret is derived from on AWS (./derived-keys.ts); set, it wins over the secret. */
  WORKBENCH_SESSION_MAC_KEY_ID: text(),
  WORKBENCH_IDLE_MINUTES: positiveInt(),
  WORKBENCH_ABSOLUTE_HOURS: positiveInt(),
  WORKBENCH_COGNITO_DOMAIN: url(),
  WORKBENCH_COGNITO_CLIENT_ID: text(),
  WORKBENCH_COGNITO_ISSUER: url(),
  /**
   * Where random-inspection draws take their randomness: `drand` (quicknet through GONGSHI_DRAND_RELAY; the default
   * inside Lambda) or `local-demo` (the labelled offline demo beacon; the default elsewhere).
   */
  GONGSHI_BEACON: z.preprocess(unsetIfEmpty, z.enum(['drand', 'local-demo']).optional()),
  /** The drand HTTP relay draws fetch quicknet rounds from. */
  GONGSHI_DRAND_RELAY: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https$/ }).default(DRAND_RELAY)),
});

/** Thrown at start when the environment is invalid; names every failing variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** What the composition roots hand to the features, grouped by who uses it. */
export interface GongshiConfig {
  store: { tableName: string; endpoint?: string; region: string; searchRefreshMs?: number };
  /** `cursorMacKeyId`: derive `cursorKey` from this KMS key at start (./derived-keys.ts). */
  http: { cursorKey?: string | Uint8Array; cursorMacKeyId?: string; exportUrl?: string };
  auth: { mode: 'local' | 'apigateway'; dataDir: string; userPoolId?: string };
  stage: string;
  ledger: { origin: string; keyFile?: string; kmsKeyId?: string; sequencerFunction?: string };
  certificates: { kmsKeyId?: string };
  review: { grounds?: string[] };
  /** The signer of monthly decision statements: a local key file, or a KMS key; neither, statements are refused. */
  decisions: { statementKeyFile?: string; statementKmsKeyId?: string };
  /** The draws' beacon: drand quicknet through a relay, or the labelled local demo beacon. */
  beacon: { kind: 'drand'; relay: string } | { kind: 'local-demo' };
  uploads: { parseConcurrency?: number; parseQueue?: number };
  workbench: {
    origin?: string;
    sessionSecret?: string;
    /** Derive `sessionSecret` from this KMS key at start (./derived-keys.ts). */
    sessionMacKeyId?: string;
    idleMinutes?: number;
    absoluteHours?: number;
    cognito?: { domain: string; clientId?: string; issuer?: string };
  };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): GongshiConfig {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const grounds = e.GONGSHI_REVIEW_GROUNDS?.split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    store: {
      tableName: e.TABLE_NAME,
      region: e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? 'cn-north-1',
      ...(e.DYNAMODB_ENDPOINT ? { endpoint: e.DYNAMODB_ENDPOINT } : {}),
      ...(e.GONGSHI_SEARCH_REFRESH_MS !== undefined ? { searchRefreshMs: e.GONGSHI_SEARCH_REFRESH_MS } : {}),
    },
    http: {
      cursorKey: e.GONGSHI_CURSOR_KEY,
      exportUrl: e.EXPORT_URL,
      ...(e.CURSOR_MAC_KEY_ID ? { cursorMacKeyId: e.CURSOR_MAC_KEY_ID } : {}),
    },
    auth: {
      mode: e.GONGSHI_AUTH ?? (e.AWS_LAMBDA_FUNCTION_NAME ? 'apigateway' : 'local'),
      dataDir: e.GONGSHI_DATA_DIR,
      ...(e.USER_POOL_ID ? { userPoolId: e.USER_POOL_ID } : {}),
    },
    stage: e.GONGSHI_STAGE,
    ledger: {
      origin: e.GONGSHI_LOG_ORIGIN,
      keyFile: e.GONGSHI_LEDGER_KEY_FILE,
      kmsKeyId: e.LEDGER_SIGNING_KEY_ID,
      sequencerFunction: e.LEDGER_SEQUENCER_FUNCTION,
    },
    certificates: e.CERTIFICATE_SIGNING_KEY_ID ? { kmsKeyId: e.CERTIFICATE_SIGNING_KEY_ID } : {},
    review: grounds?.length ? { grounds } : {},
    decisions: {
      ...(e.GONGSHI_STATEMENT_KEY_FILE ? { statementKeyFile: e.GONGSHI_STATEMENT_KEY_FILE } : {}),
      ...(e.STATEMENT_SIGNING_KEY_ID ? { statementKmsKeyId: e.STATEMENT_SIGNING_KEY_ID } : {}),
    },
    beacon:
      (e.GONGSHI_BEACON ?? (e.AWS_LAMBDA_FUNCTION_NAME ? 'drand' : 'local-demo')) === 'drand'
        ? { kind: 'drand', relay: e.GONGSHI_DRAND_RELAY.replace(/\/+$/, '') }
        : { kind: 'local-demo' },
    uploads: {
      ...(e.GONGSHI_PARSE_CONCURRENCY !== undefined ? { parseConcurrency: e.GONGSHI_PARSE_CONCURRENCY } : {}),
      ...(e.GONGSHI_PARSE_QUEUE !== undefined ? { parseQueue: e.GONGSHI_PARSE_QUEUE } : {}),
    },
    workbench: {
      origin: e.WORKBENCH_ORIGIN,
      sessionSecret: e.WORKBENCH_SESSION_SECRET,
      ...(e.WORKBENCH_SESSION_MAC_KEY_ID ? { sessionMacKeyId: e.WORKBENCH_SESSION_MAC_KEY_ID } : {}),
      idleMinutes: e.WORKBENCH_IDLE_MINUTES,
      absoluteHours: e.WORKBENCH_ABSOLUTE_HOURS,
      ...(e.WORKBENCH_COGNITO_DOMAIN
        ? {
            cognito: {
              domain: e.WORKBENCH_COGNITO_DOMAIN,
              clientId: e.WORKBENCH_COGNITO_CLIENT_ID,
              issuer: e.WORKBENCH_COGNITO_ISSUER,
            },
          }
        : {}),
    },
  };
}
