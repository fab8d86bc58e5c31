import type { z } from 'zod';

/**
 * A kind's schema, built on its first use and kept: building every kind's zod schemas at import would cost
 * every cold start, reads included, which never validate items.
 */
export function lazySchema(build: () => z.ZodType<Record<string, unknown>>): () => z.ZodType<Record<string, unknown>> {
  let schema: z.ZodType<Record<string, unknown>> | undefined;
  return () => (schema ??= build());
}
