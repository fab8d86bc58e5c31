/**
 * The decisions feature as a process uses it: the store, the use cases and the reports over the registry's table,
 * with the registry's clock. Certificates come from the officers feature; a statement signer only where this
 * process signs (the write function, the local server), so the public function reads statements and keys only.
 */
import { createCertificateLookup, type CertificateLookup } from '../officers/index.js';
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
  options: { certificates?: CertificateLookup; signer?: StatementSigner } = {},
): DecisionsWiring {
  const decisions = new Decisions({
    store: new DecisionStore(registry.store.client, registry.store.tableName),
    registry,
    certificates: options.certificates ?? createCertificateLookup({ registry }),
    now: registry.store.clock,
  });
  return { decisions, reports: new DecisionReports(decisions, options.signer) };
}
