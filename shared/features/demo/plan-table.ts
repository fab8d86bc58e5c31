/**
 * The demo unit's yearly plan as the file a unit publishes (抽查工作计划: a title row, then the table headed as real
 * plans are, one 抽查方式 column of no field), so the demo's plan comes in through the plan table intake.
 */

const TITLE = '2024年度双随机、一公开抽查工作计划（示例）';
const HEADER = [
  '序号',
  '抽查任务名称',
  '抽查事项',
  '抽查对象范围',
  '抽查比例及频次',
  '实施时间',
  '发起部门',
  '配合部门',
  '抽查方式',
];
/** Task, items, target scope, sampling, period, cooperating departments, method. */
const TASKS = [
  [
    '餐饮服务食品安全抽查',
    'SJ-210900-01-001、SJ-210900-01-005',
    '辖区餐饮服务经营者',
    '不低于5%，每年1次',
    '2024年3月至5月',
    '',
    '现场检查',
  ],
  ['食品销售者监督抽查', 'SJ-210900-01-002', '辖区食品销售者', '抽取6户', '第二季度', '', '现场检查'],
  ['药品零售企业经营行为抽查', 'SJ-210900-01-003', '辖区药品零售企业', '抽取5户', '2024年9月至11月', '', '现场检查'],
  [
    '特种设备使用单位联合抽查',
    'SJ-210900-01-004',
    '辖区特种设备使用单位',
    '3%',
    '第四季度',
    '应急管理局',
    '现场检查、书面检查',
  ],
];

const csvCell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

/** The plan table as a CSV file (UTF-8 with BOM, as Excel saves it) with its file name. */
export function demoPlanTable(unitName: string): { name: string; bytes: Uint8Array } {
  const rows = [
    [TITLE, ...HEADER.slice(1).map(() => '')],
    HEADER,
    ...TASKS.map(([task, items, scope, sampling, period, cooperating, method], i) => [
      String(i + 1),
      task!,
      items!,
      scope!,
      sampling!,
      period!,
      unitName,
      cooperating!,
      method!,
    ]),
  ];
  const text = `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
  return { name: `${TITLE}.csv`, bytes: new TextEncoder().encode(text) };
}
