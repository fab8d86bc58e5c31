/**
 * What this feature needs from the officers feature (执法证 certificates). The
 * officers feature exports exactly these from shared/features/officers/index.ts;
 * until that folder is merged this copy stands in, and the lookup is injected
 * (tests use an in-memory one). At merge, replace this file's body with
 * `export type { OfficerCertificate, CertificateLookup } from '../officers/index.js';`.
 */
export interface OfficerCertificate {
  certificateNumber: string;
  name: string;
  uscc: string;
  unitName?: string;
  regionCode: string;
  certificateType: '行政执法证' | '行政执法监督证';
  category: string;
  area?: string;
  issuer?: string;
  issuedOn: string;
  validUntil: string;
  status: '有效' | '暂扣' | '注销' | '过期';
  cancelledOn?: string;
  cancelReason?: string;
}

export interface CertificateLookup {
  certificateOn(
    certificateNumber: string,
    date: string,
  ): Promise<(OfficerCertificate & { validOnDate: boolean }) | undefined>;
  validOfficers(uscc: string, date: string): Promise<OfficerCertificate[]>;
}
