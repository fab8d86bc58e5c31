import type { ListedUnit } from './entity-copies.js';
import type { ErrorReason } from '../../core/errors.js';

/**
 * The verifier's view of a registry: its public HTTP routes and nothing else,
 * so an auditor needs no credentials and shares no code with the server's storage.
 */
import type { ServedDecision } from './decisions.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super(`HTTP ${status} for ${url}`);
  }
  /** Whether the registry answered with this error reason (the list in shared/core/errors.ts). */
  hasReason(...reasons: ErrorReason[]): boolean {
    return reasons.some((r) => r === this.reason);
  }
  /** The API's error code and reason, when the body is the registry's JSON error. */
  get reason(): string | undefined {
    try {
      const e = JSON.parse(this.body).error;
      return e?.details?.reason ?? e?.code;
    } catch {
      return undefined;
    }
  }
}

export interface VersionMetaView {
  unit: string;
  kind: string;
  version: number;
  status: 'published' | 'repealed';
  effectiveFrom: string;
  publishedAt: string;
  itemCount: number;
  contentHash: string;
  previousHash: string | null;
  leafIndex?: number;
  [k: string]: unknown;
}

export interface SearchAnswer {
  at: string;
  total: number;
  results: Array<{ unit: { uscc: string }; kind: string; version: number; item: Record<string, unknown> }>;
  units: Array<{ uscc: string; name: string; regionCode: string; domain?: string }>;
}

export interface InclusionView {
  index: number;
  size: number;
  proof: string[];
  leaf?: string;
  checkpoint?: string;
}

