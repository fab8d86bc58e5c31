/**
 * Moves assignments stored under a sign-in name (before they were keyed by `sub`) to the `sub` of the user who
 * holds that name now, and writes them to the user directory. An item is dropped, not moved, when the name has no
 * user, or when its user was created after the assignment was granted: the grant was made to an earlier account of
 * that name, which a re-created user must not inherit. Idempotent: a second run finds nothing to move.
 * `regionPrefix` limits it to the items granted in a region (an administrator's own; '' everywhere).
 */
import type { Assignment, AssignmentsStore, LegacyAssignment } from './assignments.js';
import type { UserDirectory } from './user-directory.js';

export interface MigrationReport {
  migrated: Assignment[];
  dropped: Array<{ assignment: LegacyAssignment; why: 'NO_SUCH_USER' | 'USER_CREATED_LATER' }>;
}

export async function migrateLegacyAssignments(
  store: AssignmentsStore,
  directory: UserDirectory,
  regionPrefix = '',
): Promise<MigrationReport> {
  const report: MigrationReport = { migrated: [], dropped: [] };
  for (const legacy of await store.legacy(regionPrefix)) {
    // Looked up per item: each grant changes the user's attributes the next one extends.
    const user = await directory.find(legacy.userId);
    const why = !user
      ? 'NO_SUCH_USER'
      : user.createdAt && user.createdAt > new Date(legacy.grantedAt)
        ? 'USER_CREATED_LATER'
        : undefined;
    if (!user || why) {
      await store.removeLegacy(legacy);
      report.dropped.push({ assignment: legacy, why: why ?? 'NO_SUCH_USER' });
      continue;
    }
    const assignment: Assignment = { ...legacy, sub: user.sub };
    await store.putMigrated(assignment);
    await store.removeLegacy(legacy);
    await directory.grant(user, assignment);
    report.migrated.push(assignment);
  }
  return report;
}
