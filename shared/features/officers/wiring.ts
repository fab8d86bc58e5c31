/**
 * Wires the officers feature into a process that publishes: before an officers list is published its
 * certificate numbers are checked against the other units' lists; after it commits, the certificate index
 * is derived in process (the publish stays the single commit point; a derive that fails or has not run
 * yet only delays the check page, and `rebuild` re-derives from the versions).
 */
import { officersKind } from '../../core/kinds/officers.js';
import type { Registry } from '../lists/index.js';
import { CertificateIndexStore } from './certificate-index.js';
import type { CertificateSigner } from './credential.js';
import type { QrRenderer } from './card.js';
import { CertificateService } from './service.js';
import { CertificateSigning } from './signing.js';

export interface OfficersWiring {
  index: CertificateIndexStore;
  service: CertificateService;
  signing?: CertificateSigning;
  signer?: CertificateSigner;
  /** Resolves when every derive started so far has finished (tests, CLI, the write Lambda before it returns). */
  settled(): Promise<void>;
  /** Re-derives one unit's certificates from its officers-list versions. */
  rebuild(uscc: string): Promise<{ certificates: number; written: number }>;
}

/** The read side only (public function): service and, with a signer, the signed routes. */
export function officersReader(registry: Registry, signer?: CertificateSigner, renderQr?: QrRenderer): OfficersWiring {
  const index = new CertificateIndexStore(registry.store.client, registry.store.tableName);
  return {
    index,
    service: new CertificateService(registry, index),
    ...(signer ? { signing: new CertificateSigning(registry, index, signer, renderQr), signer } : {}),
    settled: async () => {},
    rebuild: (uscc) => index.deriveUnit(registry.store, uscc),
  };
}

export function attachOfficers(
  registry: Registry,
  options: {
    signer?: CertificateSigner;
    renderQr?: QrRenderer;
    onDeriveError?: (error: unknown, uscc: string) => void;
  } = {},
): OfficersWiring {
  const reader = officersReader(registry, options.signer, options.renderQr);
  const pending = new Set<Promise<unknown>>();
  const previousBefore = registry.beforePublish;
  registry.beforePublish = async (input) => {
    await previousBefore?.(input);
    if (input.stream === officersKind.id && input.status !== 'repealed')
      await reader.service.assertNumbersFree(input.uscc, input.items);
  };
  const previousAfter = registry.afterPublish;
  registry.afterPublish = (result) => {
    previousAfter?.(result);
    if (result.head.stream !== officersKind.id) return;
    const uscc = result.head.uscc;
    const run = reader
      .rebuild(uscc)
      .catch((e) => options.onDeriveError?.(e, uscc))
      .finally(() => pending.delete(run));
    pending.add(run);
  };
  return {
    ...reader,
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
