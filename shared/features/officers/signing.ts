/** Use cases that sign a certificate's card credential; status lists are signed in ./status-lists.ts. */
import { AppError } from '../../core/errors.js';
import { normaliseCertificateNumber } from '../../core/kinds/officers.js';
import type { Registry } from '../lists/index.js';
import { cardSvg, credentialFor, qrText, type QrRenderer } from './card.js';
import type { CertificateIndexStore } from './certificate-index.js';
import type { CertificateSigner, StatusListEntry } from './credential.js';
import { currentCertificate, certificateHistory, statusOn, type OfficerCertificate } from './model.js';

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
}

/** A certificate's line in a status list: its status on `date`, and a cancellation's date and reason. */
export function statusListEntry(c: OfficerCertificate, date: string): StatusListEntry {
  const status = statusOn(c, date);
  const ended = status === '注销' || status === '暂扣';
  return {
    no: c.certificateNumber,
    s: status,
    e: c.validUntil,
    ...(c.cancelledOn && ended ? { d: c.cancelledOn } : {}),
    ...(c.cancelReason && ended ? { why: c.cancelReason } : {}),
  };
}
