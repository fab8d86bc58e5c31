/** The measurement groups, in the order they run and appear in the report. */
import type { BenchContext } from '../lib/context.js';
import type { Row } from '../lib/report.js';
import * as cost from './cost.js';
import * as http from './http.js';
import * as coldstart from './coldstart.js';
import * as imports from './imports.js';
import * as history from './history.js';
import * as search from './search.js';
import * as publish from './publish.js';
import * as ledger from './ledger.js';
import * as officers from './officers.js';
import * as decisions from './decisions.js';
import * as draws from './draws.js';

export interface Group {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

export const groups: Group[] = [
  { id: 'cost', title: 'DynamoDB cost per operation', run: cost.run },
  { id: 'http', title: 'HTTP throughput and latency', run: http.run },
  { id: 'coldstart', title: 'Lambda cold start', run: coldstart.run },
  { id: 'imports', title: 'Import: parse and validate', run: imports.run },
  { id: 'publish', title: 'Publishing heavy paths', run: publish.run },
  { id: 'history', title: 'History: diff and export', run: history.run },
  { id: 'search', title: 'Search', run: search.run },
  { id: 'ledger', title: 'Transparency log', run: ledger.run },
  { id: 'officers', title: 'Certificates', run: officers.run },
  { id: 'decisions', title: 'Decisions (事后公示)', run: decisions.run },
  { id: 'draws', title: 'Random-inspection draws', run: draws.run },
];
