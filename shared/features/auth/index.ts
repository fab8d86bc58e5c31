/** The auth feature's public surface: what other features and shared/app may use. */
export { authenticatorFor, type AuthMode } from './authenticator.js';
export type { Authenticator } from './authenticator.js';
export { loadOrCreateLocalKey, localKeyPath } from './local-key.js';
export { parseTtl, signLocalToken } from './local-token.js';
export { authorize, primaryRole } from './policy.js';
export type { Action, Target } from './policy.js';
export { ANONYMOUS, ROLES } from './principal.js';
export type { Principal, Role } from './principal.js';
export { principalFromClaims } from './claims.js';
export {
  ASSIGNABLE_ROLES,
  AssignmentResolver,
  AssignmentSchema,
  LegacyAssignmentSchema,
  AssignmentsStore,
  isRegionCode,
  UserIdSchema,
  userIdOf,
  withAssignments,
} from './assignments.js';
export type { AssignableRole, Assignment, LegacyAssignment } from './assignments.js';
export { localUserDirectory, userPoolDirectory } from './user-directory.js';
export type { DirectoryUser, UserDirectory } from './user-directory.js';
export { migrateLegacyAssignments, type MigrationReport } from './migrate-assignments.js';
