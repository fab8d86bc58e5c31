/**
 * The in-memory full-text index over a region snapshot (pure: no I/O).
 *
 * Every searchable field of every item (kinds.ts `searchFields`) is normalised
 * (normalise.ts) and indexed by character unigrams and bigrams. A posting is a
 * document number plus a bitmask of the fields that contain the gram, so one- and
 * two-character terms are answered from postings alone; longer terms intersect the
 * postings of their bigrams and confirm the candidates with a substring test on the
 * fields the masks allow. Chinese needs no word segmentation this way: any run of
 * characters inside a field is found, with or without spaces.
 *
 * Ranking: a term found in a field adds that field's weight (name/violation 3,
 * basis/conditions 2, … notes 0.5), so matches in names rank above matches in
 * notes; ties keep the registry order (region, unit, kind, item).
 */
import { findKind, listKinds } from '../../core/kinds/index.js';
import { matchKey } from '../../core/text.js';
import { normalise, queryTerms } from './normalise.js';
import type { RegionSnapshot, SnapshotList, SnapshotUnit } from './snapshot.js';

export interface SearchFilters {
  /** Region code prefix: 43 (province), 4309 (city), 430981 (county). */
  region?: string;
  unit?: string;
  kind?: string;
  /** 执法领域: the item's own domain, else its unit's. */
  domain?: string;
  category?: '一般' | '重点';
  /** 双随机 inspection items only (true) or only those outside it (false). */
  random?: boolean;
}

export interface SearchQuery extends SearchFilters {
  q?: string;
  offset?: number;
  limit?: number;
}

export interface SearchHit {
  doc: number;
  score: number;
  unit: SnapshotUnit;
  list: SnapshotList;
  itemIndex: number;
  item: Record<string, unknown>;
  /** Fields (keys) the query matched, best weight first. */
  matchedFields: string[];
}

export interface SearchResult {
  total: number;
  terms: string[];
  hits: SearchHit[];
  /** Matches per kind (within the other filters). */
  kinds: Record<string, number>;
}

/** Normalised field texts of one list version's items; immutable, so cached by content key. */
export type NormalisedList = ReadonlyArray<ReadonlyArray<string>>;

export interface NormalisedCache {
  get(contentKey: string): NormalisedList | undefined;
  set(contentKey: string, value: NormalisedList): void;
}

/** A bounded cache of normalised lists (least recently used out), counted in items. */
export class NormalisedLru implements NormalisedCache {
  private readonly map = new Map<string, NormalisedList>();
  private held = 0;
  constructor(private readonly maxItems = 1_000_000) {}
  get(key: string) {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: NormalisedList) {
    if (this.map.has(key)) return;
    this.map.set(key, value);
    this.held += value.length;
    for (const [k, v] of this.map) {
      if (this.held <= this.maxItems) break;
      this.map.delete(k);
      this.held -= v.length;
    }
  }
}

interface KindFields {
  keys: string[];
  weights: number[];
}

const kindIndex = new Map(listKinds.map((k, i) => [k.id, i]));
const kindFields: KindFields[] = listKinds.map((k) => {
  const entries = Object.entries(k.searchFields).filter(([key]) => k.columns.some((c) => c.key === key));
  return { keys: entries.map(([key]) => key), weights: entries.map(([, w]) => w) };
});

const CATEGORY = { 一般: 1, 重点: 2 } as const;

class PostingBuilder {
  docs: number[] = [];
  masks: number[] = [];
}

export interface Posting {
  docs: Int32Array;
  masks: Uint16Array;
}

/** Postings by gram key: a Map while building, a sorted table when loaded from a stored snapshot. */
export interface PostingLookup {
  get(key: number): Posting | undefined;
  readonly size: number;
  entries(): Iterable<[number, Posting]>;
}

/**
 * What an index is made of, as arrays: how index-snapshot.ts stores an index and loads it back without
 * re-reading contents or re-normalising text. `textOf(doc)` gives the doc's normalised field texts.
 */
