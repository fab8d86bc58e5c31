/**
 * What anyone may read of draws: the public view of each draw (the outcome and results only once published),
 * the committed inspectors snapshot, the draw log and the yearly statistics. The public function serves these;
 * nothing here verifies beacon rounds or changes a draw, so its bundle carries neither drand-client nor the
 * write path (./service.ts extends this class with the use cases that change draws).
 */
import { chinaDate } from '../../core/dates.js';
import { notFound } from '../../core/errors.js';
import type { Registry } from '../lists/index.js';
import type { Commitment, InspectorEntry } from './model/commitment.js';
import type { Plan } from './model/plan-schema.js';
import { resultsHash, type DrawRecord, type InspectionResult } from './model/draw.js';
import type { DrawnTarget } from './model/sampler.js';
import { LOCAL_DEMO_CHAIN, LOCAL_DEMO_LABEL, roundTime } from './model/schedule.js';
import { InspectionStore, type LogEntry } from './store.js';
import { inspectionKeys } from './keys.js';
import type { DrawLeafIndexes } from './ports.js';

export const TARGETS_KIND = 'inspection-targets';

/** What the public sees of a draw: the outcome and results only once published. */
export interface PublicDraw {
  drawId: string;
  unit: string;
  state: DrawRecord['state'];
  commitment: Commitment;
  commitmentHash: string;
  beacon: { chain: string; round: number; roundTime: string; label?: string } & Partial<{
    randomness: string;
    signature: string;
  }>;
  outcomeHash?: string;
  drawnCount?: number;
  outcome?: DrawnTarget[];
  /** The v2 commitment's salt (hex): revealed once the draw is published or replaced. */
  salt?: string;
  results?: InspectionResult[];
  resultsHash?: string;
  resultsDue: string;
  overdue: boolean;
  publishedAt?: string;
  refusal?: DrawRecord['refusal'];
  replacedBy?: string;
  /**
   * Where the transparency log holds the draw's events: leaf index by event (`committed`, `drawn`, `refused`,
   * `outcome-published`, `results-published`); an event still queued has none yet.
   */
  leaves?: Record<string, number>;
}

export interface DrawReadsDeps {
  store: InspectionStore;
  registry: Registry;
  clock: () => Date;
  /** The log's event queue, read for each draw's leaf indexes (absent: no `leaves` in the public view). */
  log?: DrawLeafIndexes;
}

const PROBLEM_RESULTS = new Set(['发现问题已责令整改', '发现问题已整改', '立案查处', '移送有关部门处理']);

export class DrawReads {
  constructor(protected readonly deps: DrawReadsDeps) {}

  protected now(): Date {
    return this.deps.clock();
  }

  protected async requireDraw(unit: string, drawId: string): Promise<DrawRecord> {
    const d = await this.deps.store.getDraw(unit, drawId);
    if (!d) throw notFound('未找到该抽取记录', { unit, drawId });
    return d;
  }

  protected outcome(draw: DrawRecord): Promise<DrawnTarget[]> {
    return draw.outcomeChunks ? this.deps.store.readParts(draw, 'O', draw.outcomeChunks) : Promise.resolve([]);
  }

  protected snapshot(draw: DrawRecord): Promise<InspectorEntry[]> {
    return this.deps.store.readParts(draw, 'I', draw.inspectorChunks);
  }

  private async leafIndexes(draw: DrawRecord): Promise<Record<string, number> | undefined> {
    if (!this.deps.log) return undefined;
    const events = await this.deps.log.eventsOf(inspectionKeys.logSubject(draw.unit, draw.drawId));
    const logged = events.filter((e) => e.leafIndex !== undefined).map((e) => [e.event, e.leafIndex!] as const);
    return logged.length ? Object.fromEntries(logged) : undefined;
  }

