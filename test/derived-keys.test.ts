/**
 * Keys derived from KMS at cold start (shared/app/derived-keys.ts): the configuration names the KMS keys, the
 * derivation asks for one HMAC_SHA_256 MAC over a fixed label per secret, and the derived bytes become the cursor key
 * and the workbench session secret. No KMS emulator is installed, so KMS itself is played by a function with the
 * GenerateMac contract (a keyed HMAC-SHA-256, as KMS computes it); the SDK call is the few lines in
 * shared/platform/kms-derived-key.ts.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/app/config.js';
import { runtimeOptionsFromConfig } from '../shared/app/configured.js';
import { CURSOR_KEY_LABEL, WORKBENCH_SESSION_KEY_LABEL, withDerivedKeys } from '../shared/app/derived-keys.js';
import { deriveKeyWithKms, type GenerateMac } from '../shared/platform/kms-derived-key.js';
import { configureCursorKey, decodeCursor, encodeCursor } from '../shared/platform/http/cursor.js';
import { z } from 'zod';

const CURSOR_KMS_KEY = 'arn:aws-cn:kms:cn-north-1:1:key/cursor';
const SESSION_KMS_KEY = 'arn:aws-cn:kms:cn-north-1:1:key/session';

/** KMS as seen through GenerateMac: each key id has its own secret; records what was asked. */
function fakeKms() {
  const asked: Array<{ keyId: string; label: string }> = [];
  const generateMac: GenerateMac = async (keyId, message) => {
    asked.push({ keyId, label: new TextDecoder().decode(message) });
    return new Uint8Array(createHmac('sha256', `secret of ${keyId}`).update(message).digest());
  };
  return { asked, generateMac };
}

describe('the configuration names the KMS keys the secrets are derived from', () => {
  it('reads CURSOR_MAC_KEY_ID and WORKBENCH_SESSION_MAC_KEY_ID; unset or empty, none', () => {
    const config = loadConfig({ CURSOR_MAC_KEY_ID: CURSOR_KMS_KEY, WORKBENCH_SESSION_MAC_KEY_ID: SESSION_KMS_KEY });
    expect(config.http.cursorMacKeyId).toBe(CURSOR_KMS_KEY);
    expect(config.workbench.sessionMacKeyId).toBe(SESSION_KMS_KEY);
    const local = loadConfig({ CURSOR_MAC_KEY_ID: ' ' });
    expect('cursorMacKeyId' in local.http).toBe(false);
    expect('sessionMacKeyId' in local.workbench).toBe(false);
  });
});

describe('withDerivedKeys', () => {
  it('derives each secret by one GenerateMac over its own fixed label, under its own key', async () => {
    const kms = fakeKms();
    const config = await withDerivedKeys(
      loadConfig({ CURSOR_MAC_KEY_ID: CURSOR_KMS_KEY, WORKBENCH_SESSION_MAC_KEY_ID: SESSION_KMS_KEY }),
      kms.generateMac,
    );
    expect(CURSOR_KEY_LABEL).toBe('gongshi cursor key v1');
    expect(WORKBENCH_SESSION_KEY_LABEL).toBe('gongshi workbench session key v1');
    expect(kms.asked.sort((a, b) => a.keyId.localeCompare(b.keyId))).toEqual([
      { keyId: CURSOR_KMS_KEY, label: CURSOR_KEY_LABEL },
      { keyId: SESSION_KMS_KEY, label: WORKBENCH_SESSION_KEY_LABEL },
    ]);
    const expected = (key: string, label: string) => createHmac('sha256', `secret of ${key}`).update(label).digest();
    expect(Buffer.from(config.http.cursorKey as Uint8Array)).toEqual(expected(CURSOR_KMS_KEY, CURSOR_KEY_LABEL));
    expect(config.workbench.sessionSecret).toBe(
      expected(SESSION_KMS_KEY, WORKBENCH_SESSION_KEY_LABEL).toString('base64url'),
    );
    // The workbench receives the derived secret, not the KMS key's id.
    const workbench = runtimeOptionsFromConfig(config).workbench?.config;
    expect(workbench?.sessionSecret).toBe(config.workbench.sessionSecret);
    expect(workbench).not.toHaveProperty('sessionMacKeyId');
  });

  it('gives every instance the same cursor key, so a cursor one hands out another accepts', async () => {
    const env = { CURSOR_MAC_KEY_ID: CURSOR_KMS_KEY };
    const [a, b] = await Promise.all([1, 2].map(() => withDerivedKeys(loadConfig(env), fakeKms().generateMac)));
    configureCursorKey(a!.http.cursorKey!);
    const cursor = encodeCursor({ k: 'next' });
    configureCursorKey(b!.http.cursorKey!);
    expect(decodeCursor(cursor, z.object({ k: z.string() }))).toEqual({ k: 'next' });
    configureCursorKey(new Uint8Array(32).fill(7));
    expect(() => decodeCursor(cursor, z.object({ k: z.string() }))).toThrow(/分页游标无效/);
  });

  it('leaves a local configuration as it is and asks KMS nothing', async () => {
    const kms = fakeKms();
    const local = loadConfig({ GONGSHI_CURSOR_KEY: 'k'.repeat(32), WORKBENCH_SESSION_SECRET: 's'.repeat(40) });
    expect(await withDerivedKeys(local, kms.generateMac)).toEqual(local);
    expect(kms.asked).toEqual([]);
  });

  it('refuses a MAC that is not 32 bytes (a key of another spec or algorithm), naming the label and key', async () => {
    await expect(deriveKeyWithKms(CURSOR_KMS_KEY, CURSOR_KEY_LABEL, async () => new Uint8Array(16))).rejects.toThrow(
      `KMS returned no 32-byte HMAC_SHA_256 MAC for "${CURSOR_KEY_LABEL}" under ${CURSOR_KMS_KEY}`,
    );
    await expect(deriveKeyWithKms(CURSOR_KMS_KEY, CURSOR_KEY_LABEL, async () => undefined)).rejects.toThrow(/32-byte/);
  });
});
