/**
 * What decisions and random-inspection draws read: a certificate on a date, and a unit's officers who
 * may enforce on a date. The first is one GetItem of the certificate index; the second reads the unit's
 * officers list in force on that date from its versions.
 */
import { officersKind } from '../../core/kinds/officers.js';
import type { Registry } from '../lists/index.js';
import { CertificateIndexStore } from './certificate-index.js';
import { certificateOf, certificateOnDate, statusOn, type OfficerCertificate } from './model.js';
import { normaliseCertificateNumber } from '../../core/kinds/officers.js';
import { AppError } from '../../core/errors.js';

export interface CertificateLookup {
  /**
   * The certificate as published in the officers list in force on `date` (China date YYYY-MM-DD), with whether it was
   * valid that day; undefined if unknown.
   */
  certificateOn(
    certificateNumber: string,
    date: string,
  ): Promise<(OfficerCertificate & { validOnDate: boolean }) | undefined>;
  /** Officers of a unit whose certificate is valid on `date` (from the unit's officers list in force on that date). */
  validOfficers(uscc: string, date: string): Promise<OfficerCertificate[]>;
}

export function createCertificateLookup(deps: {
  registry: Registry;
  index?: CertificateIndexStore;
}): CertificateLookup {
  const index = deps.index ?? new CertificateIndexStore(deps.registry.store.client, deps.registry.store.tableName);
  return {
    async certificateOn(certificateNumber, date) {
      const found = await index.get(normaliseCertificateNumber(certificateNumber));
      const onDate = found && certificateOnDate(found, date);
      if (!onDate) return undefined;
      const { statusOnDate: _s, version: _v, effectiveFrom: _e, ...cert } = onDate;
      return cert;
    },
    async validOfficers(uscc, date) {
      let page: Awaited<ReturnType<Registry['getListInForce']>>;
      try {
        page = await deps.registry.getListInForce(uscc, officersKind.id, { at: date });
      } catch (e) {
        // No officers list (or none in force that day): nobody may enforce for this unit on that date.
        if (e instanceof AppError && e.code === 'NOT_FOUND') return [];
        throw e;
      }
      const entity = await deps.registry.getEntity(uscc, { at: date }).catch(() => undefined);
      const unit = {
        uscc,
        regionCode: String(entity?.entity.regionCode ?? ''),
        ...(typeof entity?.entity.name === 'string' ? { unitName: entity.entity.name } : {}),
      };
      return page.items.map((item) => certificateOf(item, unit)).filter((c) => statusOn(c, date) === '有效');
    },
  };
}
