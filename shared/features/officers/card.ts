/**
 * The printable card face (SVG, 85.6 × 54 mm like an ID-1 card) and its QR code: the check URL carrying
 * the signed credential, so a phone opens the online check page and an offline verifier reads the
 * credential out of the same text.
 */
import { regionFullName } from '../../core/region.js';
import type { CredentialPayload } from './credential.js';
import type { OfficerCertificate } from './model.js';

/** What a card's credential states about a certificate (signed with the key id added). */
export function credentialPayload(cert: OfficerCertificate, issuedAt: string): Omit<CredentialPayload, 'kid'> {
  return {
    no: cert.certificateNumber,
    n: cert.name,
    u: cert.unitName ?? '',
    c: cert.uscc,
    t: cert.certificateType,
    k: cert.category,
    r: cert.regionCode,
    f: cert.issuedOn,
    e: cert.validUntil,
    iat: issuedAt,
  };
}

/** The QR text: `<base>/certificates/<number>?c=<credential>`. */
export function qrText(baseUrl: string, certificateNumber: string, credential: string): string {
  return `${baseUrl.replace(/\/$/, '')}/certificates/${encodeURIComponent(certificateNumber)}?c=${credential}`;
}

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);

/** Renders text as a QR code in SVG (the `qrcode` package, injected so read-only bundles need not carry it). */
export type QrRenderer = (text: string) => Promise<string>;

export async function cardSvg(cert: OfficerCertificate, qr: string, renderQr: QrRenderer): Promise<string> {
  const qrSvg = await renderQr(qr);
  const inner = qrSvg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const size = /viewBox="0 0 (\d+) (\d+)"/.exec(qrSvg)?.[1] ?? '50';
  const lines: Array<[string, string]> = [
    ['姓名', cert.name],
    ['证号', cert.certificateNumber],
    ['单位', cert.unitName ?? cert.uscc],
    ['类别', cert.category],
    ['区域', cert.area ?? regionFullName(cert.regionCode) ?? cert.regionCode],
    ['发证机关', cert.issuer ?? ''],
    ['有效期', `${cert.issuedOn} 至 ${cert.validUntil}`],
  ];
  const text = lines
    .map(
      ([label, value], i) =>
        `<text x="4" y="${15 + i * 5.2}" font-size="3">${escapeXml(label)}：${escapeXml(value)}</text>`,
    )
    .join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="85.6mm" height="54mm" viewBox="0 0 85.6 54"',
    ' font-family="Noto Sans CJK SC, Source Han Sans SC, sans-serif" role="img"',
    ` aria-label="${escapeXml(`${cert.certificateType} ${cert.name} ${cert.certificateNumber}`)}">`,
    '<rect width="85.6" height="54" rx="3" fill="#fff" stroke="#8b0000" stroke-width="0.4"/>',
    `<text x="4" y="8" font-size="4.4" font-weight="bold" fill="#8b0000">${escapeXml(cert.certificateType)}</text>`,
    text,
    `<svg x="57" y="20" width="25" height="25" viewBox="0 0 ${size} ${size}">${inner}</svg>`,
    '<text x="57" y="49" font-size="2.2">扫码核验证件状态</text>',
    '</svg>',
  ].join('');
}
