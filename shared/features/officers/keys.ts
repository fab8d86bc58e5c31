/**
 * The items the officers feature owns (see shared/features/lists/keys.ts for the rest of the table).
 *
 * | item                                     | pk                      | sk                  |
 * |------------------------------------------|-------------------------|---------------------|
 * | certificate index (one number)           | CERT#<number>           | A#META              |
 * | its signed card credential               | CERT#<number>           | A#CREDENTIAL        |
 * | stored status list of a region prefix    | CERTSTATUS#<prefix>     | A#META              |
 * | its further parts (lists over 200 KB)    | CERTSTATUS#<prefix>     | P#<issuedAt>#<0001> |
 * | the certificate signing public key       | CERTKEY                 | A#CURRENT           |
 * | status projection of a version (parts)   | CERTPROJ#<uscc>         | V#<version>#<attempt>#<0000> |
 *
 * The certificate index is derived from the officers-list versions (never written by a client): after a
 * unit's officers list is published, every number that unit ever listed gets this unit's holding rewritten
 * from its versions (./certificate-index.ts). It is rebuildable at any time from the logged versions.
 * The status projection is derived from one version's content when it is published (./status-projection.ts).
 * Credentials, status lists and the public key are written only by the processes that sign
 * (./credential-store.ts, ./status-list-store.ts): the daily job and the publishing process; the public function
 * reads them.
 */
export const officerKeys = {
  certificate: (number: string) => `CERT#${number}`,
  meta: 'A#META',
  credential: 'A#CREDENTIAL',
  statusList: (regionPrefix: string) => `CERTSTATUS#${regionPrefix}`,
  statusListPart: (issuedAt: string, part: number) => `P#${issuedAt}#${String(part).padStart(4, '0')}`,
  statusListParts: (issuedAt: string) => `P#${issuedAt}#`,
  statusProjection: (uscc: string) => `CERTPROJ#${uscc}`,
  statusProjectionPart: (version: number, attempt: string, part: number) =>
    `V#${String(version).padStart(6, '0')}#${attempt}#${String(part).padStart(4, '0')}`,
  signingKey: 'CERTKEY',
  currentKey: 'A#CURRENT',
} as const;
