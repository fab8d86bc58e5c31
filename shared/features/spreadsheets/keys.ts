/**
 * Keys of the items the spreadsheets feature owns: remembered column maps, one per unit, kind and heading row (the
 * table's whole layout: shared/platform/dynamodb/table.ts).
 */
export const spreadsheetKeys = {
  columnMaps: (uscc: string) => `CMAP#${uscc}`,
  columnMap: (kind: string, headingKey: string) => `${kind}#${headingKey}`,
  columnMapsOfKind: (kind: string) => `${kind}#`,
} as const;
