/** Certificate use cases: the public check, the cancellations feed, statistics, and what other features read. */
import { AppError, badRequest, notFound } from '../../core/errors.js';
import { isValidIsoDate } from '../../core/dates.js';
import { normaliseCertificateNumber } from '../../core/kinds/officers.js';
import { entityKind } from '../../core/kinds/index.js';
import { regionName } from '../../core/region.js';
import type { Registry } from '../lists/index.js';
import type { CertificateIndexStore } from './certificate-index.js';
import {
  certificateHistory,
  certificateOnDate,
  currentCertificate,
  statusOn,
  type CertificateOnDate,
  type HistoryEntry,
  type OfficerCertificate,
  type StatusOnDate,
} from './model.js';
import { regionCertificates } from './region-certificates.js';

export interface CertificateCheck {
  certificateNumber: string;
  date: string;
  /** As listed on `date` (undefined: no list in force that day names it, e.g. before it was first published). */
  onDate?: CertificateOnDate;
  /** The latest published record, wherever it is listed now. */
  current?: OfficerCertificate & { statusToday: StatusOnDate };
  history: HistoryEntry[];
}

export class CertificateService {
  constructor(
    readonly registry: Registry,
    readonly index: CertificateIndexStore,
  ) {}

  /** One GetItem: the certificate on `date` (default today in China), its current record and its history. */
  async check(rawNumber: string, date?: string): Promise<CertificateCheck> {
    const certificateNumber = normaliseCertificateNumber(rawNumber);
    const day = date ?? this.registry.today();
    if (!isValidIsoDate(day)) throw badRequest('日期应为 YYYY-MM-DD', { at: date });
    const index = await this.index.get(certificateNumber);
    const current = index && currentCertificate(index);
    if (!index || !current) throw notFound('未找到该执法证号，请核对证号', { certificateNumber });
    const onDate = certificateOnDate(index, day);
    return {
      certificateNumber,
      date: day,
      ...(onDate ? { onDate } : {}),
      current: { ...current, statusToday: statusOn(current, this.registry.today()) },
      history: certificateHistory(index),
    };
  }

  /**
   * Certificates of a region that were cancelled, suspended or expired within [from, to], as the officers
   * lists in force on `to` publish them (cancellation date, or 有效期至 for an expiry).
   */
  async cancellations(regionPrefix: string, from: string, to: string) {
    if (from > to) throw badRequest('起始日期不得晚于结束日期', { from, to });
    const region = await regionCertificates(this.registry.store, regionPrefix, to);
    const events = [];
    for (const c of region.certificates) {
      const event = cancellationEvent(c, to);
      if (event && event.date >= from && event.date <= to) events.push({ ...c, event: event.kind, date: event.date });
    }
    events.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
    return { from, to, ...(region.dataAsOf ? { dataAsOf: region.dataAsOf } : {}), items: events };
  }

  /**
   * The certificate numbers of a candidate list that another unit lists now, by item index (one BatchGetItem per
   * 100 numbers): reported at upload and dry run as row errors, and refused at publication by `assertNumbersFree`.
   */
  async numbersTaken(uscc: string, items: ReadonlyArray<Record<string, unknown>>) {
    const numbers = items.map((i) => String(i.certificateNumber));
    const found = await this.index.getMany(numbers);
    return numbers.flatMap((number, item) => {
      const holder = found.get(number)?.holdings.find((h) => h.uscc !== uscc && h.runs.at(-1)?.[1]);
      if (!holder) return [];
      return [
        {
          item,
          column: '执法证号',
          field: 'certificateNumber',
          value: number,
          code: 'CERTIFICATE_NUMBER_TAKEN',
          message: `执法证号已在${holder.unitName ?? holder.uscc}的执法人员名单中；调动时请先由原单位公示移出`,
          holder: holder.uscc,
        },
      ];
    });
  }

  /**
   * Certificate numbers that begin with another province's code than the unit's (330681… listed by a unit in
   * 辽宁): warnings, since a province's numbering is not a published standard. Numbers that do not begin with
   * two digits follow no known format and are not judged. One GetItem (the unit's region).
   */
  async numbersOutsideProvince(uscc: string, items: ReadonlyArray<Record<string, unknown>>) {
    const entity = await this.registry.store.getHead(uscc, entityKind.id);
    const province = entity?.regionCode.slice(0, 2);
    if (!province) return [];
    return items.flatMap((record, item) => {
      const number = String(record.certificateNumber);
      const prefix = /^(\d{2})/.exec(number)?.[1];
      if (!prefix || prefix === province || !regionName(`${prefix}0000`)) return [];
      return [
        {
          item,
          column: '执法证号',
          field: 'certificateNumber',
          value: number,
          code: 'CERTIFICATE_NUMBER_PROVINCE',
          message: `执法证号以${regionName(`${prefix}0000`)}的代码 ${prefix} 开头，与本单位所在省份（${province}）不一致，请核对`,
          severity: 'warning' as const,
        },
      ];
    });
  }

