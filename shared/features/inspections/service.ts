/**
 * Random-inspection use cases (双随机、一公开): plans, draws committed before their
 * randomness exists, outcomes withheld until the inspections are done, results.
 * Routes, the CLI and the portal call these; storage is in store.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chinaDate } from '../../core/dates.js';
import { AppError, notFound, reasonOf, type ErrorReason } from '../../core/errors.js';
import { checkRound, type BeaconSource } from './model/beacon.js';
import { firstRoundAfter, LOCAL_DEMO_CHAIN, roundTime } from './model/schedule.js';
import {
  commitmentHash,
  CommitmentSchema,
  inspectorSnapshot,
  outcomeHash,
  sha256Bytes,
  snapshotHash,
  type InspectorEntry,
  type TargetFilter,
} from './model/commitment.js';
import { InspectionResultSchema, resultsHash, type DrawRecord, type InspectionResult } from './model/draw.js';
import { plansFromTable, type PlanTable } from './model/plan.js';
import type { Plan, Task } from './model/plan-schema.js';
import { CURRENT_SCHEME, runSampler, type DrawnTarget } from './model/sampler.js';
import type { CertificateLookup, DrawLogPort } from './ports.js';
import { inspectionKeys } from './keys.js';
import { drawLogEvent } from './log-leaves.js';
import type { DrawEvent } from '../ledger/index.js';
import { StaleDrawError, type DueDraw, type LogEntry } from './store.js';
import { DrawReads, TARGETS_KIND, type DrawReadsDeps, type PublicDraw } from './reads.js';
import { canonicalJson } from '../../core/canonical-json.js';

/** Working days after a task's period ends within which its results are published. */
export const RESULTS_DUE_WORKING_DAYS = 20;

/**
 * The working day RESULTS_DUE_WORKING_DAYS after a task's period ends (chinese-days' calendar). The package is
 * loaded on the first draw committed, not at import: it builds its holiday tables at load, which every cold start
 * of the write and scheduled-jobs functions would otherwise pay.
 */
async function resultsDueAfter(periodEnd: string): Promise<string> {
  const { default: chineseDays } = await import('chinese-days');
  return chineseDays.findWorkday(RESULTS_DUE_WORKING_DAYS, periodEnd);
}

export interface InspectionServiceDeps extends DrawReadsDeps {
  certificates: CertificateLookup;
  beacon: BeaconSource;
  /**
   * The secret salt of a new commitment (32 bytes), by draw id. Default: 32 random bytes. The demo passes salts
   * derived from the draw id, so every clone holds the same draws (and its salts are no secret).
   */
  salt?: (drawId: string) => Buffer;
  /**
   * The transparency log's event queue. Given, every public event of a draw is logged through it, and a draw is
   * run only once its commitment's leaf is in the log with a log time before the round (docs/random-draws.md).
   * The demo's simulated history and unit tests of the sampler path run without it.
   */
  log?: DrawLogPort;
  /** Called after an event was queued (a process with its own sequencer kicks it). */
  onLogged?: () => void;
}

/**
 * How far after now the default round lies: time for the commitment's leaf to be logged first (on AWS the schedule
 * runs the sequencer every minute, plus one run; locally it runs at once).
 */
const LOG_MARGIN_MS = 2 * 60_000;

export interface CommitDrawInput {
  planId: string;
  taskId: string;
  /** Whose inspection-targets list to draw from (default: the unit's own). */
  targetsUnit?: string;
  filter?: TargetFilter;
  /** Default: the task's count, or its ratio of the eligible targets rounded up. */
  count?: number;
  inspectorsPerTarget?: number;
  /** Officer category (执法类别) the inspectors must hold. */
  category: string;
  /** Units whose officers take part (joint inspections); default the unit alone. */
  inspectorUnits?: string[];
  /** Draw date for certificate validity (default today in China). */
  date?: string;
  conflicts?: Array<{ uscc: string; certificateNumber: string }>;
  /** A later round than the default next one may be named; an emitted round never. */
  round?: number;
  redrawOf?: string;
  reason?: string;
}

const refuse = (
  code: 'CONFLICT' | 'UNPROCESSABLE' | 'BAD_REQUEST',
  reason: ErrorReason,
  message: string,
  details = {},
) => new AppError(code, message, { reason, ...details });

export class InspectionService extends DrawReads {
  declare protected readonly deps: InspectionServiceDeps;

  constructor(deps: InspectionServiceDeps) {
    super(deps);
  }