export interface IndexParts {
  snapshot: RegionSnapshot;
  size: number;
  docList: Int32Array;
  docItem: Int32Array;
  docKind: Uint8Array;
  docUnit: Int32Array;
  docCategory: Uint8Array;
  docRandom: Uint8Array;
  docDomain: Int32Array;
  domainIds: Array<[string, number]>;
  uni: PostingLookup;
  bi: PostingLookup;
  textOf(doc: number): ReadonlyArray<string>;
}

const EMPTY: Posting = { docs: new Int32Array(0), masks: new Uint16Array(0) };

export class SearchIndex {
  readonly size: number;
  private readonly docList: Int32Array;
  private readonly docItem: Int32Array;
  private readonly docKind: Uint8Array;
  private readonly docUnit: Int32Array;
  private readonly docCategory: Uint8Array;
  private readonly docRandom: Uint8Array;
  private readonly docDomain: Int32Array;
  private readonly domainIds: Map<string, number> = new Map();
  private readonly textOf: (doc: number) => ReadonlyArray<string>;
  private readonly uni: PostingLookup;
  private readonly bi: PostingLookup;
  private readonly unitIndex: Map<string, number>;

  constructor(
    readonly snapshot: RegionSnapshot,
    options: { cache?: NormalisedCache; parts?: IndexParts } = {},
  ) {
    if (options.parts) {
      const p = options.parts;
      this.size = p.size;
      this.docList = p.docList;
      this.docItem = p.docItem;
      this.docKind = p.docKind;
      this.docUnit = p.docUnit;
      this.docCategory = p.docCategory;
      this.docRandom = p.docRandom;
      this.docDomain = p.docDomain;
      this.domainIds = new Map(p.domainIds);
      this.textOf = p.textOf;
      this.uni = p.uni;
      this.bi = p.bi;
      this.unitIndex = new Map(snapshot.units.map((u, i) => [u.uscc, i]));
      return;
    }
    const lists = snapshot.lists.filter((l) => kindIndex.has(l.kind));
    let n = 0;
    for (const l of lists) n += l.items.length;
    this.size = n;
    this.docList = new Int32Array(n);
    this.docItem = new Int32Array(n);
    this.docKind = new Uint8Array(n);
    this.docUnit = new Int32Array(n);
    this.docCategory = new Uint8Array(n);
    this.docRandom = new Uint8Array(n);
    this.docDomain = new Int32Array(n);
    this.unitIndex = new Map(snapshot.units.map((u, i) => [u.uscc, i]));
    const texts: Array<ReadonlyArray<string>> = new Array(n);
    const uni = new Map<number, PostingBuilder>();
    const bi = new Map<number, PostingBuilder>();
    const add = (map: Map<number, PostingBuilder>, key: number, doc: number, bit: number) => {
      let p = map.get(key);
      if (!p) map.set(key, (p = new PostingBuilder()));
      const last = p.docs.length - 1;
      if (last >= 0 && p.docs[last] === doc) p.masks[last]! |= bit;
      else {
        p.docs.push(doc);
        p.masks.push(bit);
      }
    };

    let doc = 0;
    for (const list of lists) {
      const listNo = snapshot.lists.indexOf(list);
      const k = kindIndex.get(list.kind)!;
      const fields = kindFields[k]!;
      const unitNo = this.unitIndex.get(list.uscc) ?? -1;
      const unitDomain = unitNo >= 0 ? snapshot.units[unitNo]!.entity.domain : undefined;
      let normalised = options.cache?.get(list.contentKey);
      if (!normalised) {
        normalised = list.items.map((item) =>
          fields.keys.map((key) => (typeof item[key] === 'string' ? normalise(item[key] as string) : '')),
        );
        options.cache?.set(list.contentKey, normalised);
      }
      list.items.forEach((item, i) => {
        this.docList[doc] = listNo;
        this.docItem[doc] = i;
        this.docKind[doc] = k;
        this.docUnit[doc] = unitNo;
        this.docCategory[doc] = Object.hasOwn(CATEGORY, String(item.category))
          ? CATEGORY[item.category as keyof typeof CATEGORY]
          : 0;
        this.docRandom[doc] = item.randomInspection === true ? 1 : item.randomInspection === false ? 2 : 0;
        this.docDomain[doc] = this.domainId(item.domain ?? unitDomain);
        const fieldTexts = normalised![i]!;
        texts[doc] = fieldTexts;
        for (let f = 0; f < fieldTexts.length; f++) {
          const t = fieldTexts[f]!;
          const bit = 1 << f;
          for (let j = 0; j < t.length; j++) {
            const c = t.charCodeAt(j);
            add(uni, c, doc, bit);
            if (j + 1 < t.length) add(bi, c * 65536 + t.charCodeAt(j + 1), doc, bit);
          }
        }
        doc++;
      });
    }
    this.textOf = (d) => texts[d]!;
    const freeze = (map: Map<number, PostingBuilder>) => {
      const out = new Map<number, Posting>();
      for (const [key, p] of map) out.set(key, { docs: Int32Array.from(p.docs), masks: Uint16Array.from(p.masks) });
      return out;
    };
    this.uni = freeze(uni);
    this.bi = freeze(bi);
  }

