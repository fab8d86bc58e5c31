/**
 * A whole region (every unit, every kind) as in force on `at`, as known at
 * `asOf`: one XLSX workbook (a sheet of units, then a sheet per list kind) or
 * a JSON Lines stream. Heads come from the region index a page at a time and
 * items a chunk at a time, so memory does not grow with the items; only the
 * region's unit codes are held.
 *
 * The region on a date is the units in it on that date (as search and statistics read it): a unit whose entity in
 * force on `at` puts it under the prefix, including a unit that has since moved out (found through its former-region
 * marker, exported after the region's current units) and not one that moved in later.
 */
import { entityKind, listKinds, type RecordKind } from '../../core/kinds/index.js';
import { resolveInForce, type TimelineEntry, type VersionMeta } from '../../core/versions.js';
import type { RegionReader } from '../lists/index.js';
import type { StreamHead } from '../lists/index.js';
import { ADDITIONAL_COLUMN, additionalText, cellValue, headerRow, itemRow, itemRows, type Cell } from './cells.js';
import { jsonLines } from './jsonl.js';
import { xlsxParts, type SheetSource } from './xlsx.js';

type Item = Record<string, unknown>;

export interface RegionQuery {
  /** GB/T 2260 code as asked (e.g. 210900). */
  region: string;
  /** Its prefix in the index (2109). */
  regionPrefix: string;
  at: string;
  asOf?: string;
}

/** Where a region's heads come from: the region index, and one unit's heads (for units that moved out). */
export interface RegionHeads {
  reader: RegionReader;
  unitHeads(uscc: string): Promise<StreamHead[]>;
}

interface Resolved {
  head: StreamHead;
  entry: TimelineEntry;
}

const resolve = (head: StreamHead, q: RegionQuery): Resolved | undefined => {
  const { entry } = resolveInForce(head.timeline, { at: q.at, asOf: q.asOf });
  return entry && { head, entry };
};

/**
 * The units in the region on `at` as known at `asOf`: current members whose entity then was under the prefix, and
 * former members (their heads, read once here) likewise.
 */
async function membersOn(
  source: RegionHeads,
  q: RegionQuery,
): Promise<{ members: Set<string>; formerHeads: StreamHead[] }> {
  const members = new Set<string>();
  const consider = async (head: StreamHead) => {
    const r = resolve(head, q);
    if (!r) return;
    let entity = r.entry.version === head.version ? head.entity : undefined;
    if (!entity) {
      const { chunks } = await openVersion(source.reader, r);
      for await (const items of chunks) entity ??= items[0];
    }
    if (String(entity?.regionCode ?? head.regionCode).startsWith(q.regionPrefix)) members.add(head.uscc);
  };
  const current = new Set<string>();
  for await (const head of source.reader.heads(q.regionPrefix, entityKind.id)) {
    current.add(head.uscc);
    await consider(head);
  }
  const formerHeads: StreamHead[] = [];
  for (const { uscc } of await source.reader.formerMembers(q.regionPrefix)) {
    if (current.has(uscc)) continue;
    current.add(uscc);
    const heads = await source.unitHeads(uscc);
    const entityHead = heads.find((h) => h.stream === entityKind.id);
    if (entityHead) await consider(entityHead);
    if (members.has(uscc)) formerHeads.push(...heads);
  }
  return { members, formerHeads };
}

type Membership = () => ReturnType<typeof membersOn>;
/** Reads the members once per export, however many sheets ask. */
const membershipOnce = (source: RegionHeads, q: RegionQuery): Membership => {
  let read: ReturnType<typeof membersOn> | undefined;
  return () => (read ??= membersOn(source, q));
};

/** The region's heads (one stream when given) with the version in force, members on `at` only. */
async function* inForce(
  source: RegionHeads,
  q: RegionQuery,
  membership: Membership,
  stream?: string,
): AsyncGenerator<Resolved> {
  const { members, formerHeads } = await membership();
  for await (const head of source.reader.heads(q.regionPrefix, stream)) {
    const r = members.has(head.uscc) ? resolve(head, q) : undefined;
    if (r) yield r;
  }
  const former = formerHeads
    .filter((h) => stream === undefined || h.stream === stream)
    .sort((a, b) => a.uscc.localeCompare(b.uscc) || a.stream.localeCompare(b.stream));
  for (const head of former) {
    const r = resolve(head, q);
    if (r) yield r;
  }
}

