/**
 * Signed zero statements and the yearly report.
 * - A zero statement (月度执法决定数量声明) is a unit's signed count of the decisions of each type it made in a month,
 *   so that "nothing published" is provably "no case" (the counts may be zero), and the registry can compare it
 *   with what was recorded and published. The registry signs it (Ed25519, injected signer) on behalf of the
 *   authenticated editor who made it, over its RFC 8785 JSON.
 * - The yearly report: each body publishes its previous year's enforcement data by 31 January (国办发〔2018〕118号
 *   二(三) "于每年1月31日前公开本机关上年度行政执法总体情况有关数据"). It is computed from the registry and stored
 *   as a versioned document; recomputing writes a new version, never overwrites.
 * Every statement and every report version is logged in the transparency log as it is stored (a document leaf:
 * ledger/model/document-leaf.ts), through the same hold → store → release steps as a decision's events, so a crash
 * in between is completed by the daily job (`completeHeldDocuments`) and no stored document stays unlogged.
 */
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import { AppError } from '../../core/errors.js';
import type { DecisionDocument } from '../ledger/index.js';
import { decisionKeys as K } from './keys.js';
import { documentKeyOf, documentLogEvent, isDocumentSubject } from './log-leaves.js';
import { DECISION_TYPES, type DecisionType } from './model.js';
import type { StatementSigner } from './ports.js';
import type { Decisions } from './service.js';

export type TypeCounts = Partial<Record<DecisionType, number>>;

export interface ZeroStatement {
  unit: string;
  month: string;
  counts: Record<DecisionType, number>;
  statedAt: string;
  statedBy: string;
  contentHash: string;
  signature: { keyId: string; value: string };
}

export interface YearlyReport {
  unit: string;
  year: number;
  version: number;
  computedAt: string;
  byType: Record<DecisionType, number>;
  penalties: { count: number; fineYuan: number; confiscatedYuan: number; noPenalty: number };
  published: number;
  exempt: number;
  withdrawn: number;
  latePublications: number;
  overdue: number;
  zeroStatements: number;
}

export interface RegionReport extends Omit<YearlyReport, 'unit'> {
  regionCode: string;
  /** The unit reports summed, by version. */
  units: Array<{ unit: string; version: number }>;
}

const zeroCounts = () => Object.fromEntries(DECISION_TYPES.map((t) => [t, 0])) as Record<DecisionType, number>;

/** A signing key's id: the first 16 hex digits of SHA-256 over its raw public key (as the officers' cards). */
export const statementKeyId = (publicKey: Uint8Array) => sha256Hex(publicKey).slice(0, 16);

export class DecisionReports {
  constructor(
    readonly decisions: Decisions,
    /** Absent where this process does not sign (the public function): statements are then only read. */
    readonly signer?: StatementSigner,
  ) {}

  private get store() {
    return this.decisions.deps.store;
  }

