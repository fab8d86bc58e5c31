/**
 * A region's search index as one compact binary file, so an instance that starts cold loads it instead of
 * reading every list version in force and re-normalising a province's text (pure: bytes in, bytes out).
 *
 * Layout: the magic `GSX2`, a u32 header length, the header (UTF-8 JSON: the snapshot's units and list
 * metadata, domain ids, where each section lies), then the sections, each 8-byte aligned so they load as
 * typed-array views of the file without copying:
 * - the per-document arrays (list, item, kind, unit, category, 双随机 flag, domain);
 * - unigram and bigram postings as sorted key tables (keys, byte offsets, posting lengths, packed postings);
 *   a posting is its documents as LEB128 gaps, then its field masks as LEB128, unpacked when a query reads it
 *   (1–2 bytes a document and gram instead of 6);
 * - the normalised field texts, one raw-deflated UTF-16 string with a start offset per document (fields split
 *   by U+0001), inflated at load;
 * - the items of every list version as raw-deflated UTF-8 JSON, inflated and parsed only when a hit (or the
 *   statistics) needs that list.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { RegionSnapshot, SnapshotList, SnapshotUnit } from './snapshot.js';
import { SearchIndex, type IndexParts, type Posting, type PostingLookup } from './search-index.js';

const MAGIC = 'GSX2';
const FIELD_SEPARATOR = '\u0001';

type ListMeta = Omit<SnapshotList, 'items'>;

interface Header {
  prefix: string;
  at: string;
  signature: string;
  /** The region heads this index was built from: a loader compares them with the heads it reads. */
  headsSignature: string;
  size: number;
  units: SnapshotUnit[];
  lists: ListMeta[];
  domainIds: Array<[string, number]>;
  sections: Record<SectionName, { offset: number; length: number }>;
}

const SECTIONS = {
  docList: Int32Array,
  docItem: Int32Array,
  docKind: Uint8Array,
  docUnit: Int32Array,
  docCategory: Uint8Array,
  docRandom: Uint8Array,
  docDomain: Int32Array,
  uniKeys: Float64Array,
  uniStarts: Float64Array,
  uniCounts: Uint32Array,
  uniPacked: Uint8Array,
  biKeys: Float64Array,
  biStarts: Float64Array,
  biCounts: Uint32Array,
  biPacked: Uint8Array,
  textStarts: Float64Array,
  texts: Uint8Array,
  itemStarts: Float64Array,
  items: Uint8Array,
} as const;

type SectionName = keyof typeof SECTIONS;
interface TypedArray {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly byteLength: number;
  readonly length: number;
}

/** Unpacked postings a table keeps for the queries that follow (6 bytes each: about 24 MB). */
const MEMO_POSTINGS = 4_000_000;

/**
 * A sorted key table of packed postings, searched by binary search: no Map to build at load. A posting is
 * unpacked when a query first reads it and kept (most recently used last) up to MEMO_POSTINGS documents.
 */
class PostingTable implements PostingLookup {
  private readonly memo = new Map<number, Posting>();
  private memoDocs = 0;

  constructor(
    private readonly keys: Float64Array,
    private readonly starts: Float64Array,
    private readonly counts: Uint32Array,
    private readonly packed: Uint8Array,
  ) {}

  get size(): number {
    return this.keys.length;
  }