/** The registry could not be reached at all (DNS, refused, reset, TLS): names the URL and the cause. */
export class ConnectionError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot connect to ${url}: ${reason}`);
  }
}

/** The low-level reason behind Node's "fetch failed" (ECONNREFUSED, ENOTFOUND, …). */
function causeOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message ?? String(e);
}

/** How the verifier reaches the registry: `fetch` over the network; in process, the app's own `request`. */
export type Fetcher = (url: string, init: { headers: Record<string, string> }) => Promise<Response>;

export class PublicApi {
  readonly base: string;
  requests = 0;

  constructor(
    baseUrl: string,
    private readonly fetcher: Fetcher = (url, init) => fetch(url, init),
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  private async fetch(path: string): Promise<Response> {
    const url = `${this.base}${path}`;
    for (let attempt = 0; ; attempt++) {
      this.requests += 1;
      try {
        const res = await this.fetcher(url, { headers: { 'user-agent': 'gongshi-verify' } });
        if (res.status >= 500 && attempt < 2) {
          await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
          continue;
        }
        if (!res.ok) throw new HttpError(res.status, url, await res.text());
        return res;
      } catch (e) {
        if (e instanceof HttpError) throw e;
        if (attempt >= 2) throw new ConnectionError(url, causeOf(e));
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      }
    }
  }

  async json<T>(path: string): Promise<T> {
    return (await this.fetch(path)).json() as Promise<T>;
  }

  async text(path: string): Promise<string> {
    return (await this.fetch(path)).text();
  }

  async bytes(path: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.fetch(path)).arrayBuffer());
  }

  key() {
    return this.json<{ origin: string; vkey: string; publicKey: string; keyId: string }>('/v1/ledger/key');
  }

  checkpoint(size?: number) {
    return this.text(size === undefined ? '/v1/ledger/checkpoint' : `/v1/ledger/checkpoint/${size}`);
  }

  consistency(from: number, to: number) {
    return this.json<{ from: number; to: number; proof: string[] }>(
      `/v1/ledger/proof/consistency?from=${from}&to=${to}`,
    );
  }

  inclusion(index: number, size: number) {
    return this.json<InclusionView>(`/v1/ledger/proof/inclusion?index=${index}&size=${size}`);
  }

  inclusionOf(unit: string, kind: string, version: number, size: number) {
    return this.json<InclusionView>(
      `/v1/ledger/proof/inclusion?unit=${encodeURIComponent(unit)}&kind=` +
        `${encodeURIComponent(kind)}&version=${version}&size=${size}`,
    );
  }

  entryBundle(path: string) {
    return this.bytes(`/v1/ledger/tile/entries/${path}`);
  }

  /**
   * Every unit with a published record, revoked ones included (their history stays public), by region prefix (or all).
   */
  async units(region?: string): Promise<string[]> {
    return (await this.unitListing(region)).map((u) => u.uscc);
  }

  /**
   * The unit listing itself, revoked units included: the latest records, as the entity heads hold them, or with `at`
   * the records in force on that date.
   */
  async unitListing(region?: string, at?: string): Promise<ListedUnit[]> {
    const out: ListedUnit[] = [];
    let cursor: string | undefined;
    do {
      const q = new URLSearchParams({
        limit: '500',
        status: 'all',
        ...(region ? { region } : {}),
        ...(at ? { at } : {}),
        ...(cursor ? { cursor } : {}),
      });
      const page = await this.json<{ items: ListedUnit[]; nextCursor?: string }>(`/v1/units?${q}`);
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** Units that have moved out of a region under the prefix, each with the region it left. */
  async formerUnits(region: string): Promise<Array<{ uscc: string; regionCode: string }>> {
    return (
      await this.json<{ items: Array<{ uscc: string; regionCode: string }> }>(
        `/v1/regions/${encodeURIComponent(region)}/former-units`,
      )
    ).items;
  }

  unitLists(uscc: string) {
    return this.json<{ lists: Array<{ kind: string; latestVersion: number }> }>(`/v1/units/${uscc}/lists`);
  }

  async versions(uscc: string, kind: string): Promise<VersionMetaView[]> {
    const path = kind === 'entity' ? `/v1/units/${uscc}/versions` : `/v1/units/${uscc}/lists/${kind}/versions`;
    return (await this.json<{ versions: VersionMetaView[] }>(path)).versions;
  }

  /** The number of the version in force on `at` as known at `asOf` (HttpError 404 when none is). */
  async inForceVersion(uscc: string, kind: string, at: string, asOf: string): Promise<number> {
    const q = new URLSearchParams({ at, asOf });
    if (kind === 'entity') {
      return (await this.json<{ version: { version: number } }>(`/v1/units/${uscc}?${q}`)).version.version;
    }
    q.set('limit', '1');
    return (await this.json<{ version: { version: number } }>(`/v1/units/${uscc}/lists/${kind}?${q}`)).version.version;
  }

  /** One version with all its items, following item cursors. */
  async version(
    uscc: string,
    kind: string,
    n: number,
  ): Promise<{ meta: VersionMetaView; items: Array<Record<string, unknown>> }> {
    const items: Array<Record<string, unknown>> = [];
    let meta: VersionMetaView | undefined;
    let cursor: string | undefined;
    do {
      const q = new URLSearchParams({ limit: '10000', ...(cursor ? { cursor } : {}) });
      const page = await this.json<{
        version: VersionMetaView;
        items: Array<Record<string, unknown>>;
        nextCursor?: string;
      }>(`/v1/units/${uscc}/lists/${kind}/versions/${n}?${q}`);
      meta ??= page.version;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return { meta: meta!, items };
  }

  /** One page of search answers (`/v1/search`): item hits and, on the first page, the units matched by name or code. */
  search(params: Record<string, string>): Promise<SearchAnswer> {
    return this.json<SearchAnswer>(`/v1/search?${new URLSearchParams(params)}`);
  }

  /** Every decision a unit serves, over all decision dates (the public view: content, or a trace). */
  async unitDecisions(uscc: string): Promise<ServedDecision[]> {
    const out: ServedDecision[] = [];
    let cursor: string | undefined;
    do {
      const q = new URLSearchParams({
        from: '1900-01-01',
        to: '9999-12-31',
        limit: '500',
        ...(cursor ? { cursor } : {}),
      });
      const page = await this.json<{ items: ServedDecision[]; next?: string }>(`/v1/units/${uscc}/decisions?${q}`);
      out.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return out;
  }
}
