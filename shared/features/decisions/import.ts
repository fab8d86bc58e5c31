/**
 * Decisions from a spreadsheet (CSV in UTF-8 or GB18030, or XLSX), read by the spreadsheets feature's readers.
 * Row 1 is the header, named in Chinese (aliases accepted); each later row is one decision. Every failing row and
 * column is reported at once, and nothing is recorded unless every row passes (Decisions.recordMany). Kept out of
 * ./service.ts so the public function, which reads decisions, carries none of the spreadsheet readers.
 */
import { AppError, reasonOf } from '../../core/errors.js';
import { detectFormat, readCsv, readXlsx, type FileIssue, type Sheet } from '../spreadsheets/index.js';
import type { DecisionIssue, Decisions } from './service.js';

/** Column → field path; the first name is the template's, the others are accepted aliases. */
export const DECISION_COLUMNS: ReadonlyArray<{ names: readonly string[]; path: string }> = [
  { names: ['决定书文号', '文号', '行政处罚决定书文号'], path: 'number' },
  { names: ['决定类型', '执法决定类型'], path: 'type' },
  { names: ['当事人名称', '当事人', '行政相对人名称'], path: 'party.name' },
  { names: ['当事人类型', '行政相对人类别'], path: 'party.type' },
  { names: ['统一社会信用代码', '当事人统一社会信用代码'], path: 'party.uscc' },
  { names: ['法定代表人', '负责人', '经营者'], path: 'party.representative' },
  { names: ['证件号码', '身份证号码', '身份证件号码'], path: 'party.idNumber' },
  { names: ['住址', '地址', '住所'], path: 'party.address' },
  { names: ['联系电话', '电话'], path: 'party.phone' },
  { names: ['银行账号'], path: 'party.bankAccount' },
  { names: ['是否未成年人', '未成年人'], path: 'party.minor' },
  { names: ['主要违法事实', '决定事项', '违法事实'], path: 'facts' },
  { names: ['依据', '法律依据', '处罚依据'], path: 'basis' },
  { names: ['处罚种类', '处罚类别'], path: 'penaltyKinds' },
  { names: ['罚款金额', '罚款金额（元）', '罚款金额(元)'], path: 'fineYuan' },
  { names: ['没收金额', '没收违法所得、没收非法财物的金额（元）', '没收金额（元）'], path: 'confiscatedYuan' },
  { names: ['决定内容', '处罚内容'], path: 'content' },
  { names: ['程序', '适用程序'], path: 'procedure' },
  { names: ['决定日期', '作出决定日期', '处罚决定日期'], path: 'decisionDate' },
  { names: ['执法证号', '执法人员证号', '执法人员执法证号'], path: 'officers' },
  { names: ['裁量清单', '适用裁量清单'], path: 'discretion.kind' },
  { names: ['裁量事项编码', '适用事项编码'], path: 'discretion.itemCode' },
  { names: ['裁量清单版本', '清单版本'], path: 'discretion.version' },
  { names: ['第三人', '其他人员姓名'], path: 'thirdParties' },
  { names: ['健康信息'], path: 'healthNotes' },
  { names: ['失信程度'], path: 'severity' },
  { names: ['公示规则'], path: 'ruleFamily' },
];

const columnOfPath = new Map(DECISION_COLUMNS.map((c) => [c.path, c.names[0]!]));

/** The Chinese column of a field path as the importer reports it (party.uscc → 统一社会信用代码). */
function columnFor(path: string): string | undefined {
  return columnOfPath.get(path) ?? columnOfPath.get(path.split('.').slice(0, 2).join('.'));
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let at = target;
  for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
  at[parts.at(-1)!] = value;
}

/** The rows of a sheet as decision bodies (text cells; the schema converts dates, amounts and lists). */
export function rowsFromSheet(
  sheet: Sheet,
  file: string,
): { rows: Array<{ row: number; body: unknown }>; errors: FileIssue[] } {
  const [header, ...rest] = sheet.rows;
  if (!header) return { rows: [], errors: [{ file, code: 'EMPTY_FILE', message: '文件为空' }] };
  const byName = new Map(DECISION_COLUMNS.flatMap((c) => c.names.map((n) => [n, c.path] as const)));
  const paths = header.cells.map((h) => byName.get(h.trim()));
  const missing = ['number', 'type', 'party.name', 'party.type', 'decisionDate'].filter((p) => !paths.includes(p));
  if (missing.length > 0) {
    return {
      rows: [],
      errors: missing.map((p) => ({
        file,
        row: 1,
        column: columnFor(p),
        field: p,
        code: 'MISSING_COLUMN',
        message: `缺少列：${columnFor(p)}`,
      })),
    };
  }
  const rows = rest
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => {
      const body: Record<string, unknown> = {};
      paths.forEach((path, i) => {
        const cell = r.cells[i]?.trim() ?? '';
        if (!path || cell === '') return;
        setPath(body, path, path === 'party.minor' ? ['是', 'Y', 'y', 'true', '1'].includes(cell) : cell);
      });
      return { row: r.row, body };
    });
  return { rows, errors: [] };
}

/** Reads a CSV or XLSX file of decisions into bodies, or throws with every file-level problem. */
export async function readDecisionFile(
  bytes: Uint8Array,
  file: string,
): Promise<Array<{ row: number; body: unknown }>> {
  const format = detectFormat(bytes, file);
  let sheet: Sheet | undefined;
  let errors: FileIssue[] = [];
  if (format === 'csv') ({ sheet, errors } = readCsv(bytes, { file }));
  else if (format === 'xlsx') {
    const read = await readXlsx(bytes, { file });
    errors = read.errors;
    sheet = read.sheets[0];
  } else {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '仅支持 CSV 或 .xlsx 文件', { reason: 'UNSUPPORTED_FORMAT', file });
  }
  if (errors.length === 0 && sheet) {
    const read = rowsFromSheet(sheet, file);
    errors = read.errors;
    if (errors.length === 0) return read.rows;
  }
  throw new AppError('UNPROCESSABLE', '文件无法导入，未作任何更改', { reason: 'INVALID_FILE', errors });
}

/** Records every decision of a CSV or XLSX file, or none: the refusal lists every failing row and column. */
export async function importDecisionFile(
  decisions: Decisions,
  unit: string,
  bytes: Uint8Array,
  file: string,
  options: { publish?: boolean; recordedBy?: string } = {},
) {
  const rows = await readDecisionFile(bytes, file);
  try {
    return await decisions.recordMany(unit, rows, options);
  } catch (e) {
    if (e instanceof AppError && reasonOf(e) === 'INVALID_DECISIONS') {
      const errors = (e.details as { errors: DecisionIssue[] }).errors.map((i) => ({
        file,
        ...i,
        ...(columnFor(i.field) ? { column: columnFor(i.field) } : {}),
      }));
      throw new AppError('UNPROCESSABLE', e.message, { reason: 'INVALID_DECISIONS', errors });
    }
    throw e;
  }
}
