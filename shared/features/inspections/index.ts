/** The inspections feature's public surface (双随机、一公开): what other features and shared/app may use. */
export { InspectionService, eligible } from './service.js';
export type { CommitDrawInput, InspectionServiceDeps } from './service.js';
export { DrawReads, drawsReader, TARGETS_KIND } from './reads.js';
export type { PublicDraw } from './reads.js';
export { InspectionStore, checkLog } from './store.js';
export type { LogEntry } from './store.js';
export { registerInspectionRoutes } from './routes.js';
export type { DrawReader } from './routes.js';
export { DRAW_PORTAL_PATHS, registerDrawPages } from './portal-routes.js';
export { registerInspectionWriteRoutes } from './write-routes.js';
export { importTargets, parseTargetsCsv } from './targets-import.js';
export type { PlanFileResult } from './plan-import.js';
export { PlanIntake } from './plan-intake.js';
export type { Plan } from './model/plan-schema.js';
export { verifyDraw } from './verify-draw.js';
export type { DrawVerification } from './verify-draw.js';
export { runSampler, drawSeed } from './model/sampler.js';
export { outcomeHash } from './model/commitment.js';
export type { Commitment } from './model/commitment.js';
export { roundTime } from './model/schedule.js';
export { commitmentFields, drawLogEvent, taskHash } from './log-leaves.js';
export type { DrawLeafIndexes, DrawLogPort } from './ports.js';
export type { SamplerScheme } from './model/sampler.js';
export {
  checkRound,
  httpDrandBeacon,
  localDemoBeacon,
  recordedBeacon,
  QUICKNET,
  LOCAL_DEMO_CHAIN,
} from './model/beacon.js';
export type { BeaconRound, BeaconSource } from './model/beacon.js';
export type { CertificateLookup, OfficerCertificate } from './ports.js';
