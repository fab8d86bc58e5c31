import { logger } from '../shared/app/lambda-log.js';
import { CLAIMS } from '../shared/app/cognito-claims.js';
/**
 * Cognito pre-token-generation trigger (event version 2): Cognito puts custom attributes in ID tokens
 * only, but the API accepts access tokens, so this copies the scope attributes (custom:units,
 * custom:region) into the access token under the same names shared/features/auth/claims.ts reads. Those are set on
 * the user by an operator (the first administrators); the assignments administrators make in the workbench are not
 * copied into tokens: the write function reads them per request (shared/features/auth/assignments.ts), so a revoked
 * one ends within a minute rather than when the token expires.
 */

export interface PreTokenGenerationV2Event {
  version: string;
  triggerSource: string;
  userName?: string;
  request: { userAttributes?: Record<string, string> };
  response: Record<string, unknown>;
}

const COPIED = [CLAIMS.units, CLAIMS.region] as const;

export const handler = async (event: PreTokenGenerationV2Event): Promise<PreTokenGenerationV2Event> => {
  const attributes = event.request.userAttributes ?? {};
  const claimsToAddOrOverride: Record<string, string> = {};
  for (const name of COPIED) {
    const value = attributes[name];
    if (value !== undefined && value !== '') claimsToAddOrOverride[name] = value;
  }
  logger.info('access token scope claims', {
    trigger: event.triggerSource,
    sub: attributes.sub,
    claims: Object.keys(claimsToAddOrOverride),
  });
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride } } };
  return event;
};
