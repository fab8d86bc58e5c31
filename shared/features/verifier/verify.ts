/**
 * `gongshi verify`: audits a registry from its public routes alone.
 *
 * 1. The signing key: pinned on first use (or given), then required to stay the same.
 * 2. The latest checkpoint: its signature under the pinned key.
 * 3. Consistency with the checkpoint saved by the last run (or given): the log
 *    only grew; the log still serves the same checkpoint for the saved size.
 * 4. The log itself: every entry bundle up to the checkpoint, hashed to the
 *    signed root, so the mirror holds exactly what was signed.
 * 5. Every version in scope: its items hash to its contentHash, its
 *    previousHash chains to the version before, its leaf (rebuilt here, with
 *    itemsRoot recomputed from the items) is byte-for-byte the logged entry
 *    and is included under the checkpoint (inclusion proof).
 * 6. Coverage: every logged version of a unit in scope is still served.
 * 7. What reads decide: every stream's timeline is rebuilt from its logged leaves and the
 *    registry's answers to `at`/`asOf` questions are held against it (answers.ts); for a region, a unit
 *    that moved is asked only about the dates it belonged there (membership.ts). The unit listings, now and
 *    on each logged effective date: which units they hold, with which entity versions (entity-copies.ts,
 *    unit-listings.ts); units the log names that the listings leave out (unlisted-units.ts); search answers
 *    on the day (search-answers.ts); a region's statistics on the day, recounted (derived-stats.ts).
 * 8. Decisions (事后公示): each served decision against its logged events (decisions.ts), and their signed
 *    statements and yearly reports against their logged versions (documents.ts).
 * 9. Draws (双随机): each served draw against its logged events (draws.ts).
 *
 * Besides: the certificate index and the stored card credentials behind the check by number, against the logged
 * officers versions (certificates.ts).
 *
 * Findings name unit, kind, version and what failed.
 */
import { readFileSync } from 'node:fs';
import { chinaDate } from '../../core/dates.js';
import { contentHash } from '../../core/canonical-json.js';
import { itemIdentity } from '../../core/identity.js';
import { regionPrefix } from '../../core/region.js';
import { entityKind, findKind, type RecordKind } from '../../core/kinds/index.js';
import { parseCheckpoint, type Checkpoint } from '../ledger/index.js';
import { equalHashes, fromBase64, leafHash, toBase64, type Hash } from '../ledger/index.js';
import { itemsRootHex } from '../ledger/index.js';
import { buildLeaf, decodeLeaf, encodeLeaf, leafDifferences, leafFormatOf } from '../ledger/index.js';
import { CURRENT_LEAF_FORMAT } from '../ledger/index.js';
import type { ListNotes } from '../../core/versions.js';
import { rootFromLeafHashes, verifyConsistency, verifyInclusion } from '../ledger/index.js';
import { openNote, parseVerifierKey, type NoteVerifierKey } from '../ledger/index.js';
import { decodeEntryBundle, encodeTileIndex, TILE_WIDTH } from '../ledger/index.js';
import type { Leaf } from '../ledger/index.js';
import { checkAnswers, timelinesFromLeaves } from './answers.js';
import { verifyUnitListings } from './unit-listings.js';
import { verifySearchAnswers } from './search-answers.js';
import { checkStats } from './derived-stats.js';
import { keepLatestEntityLeaf, unlistedUnitFindings } from './unlisted-units.js';
import { checkCertificateIndex } from './certificates.js';
import { checkDecisions } from './decisions.js';
import { checkDocuments } from './documents.js';
import { isDecisionLeafText, isDocumentLeafText, isDrawLeafText } from '../ledger/index.js';
import { checkDraws } from './draws.js';
import { HttpError, PublicApi, type Fetcher, type VersionMetaView } from './client.js';
import { membershipPeriods, type Period } from './membership.js';
import { Mirror } from './mirror.js';

