/**
 * Route-by-route comparison of a lazily assembled app with the whole one (test/lazy-public-app.test.ts,
 * test/lazy-write-app.test.ts): which registered routes Hono runs for a request, in registration order.
 */
import { TrieRouter } from 'hono/router/trie-router';

export interface RouteLike {
  method: string;
  path: string;
}

/** A concrete path a route pattern matches: `:name{regex}` → `0`, `:name` → `X`, `*` → `x`. */
export function samplePath(pattern: string): string {
  return pattern
    .replace(/:\w+\{[^}]*\}/g, '0')
    .replace(/:\w+/g, 'X')
    .replace(/\*/g, 'x');
}

/** The routes (method and pattern, in registration order) an app runs for `method path`, as Hono matches them. */
export function matchingRoutes(routes: readonly RouteLike[], method: string, path: string): string[] {
  const router = new TrieRouter<number>();
  routes.forEach((r, i) => router.add(r.method, r.path, i));
  const [found] = router.match(method, path) as unknown as [Array<[number, unknown]>];
  return found
    .map(([i]) => i)
    .sort((a, b) => a - b)
    .map((i) => `${routes[i]!.method} ${routes[i]!.path}`);
}
