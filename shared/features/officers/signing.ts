/**
 * Card credentials, signed once and stored (./credential-store.ts): the process holding the certificate key signs
 * a unit's credentials right after its officers list is published (`signUnit`), and every process serves the stored
 * credential while it still states the certificate's current record. The public function holds no key, so it only
 * reads; where a key is at hand a missing or outdated credential is signed on the spot and stored. Status lists are
 * signed in ./status-lists.ts.
 */
import { AppError } from '../../core/errors.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { normaliseCertificateNumber } from '../../core/kinds/officers.js';
import { officersKind } from '../../core/kinds/officers.js';
import { RegionReader, type Registry } from '../lists/index.js';
import { cardSvg, credentialPayload, qrText, type QrRenderer } from './card.js';
import type { CertificateIndexStore } from './certificate-index.js';
import type { CredentialStore, StoredCredential } from './credential-store.js';
import {
  envelopePayload,
  keyId,
  signCredential,
  type CertificateSigner,
  type CredentialPayload,
  type StatusListEntry,
} from './credential.js';
import {
  currentCertificate,
  certificateHistory,
  statusOn,
  type CertificateDates,
  type CertificateIndex,
} from './model.js';

/** KMS signs one request at a time per call; a few in flight keep a unit of a thousand officers within seconds. */
const PARALLEL_SIGNS = 8;

export class CertificateCards {
  constructor(
    readonly registry: Registry,
    readonly index: CertificateIndexStore,
    readonly credentials: CredentialStore,
    readonly signer?: CertificateSigner,
    readonly renderQr?: QrRenderer,
  ) {}

  /** The current record's credential and QR text: two GetItems (index and stored credential), no signing key. */
  async credential(rawNumber: string, baseUrl: string) {
    const number = normaliseCertificateNumber(rawNumber);
    const [index, stored] = await Promise.all([this.index.get(number), this.credentials.get(number)]);
    const wanted = index && statement(index);
    if (!wanted) throw new AppError('NOT_FOUND', '未找到该执法证号，请核对证号', { certificateNumber: number });
    const kid = this.signer ? keyId(await this.signer.publicKey()) : undefined;
    let credential = stored && states(stored, wanted.payload, kid) ? stored.credential : undefined;
    if (!credential && this.signer) credential = await this.signAndStore(number, wanted.payload, this.signer);
    if (!credential)
      throw new AppError('UNPROCESSABLE', '该证件的卡面凭证尚未签发（名单发布后由平台签发），请稍后再试', {
        certificateNumber: number,
        reason: 'CREDENTIAL_NOT_SIGNED',
      });
    return { certificate: wanted.certificate, credential, qr: qrText(baseUrl, number, credential) };
  }

  async card(rawNumber: string, baseUrl: string): Promise<string> {
    if (!this.renderQr)
      throw new AppError('UNPROCESSABLE', '本服务未配置二维码生成，暂不能生成卡面', { reason: 'QR_UNAVAILABLE' });
    const { certificate, qr } = await this.credential(rawNumber, baseUrl);
    return cardSvg(certificate, qr, this.renderQr);
  }

  /**
   * Signs and stores the credential of every certificate on the unit's current officers list whose stored
   * credential does not state its current record (new, changed, or signed by another key). Needs the key.
   */
  async signUnit(uscc: string): Promise<{ certificates: number; signed: number }> {
    const signer = this.signer;
    if (!signer) throw new Error('signUnit needs the certificate signer');
    const store = this.registry.store;
    const head = await store.getHead(uscc, officersKind.id, true);
    const latest = head?.timeline.at(-1);
    if (!head || !latest || latest.status === 'repealed') return { certificates: 0, signed: 0 };
    const { items } = await store.readContent(uscc, officersKind.id, latest);
    const numbers = items.map((i) => String(i.certificateNumber));
    const [indexes, stored, kid] = await Promise.all([
      this.index.getMany(numbers),
      this.credentials.getMany(numbers),
      signer.publicKey().then(keyId),
    ]);
    const due = numbers.flatMap((number) => {
      const index = indexes.get(number);
      const wanted = index && statement(index);
      const have = stored.get(number);
      return wanted && !(have && states(have, wanted.payload, kid)) ? [{ number, payload: wanted.payload }] : [];
    });
    for (let i = 0; i < due.length; i += PARALLEL_SIGNS)
      await Promise.all(due.slice(i, i + PARALLEL_SIGNS).map((d) => this.signAndStore(d.number, d.payload, signer)));
    return { certificates: numbers.length, signed: due.length };
  }

  /**
   * The daily catch-up: `signUnit` over every unit with an officers list (one gsi2 Query walk), so credentials
   * from before signing, or left by a publish whose signing failed, are signed without waiting for the unit to
   * publish again. A unit with nothing due costs reads only. Stops before the next unit once `maxSigned`
   * credentials are signed (a unit is signed whole, so a run may pass the cap by one unit's worth); the next run
   * goes on from where nothing is due any more, so repeated runs converge and then sign nothing.
   */
  async signOutstanding(maxSigned: number): Promise<{ units: number; signed: number; complete: boolean }> {
    const { client, tableName } = this.registry.store;
    let units = 0;
    let signed = 0;
    for await (const head of new RegionReader(client, tableName).heads('', officersKind.id)) {
      if (signed >= maxSigned) return { units, signed, complete: false };
      signed += (await this.signUnit(head.uscc)).signed;
      units++;
    }
    return { units, signed, complete: true };
  }

  private async signAndStore(
    number: string,
    payload: Omit<CredentialPayload, 'kid'>,
    signer: CertificateSigner,
  ): Promise<string> {
    const credential = await signCredential(payload, signer);
    const kid = keyId(await signer.publicKey());
    await this.credentials.put({ certificateNumber: number, credential, iat: payload.iat, kid });
    return credential;
  }
}

/** What the credential of a certificate states now: its current record, issued at the version that states it. */
function statement(index: CertificateIndex) {
  const certificate = currentCertificate(index);
  if (!certificate) return undefined;
  const issuedAt =
    certificateHistory(index)
      .filter((h) => h.certificate && h.uscc === certificate.uscc)
      .at(-1)?.publishedAt ?? '';
  return { certificate, payload: credentialPayload(certificate, issuedAt) };
}

/** Whether a stored credential states `payload` (and, when given, was signed by the key `kid`). */
function states(stored: StoredCredential, payload: Omit<CredentialPayload, 'kid'>, kid?: string): boolean {
  if (kid && stored.kid !== kid) return false;
  const { kid: _kid, ...signed } = envelopePayload<CredentialPayload>(stored.credential) ?? ({} as CredentialPayload);
  return canonicalJson(signed) === canonicalJson(payload);
}

/** A certificate's line in a status list: its status on `date`, and a cancellation's date and reason. */
export function statusListEntry(c: CertificateDates, date: string): StatusListEntry {
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
