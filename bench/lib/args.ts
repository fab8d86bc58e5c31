/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import type { BenchOptions } from './context.js';
import { ROOT } from './root.js';

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      engine: { type: 'string', default: 'dynalite' },
      only: { type: 'string', default: '' },
      out: { type: 'string', default: join(ROOT, 'bench', 'results') },
    },
    strict: true,
  });
  if (values.engine !== 'dynalite' && values.engine !== 'dynamodb-local')
    throw new Error(`--engine must be dynalite or dynamodb-local, not ${values.engine}`);
  return {
    quick: values.quick,
    engine: values.engine,
    only: values.only ? values.only.split(',').map((s) => s.trim()) : [],
    outDir: values.out,
  };
}