  /** The index as arrays, for storing (index-snapshot.ts). */
  parts(): IndexParts {
    return {
      snapshot: this.snapshot,
      size: this.size,
      docList: this.docList,
      docItem: this.docItem,
      docKind: this.docKind,
      docUnit: this.docUnit,
      docCategory: this.docCategory,
      docRandom: this.docRandom,
      docDomain: this.docDomain,
      domainIds: [...this.domainIds],
      uni: this.uni,
      bi: this.bi,
      textOf: this.textOf,
    };
  }

  private domainId(value: unknown): number {
    if (typeof value !== 'string' || value === '') return -1;
    const key = matchKey(value);
    let id = this.domainIds.get(key);
    if (id === undefined) this.domainIds.set(key, (id = this.domainIds.size));
    return id;
  }

  /** Distinct grams held (a size measure for reports). */
  get grams(): number {
    return this.uni.size + this.bi.size;
  }

  search(query: SearchQuery): SearchResult {
    const terms = queryTerms(query.q ?? '');
    const keep = this.filter(query);
    let docs: Int32Array;
    let scores: Float64Array;
    let masksPerTerm: Uint16Array[] = [];
    if (terms.length === 0) {
      const all: number[] = [];
      for (let d = 0; d < this.size; d++) if (!keep || keep(d)) all.push(d);
      docs = Int32Array.from(all);
      scores = new Float64Array(docs.length);
    } else {
      // Rarest term first: its candidates bound the work for the others.
      const postings = terms.map((t) => this.candidates(t));
      const order = terms.map((_, i) => i).sort((a, b) => postings[a]!.docs.length - postings[b]!.docs.length);
      let current = filterPosting(postings[order[0]!]!, keep);
      current = this.confirm(terms[order[0]!]!, current);
      const perTerm: Array<{ term: number; posting: Posting }> = [{ term: order[0]!, posting: current }];
      for (const t of order.slice(1)) {
        const next = this.confirm(terms[t]!, intersect(postings[t]!, current.docs));
        // Keep only documents that every term matched.
        for (const entry of perTerm) entry.posting = restrict(entry.posting, next.docs);
        current = next;
        perTerm.push({ term: t, posting: next });
      }
      docs = current.docs;
      masksPerTerm = perTerm.map((e) => e.posting.masks);
      scores = new Float64Array(docs.length);
      for (let i = 0; i < docs.length; i++) {
        const w = kindFields[this.docKind[docs[i]!]!]!.weights;
        let s = 0;
        for (const masks of masksPerTerm) {
          let m = masks[i]!;
          for (let f = 0; m !== 0; f++, m >>= 1) if (m & 1) s += w[f]!;
        }
        scores[i] = s;
      }
    }

    const kinds: Record<string, number> = {};
    const kindCounts = new Int32Array(listKinds.length);
    for (let i = 0; i < docs.length; i++) kindCounts[this.docKind[docs[i]!]!]!++;
    listKinds.forEach((k, i) => {
      if (kindCounts[i]) kinds[k.id] = kindCounts[i]!;
    });

    const offset = query.offset ?? 0;
    const limit = query.limit ?? 20;
    const order = rankOrder(scores, offset + limit);
    const hits: SearchHit[] = [];
    for (let r = offset; r < Math.min(docs.length, offset + limit); r++) {
      const i = order[r]!;
      const d = docs[i]!;
      const list = this.snapshot.lists[this.docList[d]!]!;
      const fields = kindFields[this.docKind[d]!]!;
      let mask = 0;
      for (const masks of masksPerTerm) mask |= masks[i]!;
      const matched = fields.keys
        .map((key, f) => ({ key, w: fields.weights[f]!, on: (mask >> f) & 1 }))
        .filter((x) => x.on);
      matched.sort((a, b) => b.w - a.w);
      hits.push({
        doc: d,
        score: scores[i]!,
        unit: this.snapshot.units[this.docUnit[d]!]!,
        list,
        itemIndex: this.docItem[d]!,
        item: list.items[this.docItem[d]!]!,
        matchedFields: matched.map((x) => x.key),
      });
    }
    return { total: docs.length, terms, hits, kinds };
  }

