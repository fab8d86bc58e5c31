/**
 * Starts one real DynamoDB-protocol engine for the whole run: dynalite by
 * default, AWS DynamoDB Local when GONGSHI_TEST_ENGINE=dynamodb-local. Each test
 * file creates its own table on it (see ./engine.ts).
 */
import type { TestProject } from 'vitest/node';
import { startEngine, type EngineName } from '../../shared/platform/local/engines.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    engineName: string;
  }
}

export default async function setup(project: TestProject) {
  const name = (process.env.GONGSHI_TEST_ENGINE ?? 'dynalite') as EngineName;
  const engine = await startEngine(name);
  project.provide('dynamoEndpoint', engine.endpoint);
  project.provide('engineName', engine.name);
  return async () => engine.stop();
}
