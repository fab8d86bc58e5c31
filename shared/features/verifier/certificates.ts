/**
 * The certificate index (`CERT#…`) behind the public check by number (`/v1/certificates/{number}`) is derived from
 * the officers lists, not read from their versions: a stored copy of logged facts. For every officers stream in
 * scope, every certificate number any logged version names is checked by number, and the unit's part of the
 * answer's history (each version that listed, changed or dropped the certificate, with the record it states) must
 * be exactly what the logged versions give: no version, change or record missing, none added, and each record's
 * facts (holder, type, category, area, issuer, dates, status, cancellation date and reason) equal to the logged
 * one. The logged contents are the ones step 5 verified against their leaves and mirrored. The history is rebuilt
 * here from the versions alone (a run per change, as the index keeps them), sharing no code with the registry.
 * Each number a unit lists now also has its stored card credential read (`certificate-credential`): signed under
 * the published certificate key, stating the logged record.
 * What cannot be seen: an index entry for a number no logged version in scope names (the index is keyed by number
 * and has no public listing), and the parts of an answer that belong to units outside the scope.
 */
import type { TimelineEntry } from '../../core/versions.js';
import { CREDENTIAL_PREFIX, verifyEnvelope, type CredentialPayload } from '../officers/index.js';
import { HttpError, type PublicApi } from './client.js';

export interface CertificateIndexFinding {
  unit: string;
  kind: 'officers';
  version?: number;
  check: 'certificate-index' | 'certificate-credential';
  message: string;
}

/** One entry of the served history, as `/v1/certificates/{number}` answers it. */
interface ServedHistoryEntry {
  uscc: string;
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  change: string;
  certificate?: Record<string, unknown>;
}

/** What the history says for one version of one unit: the change and the record that version states. */
interface ExpectedEntry {
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  change: 'listed' | 'changed' | 'removed';
  record?: Record<string, unknown>;
}

/** The certificate facts the check answer states, as it prints them (optional ones absent when empty). */
const REQUIRED_FACTS = ['name', 'certificateType', 'category', 'issuedOn', 'validUntil', 'status'] as const;
const OPTIONAL_FACTS = ['area', 'issuer', 'cancelledOn', 'cancelReason'] as const;

export interface OfficersStream {
  unit: string;
  /** The stream's timeline rebuilt from its logged leaves, oldest version first. */
  timeline: readonly TimelineEntry[];
}

export async function checkCertificateIndex(
  api: PublicApi,
  options: {
    streams: readonly OfficersStream[];
    /** The items of a logged version as verified in step 5 (undefined when it could not be read). */
    loggedItems: (uscc: string, version: number) => ReadonlyArray<Record<string, unknown>> | undefined;
    now: Date;
    maxDelayMs: number;
    pool: <T>(items: readonly T[], fn: (item: T) => Promise<void>) => Promise<void>;
  },
): Promise<{ certificates: number; failures: CertificateIndexFinding[]; warnings: CertificateIndexFinding[] }> {
  const failures: CertificateIndexFinding[] = [];
  const warnings: CertificateIndexFinding[] = [];
  const expected = new Map<string, Map<string, ExpectedEntry[]>>();
  const young = new Set<string>();
  const latestLogged = new Map<string, number>();
  for (const stream of options.streams) {
    const latest = stream.timeline.at(-1);
    latestLogged.set(stream.unit, latest?.version ?? 0);
    if (latest && options.now.getTime() - Date.parse(latest.publishedAt) < options.maxDelayMs) young.add(stream.unit);
    for (const [number, entries] of expectedHistories(stream, options.loggedItems)) {
      const byUnit = expected.get(number) ?? new Map<string, ExpectedEntry[]>();
      byUnit.set(stream.unit, entries);
      expected.set(number, byUnit);
    }
  }
  // The index is derived right after a publication: within the logging delay it may not hold the newest version yet.
  const lagging = (unit: string, version: number | undefined) =>
    young.has(unit) && version !== undefined && version === latestLogged.get(unit);
  // A registry with no officers lists in scope is asked nothing.
  const publicKey = expected.size > 0 ? await certificateKey(api) : undefined;
  await options.pool([...expected], async ([number, byUnit]) => {
    let served: ServedHistoryEntry[];
    try {
      served = (await api.json<{ history: ServedHistoryEntry[] }>(`/v1/certificates/${encodeURIComponent(number)}`))
        .history;
    } catch (e) {
      // The check answers 404 for a number no unit lists any more: right when every unit's last word is a removal.
      const notFound = e instanceof HttpError && e.status === 404;
      if (notFound && [...byUnit.values()].every((entries) => entries.at(-1)?.change === 'removed')) return;
      const what = notFound ? 'has no index entry' : `is not readable (${describeError(e)})`;
      for (const [unit, entries] of byUnit) {
        const message = `certificate ${number} ${what}`;
        (lagging(unit, entries[0]?.version) ? warnings : failures).push(finding(unit, undefined, message));
      }
      return;
    }
    for (const [unit, entries] of byUnit) {
      const logged = latestLogged.get(unit) ?? 0;
      // A version published after the last logged one may still wait for the log (the log checks cover it).
      const pending = (s: ServedHistoryEntry) =>
        s.version > logged && options.now.getTime() - Date.parse(s.publishedAt) < options.maxDelayMs;
      const servedHere = served.filter((h) => h.uscc === unit);
      for (const d of compare(entries, servedHere, logged)) {
        const late =
          (d.missing && lagging(unit, d.version)) || servedHere.some((s) => s.version === d.version && pending(s));
        (late ? warnings : failures).push(finding(unit, d.version, `certificate ${number}: ${d.message}`));
      }
    }
    if (publicKey) await checkCredential(api, publicKey, number, byUnit, { failures, warnings, lagging });
  });
  return { certificates: expected.size, failures, warnings };
}