export interface VerifyOptions {
  baseUrl: string;
  out: string;
  region?: string;
  unit?: string;
  /** A checkpoint note saved earlier; default the one this folder saved last time. */
  checkpointFile?: string;
  /** Verifier key (`<name>+<id>+<key>`) to trust instead of the pinned or served one. */
  key?: string;
  now?: Date;
  /** Versions younger than this may still wait for the log (default 2 minutes, above the stated maximum delay). */
  maxDelayMs?: number;
  concurrency?: number;
  /**
   * Look for units the log names that the run's listings leave out (unlisted-units.ts; default true). A region run
   * reads the latest entity version of every unit outside its scope once per folder.
   */
  unlistedUnits?: boolean;
  /** How to reach the registry (default `fetch`); the scheduled check passes the app's own `request`. */
  fetch?: Fetcher;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface Finding {
  unit?: string;
  kind?: string;
  version?: number;
  check: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  baseUrl: string;
  origin?: string;
  vkey?: string;
  checkpoint?: { size: number; root: string };
  previous?: { size: number; root: string };
  units: number;
  versions: number;
  leavesInScope: number;
  /** In-force questions asked (`at`, `asOf`) and held against the logged timelines. */
  questions: number;
  /** Decisions held against their logged events. */
  decisions?: number;
  /** Unit listings read (now, and on each logged effective date) and held against the logged entity versions. */
  listings?: number;
  /** Search queries asked and held against the logged versions. */
  searches?: number;
  /** Statement and report versions held against their leaves. */
  decisionDocuments?: number;
  /** Draws held against their logged events. */
  draws?: number;
  requests: number;
  failures: Finding[];
  warnings: Finding[];
}

interface Progress {
  size: number;
  root: string;
  done: Record<string, number>;
}

const decoder = new TextDecoder();

export async function verifyRegistry(options: VerifyOptions): Promise<VerifyReport> {
  const api = new PublicApi(options.baseUrl, options.fetch);
  const mirror = new Mirror(options.out);
  const now = options.now ?? new Date();
  const maxDelayMs = options.maxDelayMs ?? 120_000;
  const report: VerifyReport = {
    ok: false,
    baseUrl: api.base,
    units: 0,
    versions: 0,
    leavesInScope: 0,
    questions: 0,
    requests: 0,
    failures: [],
    warnings: [],
  };
  const fail = (f: Finding) => report.failures.push(f);
  const finish = () => {
    report.requests = api.requests;
    report.ok = report.failures.length === 0;
    mirror.writeJson(report, 'report.json');
    return report;
  };

  // 1. The key.
  const served = await api.key();
  const pinned = options.key ?? mirror.readJson<{ vkey: string }>('key.json')?.vkey;
  if (pinned && pinned !== served.vkey) {
    fail({
      check: 'key',
      message: `the log's signing key changed: pinned ${pinned}, the registry now publishes ${served.vkey}`,
    });
  }
  let key: NoteVerifierKey;
  try {
    key = parseVerifierKey(pinned ?? served.vkey);
  } catch (e) {
    fail({ check: 'key', message: `unusable verifier key: ${(e as Error).message}` });
    return finish();
  }
  if (!pinned) mirror.writeJson({ vkey: served.vkey, origin: served.origin, pinnedAt: now.toISOString() }, 'key.json');
  report.origin = key.name;
  report.vkey = pinned ?? served.vkey;

  // 2. The latest checkpoint.
  const note = await api.checkpoint();
  let cp: Checkpoint;
  try {
    cp = parseCheckpoint(openNote(note, [key]).text);
  } catch (e) {
    fail({ check: 'checkpoint', message: `the latest checkpoint does not verify: ${(e as Error).message}` });
    return finish();
  }
  if (cp.origin !== key.name)
    fail({ check: 'checkpoint', message: `checkpoint origin ${cp.origin} is not the key's ${key.name}` });
  report.checkpoint = { size: cp.size, root: toBase64(cp.root) };

  // 3. Consistency with the last checkpoint we trusted.
  const previousNote = options.checkpointFile
    ? readFileSync(options.checkpointFile, 'utf8')
    : mirror.read('checkpoint.txt');
  if (previousNote) await checkPrevious(api, key, cp, previousNote, report, fail);
  const historyOk = report.failures.length === 0;

  // 4. Units in scope, then the log's entries.
  // A region's units are its current members and those that left it: they stay in its verification for the dates
  // they belonged there (membership.ts).
  // A --unit run reads no listing (it would be every unit's): the listing's copies are checked by region and full runs.
  const listing = options.unit ? [] : await api.unitListing(options.region);
  const units = options.unit
    ? [options.unit.toUpperCase()]
    : [
        ...new Set([
          ...listing.map((u) => u.uscc),
          ...(options.region ? (await api.formerUnits(options.region)).map((u) => u.uscc) : []),
        ]),
      ];
  report.units = units.length;
  const scope = new Set(units);
  // A region's own yearly reports name no unit: in scope by the region a --region run names.
  const regionDocument = options.region ? `"regionCode":"${options.region}"` : undefined;
  const regionOwn = (text: string) =>
    regionDocument !== undefined && text.includes('"unit":null') && text.includes(regionDocument);
  const entries = await readEntries(api, mirror, cp, scope, options.onProgress, regionOwn);
  const { hashes } = entries;
  // Decision, document and draw leaves are checked apart (steps 8 and 9); the version checks see list leaves only.
  const decisionLeaves = [...entries.scoped].filter(([, text]) => isDecisionLeafText(text));
  const documentLeaves = [...entries.scoped].filter(([, text]) => isDocumentLeafText(text));
  const drawLeaves = [...entries.scoped].filter(([, text]) => isDrawLeafText(text));
  const listLeaf = (text: string) => !isDecisionLeafText(text) && !isDocumentLeafText(text) && !isDrawLeafText(text);
  const scoped = new Map([...entries.scoped].filter(([, text]) => listLeaf(text)));
  const root = rootFromLeafHashes(hashes);
  if (!equalHashes(root, cp.root)) {
    fail({
      check: 'log',
      message: `the log's entries (${hashes.length}) do not hash to the signed root of checkpoint ${cp.size}`,
    });
  }
  report.leavesInScope = entries.scoped.size;

  // 5. Every version in scope.
  const resume = mirror.readJson<Progress>('progress.json');
  const progress: Progress =
    resume && resume.size === cp.size && resume.root === toBase64(cp.root)
      ? resume
      : { size: cp.size, root: toBase64(cp.root), done: {} };
  const matched = new Map<number, string>(Object.entries(progress.done).map(([k, i]) => [i, k]));
  const streams: Array<{ uscc: string; kind: string; latest?: number }> = [];
  await pool(units, options.concurrency ?? 4, async (uscc) => {
    try {
      const lists = await api.unitLists(uscc);
      streams.push(
        { uscc, kind: 'entity' },
        ...lists.lists.map((l) => ({ uscc, kind: l.kind, latest: l.latestVersion })),
      );
    } catch (e) {
      fail({ unit: uscc, check: 'unit', message: `unit not readable: ${describe(e)}` });
    }
  });
  const jobs: Array<{ uscc: string; kind: string; meta: VersionMetaView; previous?: VersionMetaView }> = [];
  await pool(streams, options.concurrency ?? 4, async (s) => {
    let versions: VersionMetaView[];
    try {
      versions = await api.versions(s.uscc, s.kind);
    } catch (e) {
      fail({ unit: s.uscc, kind: s.kind, check: 'history', message: `version history not readable: ${describe(e)}` });
      return;
    }
    const latest = Math.max(s.latest ?? 0, ...versions.map((v) => v.version));
    const byNumber = new Map(versions.map((v) => [v.version, v]));
    for (let n = 1; n <= latest; n++) {
      const meta = byNumber.get(n);
      if (!meta) {
        fail({
          unit: s.uscc,
          kind: s.kind,
          version: n,
          check: 'history',
          message: `version ${n} is missing from the version history (latest is ${latest})`,
        });
        continue;
      }
      jobs.push({ uscc: s.uscc, kind: s.kind, meta, previous: byNumber.get(n - 1) });
    }
    versions.forEach((v, i) => {
      if (v.version !== i + 1)
        fail({
          unit: s.uscc,
          kind: s.kind,
          version: v.version,
          check: 'history',
          message: `the history lists version ${v.version} at position ${i + 1} (out of order or a gap)`,
        });
    });
  });
  report.versions = jobs.length;

  let done = 0;
  let sinceSave = 0;
  await pool(jobs, options.concurrency ?? 4, async (job) => {
    const id = `${job.uscc}/${job.kind}/${job.meta.version}`;
    if (progress.done[id] === undefined) {
      const index = await verifyVersion(
        api,
        mirror,
        { ...job, origin: key.name, cp, scoped, now, maxDelayMs },
        fail,
        (f) => report.warnings.push(f),
      );
      if (index !== undefined) {
        if (matched.has(index) && matched.get(index) !== id) {
          fail({
            unit: job.uscc,
            kind: job.kind,
            version: job.meta.version,
            check: 'log',
            message: `claims leaf ${index}, which already proves ${matched.get(index)}`,
          });
        }
        matched.set(index, id);
        progress.done[id] = index;
      }
      if (++sinceSave >= 50) {
        sinceSave = 0;
        mirror.writeJson(progress, 'progress.json');
      }
    }
    options.onProgress?.({ phase: 'versions', done: ++done, total: jobs.length });
  });

  // 6. Coverage: what the log holds for units in scope must still be served.
  const seen = new Map<string, number>();
  for (const [index, text] of scoped) {
    const leaf = safeLeaf(text);
    if (!leaf) {
      fail({ check: 'log', message: `leaf ${index} is not a valid leaf` });
      continue;
    }
    const id = `${leaf.unit}/${leaf.kind}/${leaf.version}`;
    if (seen.has(id))
      fail({
        unit: leaf.unit,
        kind: leaf.kind,
        version: leaf.version,
        check: 'log',
        message: `logged twice (leaves ${seen.get(id)} and ${index})`,
      });
    seen.set(id, index);
    if (leaf.origin !== key.name)
      fail({
        unit: leaf.unit,
        kind: leaf.kind,
        version: leaf.version,
        check: 'log',
        message: `leaf ${index} names origin ${leaf.origin}`,
      });
    if (!matched.has(index)) {
      fail({
        unit: leaf.unit,
        kind: leaf.kind,
        version: leaf.version,
        check: 'deleted',
        message:
          `logged at leaf ${index} (published ${leaf.publishedAt}) but no longer served ` +
          `by the registry as that version`,
      });
    }
  }

  // 7. What reads decide: the registry's in-force answers against the timelines rebuilt from the log.
  const logged = [...scoped.values()].map(safeLeaf).filter((l): l is Leaf => l !== undefined && l.origin === key.name);
  const timelines = timelinesFromLeaves(logged);
  const membership = options.region ? membershipOf(timelines, mirror, regionPrefix(options.region.padEnd(6, '0'))) : {};
  const answers = await checkAnswers(
    api,
    [...timelines.values()].map((s) => ({ ...s, within: membership[s.unit] })),
    (items, fn) => pool(items, options.concurrency ?? 4, fn),
  );
  report.questions = answers.questions;
  for (const f of answers.findings) fail(f);

  // 7b. The unit listings against the logged entity versions.
  const entityTimelines = new Map(
    [...timelines.values()].filter((t) => t.kind === 'entity').map((t) => [t.unit, t.timeline] as const),
  );
  // The copies below are held against versions as mirrored in step 5, and only where those hash to the logged leaf.
  const loggedHashes = new Map(logged.map((l) => [`${l.unit}/${l.kind}/${l.version}`, l.contentHash]));
  const verifiedContent = (uscc: string, kind: string, n: number) => {
    const kept = mirror.readJson<{ items: Array<Record<string, unknown>> }>('units', uscc, kind, `${n}.json`);
    const hash = kept && contentHash(kind === 'entity' ? kept.items[0] : kept.items);
    return hash !== undefined && hash === loggedHashes.get(`${uscc}/${kind}/${n}`) ? kept : undefined;
  };
  const entityRecord = (uscc: string, n: number) => verifiedContent(uscc, 'entity', n)?.items[0];
  // The listing's copies (entity-copies.ts), and which units the listings hold with which records, now and on each
  // logged effective date (unit-listings.ts).
  const listings = await verifyUnitListings(
    api,
    { region: options.region, unit: options.unit, listing, scope, timelines: entityTimelines, record: entityRecord },
    (items, fn) => pool(items, options.concurrency ?? 4, fn),
  );
  report.listings = listings.listings;
  for (const f of listings.findings) fail(f);
  // Units the log names that the listings leave out (a --unit run reads no listing of all units).
  if (!options.unit && (options.unlistedUnits ?? true)) {
    const prefix = options.region ? regionPrefix(options.region.padEnd(6, '0')) : '';
    const label = options.region ?? 'all regions';
    const run = { prefix, label, outside: entries.outside };
    const unlisted = await unlistedUnitFindings(api, mirror, run, (items, fn) =>
      pool(items, options.concurrency ?? 4, fn),
    );
    for (const f of unlisted) fail(f);
  }

  // 7c. Search answers on the run's day: the units matched and sampled items, against the logged versions.
  const search = await verifySearchAnswers(
    api,
    {
      region: options.region,
      unit: options.unit,
      today: chinaDate(now),
      timelines: timelines.values(),
      content: verifiedContent,
    },
    (items, fn) => pool(items, options.concurrency ?? 4, fn),
  );
  report.searches = search.queries;
  // Search and statistics trust a region's heads for a while (GONGSHI_SEARCH_REFRESH_MS) and may answer from the
  // snapshot before a publication younger than the maximum delay: a difference then is a warning.
  const recent = new Set(
    logged.filter((l) => now.getTime() - Date.parse(l.publishedAt) < maxDelayMs).map((l) => l.unit),
  );
  const derived = (f: Finding) => ((f.unit ? recent.has(f.unit) : recent.size > 0) ? report.warnings.push(f) : fail(f));
  for (const f of search.findings) derived(f);
  // 7d. A region's statistics on the run's day, recounted from the logged versions in force.
  if (options.region) {
    const prefix = regionPrefix(options.region.padEnd(6, '0'));
    const run = { region: options.region, prefix, today: chinaDate(now), timelines: timelines.values() };
    for (const f of await checkStats(api, { ...run, content: verifiedContent })) derived(f);
  }

  // 7e. The certificate index (the check by number) against the logged officers versions.
  const certificateIndex = await checkCertificateIndex(api, {
    streams: [...timelines.values()].filter((t) => t.kind === 'officers'),
    loggedItems: (uscc, n) =>
      mirror.readJson<{ items: Array<Record<string, unknown>> }>('units', uscc, 'officers', `${n}.json`)?.items,
    now,
    maxDelayMs,
    pool: (items, fn) => pool(items, options.concurrency ?? 4, fn),
  });
  for (const f of certificateIndex.failures) fail(f);
  report.warnings.push(...certificateIndex.warnings);

  // 8. Decisions against their logged events.
  const decisions = await checkDecisions(api, mirror, {
    leaves: decisionLeaves,
    origin: key.name,
    units,
    today: chinaDate(now),
    pool: (items, fn) => pool(items, options.concurrency ?? 4, fn),
  });
  report.decisions = decisions.decisions;
  for (const f of decisions.failures) fail(f);
  report.warnings.push(...decisions.warnings);
  // Signed statements and yearly reports against their logged versions.
  const documents = await checkDocuments(api, {
    leaves: documentLeaves,
    origin: key.name,
    now,
    maxDelayMs,
    pool: (items, fn) => pool(items, options.concurrency ?? 4, fn),
  });
  report.decisionDocuments = documents.documents;
  for (const f of documents.failures) fail(f);
  report.warnings.push(...documents.warnings);

  // 9. Draws against their logged events.
  const draws = await checkDraws(api, {
    leaves: drawLeaves,
    origin: key.name,
    units,
    now,
    maxDelayMs,
    pool: (items, fn) => pool(items, options.concurrency ?? 4, fn),
  });
  report.draws = draws.draws;
  for (const f of draws.failures) fail(f);
  report.warnings.push(...draws.warnings);

  // Trust moves forward only over a history that checked out.
  if (historyOk && equalHashes(root, cp.root)) {
    mirror.write(note, 'checkpoint.txt');
    mirror.write(note, 'checkpoints', `${cp.size}.txt`);
  }
  mirror.writeJson({ size: cp.size, root: toBase64(cp.root), done: {} }, 'progress.json');
  return finish();
}

/**
 * Per unit, the dates it belonged to the region (`prefix`), for units that were outside it on some date: from the
 * logged entity timeline and the region of each entity version as mirrored (and verified) in step 5.
 */
function membershipOf(
  timelines: ReturnType<typeof timelinesFromLeaves>,
  mirror: Mirror,
  prefix: string,
): Record<string, Period[] | undefined> {
  const out: Record<string, Period[] | undefined> = {};
  for (const s of timelines.values()) {
    if (s.kind !== 'entity') continue;
    const regionOf = (n: number) => {
      const content = mirror.readJson<{ items: Array<Record<string, unknown>> }>(
        'units',
        s.unit,
        'entity',
        `${n}.json`,
      );
      const region = content?.items[0]?.regionCode;
      return typeof region === 'string' ? region : undefined;
    };
    out[s.unit] = membershipPeriods(s.timeline, regionOf, prefix);
  }
  return out;
}

async function checkPrevious(
  api: PublicApi,
  key: NoteVerifierKey,
  cp: Checkpoint,
  previousNote: string,
  report: VerifyReport,
  fail: (f: Finding) => void,
): Promise<void> {
  let prev: Checkpoint;
  try {
    prev = parseCheckpoint(openNote(previousNote, [key]).text);
  } catch (e) {
    fail({
      check: 'consistency',
      message: `the saved checkpoint does not verify under the key: ${(e as Error).message}`,
    });
    return;
  }
  report.previous = { size: prev.size, root: toBase64(prev.root) };
  if (prev.size > cp.size) {
    fail({
      check: 'consistency',
      message:
        `the log shrank: the saved checkpoint has ${prev.size} entries, the registry now ` +
        `serves ${cp.size} (rolled back)`,
    });
  } else if (prev.size === cp.size) {
    if (!equalHashes(prev.root, cp.root))
      fail({
        check: 'fork',
        message: `two different checkpoints are signed for size ${cp.size}: the saved one and the one served now`,
      });
  } else if (prev.size > 0) {
    try {
      const p = await api.consistency(prev.size, cp.size);
      if (!verifyConsistency(prev.size, cp.size, p.proof.map(fromBase64), prev.root, cp.root)) {
        fail({
          check: 'consistency',
          message:
            `checkpoint ${cp.size} does not extend the saved checkpoint ${prev.size}: ` +
            `history was rewritten or forked`,
        });
      }
    } catch (e) {
      fail({ check: 'consistency', message: `no consistency proof from ${prev.size} to ${cp.size}: ${describe(e)}` });
    }
  }
  if (prev.size > 0) {
    try {
      const again = parseCheckpoint(openNote(await api.checkpoint(prev.size), [key]).text);
      if (!equalHashes(again.root, prev.root))
        fail({
          check: 'fork',
          message:
            `two different checkpoints are signed for size ${prev.size}: the saved one ` +
            `and the one the registry serves now`,
        });
    } catch (e) {
      fail({
        check: 'fork',
        message: `the registry no longer serves a valid checkpoint for size ${prev.size}: ${describe(e)}`,
      });
    }
  }
}

async function readEntries(
  api: PublicApi,
  mirror: Mirror,
  cp: Checkpoint,
  scope: ReadonlySet<string>,
  onProgress: VerifyOptions['onProgress'],
  alsoInScope: (text: string) => boolean,
): Promise<{ hashes: Hash[]; scoped: Map<number, string>; outside: Map<string, Leaf> }> {
  const hashes: Hash[] = [];
  const scoped = new Map<number, string>();
  // The latest published entity leaf of each unit outside the scope (unlisted-units.ts).
  const outside = new Map<string, Leaf>();
  const bundles = Math.ceil(cp.size / TILE_WIDTH);
  for (let b = 0; b < bundles; b++) {
    const width = Math.min(TILE_WIDTH, cp.size - b * TILE_WIDTH);
    // Full bundles never change: the copy kept from an earlier run is the one that was signed.
    let data = width === TILE_WIDTH ? mirror.readBytes('log', 'entries', `${b}.bin`) : undefined;
    if (!data) {
      data = await api.entryBundle(`${encodeTileIndex(b)}${width < TILE_WIDTH ? `.p/${width}` : ''}`);
      mirror.write(data, 'log', 'entries', width === TILE_WIDTH ? `${b}.bin` : `${b}.p${width}.bin`);
    }
    const entries = decodeEntryBundle(data);
    if (entries.length !== width)
      throw new Error(`entry bundle ${b} holds ${entries.length} entries, expected ${width}`);
    entries.forEach((e, i) => {
      hashes.push(leafHash(e));
      const text = decoder.decode(e);
      // A draw leaf's first "unit" key is its commitment's targets unit (keys sort): its own is read parsed.
      const unit = isDrawLeafText(text)
        ? (JSON.parse(text) as { unit?: string }).unit
        : /"unit":"([^"]*)"/.exec(text)?.[1];
      if ((unit && scope.has(unit)) || (!unit && alsoInScope(text))) scoped.set(b * TILE_WIDTH + i, text);
      else if (unit && text.includes('"kind":"entity"')) {
        const leaf = safeLeaf(text);
        if (leaf) keepLatestEntityLeaf(outside, leaf);
      }
    });
    onProgress?.({ phase: 'log', done: b + 1, total: bundles });
  }
  return { hashes, scoped, outside };
}