  /**
   * Before an officers list is published: every certificate number it names must not be listed by another
   * unit now (a transfer is the sending unit's removal, then the receiving unit's addition).
   */
  async assertNumbersFree(uscc: string, items: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    const taken = (await this.numbersTaken(uscc, items)).map(({ item, ...issue }) => ({
      row: item + 2,
      item: item + 1,
      ...issue,
    }));
    if (taken.length > 0)
      throw new AppError('UNPROCESSABLE', `${taken.length} 个执法证号已被其他单位使用，未公示`, { errors: taken });
  }
}

export type CancellationKind = '注销' | '暂扣' | '过期';

/** What a certificate's record says ended it, and when; undefined while it is valid on `date`. */
export function cancellationEvent(
  c: OfficerCertificate,
  date: string,
): { kind: CancellationKind; date: string } | undefined {
  if ((c.status === '注销' || c.status === '暂扣') && c.cancelledOn) return { kind: c.status, date: c.cancelledOn };
  if (c.status === '过期' || c.validUntil < date) return { kind: '过期', date: c.validUntil };
  return undefined;
}

export interface OfficerStats {
  units: number;
  /** Officers listed (every certificate in the lists in force). */
  officers: number;
  supervisionOfficers: number;
  /** Valid on the date, by type and by 执法类别. */
  valid: { total: number; byType: Record<string, number>; byCategory: Record<string, number> };
  /** Certificates issued, and cancelled (注销), in the year of the date. */
  issuedThisYear: number;
  cancelledThisYear: number;
  suspended: number;
  expired: number;
}

/** Counts over certificates as listed in force on a date (a region's or one unit's). */
export function countCertificates(
  certificates: readonly OfficerCertificate[],
  date: string,
): Omit<OfficerStats, 'units'> {
  const year = date.slice(0, 4);
  const stats: Omit<OfficerStats, 'units'> = {
    officers: certificates.length,
    supervisionOfficers: 0,
    valid: { total: 0, byType: {}, byCategory: {} },
    issuedThisYear: 0,
    cancelledThisYear: 0,
    suspended: 0,
    expired: 0,
  };
  for (const c of certificates) {
    if (c.certificateType === '行政执法监督证') stats.supervisionOfficers++;
    if (c.issuedOn.startsWith(year)) stats.issuedThisYear++;
    if (c.status === '注销' && c.cancelledOn?.startsWith(year)) stats.cancelledThisYear++;
    const status = statusOn(c, date);
    if (status === '暂扣') stats.suspended++;
    if (status === '过期') stats.expired++;
    if (status === '有效') {
      stats.valid.total++;
      stats.valid.byType[c.certificateType] = (stats.valid.byType[c.certificateType] ?? 0) + 1;
      stats.valid.byCategory[c.category] = (stats.valid.byCategory[c.category] ?? 0) + 1;
    }
  }
  return stats;
}

/** A region's officer statistics on a date, in total and per unit. */
export async function officerStats(service: CertificateService, regionPrefix: string, date: string) {
  const region = await regionCertificates(service.registry.store, regionPrefix, date);
  const byUnit = new Map<string, OfficerCertificate[]>();
  for (const c of region.certificates) {
    const list = byUnit.get(c.uscc) ?? [];
    list.push(c);
    byUnit.set(c.uscc, list);
  }
  return {
    date,
    total: { units: region.units, ...countCertificates(region.certificates, date) },
    units: [...byUnit].map(([uscc, certs]) => ({
      uscc,
      ...(certs[0]?.unitName ? { unitName: certs[0].unitName } : {}),
      ...countCertificates(certs, date),
    })),
  };
}

/** The county reports' sentence, from the statistics: "执法人员 N 人 … 行政执法监督人员 M 名 … 发证 K 人". */
export function statsSentence(s: Omit<OfficerStats, 'units'> & { units: number }): string {
  const enforcement = s.officers - s.supervisionOfficers;
  return (
    `${s.units} 个执法主体共有执法人员 ${enforcement.toLocaleString('en-US')} 人，另有 ` +
    `${s.supervisionOfficers} 名行政执法监督人员；本年度发证 ${s.issuedThisYear} 人，注销 ${s.cancelledThisYear} 人。`
  );
}
