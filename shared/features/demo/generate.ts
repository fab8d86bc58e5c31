/**
 * Deterministic, realistic-shaped data: the demo region that `npm start` loads,
 * and the datasets tests and benchmarks generate at any size. Law names are
 * real; article numbers and combinations are invented. Every unit name carries
 * （示例） so it can never be mistaken for real data.
 */
import { usccCheckCharacter } from '../../core/uscc.js';
import { toTraditional } from '../../core/traditional.js';

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n - 1]!;
  if (n < 20) return `十${NUMERALS[n - 11] ?? ''}`;
  if (n < 100) return `${NUMERALS[Math.floor(n / 10) - 1]}十${n % 10 ? NUMERALS[(n % 10) - 1] : ''}`;
  const h = Math.floor(n / 100);
  const rest = n % 100;
  return (
    `${NUMERALS[h - 1]}百` +
    `${rest === 0 ? '' : rest < 10 ? `零${NUMERALS[rest - 1]}` : chineseNumber(rest).replace(/^十/, '一十')}`
  );
}
const article = (rng: Rng, law: string) => `《${law}》第${chineseNumber(int(rng, 2, 160))}条`;

interface Domain {
  unit: string;
  domain: string;
  law: string;
  subjects: readonly string[];
  duties: readonly string[];
}

export const DOMAINS: readonly Domain[] = [
  {
    unit: '市场监督管理局',
    domain: '市场监管',
    law: '中华人民共和国食品安全法',
    subjects: ['食品经营者', '餐饮服务提供者', '网络食品交易第三方平台提供者', '食品生产者'],
    duties: [
      '对从业人员进行健康检查',
      '公示食品经营许可证',
      '建立并遵守进货查验记录制度',
      '标注食品生产日期',
      '在显著位置公示投诉举报电话',
    ],
  },
  {
    unit: '生态环境局',
    domain: '生态环境',
    law: '中华人民共和国大气污染防治法',
    subjects: ['排污单位', '施工单位', '机动车维修单位', '建设单位'],
    duties: ['公开排放信息', '设置大气污染物排放口', '开展自行监测', '设置废气收集装置', '密闭运输砂石土方'],
  },
  {
    unit: '交通运输局',
    domain: '交通运输',
    law: '中华人民共和国道路运输条例',
    subjects: ['道路运输经营者', '机动车维修经营者', '客运站经营者', '货运源头单位'],
    duties: [
      '随车携带道路运输证',
      '建立安全生产管理制度',
      '公示收费项目',
      '对车辆进行定期检验',
      '配备专职安全管理人员',
    ],
  },
  {
    unit: '城市管理综合执法局',
    domain: '城市管理',
    law: '城市市容和环境卫生管理条例',
    subjects: ['沿街商户', '建筑施工单位', '户外广告设置人', '物业服务企业'],
    duties: ['保持门前环境卫生', '规范设置户外广告', '按规定处置建筑垃圾', '按规定设置围挡', '清理施工现场'],
  },
  {
    unit: '文化旅游广电体育局',
    domain: '文化旅游',
    law: '娱乐场所管理条例',
    subjects: ['娱乐场所经营单位', '旅行社', '互联网上网服务营业场所', '演出经营主体'],
    duties: ['悬挂警示标志', '建立营业日志', '核对登记上网消费者身份证件', '报送演出内容', '公示经营许可证'],
  },
  {
    unit: '农业农村局',
    domain: '农业农村',
    law: '农药管理条例',
    subjects: ['农药经营者', '种子生产经营者', '兽药经营企业', '饲料生产企业'],
    duties: ['建立采购台账', '建立销售台账', '按规定标注标签', '查验产品质量检验合格证明', '按规定储存农药'],
  },
  {
    unit: '卫生健康局',
    domain: '卫生健康',
    law: '公共场所卫生管理条例',
    subjects: ['公共场所经营者', '医疗机构', '集中式供水单位', '消毒产品生产企业'],
    duties: ['建立卫生管理制度', '组织从业人员健康检查', '公示卫生许可证', '开展卫生检测', '配备卫生管理人员'],
  },
  {
    unit: '应急管理局',
    domain: '应急管理',
    law: '中华人民共和国安全生产法',
    subjects: ['生产经营单位', '危险化学品经营单位', '烟花爆竹经营单位', '工贸企业'],
    duties: [
      '开展安全生产教育和培训',
      '建立事故隐患排查治理制度',
      '设置安全警示标志',
      '制定生产安全事故应急救援预案',
      '如实记录安全生产教育和培训情况',
    ],
  },
  {
    unit: '自然资源局',
    domain: '自然资源',
    law: '中华人民共和国土地管理法',
    subjects: ['用地单位', '测绘单位', '采矿权人', '不动产登记申请人'],
    duties: [
      '按批准用途使用土地',
      '提交测绘成果副本',
      '按规定缴存矿山地质环境治理恢复基金',
      '如实提供登记材料',
      '履行土地复垦义务',
    ],
  },
  {
    unit: '住房和城乡建设局',
    domain: '住房城乡建设',
    law: '建设工程质量管理条例',
    subjects: ['建设单位', '施工单位', '监理单位', '房地产开发企业'],
    duties: [
      '办理质量监督手续',
      '按规定进行竣工验收',
      '建立质量责任制',
      '按规定公示商品房预售信息',
      '按规定进行见证取样',
    ],
  },
];

