/**
 * The demo's random inspections (双随机、一公开) for the first demo unit (市场监督管理局): its 随机抽查事项清单, a
 * targets directory of generated market entities, a 2024 yearly plan (read from its plan table file) and draws in
 * each state a visitor should see.
 * The draws run through the real service on a simulated clock with the labelled local demo beacon (no network): each
 * is committed first, drawn once its round's instant has passed on that clock, then given results or left withheld.
 * The timeline is fixed, so every fresh clone holds the same draws and the same outcomes.
 */
import { createHash } from 'node:crypto';
import type { Registry } from '../lists/index.js';
import { createCertificateLookup } from '../officers/index.js';
import {
  importTargets,
  InspectionService,
  InspectionStore,
  localDemoBeacon,
  PlanIntake,
  type CommitDrawInput,
  type PublicDraw,
} from '../inspections/index.js';
import { usccCheckCharacter } from '../../core/uscc.js';
import { seededRandom } from './generate.js';
import { demoPlanTable } from './plan-table.js';

/** Targets in the demo directory: a few hundred, as a small city district's food businesses might number. */
const DEMO_TARGETS = 360;

const DISTRICTS = ['210902', '210903', '210904', '210905', '210911', '210921', '210922'];
const INDUSTRIES = [
  { industry: '餐饮服务', word: '餐馆' },
  { industry: '食品销售', word: '食品店' },
  { industry: '药品零售', word: '药房' },
  { industry: '特种设备使用', word: '制造有限公司' },
];

/** A valid GB 32100 code for the n-th demo target (个体工商户 92…, 企业 91…). */
function demoTargetUscc(n: number, enterprise: boolean): string {
  const first = `${enterprise ? '91' : '92'}${DISTRICTS[n % DISTRICTS.length]}MA${String(n).padStart(7, '0')}`;
  return first + usccCheckCharacter(first);
}

/** The demo targets directory as CSV (the way a unit uploads it), generated from a fixed seed. */
function demoTargetsCsv(skip: ReadonlySet<string> = new Set()): Uint8Array {
  const rng = seededRandom(17_2024);
  const lines = ['名称,统一社会信用代码,类型,行政区划,行业,风险等级'];
  for (let n = 1; n <= DEMO_TARGETS; n++) {
    const { industry, word } = INDUSTRIES[n % INDUSTRIES.length]!;
    const enterprise = industry === '特种设备使用' || rng() < 0.25;
    const uscc = demoTargetUscc(n, enterprise);
    const risk = ['A', 'B', 'B', 'C', 'D'][Math.floor(rng() * 5)]!;
    if (!skip.has(uscc))
      lines.push(
        [
          `阜新示例${word}第${n}号（示例）`,
          uscc,
          enterprise ? '企业' : '个体工商户',
          uscc.slice(2, 8),
          industry,
          risk,
        ].join(','),
      );
  }
  return new TextEncoder().encode(lines.join('\n'));
}

const ITEMS = [
  { code: 'SJ-210900-01-001', name: '餐饮服务经营者食品安全管理制度落实情况的检查', target: '餐饮服务经营者' },
  { code: 'SJ-210900-01-002', name: '食品销售者进货查验记录制度落实情况的检查', target: '食品销售者' },
  { code: 'SJ-210900-01-003', name: '药品零售企业经营行为的检查', target: '药品零售企业' },
  { code: 'SJ-210900-01-004', name: '特种设备使用单位安全管理情况的检查', target: '特种设备使用单位' },
  { code: 'SJ-210900-01-005', name: '食品经营许可证公示情况的检查', target: '食品经营者' },
];

/** The simulated clock the demo's draws run on: set to an instant, or moved past a draw's round. */
class DemoClock {
  constructor(private at: Date) {}
  now = () => this.at;
  set(iso: string) {
    this.at = new Date(iso);
  }
  pastRound(draw: PublicDraw) {
    this.at = new Date(Date.parse(draw.beacon.roundTime) + 1000);
  }
}

