/**
 * Wires the officers feature into a process that publishes: at upload and dry run, and again before an officers
 * list is published, its certificate numbers are checked against the other units' lists; after it commits, the
 * certificate index is derived in process (the publish stays the single commit point; a derive that fails or has
 * not run yet only delays the check page, and `rebuild` re-derives from the versions). Where a signer is, the unit's
 * card credentials are then signed and stored where they changed, and the status lists of its region are signed
 * and stored again. Right after the index, the new version's status projection is written, signer or not (the
 * status lists read it).
 */
import { officersKind } from '../../core/kinds/officers.js';
import type { Registry } from '../lists/index.js';
import { CertificateIndexStore } from './certificate-index.js';
import type { CertificateSigner } from './credential.js';
import type { QrRenderer } from './card.js';
import { CertificateService } from './service.js';
import { CredentialStore } from './credential-store.js';
import { CertificateCards } from './signing.js';
import { StatusListStore } from './status-list-store.js';
import { StatusListPublisher } from './status-lists.js';
import { StatusProjectionStore } from './status-projection.js';

export interface OfficersWiring {
  index: CertificateIndexStore;
  service: CertificateService;
  /** Card credentials and faces: served as stored everywhere, signed where a signer is. */
  cards: CertificateCards;
  signer?: CertificateSigner;
  /** The stored signed status lists and public key (read everywhere, written only where a signer is). */
  statusLists: StatusListStore;
  /** Signs and stores status lists: the daily run, and the lists of a region after its officers change. */
  publisher?: StatusListPublisher;
  /** Resolves when every derive started so far has finished (tests, CLI, the write Lambda before it returns). */
  settled(): Promise<void>;
  /** Re-derives one unit's certificates from its officers-list versions. */
  rebuild(uscc: string): Promise<{ certificates: number; written: number }>;
  /** Writes the status projection of the unit's latest officers-list version (read by the status-list runs). */
  project(uscc: string): Promise<{ certificates: number }>;
}

/** The read side only (public function): service, stored credentials and lists; with a signer, signing too. */
export function officersReader(registry: Registry, signer?: CertificateSigner, renderQr?: QrRenderer): OfficersWiring {
  const { client, tableName } = registry.store;
  const index = new CertificateIndexStore(client, tableName);
  const statusLists = new StatusListStore(client, tableName);
  const projections = new StatusProjectionStore(client, tableName);
  return {
    index,
    service: new CertificateService(registry, index),
    cards: new CertificateCards(registry, index, new CredentialStore(client, tableName), signer, renderQr),
    statusLists,
    ...(signer ? { signer, publisher: new StatusListPublisher(registry.store, statusLists, signer, projections) } : {}),
    settled: async () => {},
    rebuild: (uscc) => index.deriveUnit(registry.store, uscc),
    project: (uscc) => projections.projectLatest(registry.store, uscc),
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
  const previousCheck = registry.checkCandidate;
  registry.checkCandidate = async (input) => [
    ...((await previousCheck?.(input)) ?? []),
    ...(input.stream === officersKind.id
      ? [
          ...(await reader.service.numbersTaken(input.uscc, input.items)),
          ...(await reader.service.numbersOutsideProvince(input.uscc, input.items)),
        ]
      : []),
  ];
  const previousAfter = registry.afterPublish;
  registry.afterPublish = (result) => {
    previousAfter?.(result);
    if (result.head.stream !== officersKind.id) return;
    const uscc = result.head.uscc;
    const regionCode = result.head.regionCode;
    // The unit's cards are signed now, so the public function can serve them, and the region's status lists are
    // signed again at once, so a cancellation is in them before the next day.
    const run = reader
      .rebuild(uscc)
      .then(() => reader.project(uscc))
      .then(() => (reader.signer ? reader.cards.signUnit(uscc) : undefined))
      .then(() => reader.publisher?.publishFor(regionCode))
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
