/**
 * `gongshi verify <base-url> [--region 430981 | --unit <uscc>] [--out <folder>] [--checkpoint <file>] [--key <vkey>]`:
 * audits a registry through its public routes only (shared/features/verifier) and exits 1 on any failure.
 */
import { parseArgs } from 'node:util';
import {
  ConnectionError,
  connectionMessage,
  formatReport,
  type ReportLang,
} from '../../shared/features/verifier/index.js';
import { verifyRegistry } from '../../shared/features/verifier/index.js';

const usage =
  '用法: gongshi verify <base-url> [--region <行政区划代码> | --unit <统一社会信用代码>] [--out <folder>] ' +
  '[--checkpoint <file>] [--key <vkey>] [--json] [--lang zh|en]\n';

export async function run(args: string[]): Promise<number> {
  if (args[0] === 'certificate') return (await import('./verify-certificate.js')).run(args.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        region: { type: 'string' },
        unit: { type: 'string' },
        out: { type: 'string' },
        checkpoint: { type: 'string' },
        key: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const [baseUrl] = parsed.positionals;
  const { region, unit, out, checkpoint, key, json } = parsed.values;
  const lang = (parsed.values.lang ?? 'zh') as ReportLang;
  if (!baseUrl || !/^https?:\/\//.test(baseUrl) || (region && unit) || !['zh', 'en'].includes(lang)) {
    process.stderr.write(usage);
    return 2;
  }
  const folder = out ?? `gongshi-verify-${new URL(baseUrl).host.replace(/[^\w.-]/g, '_')}`;
  const bar = process.stderr.isTTY && !json ? await progressBar() : undefined;
  let report;
  try {
    report = await verifyRegistry({
      baseUrl,
      out: folder,
      ...(region ? { region } : {}),
      ...(unit ? { unit } : {}),
      ...(checkpoint ? { checkpointFile: checkpoint } : {}),
      ...(key ? { key } : {}),
      ...(bar ? { onProgress: bar.update } : {}),
    });
  } catch (e) {
    bar?.stop();
    if (!(e instanceof ConnectionError)) throw e;
    process.stderr.write(connectionMessage(e.url, e.reason, lang));
    return 2;
  }
  bar?.stop();
  process.stdout.write(
    json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${formatReport(report, lang)}  ${lang === 'zh' ? '本地副本    ' : 'mirror      '}${folder}\n`,
  );
  return report.ok ? 0 : 1;
}

async function progressBar() {
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    { format: '{phase} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  let phase = '';
  return {
    update: (p: { phase: string; done: number; total: number }) => {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, p.done, { phase: p.phase === 'log' ? '日志条目' : '版本核验' });
      } else bar.update(p.done);
    },
    stop: () => phase && bar.stop(),
  };
}