  // ------------------------------------------------------------------ plans
  /** Imports plan tables; every failing row and column is reported at once and nothing is stored. */
  async importPlans(unit: string, table: PlanTable): Promise<Plan[]> {
    const { plans, errors } = plansFromTable(unit, table);
    if (errors.length) throw new AppError('VALIDATION_FAILED', '抽查工作计划有误，未导入', { errors });
    for (const p of plans) await this.deps.store.putPlan(p);
    return plans;
  }

  private async task(unit: string, planId: string, taskId: string): Promise<{ plan: Plan; task: Task }> {
    const plan = await this.deps.store.getPlan(unit, planId);
    if (!plan) throw notFound('未找到该抽查工作计划', { unit, planId });
    const task = plan.tasks.find((t) => t.taskId === taskId);
    if (!task) throw notFound('未找到该抽查任务', { unit, planId, taskId });
    return { plan, task };
  }

  // ------------------------------------------------------------------ directories
  /** The targets directory version in force today, with its eligible codes under `filter`. */
  private async targetsDirectory(unit: string, filter: TargetFilter, version?: number) {
    const head = await this.deps.registry.store.getHead(unit, TARGETS_KIND, true);
    if (!head) throw notFound('该单位尚未发布检查对象名录库', { unit, kind: TARGETS_KIND });
    const n = version ?? head.version;
    const { items, meta } = await this.deps.registry.getVersion(unit, TARGETS_KIND, n);
    return {
      latestVersion: head.version,
      version: n,
      contentHash: meta.contentHash,
      items,
      eligible: eligible(items, filter),
    };
  }

  /** Officers holding a valid certificate of `category` on `date`, from the given units, as committed. */
  private async inspectorsDirectory(
    units: readonly string[],
    category: string,
    date: string,
  ): Promise<InspectorEntry[]> {
    const all = (await Promise.all(units.map((u) => this.deps.certificates.validOfficers(u, date)))).flat();
    const valid = all.filter(
      (c) => c.category === category && c.status === '有效' && c.issuedOn <= date && date <= c.validUntil,
    );
    return inspectorSnapshot(valid);
  }

