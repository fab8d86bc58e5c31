/**
 * Items as spreadsheet rows: the kind's Chinese column headers in registry
 * order, booleans as 是/否, absent values as empty cells, text neutralised
 * against formula injection. The inverse is the importer's reading of the
 * same columns, so an exported version re-imports to the identical content.
 */
import { ADDITIONAL_FIELD, SECTION_COLUMN, SECTION_FIELD } from '../../core/headers.js';
import type { RecordKind } from '../../core/kinds/index.js';
import { neutraliseCell } from '../../core/neutralise.js';
import type { AdditionalAttribute } from '../../core/records.js';

export type Cell = string | number;

type Item = Record<string, unknown>;

/**
 * The columns a list needs beyond its kind's: 所属分类 when any item has a section, then every additional
 * attribute's heading, the item's or (tiered kinds) a tier's own, in the order the items first carry them.
 * Re-importing reads them back as they were.
 */
export function extraHeadings(kind: RecordKind, items: readonly Item[]): string[] {
  const headings = new Set<string>();
  let sections = false;
  for (const item of items) {
    if (item[SECTION_FIELD] !== undefined) sections = true;
    for (const a of additionalOf(item)) headings.add(a.heading);
    for (const tier of tiersOf(kind, item)) for (const a of additionalOf(tier)) headings.add(a.heading);
  }
  return [...(sections ? [SECTION_COLUMN] : []), ...headings];
}

const additionalOf = (record: Item) => (record[ADDITIONAL_FIELD] as AdditionalAttribute[] | undefined) ?? [];
const tiersOf = (kind: RecordKind, item: Item) =>
  kind.tiers ? ((item[kind.tiers.field] as Item[] | undefined) ?? []) : [];

export function headerRow(kind: RecordKind, extra: readonly string[] = []): string[] {
  return [...kind.columns.map((c) => c.column), ...extra];
}

/**
 * An item as rows: one row, or for a tiered kind (裁量基准) one row per tier with the item's own cells repeated,
 * then the extra columns (section, additional attributes: on a tier's row, the tier's own where it has one).
 */
export function itemRows(kind: RecordKind, item: Item, extra: readonly string[] = []): Cell[][] {
  const additional = new Map(additionalOf(item).map((a) => [a.heading, a.text]));
  const tail = (tier?: Item) => {
    const own = tier ? new Map(additionalOf(tier).map((a) => [a.heading, a.text])) : undefined;
    return extra.map((h) =>
      cellValue(
        h === SECTION_COLUMN && item[SECTION_FIELD] !== undefined
          ? item[SECTION_FIELD]
          : (own?.get(h) ?? additional.get(h)),
      ),
    );
  };
  if (!kind.tiers) return [[...itemRow(kind, item), ...tail()]];
  const tiers = (item[kind.tiers.field] as Item[] | undefined) ?? [{}];
  return tiers.map((tier) => [
    ...kind.columns.map((c) => cellValue(c.tier ? tier[c.key] : item[c.key])),
    ...tail(tier),
  ]);
}

export function cellValue(value: unknown): Cell {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return neutraliseCell(value);
  return neutraliseCell(JSON.stringify(value));
}

export function itemRow(kind: RecordKind, item: Record<string, unknown>): Cell[] {
  return kind.columns.map((c) => cellValue(item[c.key]));
}

/** One region sheet holds many lists, each with its own extra headings: they share one column of heading：text lines. */
export const ADDITIONAL_COLUMN = '附加信息';

/** The item's lines, then (on a tier's row of a tiered kind) the tier's own. */
export function additionalText(item: Item, tier?: Item): Cell {
  const lines = [
    ...(item[SECTION_FIELD] !== undefined ? [`${SECTION_COLUMN}：${String(item[SECTION_FIELD])}`] : []),
    ...[...additionalOf(item), ...(tier ? additionalOf(tier) : [])].map((a) => `${a.heading}：${a.text}`),
  ];
  return cellValue(lines.join('\n'));
}