/** A version's metadata and its items, chunk by chunk. */
async function openVersion(
  reader: RegionReader,
  r: Resolved,
): Promise<{ meta: VersionMeta; chunks: AsyncGenerator<Item[]> }> {
  const parts = reader.version(r.head.uscc, r.head.stream, r.entry);
  const first = await parts.next();
  if (first.done || !('meta' in first.value))
    throw new Error(`version metadata missing for ${r.head.uscc}/${r.head.stream}`);
  const meta = first.value.meta;
  const chunks = (async function* () {
    for await (const part of parts) if ('items' in part) yield part.items;
  })();
  return { meta, chunks };
}

// ------------------------------------------------------------------ JSON Lines
/**
 * Lines, in region / unit order: `{"record":"export",…}` first, then per unit its
 * `entity` line, and per list in force a `list` line (version metadata) followed
 * by one `item` line per item.
 */
export async function* regionJsonLines(
  source: RegionHeads,
  q: RegionQuery,
  generatedAt: string,
): AsyncGenerator<string> {
  yield `${JSON.stringify({
    record: 'export',
    region: q.region,
    at: q.at,
    ...(q.asOf ? { asOf: q.asOf } : {}),
    generatedAt,
  })}\n`;
  for await (const r of inForce(source, q, membershipOnce(source, q))) {
    const { meta, chunks } = await openVersion(source.reader, r);
    if (r.head.stream === entityKind.id) {
      for await (const items of chunks)
        for (const entity of items)
          yield `${JSON.stringify({ record: 'entity', unit: r.head.uscc, version: meta, entity })}\n`;
      continue;
    }
    yield `${JSON.stringify({ record: 'list', unit: r.head.uscc, kind: r.head.stream, version: meta })}\n`;
    yield* jsonLines(
      (async function* () {
        for await (const items of chunks)
          yield items.map((item) => ({
            record: 'item',
            unit: r.head.uscc,
            kind: r.head.stream,
            version: meta.version,
            item,
          }));
      })(),
    );
  }
}

// ------------------------------------------------------------------ XLSX
const VERSION_COLUMNS = ['版本', '生效日期', '文号'] as const;
const versionCells = (meta: VersionMeta): Cell[] => [meta.version, meta.effectiveFrom, cellValue(meta.documentNumber)];

/** Sheet 执法主体 (one row per unit), then one sheet per list kind, each row led by its unit and version. */
export function regionWorkbook(source: RegionHeads, q: RegionQuery): AsyncGenerator<Uint8Array> {
  // Unit names for the list sheets: one short string per unit, not per item.
  const names = new Map<string, string>();
  const membership = membershipOnce(source, q);
  async function* sheets(): AsyncGenerator<SheetSource> {
    yield {
      name: entityKind.label,
      header: [...headerRow(entityKind), ...VERSION_COLUMNS],
      rows: (async function* () {
        for await (const r of inForce(source, q, membership, entityKind.id)) {
          const { meta, chunks } = await openVersion(source.reader, r);
          for await (const items of chunks) {
            yield items.map((entity) => {
              names.set(r.head.uscc, String(entity.name ?? ''));
              return [...itemRow(entityKind, entity), ...versionCells(meta)];
            });
          }
        }
      })(),
    };
    for (const kind of listKinds) yield listSheet(kind);
  }
  const listSheet = (kind: RecordKind): SheetSource => ({
    name: kind.label,
    header: ['统一社会信用代码', '执法主体名称', ...VERSION_COLUMNS, ...headerRow(kind), ADDITIONAL_COLUMN],
    rows: (async function* () {
      for await (const r of inForce(source, q, membership, kind.id)) {
        const { meta, chunks } = await openVersion(source.reader, r);
        const lead: Cell[] = [r.head.uscc, cellValue(names.get(r.head.uscc)), ...versionCells(meta)];
        for await (const items of chunks)
          yield items.flatMap((item) => {
            const tiers = kind.tiers
              ? (item[kind.tiers.field] as Array<Record<string, unknown>> | undefined)
              : undefined;
            return itemRows(kind, item).map((row, i) => [...lead, ...row, additionalText(item, tiers?.[i])]);
          });
      }
    })(),
  });
  return xlsxParts(sheets());
}

export function regionFileName(q: RegionQuery, format: 'xlsx' | 'jsonl'): string {
  return `行政执法公示-${q.region}-${q.at}${q.asOf ? `-asof-${q.asOf.slice(0, 10)}` : ''}.${format}`;
}