  // ------------------------------------------------------------------ draws
  /**
   * Commits a draw: checks it can be made, fixes its inputs and a future beacon round,
   * and logs the commitment. Refused with a reason (nothing logged) when the round is
   * already emitted, the count exceeds the eligible targets, or inspectors are too few.
   */
  async commitDraw(unit: string, input: CommitDrawInput): Promise<PublicDraw> {
    const { plan, task } = await this.task(unit, input.planId, input.taskId);
    const now = this.now();
    const date = input.date ?? chinaDate(now);
    const chain = this.deps.beacon.chain;
    const filter = input.filter ?? {};
    const targetsUnit = input.targetsUnit ?? unit;
    const perTarget = input.inspectorsPerTarget ?? task.inspectorsPerTarget;
    if (perTarget < 2)
      throw refuse('BAD_REQUEST', 'TOO_FEW_INSPECTORS_PER_TARGET', '每个检查对象至少随机选派2名执法检查人员');

    let replaced: DrawRecord | undefined;
    if (input.redrawOf) {
      replaced = await this.deps.store.getDraw(unit, input.redrawOf);
      if (!replaced) throw notFound('未找到被重新抽取的抽取记录', { drawId: input.redrawOf });
      if (replaced.replacedBy)
        throw refuse('CONFLICT', 'ALREADY_REPLACED', '该抽取已被重新抽取', { replacedBy: replaced.replacedBy });
      if (!input.reason?.trim())
        throw refuse('BAD_REQUEST', 'REASON_REQUIRED', '重新抽取须说明理由（如 检查对象已注销）');
    }

    const earliest = firstRoundAfter(chain, now)! + 1;
    const round =
      input.round ?? firstRoundAfter(chain, new Date(now.getTime() + (this.deps.log ? LOG_MARGIN_MS : 0)))! + 1;
    const emitsAt = roundTime(chain, round)!;
    if (emitsAt <= now.getTime() || (await this.deps.beacon.round(round)))
      throw refuse('UNPROCESSABLE', 'ROUND_ALREADY_PUBLISHED', '所指定的随机数轮次已经产生，必须承诺尚未产生的轮次', {
        round,
        roundTime: new Date(emitsAt).toISOString(),
        earliestRound: earliest,
      });

    const targets = await this.targetsDirectory(targetsUnit, filter);
    const excludedTargets = await this.drawnWithinPeriod(unit, task, input.redrawOf);
    const available = targets.eligible.filter((u) => !excludedTargets.has(u)).length;
    const count = input.count ?? requiredCount(task, targets.eligible.length);
    if (task.sampling.ratio && count < Math.ceil(task.sampling.ratio * targets.eligible.length))
      throw refuse('UNPROCESSABLE', 'BELOW_MINIMUM_RATIO', `抽取数量低于计划规定的抽查比例 ${task.sampling.text}`, {
        count,
        minimum: Math.ceil(task.sampling.ratio * targets.eligible.length),
      });
    if (count > available)
      throw refuse('UNPROCESSABLE', 'COUNT_ABOVE_ELIGIBLE', `抽取数量 ${count} 超过符合条件的检查对象数 ${available}`, {
        count,
        eligible: available,
      });
    const inspectors = await this.inspectorsDirectory(input.inspectorUnits ?? [unit], input.category, date);
    if (inspectors.length < perTarget)
      throw refuse('UNPROCESSABLE', 'TOO_FEW_INSPECTORS', `持有效执法证的执法检查人员不足 ${perTarget} 名`, {
        available: inspectors.length,
        needed: perTarget,
      });

    const sequence = (await this.deps.store.listDraws(unit)).filter(
      (d) => d.commitment.planId === plan.planId && d.commitment.taskId === task.taskId,
    ).length;
    const drawId = `${plan.planId}.${task.taskId}.${sequence + 1}`;
    // The salt keeps the outcome unknown to all but the unit until it publishes the results (docs/random-draws.md).
    const salt = this.deps.salt?.(drawId) ?? randomBytes(32);
    const commitment = CommitmentSchema.parse({
      scheme: CURRENT_SCHEME,
      saltHash: createHash('sha256').update(salt).digest('hex'),
      drawId,
      unit,
      planId: plan.planId,
      taskId: task.taskId,
      items: task.items,
      targets: { unit: targetsUnit, kind: TARGETS_KIND, version: targets.version, contentHash: targets.contentHash },
      inspectors: {
        units: [...new Set(input.inspectorUnits ?? [unit])].sort(),
        date,
        category: input.category,
        count: inspectors.length,
        contentHash: snapshotHash(inspectors),
      },
      filter,
      count,
      inspectorsPerTarget: perTarget,
      excludedTargets: [...excludedTargets].sort(),
      conflicts: [...(input.conflicts ?? [])]
        .map(({ uscc, certificateNumber }) => ({ uscc, certificateNumber }))
        .sort((a, b) => compare(a.uscc, b.uscc) || compare(a.certificateNumber, b.certificateNumber)),
      beacon: { chain, round },
      committedAt: now.toISOString(),
      ...(input.redrawOf ? { redrawOf: input.redrawOf, reason: input.reason!.trim() } : {}),
    });
    const hash = commitmentHash(commitment).toString('hex');
    // Keyed by the commitment hash: a concurrent commitment for the same draw number writes its own parts.
    const inspectorChunks = await this.deps.store.putParts({ unit, drawId, commitmentHash: hash }, 'I', inspectors);
    const draw: DrawRecord = {
      drawId,
      unit,
      state: 'committed',
      commitment,
      commitmentHash: hash,
      inspectorChunks,
      salt: salt.toString('hex'),
      results: [],
      resultsDue: await resultsDueAfter(task.period.to),
      revision: 0,
    };
    try {
      await this.deps.store.createDraw(draw);
    } catch (e) {
      if (!(e instanceof StaleDrawError)) throw e;
      // Another commitment for the same task took this draw's number first; its parts are its own. This one's
      // are removed unless the winner is the very same commitment (same hash, same parts).
      const winner = await this.deps.store.getDraw(unit, drawId);
      if (winner?.commitmentHash !== hash) await this.deps.store.deleteParts(draw, 'I', inspectorChunks);
      throw refuse('CONFLICT', 'DRAW_ID_TAKEN', '该抽查任务同时有另一次抽取承诺，请刷新后重试', { drawId });
    }
    await this.log(unit, 'committed', drawId, draw.commitmentHash);
    await this.logEvent(draw, 'committed', task);
    await this.deps.store.putDue({ unit, drawId, roundTime: new Date(emitsAt).toISOString() });
    if (replaced) {
      await this.deps.store.updateDraw({ ...replaced, replacedBy: drawId }, replaced.revision);
      await this.log(
        unit,
        'replaced',
        replaced.drawId,
        sha256Bytes(canonicalJson({ replacedBy: drawId, reason: input.reason })).toString('hex'),
      );
    }
    return this.publicView(draw);
  }

