/**
 * The workbench's configuration, one zod schema; shared/app fills it from its environment config.
 * `stage` decides the sign-in:
 * `local` offers the development sign-in (pick a role and scope); any other stage signs in through the
 * Cognito user pool's managed login and refuses the development sign-in.
 */
import { z } from 'zod';

const CognitoConfig = z.object({
  /** Managed-login domain, e.g. https://gongshi-prod.auth.cn-north-1.amazoncognito.com */
  domain: z.url(),
  clientId: z.string().min(1),
  /**
   * The pool's issuer, https://cognito-idp.<region>.amazonaws.com/<poolId>; its JWKS is <issuer>/.well-known/jwks.json.
   */
  issuer: z.url(),
});

/** Without Cognito settings outside the local stage nobody can sign in: every page leads to a 404 sign-in. */
export const WorkbenchConfigSchema = z.object({
  stage: z.string().min(1),
  /** The workbench's own origin (https://…); forms that change something must come from it. */
  origin: z.url().optional(),
  /** HMAC key for session cookies, at least 32 bytes of entropy. */
  sessionSecret: z.string().min(32),
  idleMinutes: z.number().int().positive().default(30),
  absoluteHours: z.number().int().positive().default(10),
  cognito: CognitoConfig.optional(),
});

export type WorkbenchConfig = z.infer<typeof WorkbenchConfigSchema>;
export type CognitoSettings = z.infer<typeof CognitoConfig>;

export const isLocalStage = (config: Pick<WorkbenchConfig, 'stage'>) => config.stage === 'local';
