/**
 * The secrets a deployment's functions share without holding them in their configuration: on AWS the cursor MAC key
 * and the workbench session secret are each derived at cold start by one kms:GenerateMac over a fixed label
 * (../platform/kms-derived-key.ts), the environment naming only the KMS keys (CURSOR_MAC_KEY_ID,
 * WORKBENCH_SESSION_MAC_KEY_ID). The entry points await `withDerivedKeys` once, before the app is built, so the first
 * request already has them. Locally and in tests no KMS key is named and the configuration passes unchanged
 * (GONGSHI_CURSOR_KEY or the local default; WORKBENCH_SESSION_SECRET or a random one).
 */
import { deriveKeyWithKms, type GenerateMac } from '../platform/kms-derived-key.js';
import type { GongshiConfig } from './config.js';

/** Changing a label changes the derived key: every cursor in flight, or every session, stops verifying. */
export const CURSOR_KEY_LABEL = 'gongshi cursor key v1';
export const WORKBENCH_SESSION_KEY_LABEL = 'gongshi workbench session key v1';

export async function withDerivedKeys(config: GongshiConfig, generateMac?: GenerateMac): Promise<GongshiConfig> {
  const { cursorMacKeyId } = config.http;
  const { sessionMacKeyId } = config.workbench;
  const [cursorKey, sessionKey] = await Promise.all([
    cursorMacKeyId ? deriveKeyWithKms(cursorMacKeyId, CURSOR_KEY_LABEL, generateMac) : undefined,
    sessionMacKeyId ? deriveKeyWithKms(sessionMacKeyId, WORKBENCH_SESSION_KEY_LABEL, generateMac) : undefined,
  ]);
  return {
    ...config,
    http: { ...config.http, ...(cursorKey ? { cursorKey } : {}) },
    // The workbench's schema takes the secret as text: the 32 bytes in base64url, like its local random secret.
    workbench: {
      ...config.workbench,
      ...(sessionKey ? { sessionSecret: Buffer.from(sessionKey).toString('base64url') } : {}),
    },
  };
}