  get(key: number): Posting | undefined {
    const known = this.memo.get(key);
    if (known) {
      this.memo.delete(key);
      this.memo.set(key, known);
      return known;
    }
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.keys.length || this.keys[lo] !== key) return undefined;
    const posting = this.at(lo);
    this.memo.set(key, posting);
    this.memoDocs += posting.docs.length;
    for (const [oldest, p] of this.memo) {
      if (this.memoDocs <= MEMO_POSTINGS || oldest === key) break;
      this.memo.delete(oldest);
      this.memoDocs -= p.docs.length;
    }
    return posting;
  }

  *entries(): Iterable<[number, Posting]> {
    for (let i = 0; i < this.keys.length; i++) yield [this.keys[i]!, this.at(i)];
  }

  /** Gaps and masks are below 2^31, so 32-bit shifts decode them. */
  private at(i: number): Posting {
    const n = this.counts[i]!;
    const docs = new Int32Array(n);
    const masks = new Uint16Array(n);
    const bytes = this.packed;
    let at = this.starts[i]!;
    let doc = 0;
    for (let k = 0; k < n; k++) {
      let byte = bytes[at++]!;
      let value = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) {
        byte = bytes[at++]!;
        value |= (byte & 0x7f) << shift;
      }
      doc += value;
      docs[k] = doc;
    }
    for (let k = 0; k < n; k++) {
      let byte = bytes[at++]!;
      let value = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) {
        byte = bytes[at++]!;
        value |= (byte & 0x7f) << shift;
      }
      masks[k] = value;
    }
    return { docs, masks };
  }
}

/** Unsigned LEB128 into a growing byte buffer. */
class PackedWriter {
  private bytes = new Uint8Array(1 << 16);
  length = 0;

  write(value: number): void {
    if (this.length + 10 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }

  result(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

function postingTable(lookup: PostingLookup): {
  keys: Float64Array;
  starts: Float64Array;
  counts: Uint32Array;
  packed: Uint8Array;
} {
  const entries = [...lookup.entries()].sort((a, b) => a[0] - b[0]);
  const keys = new Float64Array(entries.length);
  const starts = new Float64Array(entries.length + 1);
  const counts = new Uint32Array(entries.length);
  const out = new PackedWriter();
  entries.forEach(([key, p], i) => {
    keys[i] = key;
    starts[i] = out.length;
    counts[i] = p.docs.length;
    let previous = 0;
    for (const doc of p.docs) {
      out.write(doc - previous);
      previous = doc;
    }
    for (const mask of p.masks) out.write(mask);
  });
  starts[entries.length] = out.length;
  return { keys, starts, counts, packed: out.result() };
}

/** The index and the snapshot it was built from, as one file. */
export function encodeIndex(index: SearchIndex, headsSignature: string): Uint8Array {
  const parts = index.parts();
  const { snapshot } = parts;
  const uni = postingTable(parts.uni);
  const bi = postingTable(parts.bi);

  const textStarts = new Float64Array(parts.size + 1);
  const pieces: string[] = [];
  let chars = 0;
  for (let d = 0; d < parts.size; d++) {
    textStarts[d] = chars;
    const joined = parts.textOf(d).join(FIELD_SEPARATOR);
    pieces.push(joined);
    chars += joined.length;
  }
  textStarts[parts.size] = chars;
  const texts = deflateRawSync(Buffer.from(pieces.join(''), 'utf16le'));

  const itemStarts = new Float64Array(snapshot.lists.length + 1);
  const itemChunks: Buffer[] = [];
  let itemBytes = 0;
  snapshot.lists.forEach((l, i) => {
    itemStarts[i] = itemBytes;
    const bytes = deflateRawSync(Buffer.from(JSON.stringify(l.items), 'utf8'));
    itemChunks.push(bytes);
    itemBytes += bytes.length;
  });
  itemStarts[snapshot.lists.length] = itemBytes;

  const arrays: Record<SectionName, TypedArray> = {
    docList: parts.docList,
    docItem: parts.docItem,
    docKind: parts.docKind,
    docUnit: parts.docUnit,
    docCategory: parts.docCategory,
    docRandom: parts.docRandom,
    docDomain: parts.docDomain,
    uniKeys: uni.keys,
    uniStarts: uni.starts,
    uniCounts: uni.counts,
    uniPacked: uni.packed,
    biKeys: bi.keys,
    biStarts: bi.starts,
    biCounts: bi.counts,
    biPacked: bi.packed,
    textStarts,
    texts: new Uint8Array(texts.buffer, texts.byteOffset, texts.byteLength),
    itemStarts,
    items: new Uint8Array(Buffer.concat(itemChunks)),
  };
  const sections = {} as Header['sections'];
  let offset = 0;
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    offset = align(offset);
    sections[name] = { offset, length: arrays[name].length };
    offset += arrays[name].byteLength;
  }
  const header: Header = {
    prefix: snapshot.prefix,
    at: snapshot.at,
    signature: snapshot.signature,
    headsSignature,
    size: parts.size,
    units: snapshot.units,
    lists: snapshot.lists.map(({ items: _items, ...meta }) => meta),
    domainIds: parts.domainIds,
    sections,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const bodyStart = align(8 + headerBytes.length);
  const out = new Uint8Array(bodyStart + offset);
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    const a = arrays[name];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), bodyStart + sections[name].offset);
  }
  return out;
}