const finding = (
  unit: string,
  version: number | undefined,
  message: string,
  check: CertificateIndexFinding['check'] = 'certificate-index',
): CertificateIndexFinding => ({
  unit,
  kind: 'officers',
  ...(version === undefined ? {} : { version }),
  check,
  message,
});

/** The certificate key the registry publishes (raw Ed25519), or undefined where it signs no certificates. */
async function certificateKey(api: PublicApi): Promise<Uint8Array | undefined> {
  try {
    const key = await api.json<{ publicKey: string }>('/v1/certificates/key');
    return new Uint8Array(Buffer.from(key.publicKey, 'base64url'));
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return undefined;
    throw e;
  }
}

/** The credential facts compared: what the card prints of the record, and the publication that states it. */
const CREDENTIAL_FACTS: Array<[keyof CredentialPayload, string]> = [
  ['no', 'certificateNumber'],
  ['n', 'name'],
  ['t', 'certificateType'],
  ['k', 'category'],
  ['f', 'issuedOn'],
  ['e', 'validUntil'],
];

/**
 * The stored card credential (`/v1/certificates/{number}/credential`) of a number a unit in scope lists now: its
 * signature under the published certificate key, and the facts it states (number, holder, unit, type, category,
 * dates, and its issue time: the publication of the version that last changed the record) against the logged
 * record (`certificate-credential`). A credential stating another unit (a transfer) is that unit's to check.
 */
async function checkCredential(
  api: PublicApi,
  publicKey: Uint8Array,
  number: string,
  byUnit: ReadonlyMap<string, ExpectedEntry[]>,
  out: {
    failures: CertificateIndexFinding[];
    warnings: CertificateIndexFinding[];
    lagging: (unit: string, version: number | undefined) => boolean;
  },
): Promise<void> {
  const listing = [...byUnit].filter(([, entries]) => entries.at(-1)?.record);
  if (listing.length === 0) return;
  let credential: string;
  try {
    credential = (await api.json<{ credential: string }>(`/v1/certificates/${encodeURIComponent(number)}/credential`))
      .credential;
  } catch (e) {
    for (const [unit, entries] of listing)
      (out.lagging(unit, entries.at(-1)!.version) ? out.warnings : out.failures).push(
        finding(
          unit,
          undefined,
          `certificate ${number}: no stored credential is served (${describeError(e)})`,
          'certificate-credential',
        ),
      );
    return;
  }
  const verified = verifyEnvelope<CredentialPayload>(credential, CREDENTIAL_PREFIX, publicKey);
  if (!verified.ok) {
    for (const [unit] of listing)
      out.failures.push(
        finding(unit, undefined, `certificate ${number}: the credential ${verified.reason}`, 'certificate-credential'),
      );
    return;
  }
  const payload = verified.payload;
  const mine = listing.find(([unit]) => unit === payload.c);
  if (!mine) return;
  const [unit, entries] = mine;
  const last = entries.at(-1)!;
  const wrong = CREDENTIAL_FACTS.flatMap(([field, recordField]) =>
    payload[field] === String(last.record![recordField]) ? [] : [`${field} ${show(payload[field])}`],
  );
  if (payload.iat !== last.publishedAt) wrong.push(`iat ${show(payload.iat)}`);
  if (wrong.length === 0) return;
  const logged = CREDENTIAL_FACTS.map(([f, r]) => `${f} ${show(last.record![r])}`).join(', ');
  (out.lagging(unit, last.version) ? out.warnings : out.failures).push(
    finding(
      unit,
      last.version,
      `certificate ${number}: the credential states ${wrong.join(', ')}; the logged version ${last.version} ` +
        `says ${logged}, iat ${last.publishedAt}`,
      'certificate-credential',
    ),
  );
}

