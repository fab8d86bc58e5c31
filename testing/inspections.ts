/** Test and benchmark helpers for random inspections: officers in memory, generated directories. */
import { usccCheckCharacter } from '../shared/core/uscc.js';
import type { CertificateLookup, OfficerCertificate } from '../shared/features/inspections/ports.js';

/** An officers directory held in memory, answering as the officers feature does. */
export class InMemoryCertificates implements CertificateLookup {
  constructor(public certificates: OfficerCertificate[] = []) {}

  private validOn(c: OfficerCertificate, date: string) {
    return (
      c.status === '有效' && c.issuedOn <= date && date <= c.validUntil && (!c.cancelledOn || date < c.cancelledOn)
    );
  }

  async certificateOn(certificateNumber: string, date: string) {
    const c = this.certificates.find((x) => x.certificateNumber === certificateNumber);
    return c && { ...c, validOnDate: this.validOn(c, date) };
  }

  async validOfficers(uscc: string, date: string) {
    return this.certificates.filter((c) => c.uscc === uscc && this.validOn(c, date));
  }
}

export function officer(uscc: string, n: number, overrides: Partial<OfficerCertificate> = {}): OfficerCertificate {
  return {
    certificateNumber: `43120${String(n).padStart(6, '0')}`,
    name: `执法人员${n}`,
    uscc,
    regionCode: '431202',
    certificateType: '行政执法证',
    category: '市场监管',
    issuedOn: '2022-01-01',
    validUntil: '2027-12-31',
    status: '有效',
    ...overrides,
  };
}

/** A valid GB 32100 code for the n-th generated target. */
export function targetUscc(n: number): string {
  const first = `92431202MA${String(n).padStart(7, '0')}`;
  return first + usccCheckCharacter(first);
}

export function targetRow(n: number, overrides: Record<string, unknown> = {}) {
  return {
    name: `示例市场主体${n}号店`,
    uscc: targetUscc(n),
    targetType: n % 3 === 0 ? '企业' : '个体工商户',
    regionCode: n % 2 === 0 ? '431202' : '431221',
    industry: ['餐饮服务', '食品销售', '药品零售'][n % 3]!,
    riskLevel: ['A', 'B', 'C'][n % 3]!,
    ...overrides,
  };
}

export function targetsCsv(count: number): Uint8Array {
  const lines = ['名称,统一社会信用代码,类型,行政区划,行业,风险等级'];
  for (let n = 1; n <= count; n++) {
    const t = targetRow(n);
    lines.push([t.name, t.uscc, t.targetType, t.regionCode, t.industry, t.riskLevel].join(','));
  }
  return new TextEncoder().encode(lines.join('\n'));
}