interface VersionJob {
  uscc: string;
  kind: string;
  meta: VersionMetaView;
  previous?: VersionMetaView;
  origin: string;
  cp: Checkpoint;
  scoped: ReadonlyMap<number, string>;
  now: Date;
  maxDelayMs: number;
}

/** Checks one version; returns its leaf index when it is in the log. */
async function verifyVersion(
  api: PublicApi,
  mirror: Mirror,
  job: VersionJob,
  fail: (f: Finding) => void,
  warn: (f: Finding) => void,
): Promise<number | undefined> {
  const { uscc, kind } = job;
  const n = job.meta.version;
  const at = { unit: uscc, kind, version: n };
  const def: RecordKind | undefined = kind === 'entity' ? entityKind : findKind(kind);
  if (!def) {
    fail({ ...at, check: 'kind', message: `unknown kind ${kind}` });
    return undefined;
  }
  const earlier = mirror.readJson<{ meta: VersionMetaView; items: Array<Record<string, unknown>> }>(
    'units',
    uscc,
    kind,
    `${n}.json`,
  );
  let content: { meta: VersionMetaView; items: Array<Record<string, unknown>> };
  try {
    content = await api.version(uscc, kind, n);
  } catch (e) {
    fail({ ...at, check: 'content', message: `version not readable: ${describe(e)}` });
    return undefined;
  }
  mirror.writeJson(content, 'units', uscc, kind, `${n}.json`);
  const { meta, items } = content;

  const recomputed = contentHash(kind === 'entity' ? items[0] : items);
  if (meta.contentHash !== job.meta.contentHash) {
    fail({
      ...at,
      check: 'history',
      message:
        `the history says contentHash ${short(job.meta.contentHash)}, the version says ` + `${short(meta.contentHash)}`,
    });
  }
  for (const f of SERVED_TWICE) {
    if ((job.meta[f] ?? null) !== (meta[f] ?? null))
      fail({
        ...at,
        check: 'history',
        message: `the history says ${f} ${show(job.meta[f])}, the version says ${show(meta[f])}`,
      });
  }
  if (recomputed !== meta.contentHash) {
    const changes = earlier ? describeChanges(def, earlier.items, items) : '';
    fail({
      ...at,
      check: 'contentHash',
      message:
        `items do not hash to the published contentHash ${short(meta.contentHash)} ` +
        `(recomputed ${short(recomputed)})${changes}`,
    });
  }
  if (items.length !== meta.itemCount)
    fail({ ...at, check: 'itemCount', message: `${items.length} items served, itemCount says ${meta.itemCount}` });
  if (n === 1 && meta.previousHash !== null)
    fail({ ...at, check: 'previousHash', message: 'version 1 names a previous version' });
  if (n > 1 && job.previous && meta.previousHash !== job.previous.contentHash) {
    fail({
      ...at,
      check: 'previousHash',
      message:
        `previousHash ${short(meta.previousHash)} is not version ${n - 1}'s contentHash ` +
        `${short(job.previous.contentHash)}`,
    });
  }

  let index = meta.leafIndex ?? job.meta.leafIndex;
  if (index === undefined) {
    try {
      index = (await api.inclusionOf(uscc, kind, n, job.cp.size)).index;
    } catch (e) {
      const young = job.now.getTime() - Date.parse(meta.publishedAt) < job.maxDelayMs;
      if (e instanceof HttpError && e.hasReason('NOT_YET_LOGGED', 'NOT_YET_IN_CHECKPOINT') && young) {
        warn({
          ...at,
          check: 'pending',
          message: `published ${meta.publishedAt}, not yet in the log (within the maximum delay)`,
        });
      } else {
        fail({ ...at, check: 'log', message: `not in the log (published ${meta.publishedAt}): ${describe(e)}` });
      }
      return undefined;
    }
  }
  if (index >= job.cp.size) {
    const young = job.now.getTime() - Date.parse(meta.publishedAt) < job.maxDelayMs;
    (young ? warn : fail)({
      ...at,
      check: young ? 'pending' : 'log',
      message: `leaf ${index} is beyond checkpoint ${job.cp.size}`,
    });
    return undefined;
  }
  const logged = job.scoped.get(index);
  if (logged === undefined) {
    fail({ ...at, check: 'log', message: `claims leaf ${index}, which records another unit` });
    return undefined;
  }
  // The leaf is rebuilt in the format it was logged in, so leaves logged before format 2 stay verifiable.
  const was = safeLeaf(logged);
  const format = was ? leafFormatOf(was) : CURRENT_LEAF_FORMAT;
  const leaf = buildLeaf(
    job.origin,
    {
      unit: uscc,
      kind,
      version: n,
      status: meta.status,
      effectiveFrom: meta.effectiveFrom,
      publishedAt: meta.publishedAt,
      itemCount: items.length,
      contentHash: recomputed,
      previousHash: meta.previousHash,
      publishedBy: stringOrUndefined(meta.publishedBy),
      source: stringOrUndefined(meta.source),
      documentNumber: stringOrUndefined(meta.documentNumber),
      note: stringOrUndefined(meta.note),
      listNotes: listNotesOf(meta.listNotes),
    },
    itemsRootHex(def, items),
    format,
  );
  const leafText = encodeLeaf(leaf);
  if (logged !== leafText) {
    const detail = was
      ? leafDifferences(was, leaf)
          .map((f) => `${f}: logged ${show(field(was, f))}, now ${show(field(leaf, f))}`)
          .join('; ')
      : '(unreadable leaf)';
    fail({ ...at, check: 'log', message: `differs from what was logged at leaf ${index}: ${detail}` });
  }
  try {
    const p = await api.inclusion(index, job.cp.size);
    if (!verifyInclusion(index, job.cp.size, leafHash(leafText), p.proof.map(fromBase64), job.cp.root)) {
      fail({
        ...at,
        check: 'inclusion',
        message: `the version's leaf is not included at ${index} under checkpoint ${job.cp.size}`,
      });
    }
  } catch (e) {
    fail({ ...at, check: 'inclusion', message: `no inclusion proof for leaf ${index}: ${describe(e)}` });
  }
  return index;
}