  protected async publicView(draw: DrawRecord): Promise<PublicDraw> {
    const published = draw.state === 'published';
    const c = draw.commitment;
    const leaves = await this.leafIndexes(draw);
    return {
      drawId: draw.drawId,
      unit: draw.unit,
      state: draw.state,
      commitment: c,
      commitmentHash: draw.commitmentHash,
      beacon: {
        chain: c.beacon.chain,
        round: c.beacon.round,
        roundTime: new Date(roundTime(c.beacon.chain, c.beacon.round)!).toISOString(),
        ...(c.beacon.chain === LOCAL_DEMO_CHAIN ? { label: LOCAL_DEMO_LABEL } : {}),
        ...(draw.beacon ? { randomness: draw.beacon.randomness, signature: draw.beacon.signature } : {}),
      },
      ...(draw.outcomeHash ? { outcomeHash: draw.outcomeHash, drawnCount: draw.drawnCount } : {}),
      ...(published
        ? { outcome: await this.outcome(draw), results: draw.results, resultsHash: resultsHash(draw.results) }
        : {}),
      // Revealed with the results, or once the draw is replaced (it will not be carried out): then anyone re-runs it.
      ...(draw.salt && (published || draw.replacedBy) ? { salt: draw.salt } : {}),
      resultsDue: draw.resultsDue,
      overdue: !published && draw.state === 'drawn' && chinaDate(this.now()) > draw.resultsDue,
      ...(draw.publishedAt ? { publishedAt: draw.publishedAt } : {}),
      ...(draw.refusal ? { refusal: draw.refusal } : {}),
      ...(draw.replacedBy ? { replacedBy: draw.replacedBy } : {}),
      ...(leaves ? { leaves } : {}),
    };
  }

  /** The unit's plans (抽查工作计划) with their tasks, as imported. */
  listPlans(unit: string): Promise<Plan[]> {
    return this.deps.store.listPlans(unit);
  }

  async getPlan(unit: string, planId: string): Promise<Plan> {
    const plan = await this.deps.store.getPlan(unit, planId);
    if (!plan) throw notFound('未找到该抽查工作计划', { unit, planId });
    return plan;
  }

  async getDraw(unit: string, drawId: string): Promise<PublicDraw> {
    return this.publicView(await this.requireDraw(unit, drawId));
  }

  async listDraws(unit: string): Promise<PublicDraw[]> {
    return Promise.all((await this.deps.store.listDraws(unit)).map((d) => this.publicView(d)));
  }

  async inspectorsOf(unit: string, drawId: string): Promise<InspectorEntry[]> {
    return this.snapshot(await this.requireDraw(unit, drawId));
  }

  drawLog(unit: string): Promise<LogEntry[]> {
    return this.deps.store.readLog(unit);
  }

  /** Per unit and year: tasks, draws, targets inspected, share of the directory, problems found. */
  async statistics(unit: string, year: number) {
    const plans = (await this.deps.store.listPlans(unit)).filter((p) => p.year === year);
    const draws = (await this.deps.store.listDraws(unit)).filter((d) =>
      plans.some((p) => p.planId === d.commitment.planId),
    );
    const live = draws.filter((d) => !d.replacedBy && (d.state === 'drawn' || d.state === 'published'));
    const inspected = new Set(live.flatMap((d) => d.results.map((r) => r.uscc)));
    const problems = live.flatMap((d) => d.results).filter((r) => PROBLEM_RESULTS.has(r.result)).length;
    const head = await this.deps.registry.store.getHead(unit, TARGETS_KIND);
    const directorySize = head
      ? (await this.deps.registry.getVersion(unit, TARGETS_KIND, head.version)).meta.itemCount
      : 0;
    const items = new Set(plans.flatMap((p) => p.tasks.flatMap((t) => t.items)));
    return {
      unit,
      year,
      plans: plans.length,
      tasks: plans.reduce((n, p) => n + p.tasks.length, 0),
      items: items.size,
      draws: draws.length,
      redraws: draws.filter((d) => d.commitment.redrawOf).length,
      targetsDrawn: live.reduce((n, d) => n + (d.drawnCount ?? 0), 0),
      targetsInspected: inspected.size,
      directorySize,
      shareOfDirectory: directorySize ? inspected.size / directorySize : 0,
      problemsFound: problems,
      resultsPublished: live.filter((d) => d.state === 'published').length,
    };
  }
}

/** The read side alone, over the registry's table and clock (the public function), with the log's leaf indexes. */
export function drawsReader(registry: Registry, log?: DrawLeafIndexes): DrawReads {
  const store = new InspectionStore(registry.store.client, registry.store.tableName);
  return new DrawReads({ store, registry, clock: () => registry.store.now(), ...(log ? { log } : {}) });
}
