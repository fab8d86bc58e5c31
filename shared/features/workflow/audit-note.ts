/**
 * What a workflow operation tells the audit trail about itself while it runs
 * (the unit it touched, the target, content hashes). The HTTP layer fills the
 * rest (actor, outcome, request id, IP) and appends one record per request,
 * whatever the outcome — so operations fill this in before they can fail.
 */
export interface AuditNote {
  action?: string;
  unit?: string;
  regionCode?: string;
  target?: string;
  role?: string;
  beforeHash?: string;
  afterHash?: string;
  detail?: Record<string, unknown>;
}
