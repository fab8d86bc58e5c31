/**
 * The runtime options the environment configuration selects, for the processes that serve the write routes (the
 * write function, the local server): how callers are authenticated, the review grounds, the workbench's sign-in, the
 * cursor key, the signer of monthly decision statements, the draws' beacon and, where a KMS key is configured, the
 * certificate signer (the ledger's KMS signer over that key). Kept apart from ./config.ts so the public function,
 * which needs only the store settings, carries none of the authentication or signing code.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { authenticatorFor, localKeyPath, userPoolDirectory } from '../features/auth/index.js';
import { CognitoUserPool } from '../platform/cognito/user-pool.js';
import { KmsSigner } from '../features/ledger/kms-signer.js';
import { beaconFromConfig, fetchRound } from './beacon.js';
import { DEFAULT_PARSE_LIMITS } from '../platform/parse-gate.js';
import type { GongshiConfig } from './config.js';
import type { StatementSigner } from '../features/decisions/index.js';
import { signerFromConfig } from '../features/ledger/signer-from-config.js';
import type { createRuntime } from './runtime.js';

type RuntimeOptions = NonNullable<Parameters<typeof createRuntime>[1]>;

export function runtimeOptionsFromConfig(
  config: GongshiConfig,
  clock?: () => Date,
  fetchJson: (url: string) => Promise<unknown> = fetchRound,
): Pick<RuntimeOptions, 'write' | 'workbench' | 'cursorKey' | 'statementSigner' | 'certificateSigner' | 'beacon'> {
  // The session secret's KMS key is for ./derived-keys.ts, which has already put the derived secret in its place.
  const { cognito, sessionMacKeyId: _derivedBefore, ...workbench } = config.workbench;
  const statementSigner = statementSignerFromConfig(config.decisions);
  return {
    ...(statementSigner ? { statementSigner } : {}),
    write: {
      auth: authenticatorFor({
        mode: config.auth.mode,
        keyPath: localKeyPath(config.auth.dataDir),
        ...(clock ? { clock } : {}),
      }),
      ...(config.review.grounds ? { grounds: config.review.grounds } : {}),
      // On AWS assignments go to the user pool as well; locally the table is the whole store.
      ...(config.auth.userPoolId
        ? {
            directory: userPoolDirectory(
              new CognitoUserPool(
                new CognitoIdentityProviderClient({ region: config.store.region }),
                config.auth.userPoolId,
              ),
            ),
          }
        : {}),
      parseLimits: {
        concurrency: config.uploads.parseConcurrency ?? DEFAULT_PARSE_LIMITS.concurrency,
        queue: config.uploads.parseQueue ?? DEFAULT_PARSE_LIMITS.queue,
      },
    },
    workbench: {
      config: {
        stage: config.stage,
        ...definedOnly(workbench),
        // Incomplete Cognito settings are passed on as they are, so the workbench's schema names what is missing.
        ...(cognito ? { cognito: cognito as { domain: string; clientId: string; issuer: string } } : {}),
      },
    },
    ...(config.http.cursorKey ? { cursorKey: config.http.cursorKey } : {}),
    ...certificateSignerFromConfig(config),
    beacon: beaconFromConfig(config.beacon, clock ?? (() => new Date()), fetchJson),
  };
}

/**
 * The certificate signer a configured KMS key selects (the ledger's KMS signer over it), for the processes that sign
 * card credentials and status lists on AWS: the write function and the scheduled jobs. Unset: none (a local process
 * signs with the ledger's key file).
 */
export function certificateSignerFromConfig(
  config: Pick<GongshiConfig, 'certificates'>,
): Pick<RuntimeOptions, 'certificateSigner'> {
  const keyId = config.certificates.kmsKeyId;
  return keyId ? { certificateSigner: new KmsSigner('gongshi-certificates', keyId) } : {};
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The statement signer the configuration names: the ledger's signers (a local PEM key file created on first use, or a
 * KMS ECC_NIST_EDWARDS25519 key whose private half never reaches Lambda code), made on first use; none if neither
 * is set.
 */
export function statementSignerFromConfig(settings: GongshiConfig['decisions']): StatementSigner | undefined {
  const { statementKeyFile: keyFile, statementKmsKeyId: kmsKeyId } = settings;
  if (!keyFile && !kmsKeyId) return undefined;
  let signer: ReturnType<typeof signerFromConfig> | undefined;
  const made = () => {
    signer ??= signerFromConfig('gongshi-decision-statements', keyFile ? { keyFile } : { kmsKeyId });
    return signer;
  };
  return {
    publicKey: async () => (await made()).publicKey(),
    sign: async (message) => (await made()).sign(message),
  };
}
