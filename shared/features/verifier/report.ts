/** The verifier's report as people read it: what was checked, then every failure by unit, kind and version. */
import type { Finding, VerifyReport } from './verify.js';

const where = (f: Finding) =>
  [f.unit, f.kind, f.version !== undefined ? `v${f.version}` : undefined].filter(Boolean).join(' ');

export function formatReport(r: VerifyReport): string {
  const lines = [`Gongshi verify — ${r.baseUrl}`];
  if (r.origin) lines.push(`  log         ${r.origin} (key ${r.vkey})`);
  if (r.checkpoint) lines.push(`  checkpoint  size ${r.checkpoint.size}, root ${r.checkpoint.root}`);
  if (r.previous) lines.push(`  previous    size ${r.previous.size} (consistency checked)`);
  lines.push(
    `  scope       ${r.units} units, ${r.versions} versions, ${r.leavesInScope} log entries, ${r.questions} in-force questions; ${r.requests} requests`,
  );
  for (const w of r.warnings) lines.push(`  WARN ${where(w)} [${w.check}] ${w.message}`);
  if (r.ok) {
    lines.push(
      'OK: every version in scope matches its hashes, chain and logged leaf, and is included under the signed checkpoint.',
    );
  } else {
    lines.push(`FAILED: ${r.failures.length} problem${r.failures.length === 1 ? '' : 's'}`);
    for (const f of r.failures) lines.push(`  ✗ ${where(f) || 'log'} [${f.check}] ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}
