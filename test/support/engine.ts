/** Per-file test wiring: a fresh table on the shared engine, a counted real SDK client, a controllable clock. */
import { inject } from 'vitest';
import { createCountedRuntime, type CountedRuntime } from '../../testing/counted-runtime.js';
import { TestClock } from '../../testing/test-clock.js';

export { TestClock } from '../../testing/test-clock.js';

export interface TestRuntime extends CountedRuntime {
  clock: TestClock;
}

export function engineEndpoint(): string {
  return inject('dynamoEndpoint');
}

export async function createTestRuntime(
  options: { cacheBytes?: number; clock?: TestClock } = {},
): Promise<TestRuntime> {
  const clock = options.clock ?? new TestClock();
  const runtime = await createCountedRuntime({
    endpoint: engineEndpoint(),
    clock: clock.now,
    cacheBytes: options.cacheBytes,
  });
  return { ...runtime, clock };
}
