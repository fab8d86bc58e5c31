/** The workflow feature's public surface: what other features and shared/app may use. */
export { createWriteDeps, registerWorkflowRoutes, registerWriteAccess, registerWriteRoutes } from './http/index.js';
export type { WriteDeps, WriteOptions } from './http/index.js';
export { Workflow } from './service.js';
export type { AuditNote } from './audit-note.js';
export type { AuditQuery, AuditStore } from './audit-store.js';
export { verifyChain, type AuditOutcome, type AuditRecord } from './audit.js';
export { statusLabel, type Draft, type ReviewInput } from './drafts.js';
export { auditNote, principal } from './http/request-state.js';
export { json, security, writeErrors } from './http/views.js';
export { uploadError, withStoredChecks } from './uploads.js';
export { readUpload } from './http/upload-body.js';
export { DryRunQuery } from './http/views.js';