const CONDITIONS = {
  'no-penalty': [
    '违法行为轻微并及时改正，没有造成危害后果的',
    '初次违法且危害后果轻微并在责令改正期限内改正的',
    '当事人有证据足以证明没有主观过错的',
    '违法行为在二年内未被发现的',
  ],
  'lighter-penalty': [
    '主动消除或者减轻违法行为危害后果的',
    '受他人胁迫或者诱骗实施违法行为的',
    '主动供述行政机关尚未掌握的违法行为的',
    '配合行政机关查处违法行为有立功表现的',
  ],
  'reduced-penalty': [
    '主动消除或者减轻违法行为危害后果，且情节较轻的',
    '配合行政机关查处违法行为有重大立功表现的',
    '违法行为情节轻微且及时纠正的',
  ],
  'no-coercive-measures': [
    '当事人能够及时改正且不影响调查取证的',
    '采取非强制性手段可以达到行政管理目的的',
    '违法行为情节显著轻微，没有明显社会危害的',
  ],
} as const;

const MEASURES = {
  'no-penalty': ['责令改正，予以批评教育', '说服教育、劝导示范', '责令限期改正，制发提醒告诫书'],
  'lighter-penalty': ['在法定处罚幅度内按下限处以罚款', '给予警告或者较低数额罚款'],
  'reduced-penalty': ['在法定最低罚款限值以下处以罚款', '在法定处罚幅度最低限以下处以罚款'],
  'no-coercive-measures': ['不予实施查封措施，依法登记保存证据', '不予实施扣押措施，依法登记保存证据'],
} as const;

const METHODS = ['现场检查', '书面检查', '网络监测', '抽样检测', '信息化核查'];
const FREQUENCIES = ['每年1次', '每季度1次', '按年度抽查计划', '根据风险等级确定'];

export interface GeneratedUnit {
  entity: Record<string, unknown>;
  lists: Record<string, Array<Record<string, unknown>>>;
}

export interface ListSizes {
  'inspection-items': number;
  'no-penalty': number;
  'lighter-penalty': number;
  'reduced-penalty': number;
  'no-coercive-measures': number;
}

/** A valid credit code for an organ (11) in the region, from a serial number. */
export function demoUscc(regionCode: string, serial: number): string {
  const body = String(15_000_000 + serial).padStart(8, '0');
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * weights[i]!;
  const c = 11 - (sum % 11);
  const orgCheck = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  const first17 = `11${regionCode}${body}${orgCheck}`;
  return first17 + usccCheckCharacter(first17);
}

export interface GenerateOptions {
  seed: number;
  regionCode: string;
  /** City or county name used in unit names, e.g. 阜新市. */
  placeName: string;
  units: number;
  /** Items per list for each unit; a function of the unit index, or fixed sizes. */
  sizes: (unitIndex: number, rng: Rng) => Partial<ListSizes>;
  /** Share of items written in Traditional characters (0 to 1). */
  traditionalShare?: number;
  /** 一般/重点: share of 重点 inspection items. */
  keyShare?: number;
}