  /** Documents that may contain the term, with the fields that may. */
  private candidates(term: string): Posting {
    if (term.length === 1) return this.uni.get(term.charCodeAt(0)) ?? EMPTY;
    const grams = new Set<number>();
    for (let j = 0; j + 1 < term.length; j++) grams.add(term.charCodeAt(j) * 65536 + term.charCodeAt(j + 1));
    const lists = [...grams].map((g) => this.bi.get(g) ?? EMPTY).sort((a, b) => a.docs.length - b.docs.length);
    let acc = lists[0]!;
    for (const l of lists.slice(1)) {
      if (acc.docs.length === 0) break;
      acc = intersect(l, acc.docs, acc.masks);
    }
    return acc;
  }

  /** Longer terms: bigrams in the same fields are not proof of the whole term, so test the text. */
  private confirm(term: string, p: Posting): Posting {
    if (term.length <= 2) return p;
    const docs: number[] = [];
    const masks: number[] = [];
    for (let i = 0; i < p.docs.length; i++) {
      const d = p.docs[i]!;
      const t = this.textOf(d);
      let m = p.masks[i]!;
      let out = 0;
      for (let f = 0; m !== 0; f++, m >>= 1) if (m & 1 && t[f]!.includes(term)) out |= 1 << f;
      if (out) {
        docs.push(d);
        masks.push(out);
      }
    }
    return { docs: Int32Array.from(docs), masks: Uint16Array.from(masks) };
  }

  /** A predicate for the filters, or undefined when there are none. */
  private filter(f: SearchFilters): ((doc: number) => boolean) | undefined {
    const checks: Array<(d: number) => boolean> = [];
    if (f.region) {
      const inRegion = this.snapshot.units.map((u) => u.regionCode.startsWith(f.region!));
      checks.push((d) => inRegion[this.docUnit[d]!] === true);
    }
    if (f.unit) {
      const u = this.unitIndex.get(f.unit.toUpperCase()) ?? -2;
      checks.push((d) => this.docUnit[d] === u);
    }
    if (f.kind) {
      const k = kindIndex.get(f.kind) ?? -1;
      checks.push((d) => this.docKind[d] === k);
    }
    if (f.domain) {
      const id = this.domainIds.get(matchKey(f.domain)) ?? -2;
      checks.push((d) => this.docDomain[d] === id);
    }
    if (f.category) {
      const c = CATEGORY[f.category];
      checks.push((d) => this.docCategory[d] === c);
    }
    if (f.random !== undefined) {
      const r = f.random ? 1 : 2;
      checks.push((d) => this.docRandom[d] === r);
    }
    if (checks.length === 0) return undefined;
    if (checks.length === 1) return checks[0];
    return (d) => checks.every((c) => c(d));
  }

