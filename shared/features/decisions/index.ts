/** The decisions feature's public surface (事后公示): what other features and shared/app may use. */
export { Decisions, type DecisionsDeps, type PublicDecision, type DecisionIssue } from './service.js';
export { DecisionStore, type DecisionRecord, type DecisionState } from './store.js';
export { WorkingDayCalendar } from './calendar/working-days.js';
export { PUBLICITY_RULES, type PublicityRuleSet } from './publicity-rules.js';
export type { CertificateLookup, OfficerCertificate, StatementSigner } from './ports.js';
export { DecisionReports, type RegionReport, type YearlyReport, type ZeroStatement } from './reports.js';
export { readDecisionFile, importDecisionFile, DECISION_COLUMNS } from './import.js';
export { registerDecisionRoutes } from './routes.js';
export { registerDecisionWriteRoutes, type DecisionWriteDeps } from './write-routes.js';
export { runDailyJob, type DailyJobDeps } from './jobs.js';
export { createDecisions, type DecisionsWiring } from './wiring.js';
export { registerDecisionPages, DECISION_PORTAL_PATHS } from './portal-routes.js';
