/**
 * `gongshi import <folder>`: bulk-loads a region folder (entities.csv + one folder per
 * unit). Every file is validated first; files with errors are reported row by row and
 * not imported; the rest is published. Exit code 0: all imported; 1: some file was
 * rejected or some list failed to publish; 2: usage error.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isValidIsoDate } from '../../shared/core/dates.js';
import { AppError } from '../../shared/core/errors.js';
import type { FileIssue, FolderImportReport, StreamResult } from '../../shared/features/spreadsheets/index.js';
import { mappableFields } from '../../shared/core/headers.js';
import { listKinds } from '../../shared/core/kinds/index.js';

/** Fields a column may be mapped to, over all list kinds. */
const MAPPABLE_FIELDS = new Set(listKinds.flatMap((k) => [...mappableFields(k)]));

const USAGE = `用法: gongshi import <地区文件夹> [选项]
      npm run import -- <地区文件夹> [选项]

  --effective-from YYYY-MM-DD  新版本的生效日期（默认：今天，北京时间）
  --document-number 文号        发布文号，如 阜司发〔2024〕5号
  --dry-run                    只校验并报告，不写入
  --map 列名=字段               确认或更正列映射，可多次使用，如 --map 法律依据=legalBasis
                               （字段为英文字段名；additional 表示作为附加信息保留）
  --json                       以 JSON 输出报告（供程序读取）
  -h, --help                   显示本帮助

文件夹格式：entities.csv（或 .xlsx）＋ 每个执法主体一个以统一社会信用代码命名的文件夹，
内含 <清单类型>.csv/.xlsx（inspection-items、no-penalty、lighter-penalty、reduced-penalty、
no-coercive-measures），或一个按清单中文名称命名工作表的 .xlsx 工作簿。
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'effective-from': { type: 'string' },
        'document-number': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        map: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1)
    return usageError(
      positionals.length === 0 ? '缺少要导入的文件夹' : `只能导入一个文件夹，收到 ${positionals.length} 个`,
    );
  const effectiveFrom = values['effective-from'];
  if (effectiveFrom !== undefined && !isValidIsoDate(effectiveFrom))
    return usageError(`--effective-from 应为 YYYY-MM-DD 格式的有效日期：${effectiveFrom}`);

  const columnMap: Record<string, string> = {};
  for (const entry of values.map ?? []) {
    const eq = entry.lastIndexOf('=');
    const heading = entry.slice(0, eq).trim();
    const field = entry.slice(eq + 1).trim();
    if (eq <= 0 || heading === '' || field === '') return usageError(`--map 应为 列名=字段：${entry}`);
    if (!MAPPABLE_FIELDS.has(field))
      return usageError(`--map 的字段“${field}”不是任何清单的字段（可用：${[...MAPPABLE_FIELDS].join('、')}）`);
    columnMap[heading] = field;
  }

  if (!statSync(positionals[0]!, { throwIfNoEntry: false })?.isDirectory())
    return usageError(`不是文件夹：${positionals[0]}`);

  // Loaded only now, so usage errors answer at once (the SDK, exceljs and the engine take a moment).
  const [{ importRegionFolder }, { openLocalRegistry }, { SingleBar, Presets }] = await Promise.all([
    import('../../shared/features/spreadsheets/index.js'),
    import('../local.js'),
    import('cli-progress'),
  ]);
  const local = await openLocalRegistry();
  const showProgress = process.stdout.isTTY && !values.json;
  const bar = showProgress
    ? new SingleBar(
        { format: '{phase} [{bar}] {value}/{total} {current}', hideCursor: true, clearOnComplete: true },
        Presets.shades_classic,
      )
    : undefined;
  let barPhase: string | undefined;
  try {
    const report = await importRegionFolder(local.registry, positionals[0]!, {
      effectiveFrom,
      documentNumber: values['document-number'],
      dryRun: values['dry-run'],
      ...(Object.keys(columnMap).length > 0 ? { columnMap } : {}),
      readers: [local.plans.planFileReader()],
      onProgress: bar
        ? (p) => {
            const phase = p.phase === 'validate' ? '校验' : '发布';
            if (barPhase !== p.phase) {
              if (barPhase) bar.stop();
              bar.start(p.total, 0, { phase, current: '' });
              barPhase = p.phase;
            }
            bar.update(p.done, { phase, current: p.current });
          }
        : undefined,
    });
    bar?.stop();
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else
      process.stdout.write(
        formatReport(report, engineLabel(local.origin, local.config.endpoint, local.config.tableName)),
      );
    return report.summary.rejectedFiles > 0 || report.summary.failed > 0 ? 1 : 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof AppError && e.code === 'BAD_REQUEST') return usageError(e.message);
    throw e;
  } finally {
    await local.close();
  }
}

function usageError(message: string): number {
  process.stderr.write(`gongshi import：${message}\n\n${USAGE}`);
  return 2;
}

function engineLabel(origin: string, endpoint: string | undefined, table: string): string {
  const where =
    origin === 'running-server'
      ? `正在运行的本地服务 ${endpoint}`
      : origin === 'embedded'
        ? '内嵌引擎（.data/）'
        : (endpoint ?? 'AWS');
  return `${where}，表 ${table}`;
}

// ------------------------------------------------------------------ the human-readable report
const items = (s: StreamResult) => (s.kind === 'entity' ? '' : `（${s.itemCount} 项）`);
const OUTCOME: Record<StreamResult['outcome'], (s: StreamResult) => string> = {
  published: (s) => `已发布 v${s.version}${items(s)}`,
  'would-publish': (s) => `将发布 v${s.version}${items(s)}`,
  unchanged: (s) => `未变化（仍为 v${s.version}）`,
  replay: (s) => `已发布过（与 v${s.version} 相同），未新增版本`,
  rejected: () => '拒绝（文件有错误，未导入）',
  failed: (s) => `发布失败：${s.message ?? ''}`,
};

export function formatIssue(i: FileIssue): string {
  const where = [
    i.sheet ? `工作表“${i.sheet}”` : undefined,
    i.row !== undefined ? `第${i.row}行` : undefined,
    i.column ? `列“${i.column}”` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const value = i.value !== undefined ? ` 值“${i.value.replace(/\n/g, '⏎')}”` : '';
  return `${i.file}${where ? ` ${where}` : ''}${value}：${i.message}（${i.code}）`;
}

export function formatReport(r: FolderImportReport, engine: string): string {
  const out: string[] = [];
  out.push(`导入 ${r.folder}${r.dryRun ? '（试运行：只校验，不写入）' : ''}`);
  out.push(`  写入 ${engine}；生效日期 ${r.effectiveFrom}${r.documentNumber ? `；文号 ${r.documentNumber}` : ''}`);
  if (r.errors.length) {
    out.push('', `错误 ${r.errors.length} 处（文件 行 列 值：原因）：`);
    for (const e of r.errors) out.push(`  ✗ ${formatIssue(e)}`);
  }
  if (r.warnings.length) {
    out.push('', `提示 ${r.warnings.length} 处（不影响导入）：`);
    for (const w of r.warnings) out.push(`  ! ${formatIssue(w)}`);
  }
  const mapped = r.files.filter((f) => f.mapping && f.mapping.length > 0);
  if (mapped.length) {
    out.push('', '列映射（列名 → 字段：依据；按规则识别的列请核对，可用 --map 列名=字段 更正）：');
    for (const f of mapped) {
      out.push(`  ${f.file}`);
      for (const m of f.mapping!)
        if (m.how !== 'empty')
          out.push(`    ${m.how === 'rule' ? '?' : ' '} ${m.heading} → ${m.field ?? 'additional'}：${m.why}`);
    }
  }
  out.push('', '结果（按执法主体与清单）：');
  let unit: string | undefined;
  for (const s of r.streams) {
    if (s.uscc !== unit) {
      unit = s.uscc;
      out.push(`  ${s.uscc}${s.unitName ? ` ${s.unitName}` : ''}`);
    }
    out.push(`    ${pad(s.label, 12)} ${OUTCOME[s.outcome](s)}  ← ${s.source}`);
  }
  const rejectedFiles = r.files.filter((f) => f.status === 'rejected').map((f) => f.file);
  if (rejectedFiles.length) out.push('', `未导入的文件 ${rejectedFiles.length} 个：${rejectedFiles.join('、')}`);
  const s = r.summary;
  out.push(
    '',
    `合计：${r.dryRun ? `将发布 ${s['would-publish']} 个版本` : `已发布 ${s.published} 个版本（${s.items} 项）`}，` +
      `未变化 ${s.unchanged}，已发布过 ${s.replay}，` +
      `拒绝 ${s.rejectedFiles} 个文件${s.failed ? `，发布失败 ${s.failed}` : ''}；用时 ${(r.durationMs / 1000).toFixed(1)} 秒`,
    '',
  );
  return out.join('\n');
}

/** Pads Chinese labels by display width (CJK characters are two columns wide). */
function pad(text: string, width: number): string {
  const w = [...text].reduce((n, ch) => n + (/[\u2E80-\uFFEF]/.test(ch) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, width * 2 - w));
}
