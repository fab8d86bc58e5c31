/** The yearly report as files: an XLSX workbook (exceljs, loaded lazily) and a printable HTML page. */
import { loadExcel } from '../../platform/lazy-exceljs.js';
import { DECISION_TYPES } from './model.js';
import type { YearlyReport } from './reports.js';

function rows(r: YearlyReport): Array<[string, string | number]> {
  return [
    ['执法主体统一社会信用代码', r.unit],
    ['年度', r.year],
    ['版本', r.version],
    ['生成时间', r.computedAt],
    ...DECISION_TYPES.map((t): [string, number] => [`${t}决定数`, r.byType[t]]),
    ['行政处罚（不含不予处罚）', r.penalties.count],
    ['不予处罚', r.penalties.noPenalty],
    ['罚款金额（元）', r.penalties.fineYuan],
    ['没收金额（元）', r.penalties.confiscatedYuan],
    ['已公示', r.published],
    ['依规不予公示', r.exempt],
    ['撤回公示', r.withdrawn],
    ['逾期公示', r.latePublications],
    ['逾期未公示', r.overdue],
    ['月度数量声明', r.zeroStatements],
  ];
}

export async function reportWorkbook(r: YearlyReport): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(`${r.year}年度执法数据`);
  sheet.columns = [
    { header: '项目', width: 32 },
    { header: '数值', width: 28 },
  ];
  for (const row of rows(r)) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const escape = (v: string | number) =>
  String(v).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

export function reportHtml(r: YearlyReport): string {
  const body = rows(r)
    .map(([k, v]) => `<tr><th scope="row">${escape(k)}</th><td>${escape(v)}</td></tr>`)
    .join('');
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${r.year}年度行政执法数据</title>
<style>body{font-family:serif;margin:2cm}table{border-collapse:collapse;width:100%}th,` +
    `td{border:1px solid #000;padding:4px 8px;text-align:left}@media print{a{display:none}}</style>
</head><body><h1>${r.year}年度行政执法数据</h1><table><caption>依据国办发〔2018〕118号，` +
    `于次年1月31日前公开</caption>${body}</table></body></html>`
  );
}
