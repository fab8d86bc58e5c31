/**
 * A plan table file (抽查工作计划: CSV in UTF-8 or GB18030, XLSX, DOCX) → plans, through the lists' own intake
 * (spreadsheets' parseListFile with the plan table as a record kind): the header row found among title rows,
 * headings recognised by the same rules, every row error at once with sheet, row and column as published, unmatched
 * columns kept with each task as additional attributes. Nothing here writes.
 */
import type { ColumnMap, ColumnMatch } from '../../core/headers.js';
import { matchKey } from '../../core/text.js';
import { type FileIssue, parseListFile } from '../spreadsheets/index.js';
import type { Plan } from './model/plan-schema.js';
import { type PlanRow, planTableKind, plansFromRows, samplingTextOnly } from './model/plan.js';
import { yearIn } from './model/plan-text.js';

export interface PlanFileOptions {
  /** The user's confirmed mapping: heading as published → field (or `additional`). */
  columnMap?: ColumnMap;
}

/** What a plan table file holds: the plans only when `errors` is empty. */
export interface PlanFileResult {
  file: string;
  sheet?: string;
  /** CSV: the encoding detected. */
  encoding?: string;
  /** Heading → field, and why, for every column of the header. */
  mapping: ColumnMatch[];
  /** Rows the header was read from (two for a two-level header). */
  headerRows: number[];
  /** Data rows read. */
  rows: number;
  plans: Plan[];
  errors: FileIssue[];
  warnings: FileIssue[];
}

/** The file's name without folders and extension: 2024年度双随机抽查工作计划. */
const stemOf = (fileName: string) => (fileName.split('/').pop() ?? fileName).replace(/\.[a-z0-9]+$/i, '');

/**
 * A plan table's file name, as the folder import recognises it: a CSV, XLSX or DOCX whose name says 抽查工作计划 or
 * 抽查计划 (2024年度双随机抽查工作计划.xlsx, 抽查工作计划.csv, XX县2026年度部门联合抽查计划表.csv).
 */
export function isPlanFileName(fileName: string): boolean {
  return /\.(csv|xlsx|docx)$/i.test(fileName) && /抽查(工作)?计划/.test(matchKey(stemOf(fileName)));
}

/**
 * Reads a plan table. A period without its year (第二季度, 全年) takes the year of its row's 年度 or plan name, else of
 * the table's title, else of the file's name; a table without a 计划名称 column is one plan named by its title, else
 * by its file's name. The file is read a second time only when its title names another year than its file name.
 */
export async function readPlanFile(
  unit: string,
  bytes: Uint8Array,
  fileName: string,
  options: PlanFileOptions = {},
): Promise<PlanFileResult> {
  const parseOptions = options.columnMap ? { columnMap: options.columnMap, checkColumnMap: true } : {};
  const fileYear = yearIn(stemOf(fileName));
  let parsed = await parseListFile(planTableKind(fileYear), bytes, fileName, parseOptions);
  const titled = [...(parsed.notes?.title ?? []), ...(parsed.notes?.preamble ?? [])];
  const titleYear = yearIn(titled.find((t) => yearIn(t) !== undefined));
  if (titleYear !== undefined && titleYear !== fileYear)
    parsed = await parseListFile(planTableKind(titleYear), bytes, fileName, parseOptions);
  const year = titleYear ?? fileYear;
  const base = {
    file: fileName,
    ...(parsed.sheet !== undefined ? { sheet: parsed.sheet } : {}),
    ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
    mapping: parsed.mapping ?? [],
    headerRows: parsed.headerRows ?? [],
    rows: parsed.rows,
  };
  const rows: PlanRow[] = parsed.items.map((values, i) => ({ row: parsed.itemRows?.[i] ?? i + 2, values }));
  const samplingHeading = parsed.mapping?.find((m) => m.field === 'sampling')?.heading ?? '抽查比例(及频次)';
  const warnings = [...parsed.warnings, ...samplingWarnings(rows, { ...parsed, column: samplingHeading })];
  if (parsed.errors.length > 0) return { ...base, plans: [], errors: parsed.errors, warnings };
  const { title, preamble, footnotes } = parsed.notes ?? {};
  const notes = {
    ...(title?.length ? { title } : {}),
    ...(preamble?.length ? { preamble } : {}),
    ...(footnotes?.length ? { footnotes } : {}),
  };
  const plans = plansFromRows(unit, rows, {
    name: titled.find((t) => t.includes('计划') && t.length <= 60) ?? stemOf(fileName),
    ...(year !== undefined ? { year } : {}),
    ...(Object.keys(notes).length > 0 ? { notes } : {}),
  });
  return { ...base, plans, errors: [], warnings };
}

/** A warning for each task whose 抽查比例 is kept as text only: its draw must be given a count. */
function samplingWarnings(rows: readonly PlanRow[], at: { file: string; sheet?: string; column: string }): FileIssue[] {
  return samplingTextOnly(rows).map((r) => ({
    file: at.file,
    ...(at.sheet !== undefined ? { sheet: at.sheet } : {}),
    row: r.row,
    column: at.column,
    field: 'sampling',
    value: String(r.values.sampling),
    code: 'SAMPLING_TEXT_ONLY',
    message: '抽查比例未写明比例或数量，按原文保留；抽取时须填写抽取数量',
  }));
}
