/** Keys of the items the workbench owns: uploaded files awaiting submission and role assignments. */
import { padKey } from '../../platform/dynamodb/table.js';

export const workbenchKeys = {
  upload: (id: string) => `WB#UP#${id}`,
  uploadMeta: 'A#META',
  uploadChunk: (n: number) => `C#${padKey(n, 4)}`,
  /** Local role assignments (AWS keeps them in the user pool's groups and attributes). */
  assignments: 'WB#ASSIGN',
  assignment: (sub: string) => `P#${sub}`,
} as const;
