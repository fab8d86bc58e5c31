/**
 * The runtime options the environment configuration selects, for the processes that serve the write routes (the
 * write function, the local server): how callers are authenticated, the review grounds, the workbench's sign-in and
 * the cursor key. Kept apart from ./config.ts so the public function, which needs only the store settings, carries
 * none of the authentication code.
 */
import { authenticatorFor, localKeyPath } from '../features/auth/index.js';
import { DEFAULT_PARSE_LIMITS } from '../platform/parse-gate.js';
import type { GongshiConfig } from './config.js';
import type { createRuntime } from './runtime.js';

type RuntimeOptions = NonNullable<Parameters<typeof createRuntime>[1]>;

export function runtimeOptionsFromConfig(
  config: GongshiConfig,
  clock?: () => Date,
): Pick<RuntimeOptions, 'write' | 'workbench' | 'cursorKey'> {
  const { cognito, ...workbench } = config.workbench;
  return {
    write: {
      auth: authenticatorFor({
        mode: config.auth.mode,
        keyPath: localKeyPath(config.auth.dataDir),
        ...(clock ? { clock } : {}),
      }),
      ...(config.review.grounds ? { grounds: config.review.grounds } : {}),
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
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
