/**
 * Fails when a source line is longer than 120 characters (Biome wraps code at 120 but cannot split strings,
 * comments or JSX text). Data files (JSON, CSV, fixtures, benchmark results) are not source and are not checked.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 120;
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.tsx', '*.mjs'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f && !f.startsWith('test/fixtures/') && !f.startsWith('node_modules/'));

const long = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => ([...line].length > LIMIT ? [`${file}:${i + 1}: ${[...line].length} characters`] : [])),
);

if (long.length > 0) {
  console.error(`${long.length} lines over ${LIMIT} characters:\n${long.join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(`no line over ${LIMIT} characters in ${files.length} files`);
}