  /** Codes drawn by this unit's other live draws whose task period overlaps this task's. */
  private async drawnWithinPeriod(unit: string, task: Task, except?: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (const d of await this.deps.store.listDraws(unit)) {
      if (d.drawId === except || d.replacedBy || (d.state !== 'drawn' && d.state !== 'published')) continue;
      const plan = await this.deps.store.getPlan(unit, d.commitment.planId);
      const other = plan?.tasks.find((t) => t.taskId === d.commitment.taskId);
      if (!other || other.period.to < task.period.from || task.period.to < other.period.from) continue;
      for (const t of await this.outcome(d)) out.add(t.uscc);
    }
    return out;
  }

  /**
   * Uses the committed round once it exists: verifies it, checks the directories are
   * still the committed ones, runs the sampler and logs the outcome's hash. The outcome
   * itself stays withheld. Refusals after the round (directories changed, too few
   * eligible) are logged too, with nothing drawn.
   */
  async executeDraw(unit: string, drawId: string): Promise<PublicDraw> {
    const draw = await this.requireDraw(unit, drawId);
    if (draw.state !== 'committed') throw refuse('CONFLICT', 'ALREADY_DRAWN', '该抽取已完成', { state: draw.state });
    const c = draw.commitment;
    const beacon = await this.deps.beacon.round(c.beacon.round);
    if (!beacon)
      throw refuse('CONFLICT', 'ROUND_NOT_YET_AVAILABLE', '所承诺的随机数轮次尚未产生，请稍后再抽取', {
        round: c.beacon.round,
        roundTime: new Date(roundTime(c.beacon.chain, c.beacon.round)!).toISOString(),
      });
    const check = await checkRound(beacon, { allowLocalDemo: c.beacon.chain === LOCAL_DEMO_CHAIN });
    if (!check.ok || beacon.chain !== c.beacon.chain)
      throw refuse('UNPROCESSABLE', 'BEACON_INVALID', '随机数轮次签名校验未通过，拒绝使用', {
        round: c.beacon.round,
        check: check.ok ? 'CHAIN_MISMATCH' : check.reason,
      });
    await this.requireLoggedBeforeRound(draw, beacon);

    const targets = await this.targetsDirectory(c.targets.unit, c.filter, c.targets.version);
    const inspectors = await this.inspectorsDirectory(c.inspectors.units, c.inspectors.category, c.inspectors.date);
    const changes: string[] = [];
    if (targets.latestVersion !== c.targets.version || targets.contentHash !== c.targets.contentHash)
      changes.push(`检查对象名录库已由第${c.targets.version}版变为第${targets.latestVersion}版`);
    if (snapshotHash(inspectors) !== c.inspectors.contentHash) changes.push('执法检查人员名录库在承诺后发生变化');
    if (changes.length)
      return this.refuseAfterRound(
        draw,
        beacon,
        'DIRECTORY_CHANGED',
        `承诺后名录库发生变化：${changes.join('；')}，须重新承诺`,
      );

    const outcome = runSampler({
      scheme: c.scheme,
      commitmentHash: Buffer.from(draw.commitmentHash, 'hex'),
      randomness: Buffer.from(beacon.randomness, 'hex'),
      ...(draw.salt ? { salt: Buffer.from(draw.salt, 'hex') } : {}),
      targets: targets.eligible,
      inspectors: inspectors.map((i) => i.certificateNumber),
      count: c.count,
      inspectorsPerTarget: c.inspectorsPerTarget,
      excludedTargets: c.excludedTargets,
      conflicts: c.conflicts,
    });
    if (outcome.targets.length < c.count)
      return this.refuseAfterRound(
        draw,
        beacon,
        'TOO_FEW_ELIGIBLE',
        `满足回避等约束的检查对象只有 ${outcome.targets.length} 个，不足 ${c.count} 个`,
      );

    const hash = outcomeHash(outcome);
    const outcomeChunks = await this.deps.store.putParts(draw, 'O', outcome.targets);
    const next = await this.update({
      ...draw,
      state: 'drawn',
      beacon,
      outcomeHash: hash,
      drawnCount: outcome.targets.length,
      outcomeChunks,
    });
    await this.log(unit, 'drawn', drawId, hash);
    await this.logEvent(next, 'drawn');
    await this.deps.store.deleteDue(dueOf(next));
    return this.publicView(next);
  }

