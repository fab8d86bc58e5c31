/** Use cases that sign: a certificate's card credential and a region's status list. */
import { chinaDate } from '../../core/dates.js';
import { AppError } from '../../core/errors.js';
import { normaliseCertificateNumber } from '../../core/kinds/officers.js';
import type { Registry } from '../lists/index.js';
import { cardSvg, credentialFor, qrText, type QrRenderer } from './card.js';
import type { CertificateIndexStore } from './certificate-index.js';
import { signStatusList, STATUS_LIST_MAX_AGE_MS, type CertificateSigner, type StatusListEntry } from './credential.js';
import { currentCertificate, certificateHistory, statusOn } from './model.js';
import { regionCertificates } from './region-certificates.js';

export class CertificateSigning {
  constructor(
    readonly registry: Registry,
    readonly index: CertificateIndexStore,
    readonly signer: CertificateSigner,
    readonly renderQr?: QrRenderer,
  ) {}

  /** The current record's credential and QR text; issue time is the publishedAt of the version that states it. */
  async credential(rawNumber: string, baseUrl: string) {
    const number = normaliseCertificateNumber(rawNumber);
    const index = await this.index.get(number);
    const cert = index && currentCertificate(index);
    if (!index || !cert) throw new AppError('NOT_FOUND', '未找到该执法证号，请核对证号', { certificateNumber: number });
    const issuedAt =
      certificateHistory(index)
        .filter((h) => h.certificate && h.uscc === cert.uscc)
        .at(-1)?.publishedAt ?? this.registry.store.now().toISOString();
    const credential = await credentialFor(cert, issuedAt, this.signer);
    return { certificate: cert, credential, qr: qrText(baseUrl, number, credential) };
  }

  async card(rawNumber: string, baseUrl: string): Promise<string> {
    if (!this.renderQr)
      throw new AppError('UNPROCESSABLE', '本服务未配置二维码生成，暂不能生成卡面', { reason: 'QR_UNAVAILABLE' });
    const { certificate, qr } = await this.credential(rawNumber, baseUrl);
    return cardSvg(certificate, qr, this.renderQr);
  }

  /**
   * Every certificate of the region with its status today, signed now. Generated on request from the
   * versions, so it reflects every publication at once; verifiers accept it for 24 hours.
   */
  async statusList(regionPrefix: string) {
    const now = this.registry.store.now();
    const date = chinaDate(now);
    const region = await regionCertificates(this.registry.store, regionPrefix, date);
    const certificates: StatusListEntry[] = region.certificates.map((c) => {
      const status = statusOn(c, date);
      return {
        no: c.certificateNumber,
        s: status,
        e: c.validUntil,
        ...(c.cancelledOn && (status === '注销' || status === '暂扣') ? { d: c.cancelledOn } : {}),
        ...(c.cancelReason && (status === '注销' || status === '暂扣') ? { why: c.cancelReason } : {}),
      };
    });
    return signStatusList(
      {
        region: regionPrefix,
        date,
        issuedAt: now.toISOString(),
        nextUpdate: new Date(now.getTime() + STATUS_LIST_MAX_AGE_MS).toISOString(),
        ...(region.dataAsOf ? { dataAsOf: region.dataAsOf } : {}),
        certificates,
      },
      this.signer,
    );
  }
}