const RESULTS = ['未发现问题', '未发现问题', '发现问题已责令整改', '未发现问题', '立案查处', '未发现问题'] as const;

export async function loadDemoDraws(
  registry: Registry,
  unit: { uscc: string; name: string },
  source: string,
): Promise<{ versions: number; draws: number }> {
  const uscc = unit.uscc;
  const common = { publishedBy: 'demo', source, uscc, status: 'published' as const };
  await registry.publish({
    ...common,
    stream: 'random-inspection-items',
    items: ITEMS.map((item, i) => ({
      seq: i + 1,
      ...item,
      method: '现场检查',
      samplingRatio: '不低于3%',
      implementingBody: unit.name,
    })),
    effectiveFrom: '2024-01-01',
    documentNumber: '阜市监发〔2024〕1号',
  });
  await importTargets(registry, { ...common, bytes: demoTargetsCsv(), effectiveFrom: '2024-01-01' });

  const clock = new DemoClock(new Date('2024-02-26T02:00:00Z'));
  const service = new InspectionService({
    store: new InspectionStore(registry.store.client, registry.store.tableName),
    registry,
    certificates: createCertificateLookup({ registry }),
    beacon: localDemoBeacon(clock.now),
    clock: clock.now,
    // Derived, not random, so every clone holds the same draws: the demo's salts are therefore no secret.
    salt: (drawId) => createHash('sha256').update(`gongshi-demo-salt ${drawId}`).digest(),
  });
  // The yearly plan comes in as a unit's plan table file does: through the intake, every cell kept.
  const intake = new PlanIntake(new InspectionStore(registry.store.client, registry.store.tableName));
  const { plans } = await intake.importPlanFile(uscc, demoPlanTable(unit.name));
  const plan = plans[0];
  const planId = plan!.planId;
  const draw = async (at: string, input: Omit<CommitDrawInput, 'planId' | 'category'>) => {
    clock.set(at);
    const committed = await service.commitDraw(uscc, { planId, category: '市场监管', ...input });
    clock.pastRound(committed);
    return service.executeDraw(uscc, committed.drawId);
  };
  const publishResults = async (drawn: PublicDraw, at: string, inspectedOn: string) => {
    clock.set(at);
    const outcome = await service.drawnTargets(uscc, drawn.drawId);
    await service.recordResults(
      uscc,
      drawn.drawId,
      outcome.map((t, i) => ({ uscc: t.uscc, result: RESULTS[i % RESULTS.length]!, inspectedOn })),
    );
  };

  // T01: committed, drawn, inspected, published with its results.
  const t01 = await draw('2024-03-04T01:30:00Z', { taskId: 'T01', filter: { industry: '餐饮服务' } });
  await publishResults(t01, '2024-04-26T08:00:00Z', '2024-04-22');

  // T02: drawn; its first target then closed down (注销), so the directory drops it and the task is drawn again.
  const first = await draw('2024-04-08T01:30:00Z', { taskId: 'T02', filter: { industry: '食品销售' } });
  const closed = (await service.drawnTargets(uscc, first.drawId))[0]!.uscc;
  await importTargets(registry, { ...common, bytes: demoTargetsCsv(new Set([closed])), effectiveFrom: '2024-04-10' });
  const redraw = await draw('2024-04-11T02:00:00Z', {
    taskId: 'T02',
    filter: { industry: '食品销售' },
    redrawOf: first.drawId,
    reason: `检查对象 ${closed} 已注销，名录库已更新，重新抽取`,
  });
  await publishResults(redraw, '2024-06-07T08:00:00Z', '2024-05-30');

  // T03: drawn, inspections not yet reported: the outcome stays withheld, only its hash is public.
  await draw('2024-09-02T01:30:00Z', { taskId: 'T03', filter: { industry: '药品零售' } });
  // T04 (the joint inspection) is left for the unit to draw.
  return { versions: 3, draws: 4 };
}