/**
 * Per certificate number, the unit's history as its logged versions give it: a version starts a run where the
 * record it lists differs from the one before (序号 aside), a version that no longer lists the number (or repeals
 * the list) is a removal, and nothing before the first listing counts.
 */
function expectedHistories(
  stream: OfficersStream,
  loggedItems: (uscc: string, version: number) => ReadonlyArray<Record<string, unknown>> | undefined,
): Map<string, ExpectedEntry[]> {
  const byVersion = stream.timeline.map((entry) => {
    const items = entry.status === 'repealed' ? [] : loggedItems(stream.unit, entry.version);
    return { entry, records: items && new Map(items.map((i) => [String(i.certificateNumber), withoutSeq(i)])) };
  });
  // A version whose content could not be read is failed by step 5; its numbers cannot be checked.
  if (byVersion.some((v) => !v.records)) return new Map();
  const numbers = new Set(byVersion.flatMap((v) => [...v.records!.keys()]));
  const out = new Map<string, ExpectedEntry[]>();
  for (const number of numbers) {
    const entries: ExpectedEntry[] = [];
    let last: string | undefined;
    for (const { entry, records } of byVersion) {
      const record = records!.get(number);
      const key = record ? sortedJson(record) : 'null';
      if (key === last || (!record && last === undefined)) continue;
      const change = !record ? 'removed' : last === undefined || last === 'null' ? 'listed' : 'changed';
      const { version, effectiveFrom, publishedAt } = entry;
      entries.push({ version, effectiveFrom, publishedAt, change, ...(record ? { record } : {}) });
      last = key;
    }
    out.set(number, entries);
  }
  return out;
}

/** Where the served history of one unit departs from the expected one, entry by entry. */
function compare(
  expected: readonly ExpectedEntry[],
  served: readonly ServedHistoryEntry[],
  latestLogged: number,
): Array<{ version: number; message: string; missing?: true }> {
  const out: Array<{ version: number; message: string; missing?: true }> = [];
  const servedByVersion = new Map(served.map((s) => [s.version, s]));
  for (const e of expected) {
    const s = servedByVersion.get(e.version);
    if (!s) {
      out.push({
        version: e.version,
        message: `the index does not hold version ${e.version} (${e.change})`,
        missing: true,
      });
      continue;
    }
    for (const field of ['change', 'effectiveFrom', 'publishedAt'] as const)
      if (s[field] !== e[field])
        out.push({ version: e.version, message: `the index says ${field} ${s[field]}, the log ${e[field]}` });
    for (const [field, logged] of facts(e.record)) {
      const stated = s.certificate?.[field];
      if ((stated ?? undefined) !== logged)
        out.push({
          version: e.version,
          message: `the index says ${field} ${show(stated)}, the log ${show(logged)}`,
        });
    }
  }
  const logged = new Set(expected.map((e) => e.version));
  for (const s of served)
    if (!logged.has(s.version))
      out.push({
        version: s.version,
        message: `the index holds version ${s.version} (${s.change}), the log does not (latest logged ${latestLogged})`,
      });
  return out;
}

/** The facts a record states as the check answer prints them (none for a removal). */
function facts(record: Record<string, unknown> | undefined): Array<[string, string | undefined]> {
  if (!record) return [];
  return [
    ['certificateNumber', String(record.certificateNumber)],
    ...REQUIRED_FACTS.map((f): [string, string] => [f, String(record[f])]),
    ...OPTIONAL_FACTS.map((f): [string, string | undefined] => [
      f,
      typeof record[f] === 'string' && record[f] !== '' ? (record[f] as string) : undefined,
    ]),
  ];
}

const describeError = (e: unknown) =>
  e instanceof HttpError ? `HTTP ${e.status}${e.reason ? ` ${e.reason}` : ''}` : String((e as Error).message ?? e);

const show = (value: unknown) => JSON.stringify(value ?? null);

function withoutSeq({ seq: _seq, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return rest;
}

function sortedJson(record: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}
