/** The officers feature's public surface (执法人员 and 执法证): what other features and shared/app may use. */
export type { CertificateStatus, CertificateType, OfficerCertificate, StatusOnDate } from './model.js';
export { createCertificateLookup } from './lookup.js';
export type { CertificateLookup } from './lookup.js';
export { CertificateIndexStore } from './certificate-index.js';
export { CertificateService } from './service.js';
export { regionCertificates } from './region-certificates.js';
export {
  credentialFromQrText,
  keyId,
  statusListFreshness,
  verifyEnvelope,
  CREDENTIAL_PREFIX,
  STATUS_LIST_PREFIX,
} from './credential.js';
export type { CertificateSigner, CredentialPayload, StatusListBody } from './credential.js';
export { registerCertificateRoutes } from './routes.js';
export { registerCertificatePages, CERTIFICATE_PORTAL_PATHS } from './portal-routes.js';
export { attachOfficers, officersReader } from './wiring.js';
export type { OfficersWiring } from './wiring.js';
export { verifyCard } from './offline-verify.js';
export type { CardVerification } from './offline-verify.js';
export { generateOfficers } from './generate.js';
export type { QrRenderer } from './card.js';
