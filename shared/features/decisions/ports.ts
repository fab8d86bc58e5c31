/**
 * What this feature needs from the officers feature (执法人员 and their certificates). The officers feature
 * exports exactly these types from shared/features/officers/index.ts; this copy lets decisions build and test
 * without it, and the service takes a CertificateLookup injected. When both are merged, this file becomes a
 * re-export of those types.
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

/** Signs statements the registry publishes on a unit's behalf (signed zero statements). */
export interface StatementSigner {
  keyId: string;
  /** Ed25519 signature over the bytes, base64. */
  sign(bytes: Uint8Array): string;
  publicKeyPem: string;
}