export function generateRegion(options: GenerateOptions): GeneratedUnit[] {
  const rng = seededRandom(options.seed);
  const out: GeneratedUnit[] = [];
  for (let u = 0; u < options.units; u++) {
    const d = DOMAINS[u % DOMAINS.length]!;
    const uscc = demoUscc(options.regionCode, Number(options.regionCode.slice(2)) * 100 + u + 1);
    const suffix = u >= DOMAINS.length ? `第${chineseNumber(Math.floor(u / DOMAINS.length) + 1)}分局` : '';
    const entity = {
      name: `${options.placeName}${d.unit}${suffix}（示例）`,
      uscc,
      nature: '法定行政机关',
      domain: d.domain,
      regionCode: options.regionCode,
      authorityBasis: article(rng, d.law),
      address: `${options.placeName}${pick(rng, ['人民路', '府前路', '解放路', '建设路'])}${int(rng, 1, 400)}号`,
      phone: `0418-${int(rng, 2000000, 8999999)}`,
      complaintChannel: `12345政务服务便民热线；${options.placeName}司法局行政执法监督投诉电话`,
      status: 'active',
    };
    const sizes = options.sizes(u, rng);
    const traditional = (text: string) => (rng() < (options.traditionalShare ?? 0) ? toTraditional(text) : text);
    const lists: Record<string, Array<Record<string, unknown>>> = {};
    const prefix = `${options.regionCode}-${String(u + 1).padStart(2, '0')}`;

    const nInspect = sizes['inspection-items'] ?? 0;
    if (nInspect > 0) {
      const keyCount = Math.round(nInspect * (options.keyShare ?? 0.15));
      lists['inspection-items'] = Array.from({ length: nInspect }, (_, i) => {
        const random = rng() < 0.6;
        return {
          seq: i + 1,
          code: `JC-${prefix}-${String(i + 1).padStart(5, '0')}`,
          name: traditional(`对${pick(rng, d.subjects)}${pick(rng, d.duties)}情况的检查`),
          category: i < keyCount ? '重点' : '一般',
          basis: article(rng, d.law),
          target: pick(rng, d.subjects),
          method: pick(rng, METHODS),
          frequency: pick(rng, FREQUENCIES),
          randomInspection: random,
          ...(random ? { samplingRatio: `${pick(rng, [3, 5, 10, 20])}%` } : {}),
        };
      });
    }
    for (const kind of ['no-penalty', 'lighter-penalty', 'reduced-penalty', 'no-coercive-measures'] as const) {
      const n = sizes[kind] ?? 0;
      if (n === 0) continue;
      const codePrefix = {
        'no-penalty': 'BY',
        'lighter-penalty': 'CQ',
        'reduced-penalty': 'JQ',
        'no-coercive-measures': 'BQ',
      }[kind];
      lists[kind] = Array.from({ length: n }, (_, i) => {
        const provision = kind === 'no-coercive-measures' ? 'coercionProvision' : 'penaltyProvision';
        return {
          seq: i + 1,
          code: `${codePrefix}-${prefix}-${String(i + 1).padStart(4, '0')}`,
          violation: traditional(`${pick(rng, d.subjects)}未按规定${pick(rng, d.duties)}`),
          violatedProvision: article(rng, d.law),
          [provision]:
            kind === 'no-coercive-measures'
              ? `《中华人民共和国行政强制法》第二十三条；${article(rng, d.law)}`
              : article(rng, d.law),
          conditions: traditional(pick(rng, CONDITIONS[kind])),
          measures: pick(rng, MEASURES[kind]),
          domain: d.domain,
        };
      });
    }
    out.push({ entity, lists });
  }
  return out;
}

/** The demo region loaded by `npm start`: 阜新市 (210900), eight units, all five kinds. */
export function demoRegion(): GeneratedUnit[] {
  return generateRegion({
    seed: 210900,
    regionCode: '210900',
    placeName: '阜新市',
    units: 8,
    traditionalShare: 0.05,
    sizes: (u, rng) => ({
      'inspection-items': int(rng, 20, 60),
      'no-penalty': int(rng, 5, 12),
      'lighter-penalty': int(rng, 3, 8),
      'reduced-penalty': u % 4 === 3 ? 0 : int(rng, 3, 8),
      'no-coercive-measures': u % 2 === 0 ? int(rng, 2, 5) : 0,
    }),
  });
}

/** A later edit of a list: `edits` items changed, one removed, two added. Used for demo history. */
export function reviseList(
  items: Array<Record<string, unknown>>,
  seed: number,
  edits = 2,
): Array<Record<string, unknown>> {
  const rng = seededRandom(seed);
  const next = items
    .slice(1)
    .map((item, i) =>
      i < edits
        ? { ...item, ...(item.conditions ? { conditions: `${item.conditions}（修订）` } : { frequency: '每半年1次' }) }
        : item,
    );
  const template = items[0]!;
  for (let k = 0; k < 2; k++) {
    const code = `${String(template.code).replace(/-\d+$/, '')}-N${int(rng, 100, 999)}${k}`;
    next.push({
      ...template,
      code,
      ...(template.violation
        ? { violation: `${template.violation}（新增情形${k + 1}）` }
        : { name: `${template.name}（新增${k + 1}）` }),
    });
  }
  return next.map((item, i) => ({ ...item, seq: i + 1 }));
}
