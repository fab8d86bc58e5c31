/** Keys of the items the workbench owns: uploaded files awaiting submission, and sessions ended by signing out. */
import { padKey } from '../../platform/dynamodb/table.js';

export const workbenchKeys = {
  upload: (id: string) => `WB#UP#${id}`,
  uploadMeta: 'A#META',
  uploadChunk: (n: number) => `C#${padKey(n, 4)}`,
  endedSession: (sessionId: string) => `WB#END#${sessionId}`,
  endedSessionSk: 'A#END',
} as const;
