/**
 * A plan as the table it came from (抽查工作计划 as CSV): one row a task, under the headings the intake recognises,
 * then every additional column under its heading as published, so that the file imports back to the same tasks.
 * Cells that a spreadsheet would run as a formula are neutralised (shared/core/neutralise.ts), reversibly.
 */
import { neutraliseCell } from '../../core/neutralise.js';
import type { Plan, Task } from './model/plan-schema.js';

const HEADINGS = [
  '计划名称',
  '任务名称',
  '抽查事项',
  '抽查对象范围',
  '抽查比例(及频次)',
  '实施时间',
  '发起部门',
  '配合部门',
  '每户检查人员数',
] as const;

const cellsOf = (plan: Plan, t: Task): string[] => [
  plan.name,
  t.name,
  t.items.join('、'),
  t.scope ?? '',
  t.sampling.text,
  t.period.text ?? `${t.period.from}至${t.period.to}`,
  t.initiator,
  t.cooperating.join('、'),
  String(t.inspectorsPerTarget),
];

const csvCell = (text: string) => {
  const safe = neutraliseCell(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The plan as CSV text (with a BOM, as spreadsheet programs expect of UTF-8). */
export function planCsv(plan: Plan): string {
  const extra = [...new Set(plan.tasks.flatMap((t) => (t.additional ?? []).map((a) => a.heading)))];
  const rows = [
    [...HEADINGS, ...extra],
    ...plan.tasks.map((t) => {
      const byHeading = new Map((t.additional ?? []).map((a) => [a.heading, a.text]));
      return [...cellsOf(plan, t), ...extra.map((h) => byHeading.get(h) ?? '')];
    }),
  ];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
