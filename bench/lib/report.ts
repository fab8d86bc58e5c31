/**
 * The benchmark report: one row per figure, beside its floor or target. Missing
 * a target is a result, not a failure of the harness; "not measured" says why.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt } from './stats.js';

export type Status = 'pass' | 'fail' | 'info' | 'not measured' | 'error';

export interface Row {
  group: string;
  figure: string;
  /** The headline number, in `unit`. */
  value?: number;
  unit?: string;
  /** Breakdown or spread shown after the value (e.g. requests by command, p95/min/max). */
  detail?: string;
  /** What the value is compared with: "floor 1 Query page", "target < 200 ms". */
  reference?: string;
  /** value / floor (or ours / floor for throughput). */
  ratio?: number;
  status: Status;
  /** Why a row is not measured or errored. */
  reason?: string;
}

export interface RunInfo {
  date: string;
  /** `partial`: a full-size run of some groups only (--only): written beside the full results, never into history. */
  mode: 'quick' | 'full' | 'partial';
  engine: string;
  node: string;
  cpus: number;
  cpuModel: string;
  commit: string;
  seconds: number;
  groupSeconds: Record<string, number>;
}

/** pass/fail from a comparison; `info` when there is nothing to compare with. */
export function verdict(ok: boolean | undefined): Status {
  return ok === undefined ? 'info' : ok ? 'pass' : 'fail';
}

function valueCell(r: Row): string {
  if (r.value === undefined) return r.detail ?? '—';
  const v = `${fmt(r.value, r.value < 10 ? 2 : 1)}${r.unit ? ` ${r.unit}` : ''}`;
  return r.detail ? `${v} — ${r.detail}` : v;
}

function resultCell(r: Row): string {
  if (r.status === 'not measured') return `not measured: ${r.reason ?? ''}`;
  if (r.status === 'error') return `error: ${r.reason ?? ''}`;
  return r.reason ? `${r.status} (${r.reason})` : r.status;
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function toMarkdown(rows: readonly Row[], info: RunInfo): string {
  const lines = [
    `# Benchmark results (${info.mode})`,
    '',
    `${info.date} · commit ${info.commit} · engine ${info.engine} · Node ${info.node} · ` +
      `${info.cpus} × ${info.cpuModel} · ${fmt(info.seconds, 0)} s`,
    '',
    'Reproduce: `npm run bench` (full) or `npm run bench -- --quick`. Ratios are ours / floor ' +
      'measured in the same run on the same machine.',
    '',
  ];
  let group = '';
  for (const r of rows) {
    if (r.group !== group) {
      group = r.group;
      lines.push(
        '',
        `## ${group}`,
        '',
        '| figure | value | floor or target | ratio | result |',
        '|---|---|---|---|---|',
      );
    }
    const ratio = r.ratio === undefined || !Number.isFinite(r.ratio) ? '—' : fmt(r.ratio, 2);
    lines.push(
      `| ${esc(r.figure)} | ${esc(valueCell(r))} | ${esc(r.reference ?? '—')} | ${ratio} | ${esc(resultCell(r))} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One line of results/history.jsonl: a full run's figures, compact enough to keep every run. */
export interface HistoryEntry {
  info: RunInfo;
  figures: Array<Pick<Row, 'group' | 'figure' | 'value' | 'unit' | 'ratio' | 'status'>>;
}

export function historyEntry(rows: readonly Row[], info: RunInfo): HistoryEntry {
  return {
    info,
    figures: rows.map(({ group, figure, value, unit, ratio, status }) => ({
      group,
      figure,
      ...(value === undefined ? {} : { value: Math.round(value * 1000) / 1000 }),
      ...(unit === undefined ? {} : { unit }),
      ...(ratio === undefined || !Number.isFinite(ratio) ? {} : { ratio: Math.round(ratio * 1000) / 1000 }),
      status,
    })),
  };
}

/**
 * Writes results/<date>.json and results/latest.md for a full run, and appends the run to
 * results/history.jsonl (tracked: the figures of every full run, oldest first). A quick or partial run
 * writes <date>-<mode>.json and latest-<mode>.md (not committed) and no history, so it never replaces the
 * full table the README links to.
 */
export function writeResults(
  dir: string,
  rows: readonly Row[],
  info: RunInfo,
): { json: string; markdown: string; history?: string } {
  mkdirSync(dir, { recursive: true });
  const suffix = info.mode === 'full' ? '' : `-${info.mode}`;
  const json = join(dir, `${info.date.slice(0, 10)}${suffix}.json`);
  const markdown = join(dir, `latest${suffix}.md`);
  writeFileSync(json, `${JSON.stringify({ info, rows }, null, 2)}\n`);
  writeFileSync(markdown, toMarkdown(rows, info));
  if (info.mode !== 'full') return { json, markdown };
  const history = join(dir, 'history.jsonl');
  appendFileSync(history, `${JSON.stringify(historyEntry(rows, info))}\n`);
  return { json, markdown, history };
}
