// Placeholder until the importer lands (issue 2): exits with a clear message.
export async function run(): Promise<number> {
  process.stderr.write('gongshi import: not built yet\n');
  return 2;
}
