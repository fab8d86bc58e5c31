/**
 * Keys of the items the auth feature owns: role assignments (the table's layout: shared/platform/dynamodb/table.ts).
 * One item per assignment, under its user (resolving a user's scope is one Query), indexed by region on gsi1 (an
 * administrator's list is one prefix Query).
 */
export const authKeys = {
  assignment: (userId: string) => `ASSIGN#${userId}`,
  assignmentSk: (role: string, scope: string) => `${role}#${scope}`,
  assignmentsIndex: {
    name: 'gsi1',
    pk: 'ASSIGN',
    sk: (regionCode: string, role: string, scope: string, userId: string) => `${regionCode}#${role}#${scope}#${userId}`,
  },
} as const;
