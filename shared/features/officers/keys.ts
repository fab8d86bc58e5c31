/**
 * The items the officers feature owns (see shared/features/lists/keys.ts for the rest of the table).
 *
 * | item                              | pk                  | sk      |
 * |-----------------------------------|---------------------|---------|
 * | certificate index (one number)    | CERT#<number>       | A#META  |
 *
 * The certificate index is derived from the officers-list versions (never written by a client): after a
 * unit's officers list is published, every number that unit ever listed gets this unit's holding rewritten
 * from its versions (./certificate-index.ts). It is rebuildable at any time from the logged versions.
 */
export const officerKeys = {
  certificate: (number: string) => `CERT#${number}`,
  meta: 'A#META',
} as const;
