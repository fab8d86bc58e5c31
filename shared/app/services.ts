/**
 * The feature services every process that writes or runs jobs builds over the core (./core.ts): certificates,
 * decisions after the fact and random inspections, wired to one another as the registry needs them. Shared by the
 * full runtime (./runtime.ts), the write function's (./write-runtime.ts) and the scheduled jobs' (./jobs-runtime.ts).
 * Each service comes from its own module, not its feature's index, so that a bundle importing this file evaluates
 * no route or page module at start (the lazily assembled apps load those on first use).
 */
import type { Registry } from '../features/lists/registry.js';
import { attachOfficers, type OfficersWiring } from '../features/officers/wiring.js';
import type { CertificateSigner } from '../features/officers/credential.js';
import { createCertificateLookup } from '../features/officers/lookup.js';
import { createDecisions, type DecisionsWiring } from '../features/decisions/wiring.js';
import type { StatementSigner } from '../features/decisions/ports.js';
import { InspectionService } from '../features/inspections/service.js';
import { InspectionStore } from '../features/inspections/store.js';
import { localDemoBeacon, type BeaconSource } from '../features/inspections/model/beacon.js';
import { LogEventQueue } from '../features/ledger/log-events.js';
import { renderQrSvg } from './qr.js';

export interface FeatureServices {
  /** Certificates: numbers checked before an officers list publishes, the index derived after. */
  officers: OfficersWiring;
  /** Decisions after the fact (事后公示): the use cases, the reports and signed statements. */
  decisions: DecisionsWiring;
  /** Random inspections: plans, committed draws on beacon rounds, results. */
  inspections: InspectionService;
}

export interface FeatureServiceOptions {
  /** Signs card credentials and status lists; absent, cards and lists are not signed here. */
  certificateSigner?: CertificateSigner;
  /** Signs the units' monthly decision statements; absent, statements are refused (SIGNING_UNAVAILABLE). */
  statementSigner?: StatementSigner;
  /** Where draws take their randomness; default the labelled local demo beacon on the registry's clock. */
  beacon?: BeaconSource;
  /** Called when a decision's or a draw's event enters the log (a process with a sequencer kicks it). */
  onLogged?: () => void;
}

export function createFeatureServices(registry: Registry, options: FeatureServiceOptions = {}): FeatureServices {
  const officers = attachOfficers(registry, { signer: options.certificateSigner, renderQr: renderQrSvg });
  const certificates = () => createCertificateLookup({ registry, index: officers.index });
  const decisions = createDecisions(registry, {
    certificates: certificates(),
    ...(options.onLogged ? { onLogged: options.onLogged } : {}),
    ...(options.statementSigner ? { signer: options.statementSigner } : {}),
  });
  const { client, tableName } = registry.store;
  const inspections = new InspectionService({
    store: new InspectionStore(client, tableName),
    registry,
    certificates: certificates(),
    beacon: options.beacon ?? localDemoBeacon(() => registry.store.now()),
    clock: () => registry.store.now(),
    // Draws are logged in the transparency log, and run only on a commitment it holds from before the round.
    log: new LogEventQueue(client, tableName),
    ...(options.onLogged ? { onLogged: options.onLogged } : {}),
  });
  return { officers, decisions, inspections };
}