  /** The kind's searchable field keys, in mask bit order. */
  static fieldsOf(kind: string): string[] {
    return kindFields[kindIndex.get(kind) ?? -1]?.keys ?? Object.keys(findKind(kind)?.searchFields ?? {});
  }
}

/** Builds the index for a snapshot; the bench hook. Pass a cache to reuse normalised lists across rebuilds. */
export function buildSearchIndex(snapshot: RegionSnapshot, options: { cache?: NormalisedCache } = {}): SearchIndex {
  return new SearchIndex(snapshot, options);
}

/**
 * Indices of `scores` best first (ties in index order, i.e. registry order), as far
 * as `needed`. Scores are sums of a few field weights, so they take few distinct
 * values: a counting sort over those is O(n), where a comparison sort of every
 * match would dominate a query that matches the whole region.
 */
function rankOrder(scores: Float64Array, needed: number): Int32Array {
  const n = scores.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(scores[i]!, (counts.get(scores[i]!) ?? 0) + 1);
  const distinct = [...counts.keys()].sort((a, b) => b - a);
  const start = new Map<number, number>();
  let at = 0;
  for (const s of distinct) {
    start.set(s, at);
    at += counts.get(s)!;
  }
  const take = Math.min(n, needed);
  const order = new Int32Array(take);
  for (let i = 0; i < n; i++) {
    const pos = start.get(scores[i]!)!;
    start.set(scores[i]!, pos + 1);
    if (pos < take) order[pos] = i;
  }
  return order;
}

function filterPosting(p: Posting, keep: ((d: number) => boolean) | undefined): Posting {
  if (!keep) return p;
  const docs: number[] = [];
  const masks: number[] = [];
  for (let i = 0; i < p.docs.length; i++) {
    if (keep(p.docs[i]!)) {
      docs.push(p.docs[i]!);
      masks.push(p.masks[i]!);
    }
  }
  return { docs: Int32Array.from(docs), masks: Uint16Array.from(masks) };
}

/**
 * Postings of `p` restricted to the sorted `within` documents (galloping search,
 * so a short `within` costs little against a long posting list). With
 * `withinMasks`, the field masks are ANDed and documents left with none dropped.
 */
function intersect(p: Posting, within: Int32Array, withinMasks?: Uint16Array): Posting {
  const docs: number[] = [];
  const masks: number[] = [];
  let lo = 0;
  const n = p.docs.length;
  for (let i = 0; i < within.length && lo < n; i++) {
    const target = within[i]!;
    // Gallop forward from lo until a doc >= target is passed, then binary search [lo, hi).
    let hi = lo;
    let step = 1;
    while (hi < n && p.docs[hi]! < target) {
      lo = hi + 1;
      hi = lo + step;
      step *= 2;
    }
    if (hi > n) hi = n;
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (p.docs[mid]! < target) a = mid + 1;
      else b = mid;
    }
    lo = a;
    if (lo < n && p.docs[lo] === target) {
      const m = withinMasks ? p.masks[lo]! & withinMasks[i]! : p.masks[lo]!;
      if (m !== 0) {
        docs.push(target);
        masks.push(m);
      }
      lo++;
    }
  }
  return { docs: Int32Array.from(docs), masks: Uint16Array.from(masks) };
}

/** Keeps the entries of `p` whose document is in the sorted `docs`. */
function restrict(p: Posting, docs: Int32Array): Posting {
  if (p.docs.length === docs.length) return p;
  const outDocs: number[] = [];
  const outMasks: number[] = [];
  let j = 0;
  for (let i = 0; i < p.docs.length && j < docs.length; i++) {
    while (j < docs.length && docs[j]! < p.docs[i]!) j++;
    if (docs[j] === p.docs[i]) {
      outDocs.push(p.docs[i]!);
      outMasks.push(p.masks[i]!);
    }
  }
  return { docs: Int32Array.from(outDocs), masks: Uint16Array.from(outMasks) };
}
