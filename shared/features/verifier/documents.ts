/**
 * Decision documents (signed monthly statements and yearly reports, 事后公示) held against their log leaves
 * (format: ledger/model/document-leaf.ts), from public routes:
 * - every logged version is still served, and hashes to the logged contentHash (a changed, replaced or back-dated
 *   statement or report is named);
 * - the latest version served of each logged report is a logged one (a version stored but never logged, older
 *   than the maximum delay, is named; a younger one is a warning).
 * A statement or report of a unit that has no leaf at all is not found this way: the verifier knows documents by
 * their leaves (docs/verifier.md says so).
 */
import { contentHash } from '../../core/canonical-json.js';
import { decodeDocumentLeaf, type DocumentLeaf } from '../ledger/index.js';
import { HttpError, type PublicApi } from './client.js';

export interface DocumentFinding {
  unit: string;
  kind: 'decision-document';
  check: 'decision-document' | 'pending';
  message: string;
}

export interface DocumentCheck {
  /** Document versions checked (one per leaf). */
  documents: number;
  failures: DocumentFinding[];
  warnings: DocumentFinding[];
}

type Pool = <T>(items: readonly T[], fn: (item: T) => Promise<void>) => Promise<void>;

/** The public route that serves one version of a document, and the one that serves its latest. */
function routesOf(leaf: DocumentLeaf): { version: string; latest?: string } {
  const year = encodeURIComponent(leaf.period);
  if (leaf.document === 'zero-statement')
    return { version: `/v1/units/${leaf.unit}/decision-statements/${encodeURIComponent(leaf.period)}` };
  const base =
    leaf.document === 'region-report'
      ? `/v1/regions/${leaf.regionCode}/decision-reports/${year}`
      : `/v1/units/${leaf.unit}/decision-reports/${year}`;
  return { version: `${base}?version=${leaf.version}`, latest: base };
}

const served = (leaf: DocumentLeaf, body: Record<string, unknown>) =>
  leaf.document === 'zero-statement' ? (body.statement as Record<string, unknown> | null) : body;

export async function checkDocuments(
  api: PublicApi,
  input: { leaves: ReadonlyArray<[number, string]>; origin: string; now: Date; maxDelayMs: number; pool: Pool },
): Promise<DocumentCheck> {
  const out: DocumentCheck = { documents: 0, failures: [], warnings: [] };
  const fail = (unit: string | null, message: string): void => {
    out.failures.push({ unit: unit ?? '', kind: 'decision-document', check: 'decision-document', message });
  };
  const leaves: Array<{ index: number; leaf: DocumentLeaf }> = [];
  for (const [index, text] of input.leaves) {
    try {
      leaves.push({ index, leaf: decodeDocumentLeaf(text) });
    } catch {
      fail(null, `leaf ${index} is not a valid decision document leaf`);
    }
  }
  out.documents = leaves.length;
  await input.pool(leaves, async ({ index, leaf }) => {
    const name = `${leaf.document} ${leaf.unit ?? leaf.regionCode} ${leaf.period} v${leaf.version} (leaf ${index})`;
    if (leaf.origin !== input.origin) fail(leaf.unit, `${name} names origin ${leaf.origin}`);
    let body: Record<string, unknown> | null;
    try {
      body = served(leaf, await api.json<Record<string, unknown>>(routesOf(leaf).version));
    } catch (e) {
      fail(leaf.unit, `${name}: logged but not served (${describe(e)})`);
      return;
    }
    if (!body) return fail(leaf.unit, `${name}: logged but not served`);
    if (contentHash(body) !== leaf.contentHash)
      fail(leaf.unit, `${name}: the served document does not hash to the contentHash logged`);
  });
  // Per report: the latest version served is logged (statements have one version).
  const newest = new Map<string, { leaf: DocumentLeaf; index: number }>();
  for (const l of leaves) {
    if (l.leaf.document === 'zero-statement') continue;
    const key = routesOf(l.leaf).latest!;
    const seen = newest.get(key);
    if (!seen || seen.leaf.version < l.leaf.version) newest.set(key, l);
  }
  await input.pool([...newest], async ([route, { leaf }]) => {
    let latest: Record<string, unknown>;
    try {
      latest = await api.json<Record<string, unknown>>(route);
    } catch (e) {
      return fail(leaf.unit, `${route}: not served (${describe(e)})`);
    }
    const version = Number(latest.version);
    if (version <= leaf.version) return;
    const young = input.now.getTime() - Date.parse(String(latest.computedAt)) < input.maxDelayMs;
    (young ? out.warnings : out.failures).push({
      unit: leaf.unit ?? '',
      kind: 'decision-document',
      check: young ? 'pending' : 'decision-document',
      message: `${route}: version ${version} is served, the log holds versions up to ${leaf.version} only`,
    });
  });
  return out;
}

function describe(e: unknown): string {
  if (e instanceof HttpError) return `HTTP ${e.status}${e.reason ? ` ${e.reason}` : ''}`;
  return (e as Error).message ?? String(e);
}
