import { z } from 'zod';

/**
 * The log's origin line (also its signing key's name). Configure once per deployment: it is in every leaf and
 * checkpoint.
 */
export const DEFAULT_ORIGIN = 'gongshi.local/log';

/** An origin is one line of a signed note (C2SP signed-note): no spaces, no "+", which separate the key name. */
export const LogOriginSchema = z
  .string()
  .trim()
  .min(1)
  .regex(/^[^\s+]+$/, 'the log origin must not contain spaces or "+"');