  /**
   * The scheduled draw: runs every committed draw whose round is due. A round the beacon does not serve yet is
   * tried again next run; a draw already drawn (by hand, or by a run before) is only taken off the due list.
   */
  async runDueDraws(): Promise<{ due: number; drawn: string[]; refused: string[]; waiting: string[] }> {
    const due = await this.deps.store.dueBy(this.now());
    const report = { due: due.length, drawn: [] as string[], refused: [] as string[], waiting: [] as string[] };
    for (const d of due) {
      const id = `${d.unit}/${d.drawId}`;
      try {
        await this.executeDraw(d.unit, d.drawId);
        report.drawn.push(id);
      } catch (e) {
        const reason = reasonOf(e);
        if (reason === 'ALREADY_DRAWN' || (e instanceof AppError && e.code === 'NOT_FOUND'))
          await this.deps.store.deleteDue(d);
        else if (WAITING.has(reason)) report.waiting.push(id);
        else if (REFUSED.has(reason)) report.refused.push(id);
        else throw e;
      }
    }
    return report;
  }

  /**
   * A draw runs only on a commitment the transparency log fixed before its round: its `committed` leaf sequenced,
   * with a log time (the sequencer's `loggedAt`) earlier than the round's instant. Not yet logged: refused for now
   * (the log may still be catching up, but no later log time can precede the round). Logged at or after the round:
   * refused for good, and the refusal is logged.
   */
  private async requireLoggedBeforeRound(draw: DrawRecord, beacon: NonNullable<DrawRecord['beacon']>): Promise<void> {
    const log = this.deps.log;
    if (!log) return;
    const c = draw.commitment;
    const emits = new Date(roundTime(c.beacon.chain, c.beacon.round)!).toISOString();
    const leaf = await log.loggedLeaf(inspectionKeys.logSubject(draw.unit, draw.drawId), 'committed');
    if (!leaf?.loggedAt)
      throw refuse('CONFLICT', 'COMMITMENT_NOT_LOGGED', '该抽取承诺尚未记入透明日志，不能抽取', {
        drawId: draw.drawId,
        round: c.beacon.round,
        roundTime: emits,
      });
    if (leaf.loggedAt >= emits)
      await this.refuseAfterRound(
        draw,
        beacon,
        'COMMITMENT_LOGGED_AFTER_ROUND',
        `抽取承诺于 ${leaf.loggedAt} 才记入透明日志，晚于随机数第 ${c.beacon.round} 轮产生的时间 ${emits}，不能用该轮抽取，须重新承诺`,
        { leafIndex: leaf.leafIndex, loggedAt: leaf.loggedAt, roundTime: emits },
      );
  }

  private async refuseAfterRound(
    draw: DrawRecord,
    beacon: DrawRecord['beacon'],
    reason: ErrorReason,
    message: string,
    details: Record<string, unknown> = {},
  ): Promise<never> {
    const refused = await this.update({ ...draw, state: 'refused', beacon, refusal: { reason, message } });
    await this.log(draw.unit, 'refused', draw.drawId, sha256Bytes(canonicalJson({ reason, message })).toString('hex'));
    await this.logEvent(refused, 'refused');
    await this.deps.store.deleteDue(dueOf(draw));
    throw refuse('CONFLICT', reason, message, { drawId: draw.drawId, ...details });
  }

  /**
   * The drawn targets and their inspectors, for the unit that runs the inspections (the public sees them only once
   * the results are published); empty before the draw.
   */
  async drawnTargets(unit: string, drawId: string): Promise<DrawnTarget[]> {
    return this.outcome(await this.requireDraw(unit, drawId));
  }