  /** Records a unit's signed statement of a month's counts (one per month; a correction is a new month's note). */
  async stateMonth(unit: string, month: string, counts: TypeCounts, statedBy: string): Promise<ZeroStatement> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw new AppError('BAD_REQUEST', '月份格式应为 YYYY-MM', { field: 'month', value: month });
    if (month >= this.decisions.today().slice(0, 7))
      throw new AppError('UNPROCESSABLE', '只能对已结束的月份作出声明', { reason: 'MONTH_NOT_ENDED', month });
    const full = zeroCounts();
    for (const [type, n] of Object.entries(counts)) {
      if (!(DECISION_TYPES as readonly string[]).includes(type) || !Number.isInteger(n) || n! < 0)
        throw new AppError('BAD_REQUEST', `数量声明无效：${type}`, { field: `counts.${type}`, value: n });
      full[type as DecisionType] = n!;
    }
    if (!this.signer)
      throw new AppError('UNPROCESSABLE', '本服务未配置声明签名密钥', { reason: 'SIGNING_UNAVAILABLE' });
    const body = { unit, month, counts: full, statedAt: this.decisions.deps.now().toISOString(), statedBy };
    const text = canonicalJson(body);
    const publicKey = await this.signer.publicKey();
    const keyId = statementKeyId(publicKey);
    const signature = await this.signer.sign(new TextEncoder().encode(text));
    const statement: ZeroStatement = {
      ...body,
      contentHash: sha256Hex(text),
      signature: { keyId, value: Buffer.from(signature).toString('base64') },
    };
    // The key's public half is stored before the first statement it signs, so every stored statement can be checked.
    await this.store.putStatementKey(keyId, publicKey, body.statedAt);
    await this.storeLogged({ pk: K.unit(unit), sk: K.zeroStatement(month) }, statement);
    return statement;
  }

  /**
   * The statement signing keys, to verify statements with: every key stored so far, and this process's own key
   * (which signs the next statement) even before it has signed one.
   */
  async signingKeys(): Promise<Array<{ keyId: string; publicKey: string; firstUsedAt?: string; current?: true }>> {
    const stored: Array<{ keyId: string; publicKey: string; firstUsedAt?: string; current?: true }> =
      await this.store.statementKeys();
    if (this.signer) {
      const raw = await this.signer.publicKey();
      const keyId = statementKeyId(raw);
      const own = stored.find((k) => k.keyId === keyId);
      if (own) own.current = true;
      else stored.push({ keyId, publicKey: Buffer.from(raw).toString('base64url'), current: true });
    }
    return stored;
  }

  /** A month's statement against what the registry holds: per type stated, recorded, published, missing. */
  async checkMonth(unit: string, month: string) {
    const [statement] = (await this.store.documents(K.unit(unit), K.zeroStatement(month))).map(
      (d) => d.body as unknown as ZeroStatement,
    );
    const page = await this.store.byUnit(unit, { from: `${month}-01`, to: `${month}-31`, limit: 100_000 });
    const recorded = zeroCounts();
    const published = zeroCounts();
    for (const d of page.items) {
      recorded[d.type]++;
      if (d.state !== 'recorded' && d.state !== 'exempt') published[d.type]++;
    }
    return {
      unit,
      month,
      statement: statement ?? null,
      byType: DECISION_TYPES.map((type) => ({
        type,
        stated: statement?.counts[type] ?? null,
        recorded: recorded[type],
        published: published[type],
        missing: statement ? Math.max(0, statement.counts[type] - recorded[type]) : null,
      })),
    };
  }

  /** Computes a unit's report for `year` from its decisions (one paged Query) and stores it as a new version. */
  async computeYear(unit: string, year: number): Promise<YearlyReport> {
    const items = await this.store.unitYear(unit, year);
    const statements = await this.store.documents(K.unit(unit), `${K.zeroStatementPrefix}${year}-`);
    const byType = zeroCounts();
    const report = {
      penalties: { count: 0, fineYuan: 0, confiscatedYuan: 0, noPenalty: 0 },
      published: 0,
      exempt: 0,
      withdrawn: 0,
      latePublications: 0,
      overdue: 0,
    };
    for (const d of items) {
      byType[d.type]++;
      if (d.type === '行政处罚') {
        if (d.record.penaltyKinds.includes('不予处罚')) report.penalties.noPenalty++;
        else report.penalties.count++;
        report.penalties.fineYuan += d.record.fineYuan ?? 0;
        report.penalties.confiscatedYuan += d.record.confiscatedYuan ?? 0;
      }
      if (d.state === 'exempt') report.exempt++;
      else {
        const clock = this.decisions.publicationClock(d);
        if (clock.state === 'late') report.latePublications++;
        if (clock.state === 'overdue') report.overdue++;
        if (d.publishedAt) report.published++;
      }
      if (d.state === 'withdrawn') report.withdrawn++;
    }
    const previous = await this.store.documents(K.unit(unit), K.reportPrefix(year));
    const full: YearlyReport = {
      unit,
      year,
      version: previous.length + 1,
      computedAt: this.decisions.deps.now().toISOString(),
      byType,
      ...report,
      zeroStatements: statements.length,
    };
    await this.storeLogged({ pk: K.unit(unit), sk: K.report(year, full.version) }, full);
    return full;
  }

  /**
   * A region's report for `year`: the sum of its units' latest reports (units without one get theirs computed
   * first), stored as a new version under the region. `units` are the units of the region in force.
   */
  async computeRegionYear(regionCode: string, year: number, units: readonly string[]): Promise<RegionReport> {
    const parts: YearlyReport[] = [];
    for (const unit of units) parts.push((await this.latestReport(unit, year)) ?? (await this.computeYear(unit, year)));
    const sum = (f: (r: YearlyReport) => number) => parts.reduce((n, r) => n + f(r), 0);
    const byType = zeroCounts();
    for (const t of DECISION_TYPES) byType[t] = sum((r) => r.byType[t]);
    const previous = await this.store.documents(K.regionReport(regionCode), K.reportPrefix(year));
    const report: RegionReport = {
      regionCode,
      year,
      version: previous.length + 1,
      computedAt: this.decisions.deps.now().toISOString(),
      units: parts.map((r) => ({ unit: r.unit, version: r.version })),
      byType,
      penalties: {
        count: sum((r) => r.penalties.count),
        fineYuan: sum((r) => r.penalties.fineYuan),
        confiscatedYuan: sum((r) => r.penalties.confiscatedYuan),
        noPenalty: sum((r) => r.penalties.noPenalty),
      },
      published: sum((r) => r.published),
      exempt: sum((r) => r.exempt),
      withdrawn: sum((r) => r.withdrawn),
      latePublications: sum((r) => r.latePublications),
      overdue: sum((r) => r.overdue),
      zeroStatements: sum((r) => r.zeroStatements),
    };
    await this.storeLogged({ pk: K.regionReport(regionCode), sk: K.report(year, report.version) }, report);
    return report;
  }

  /**
   * Stores a document with its log event and no transaction: holds the event, stores the document (conditionally:
   * a version is never overwritten), then queues the event. A refused store leaves the hold, as for decisions: a
   * concurrent writer of the same version may be the one that stored it, and the daily job settles it either way.
   */
  private async storeLogged(key: { pk: string; sk: string }, doc: ZeroStatement | YearlyReport | RegionReport) {
    const body = doc as unknown as Record<string, unknown>;
    const log = this.decisions.deps.log;
    const e = log ? await this.documentEvent(key, body) : undefined;
    if (e) await log?.hold(e);
    await this.store.putDocument(key.pk, key.sk, body);
    if (log && e) {
      await log.release(e, e);
      this.decisions.deps.onLogged?.();
    }
  }

  /** The log event of a stored document, from its key and its body alone (so a crash can be completed later). */
  private async documentEvent(key: { pk: string; sk: string }, body: Record<string, unknown>) {
    const regionReport = key.pk.startsWith(K.regionReport(''));
    const document: DecisionDocument = key.sk.startsWith(K.zeroStatementPrefix)
      ? 'zero-statement'
      : regionReport
        ? 'region-report'
        : 'yearly-report';
    const unit = regionReport ? null : String(body.unit);
    const regionCode = regionReport ? String(body.regionCode) : await this.decisions.regionOf(String(body.unit));
    const period = document === 'zero-statement' ? String(body.month) : String(body.year);
    const version = typeof body.version === 'number' ? body.version : 1;
    const at = String(body.statedAt ?? body.computedAt);
    return documentLogEvent(key, body, { document, unit, regionCode, period, version }, at);
  }

  /**
   * Completes the document events held longer than `olderThanMs` (a crash between hold and queue): a document that
   * is stored is queued with the event its stored body gives; one never stored is dropped. The daily job runs it.
   */
  async completeHeldDocuments(olderThanMs = 60 * 60 * 1000): Promise<{ queued: number; dropped: number }> {
    const log = this.decisions.deps.log;
    if (!log) return { queued: 0, dropped: 0 };
    const before = new Date(this.decisions.deps.now().getTime() - olderThanMs).toISOString();
    let queued = 0;
    let dropped = 0;
    for (const h of (await log.heldBefore(before)).filter((x) => isDocumentSubject(x.subject))) {
      const key = documentKeyOf(h.subject);
      const [stored] = key ? await this.store.documents(key.pk, key.sk) : [];
      if (!key || !stored || stored.sk !== key.sk) {
        await log.drop(h);
        dropped++;
        continue;
      }
      await log.release(h, await this.documentEvent(key, stored.body));
      queued++;
    }
    if (queued > 0) this.decisions.deps.onLogged?.();
    return { queued, dropped };
  }

  /** One version of a unit's report, or undefined. */
  async reportVersion(unit: string, year: number, version: number): Promise<YearlyReport | undefined> {
    const [found] = await this.store.documents(K.unit(unit), K.report(year, version));
    return found?.body as unknown as YearlyReport | undefined;
  }

  /** One version of a region's report, or undefined. */
  async regionReportVersion(regionCode: string, year: number, version: number): Promise<RegionReport | undefined> {
    const [found] = await this.store.documents(K.regionReport(regionCode), K.report(year, version));
    return found?.body as unknown as RegionReport | undefined;
  }

  async latestRegionReport(regionCode: string, year: number): Promise<RegionReport | undefined> {
    const versions = await this.store.documents(K.regionReport(regionCode), K.reportPrefix(year));
    return versions.at(-1)?.body as unknown as RegionReport | undefined;
  }

  async latestReport(unit: string, year: number): Promise<YearlyReport | undefined> {
    const versions = await this.store.documents(K.unit(unit), K.reportPrefix(year));
    return versions.at(-1)?.body as unknown as YearlyReport | undefined;
  }

  /**
   * The yearly step of the daily job: from 1 January, each unit named that has no report for the previous year
   * yet gets one, so the reports appear by themselves before the 31 January deadline.
   */
  async runYearly(units: readonly string[]): Promise<number> {
    const year = Number(this.decisions.today().slice(0, 4)) - 1;
    let made = 0;
    for (const unit of units) {
      if (await this.latestReport(unit, year)) continue;
      await this.computeYear(unit, year);
      made++;
    }
    return made;
  }
}