/** What changed in the items since this folder's earlier copy, by item identity. */
function describeChanges(
  def: RecordKind,
  before: Array<Record<string, unknown>>,
  after: Array<Record<string, unknown>>,
): string {
  const map = (items: Array<Record<string, unknown>>) => new Map(items.map((i) => [itemIdentity(def, i), i]));
  const a = map(before);
  const b = map(after);
  const out: string[] = [];
  for (const [id, item] of b) {
    const old = a.get(id);
    if (!old) {
      out.push(`item ${id} added`);
      continue;
    }
    for (const f of new Set([...Object.keys(old), ...Object.keys(item)])) {
      if (JSON.stringify(old[f]) !== JSON.stringify(item[f]))
        out.push(`item ${id} field ${f}: ${show(old[f])} → ${show(item[f])}`);
    }
  }
  for (const id of a.keys()) if (!b.has(id)) out.push(`item ${id} removed`);
  return out.length
    ? `; changed since the last verified copy: ` +
        `${out.slice(0, 5).join('; ')}${out.length > 5 ? ` (+${out.length - 5} more)` : ''}`
    : '';
}

function safeLeaf(text: string) {
  try {
    return decodeLeaf(text);
  } catch {
    return undefined;
  }
}

/** Facts served both in the version history (summaries) and with the version (its metadata): they must agree. */
const SERVED_TWICE = [
  'status',
  'effectiveFrom',
  'publishedAt',
  'itemCount',
  'previousHash',
  'publishedBy',
  'source',
  'documentNumber',
  'note',
] as const;
const field = (leaf: object, name: string) => (leaf as Record<string, unknown>)[name];
const stringOrUndefined = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** The served title, preface and foot rows, hashed as served (anything but an object hashes as absent). */
const listNotesOf = (v: unknown) => (v !== null && typeof v === 'object' ? (v as ListNotes) : undefined);
const short = (h: string | null | undefined) => (h ? `${h.slice(0, 12)}…` : String(h));
const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s !== undefined && s.length > 60 ? `${s.slice(0, 57)}…` : String(s);
};

function describe(e: unknown): string {
  if (e instanceof HttpError) return `HTTP ${e.status}${e.reason ? ` ${e.reason}` : ''}`;
  return (e as Error).message ?? String(e);
}

async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
