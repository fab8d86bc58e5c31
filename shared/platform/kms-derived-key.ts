/**
 * Secrets derived from a KMS HMAC key: one `GenerateMac` (HMAC_SHA_256) over a fixed label gives 32 bytes that are
 * the same for every instance allowed to call it, so a deployment's functions share a MAC key without it ever
 * appearing in their configuration (the environment carries only the KMS key id; the key material never leaves KMS).
 * Each use has its own label, so one derived secret says nothing about another.
 *
 * The KMS client is loaded on first use: a process that derives nothing (locally, in tests) never evaluates it.
 */

/** What a derivation sends: the key id, the label's bytes; returns the MAC. Injected by tests. */
export type GenerateMac = (keyId: string, message: Uint8Array) => Promise<Uint8Array | undefined>;

/** HMAC_SHA_256 MACs are 32 bytes; anything else is the wrong key spec or algorithm. */
const MAC_BYTES = 32;

export async function deriveKeyWithKms(
  keyId: string,
  label: string,
  generateMac: GenerateMac = kmsGenerateMac,
): Promise<Uint8Array> {
  const mac = await generateMac(keyId, new TextEncoder().encode(label));
  if (!mac || mac.byteLength !== MAC_BYTES)
    throw new Error(`KMS returned no ${MAC_BYTES}-byte HMAC_SHA_256 MAC for "${label}" under ${keyId}`);
  return mac;
}

async function kmsGenerateMac(keyId: string, message: Uint8Array): Promise<Uint8Array | undefined> {
  const { GenerateMacCommand, KMSClient } = await import('@aws-sdk/client-kms');
  const out = await new KMSClient({ maxAttempts: 5 }).send(
    new GenerateMacCommand({ KeyId: keyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' }),
  );
  return out.Mac;
}
