/**
 * The decisions feature as a process uses it: the store, the use cases and the reports over the registry's table,
 * with the registry's clock, and the transparency log's event queue on the same table (the sequencer logs what
 * publication, withdrawal and expiry queue). Certificates come from the officers feature, given by shared/app (which
 * imports the lookup's own module: through the officers index this file would bring the officers' routes and pages
 * to every cold start that builds it); a statement signer only where this process signs (the write function, the
 * local server), so the public function reads statements and keys only.
 */
import type { CertificateLookup } from '../officers/index.js';
import { LogEventQueue } from '../ledger/index.js';
import type { Registry } from '../lists/index.js';
import type { StatementSigner } from './ports.js';
import { DecisionReports } from './reports.js';
import { Decisions } from './service.js';
import { DecisionStore } from './store.js';

export interface DecisionsWiring {
  decisions: Decisions;
  reports: DecisionReports;
}

export function createDecisions(
  registry: Registry,
  options: { certificates: CertificateLookup; signer?: StatementSigner; onLogged?: () => void },
): DecisionsWiring {
  const { client, tableName } = registry.store;
  const decisions = new Decisions({
    store: new DecisionStore(client, tableName),
    log: new LogEventQueue(client, tableName),
    ...(options.onLogged ? { onLogged: options.onLogged } : {}),
    registry,
    certificates: options.certificates,
    now: registry.store.clock,
  });
  return { decisions, reports: new DecisionReports(decisions, options.signer) };
}