  /**
   * Records inspection results (检查结果). Each must be for a drawn target; once every drawn
   * target has one, the outcome and the results are published together and logged.
   */
  async recordResults(unit: string, drawId: string, input: unknown[]): Promise<PublicDraw> {
    const draw = await this.requireDraw(unit, drawId);
    if (draw.state !== 'drawn')
      throw refuse('CONFLICT', 'NOT_DRAWN', '该抽取尚未完成或结果已公示', { state: draw.state });
    const outcome = await this.outcome(draw);
    const drawn = new Set(outcome.map((t) => t.uscc));
    const errors: Array<{ index: number; code: string; message: string; uscc?: string }> = [];
    const results: InspectionResult[] = [];
    input.forEach((raw, index) => {
      const parsed = InspectionResultSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          errors.push({ index, code: 'INVALID_RESULT', message: `${issue.path.join('.')}：${issue.message}` });
        return;
      }
      if (!drawn.has(parsed.data.uscc))
        errors.push({
          index,
          code: 'RESULT_FOR_UNDRAWN_TARGET',
          message: '该检查对象不在本次抽取结果中',
          uscc: parsed.data.uscc,
        });
      else results.push(parsed.data);
    });
    if (errors.length) throw new AppError('VALIDATION_FAILED', '检查结果有误，未记录', { errors });
    const merged = new Map(draw.results.map((r) => [r.uscc, r]));
    for (const r of results) merged.set(r.uscc, r);
    const complete = outcome.every((t) => merged.has(t.uscc));
    const next = await this.update({
      ...draw,
      results: outcome.filter((t) => merged.has(t.uscc)).map((t) => merged.get(t.uscc)!),
      ...(complete ? { state: 'published' as const, publishedAt: this.now().toISOString() } : {}),
    });
    if (complete) {
      await this.log(unit, 'results-published', drawId, resultsHash(next.results));
      await this.logEvent(next, 'outcome-published');
      await this.logEvent(next, 'results-published');
    }
    return this.publicView(next);
  }

  // ------------------------------------------------------------------ state changes
  private async update(draw: DrawRecord): Promise<DrawRecord> {
    try {
      return await this.deps.store.updateDraw(draw, draw.revision);
    } catch (e) {
      if (e instanceof StaleDrawError) throw refuse('CONFLICT', 'DRAW_CHANGED', '该抽取记录已被同时修改，请刷新后重试');
      throw e;
    }
  }

  /** Queues one of the draw's public events for the transparency log (idempotent: an event is queued once). */
  private async logEvent(draw: DrawRecord, event: DrawEvent, task?: Task): Promise<void> {
    const log = this.deps.log;
    if (!log) return;
    await log.enqueue(drawLogEvent(draw, event, this.now().toISOString(), task));
    this.deps.onLogged?.();
  }

  private log(unit: string, type: LogEntry['type'], drawId: string, subjectHash: string) {
    return this.deps.store.appendLog(unit, { at: this.now().toISOString(), type, drawId, subjectHash });
  }
}

/** Reasons the scheduled draw tries again next run, and those that end a draw for good. */
const WAITING = new Set<ErrorReason | undefined>([
  'ROUND_NOT_YET_AVAILABLE',
  'BEACON_INVALID',
  'DRAW_CHANGED',
  'COMMITMENT_NOT_LOGGED',
]);
const REFUSED = new Set<ErrorReason | undefined>([
  'DIRECTORY_CHANGED',
  'TOO_FEW_ELIGIBLE',
  'COMMITMENT_LOGGED_AFTER_ROUND',
]);

const compare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The plan's count for a draw given none: its number of targets, else its share of the eligible ones. A 抽查比例 kept
 * as text only (适量, 按风险等级确定) sizes no draw: the count must then be given.
 */
function requiredCount(task: Task, eligibleCount: number): number {
  if (task.sampling.count) return task.sampling.count;
  if (task.sampling.ratio === undefined)
    throw refuse(
      'BAD_REQUEST',
      'SAMPLING_UNREADABLE',
      `计划的抽查比例“${task.sampling.text}”未写明比例或数量，请填写抽取数量`,
      {
        taskId: task.taskId,
        sampling: task.sampling.text,
      },
    );
  return Math.max(1, Math.ceil(task.sampling.ratio * eligibleCount));
}

/** The codes of the directory entries matching every filter field given (docs/random-draws.md §1). */
export function eligible(items: ReadonlyArray<Record<string, unknown>>, filter: TargetFilter): string[] {
  return items
    .filter(
      (t) =>
        (!filter.regionPrefix || String(t.regionCode ?? '').startsWith(filter.regionPrefix)) &&
        (!filter.targetType || t.targetType === filter.targetType) &&
        (!filter.industry || t.industry === filter.industry) &&
        (!filter.riskLevels || filter.riskLevels.includes(String(t.riskLevel ?? ''))),
    )
    .map((t) => String(t.uscc));
}

const dueOf = (draw: DrawRecord): DueDraw => ({
  unit: draw.unit,
  drawId: draw.drawId,
  roundTime: new Date(roundTime(draw.commitment.beacon.chain, draw.commitment.beacon.round)!).toISOString(),
});