export interface LoadedIndex {
  index: SearchIndex;
  headsSignature: string;
}

/** The index back from its file: views of the bytes, the texts decoded once, the items parsed on first use. */
/** True when the bytes are an index file of this layout (a file of an older layout is rebuilt, not read). */
export function isIndexFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 4).toString('latin1') === MAGIC;
}

export function decodeIndex(bytes: Uint8Array): LoadedIndex {
  if (!isIndexFile(bytes)) throw new Error('not a search index snapshot of this layout');
  // Typed-array views need their element alignment: copy once if the file's bytes do not start on 8.
  const file = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
  const headerLength = new DataView(file.buffer, file.byteOffset).getUint32(4, true);
  const header = JSON.parse(Buffer.from(file.buffer, file.byteOffset + 8, headerLength).toString('utf8')) as Header;
  const bodyStart = file.byteOffset + align(8 + headerLength);
  const view = <N extends SectionName>(name: N): InstanceType<(typeof SECTIONS)[N]> => {
    const { offset, length } = header.sections[name];
    const Type = SECTIONS[name] as unknown as new (b: ArrayBufferLike, o: number, l: number) => TypedArray;
    return new Type(file.buffer, bodyStart + offset, length) as InstanceType<(typeof SECTIONS)[N]>;
  };

  const textBytes = view('texts');
  const allText = inflateRawSync(Buffer.from(textBytes.buffer, textBytes.byteOffset, textBytes.byteLength)).toString(
    'utf16le',
  );
  const textStarts = view('textStarts');
  const textOf = (d: number) => allText.slice(textStarts[d]!, textStarts[d + 1]!).split(FIELD_SEPARATOR);

  const itemBytes = view('items');
  const itemStarts = view('itemStarts');
  const lists: SnapshotList[] = header.lists.map((meta, i) => {
    let items: ReadonlyArray<Record<string, unknown>> | undefined;
    return Object.defineProperty({ ...meta } as SnapshotList, 'items', {
      enumerable: true,
      get: () =>
        (items ??= JSON.parse(
          inflateRawSync(
            Buffer.from(itemBytes.buffer, itemBytes.byteOffset + itemStarts[i]!, itemStarts[i + 1]! - itemStarts[i]!),
          ).toString('utf8'),
        ) as Array<Record<string, unknown>>),
    });
  });
  const snapshot: RegionSnapshot = {
    prefix: header.prefix,
    at: header.at,
    units: header.units,
    lists,
    signature: header.signature,
  };
  const parts: IndexParts = {
    snapshot,
    size: header.size,
    docList: view('docList'),
    docItem: view('docItem'),
    docKind: view('docKind'),
    docUnit: view('docUnit'),
    docCategory: view('docCategory'),
    docRandom: view('docRandom'),
    docDomain: view('docDomain'),
    domainIds: header.domainIds,
    uni: new PostingTable(view('uniKeys'), view('uniStarts'), view('uniCounts'), view('uniPacked')),
    bi: new PostingTable(view('biKeys'), view('biStarts'), view('biCounts'), view('biPacked')),
    textOf,
  };
  return { index: new SearchIndex(snapshot, { parts }), headsSignature: header.headsSignature };
}

const align = (n: number) => Math.ceil(n / 8) * 8;
