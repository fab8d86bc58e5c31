/**
 * The workbench's configuration, validated by its own schema, with a random session secret when none is
 * configured (locally: sessions last until the process restarts; on AWS the stack sets one). Apart from
 * ./workbench.ts, which wires the pages, so that the write function validates its configuration at start (a bad one
 * fails the cold start, not a later request) while the pages load on first use (./lazy-write-app.ts).
 */
import { randomBytes } from 'node:crypto';
import { WorkbenchConfigSchema, type WorkbenchConfig } from '../features/workbench/config.js';

export function workbenchConfig(given: Partial<WorkbenchConfig> = {}): WorkbenchConfig {
  return WorkbenchConfigSchema.parse({
    stage: 'local',
    ...given,
    sessionSecret: given.sessionSecret ?? randomBytes(32).toString('base64url'),
  });
}
