/**
 * Importing a region folder (see ./folder-scan.ts for the layout): read and
 * validate every file first, then publish what passed. A file with any error is
 * not imported and nothing of it is written; other valid files still import.
 *
 * Re-importing never adds versions that say nothing new:
 * - content equal to the latest version is `unchanged` (the store's own rule);
 * - content equal to an earlier version with the same effectiveFrom is a `replay`
 *   (importing v1 again after v2 adds nothing): that version already says it.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isValidIsoDate } from '../../core/dates.js';
import { AppError } from '../../core/errors.js';
import { entityKind, findKind, listKindIds, listKinds } from '../../core/kinds/index.js';
import type { ColumnMap, ColumnMatch } from '../../core/headers.js';
import {
  hashContent,
  normaliseDocumentNumber,
  sameListNotes,
  type ListNotes,
  type VersionMeta,
} from '../../core/versions.js';
import type { Registry } from '../lists/index.js';
import { fileIssue, sortIssues, type FileIssue } from './issues.js';
import { IMPORT_LIMITS } from './limits.js';
import { parseCombinedList, parseEntitiesFile, parseListFile, parseUnrecognisedFile, parseWorkbook } from './parse.js';
import { versionNotes, type ParsedFile } from './parsed.js';
import { scanRegionFolder, type ScannedFile } from './folder-scan.js';
import type { CheckedUnitFile, UnitFileReader } from './unit-file-reader.js';

export interface FolderImportOptions {
  /** China date the new versions take effect; default today in China. */
  effectiveFrom?: string;
  /** 文号 of the publication, normalised (〔2024〕). */
  documentNumber?: string;
  /** Validate and report what would happen; write nothing. */
  dryRun?: boolean;
  /** Recorded on each version; default `import`. */
  publishedBy?: string;
  /** Publications run at once (each is a few requests). */
  concurrency?: number;
  /** The user's confirmed mapping (`--map 法律依据=legalBasis`), applied to every list file. */
  columnMap?: ColumnMap;
  /** Readers of other features' files in unit folders (the plan table), by file name. */
  readers?: readonly UnitFileReader[];
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'validate' | 'publish';
  done: number;
  total: number;
  current: string;
}

/**
 * - published: a new version was recorded;
 * - unchanged: identical to the latest version, nothing recorded;
 * - replay: identical to an earlier version with the same effectiveFrom, nothing recorded;
 * - would-publish: dry run, a new version would be recorded;
 * - rejected: its file has errors, nothing of it written;
 * - failed: valid, but the registry refused or failed to record it (e.g. a concurrent publisher).
 */
export type StreamOutcome = 'published' | 'unchanged' | 'replay' | 'would-publish' | 'rejected' | 'failed';

export interface StreamResult {
  uscc: string;
  unitName?: string;
  /** `entity` or a list kind id. */
  kind: string;
  label: string;
  /** The file (and sheet) it came from, relative to the folder. */
  source: string;
  outcome: StreamOutcome;
  /**
   * published: the new version; unchanged: the latest; replay: the earlier version it equals; would-publish: the
   * version it would get.
   */
  version?: number;
  itemCount: number;
  message?: string;
}

export interface FileResult {
  file: string;
  status: 'accepted' | 'rejected';
  rows: number;
  errors: number;
  warnings: number;
  encoding?: string;
  /** Heading → field, and why, for each column (a single-list file). */
  mapping?: ColumnMatch[];
}

export interface FolderImportReport {
  folder: string;
  dryRun: boolean;
  effectiveFrom: string;
  documentNumber?: string;
  files: FileResult[];
  streams: StreamResult[];
  /** Every error of every file, in file and row order. */
  errors: FileIssue[];
  warnings: FileIssue[];
  summary: Record<StreamOutcome, number> & { rejectedFiles: number; items: number };
  durationMs: number;
}

/** One (unit, kind) to publish, from an accepted file. */
interface PlannedStream {
  uscc: string;
  kind: string;
  items: Array<Record<string, unknown>>;
  /** The file's title, preface and foot notes, published with the version. */
  listNotes?: ListNotes;
  source: string;
  file: string;
}

export async function importRegionFolder(
  registry: Registry,
  folder: string,
  options: FolderImportOptions = {},
): Promise<FolderImportReport> {
  const started = performance.now();
  const root = resolve(folder);
  const effectiveFrom = options.effectiveFrom ?? registry.today();
  if (!isValidIsoDate(effectiveFrom))
    throw new AppError('BAD_REQUEST', `生效日期应为 YYYY-MM-DD 格式的有效日期：${effectiveFrom}`, { effectiveFrom });
  const documentNumber = options.documentNumber?.trim() ? normaliseDocumentNumber(options.documentNumber) : undefined;
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new AppError('BAD_REQUEST', `不是文件夹：${folder}`, { folder });

  const scan = await scanRegionFolder(root, options.readers);
  const errors: FileIssue[] = [...scan.errors];
  const warnings: FileIssue[] = [...scan.warnings];
  const parsedFiles: ParsedFile[] = [];
  const fileErrors = new Map<string, FileIssue[]>();
  const addErrors = (file: string, list: FileIssue[]) =>
    fileErrors.set(file, [...(fileErrors.get(file) ?? []), ...list]);
  const total = (scan.entities ? 1 : 0) + scan.units.reduce((n, u) => n + u.files.length, 0) + scan.unrecognised.length;
  let done = 0;
  const progress = (current: string) => options.onProgress?.({ phase: 'validate', done: ++done, total, current });

  // ---- read and validate everything
  let entityFile: ParsedFile | undefined;
  if (scan.entities) {
    entityFile = await readAndParse(scan.entities);
    parsedFiles.push(entityFile);
    progress(scan.entities.rel);
  }
  const unitFiles: Array<{
    uscc: string;
    file: ScannedFile;
    lists: ParsedFile[];
    fileLevel: FileIssue[];
    fileWarnings: FileIssue[];
  }> = [];
  const readerFiles: Array<{ uscc: string; file: ScannedFile; reader: UnitFileReader; checked: CheckedUnitFile }> = [];
  for (const unit of scan.units) {
    for (const file of unit.files) {
      if (file.reader) {
        readerFiles.push({
          uscc: unit.uscc,
          file,
          reader: file.reader,
          checked: await checkReaderFile(unit.uscc, file),
        });
      } else if (file.kind) {
        const parsed = await readAndParse(file);
        unitFiles.push({ uscc: unit.uscc, file, lists: [parsed], fileLevel: [], fileWarnings: [] });
      } else {
        const bytes = await readBounded(file);
        const read = file.combined ? parseCombinedList : parseWorkbook;
        const wb = typeof bytes === 'string' ? undefined : await read(bytes, file.rel);
        const fileLevel =
          typeof bytes === 'string' ? [fileIssue({ file: file.rel }, 'PAYLOAD_TOO_LARGE', bytes)] : wb!.errors;
        unitFiles.push({ uscc: unit.uscc, file, lists: wb?.lists ?? [], fileLevel, fileWarnings: wb?.warnings ?? [] });
      }
      progress(file.rel);
    }
  }

  // Misnamed files are never imported, but their rows are still checked so one pass shows every problem.
  const unrecognised: ParsedFile[] = [];
  for (const file of scan.unrecognised) {
    const bytes = await readBounded(file);
    const parsed =
      typeof bytes === 'string'
        ? {
            file: file.rel,
            kind: '',
            items: [],
            rows: 0,
            warnings: [],
            errors: [fileIssue({ file: file.rel }, 'PAYLOAD_TOO_LARGE', bytes)],
          }
        : await parseUnrecognisedFile(bytes, file.rel);
    const checkedAs =
      'guessedKind' in parsed && parsed.guessedKind ? `（已按表头最接近的“${parsed.guessedKind.label}”逐行校验）` : '';
    const where = file.rel.includes('/')
      ? `文件名不是清单类型，无法判断是哪一份清单；应为 ${listKinds.map((k) => k.id).join('、')} 之一或清单中文名称，或为多清单 .xlsx 工作簿`
      : '地区文件夹顶层只能有 entities.csv 或 entities.xlsx；各单位清单应放在以统一社会信用代码命名的文件夹中';
    addErrors(file.rel, [
      fileIssue({ file: file.rel }, 'UNKNOWN_FILE', `${where}，本文件未导入${checkedAs}`),
      ...parsed.errors,
    ]);
    unrecognised.push(parsed);
    progress(file.rel);
  }

  // ---- decide which units exist: listed in an accepted entities file, or already registered
  const entityItems = entityFile && entityFile.errors.length === 0 ? entityFile.items : [];
  const names = new Map<string, string>(entityItems.map((e) => [String(e.uscc), String(e.name)]));
  const known = new Set(names.keys());
  for (const unit of scan.units) {
    if (known.has(unit.uscc)) continue;
    const head = await registry.store.getHead(unit.uscc, entityKind.id);
    if (head) {
      known.add(unit.uscc);
      if (head.entity?.name) names.set(unit.uscc, String(head.entity.name));
    }
  }

  // ---- per-file verdicts
  const claimed = new Map<string, string>(); // `${uscc}|${kind}` → file that holds it
  for (const uf of unitFiles) {
    const rel = uf.file.rel;
    if (uf.fileLevel.length) addErrors(rel, uf.fileLevel);
    for (const list of uf.lists) if (list.errors.length) addErrors(rel, list.errors);
    warnings.push(...uf.fileWarnings, ...uf.lists.flatMap((l) => l.warnings));
    if (!known.has(uf.uscc)) {
      const why = entityFile && entityFile.errors.length > 0 ? `（${entityFile.file} 有错误，未导入）` : '';
      addErrors(rel, [
        fileIssue(
          { file: rel },
          'UNKNOWN_UNIT',
          `执法主体 ${uf.uscc} 未登记：既不在 entities 文件中${why}，也未在系统中登记`,
        ),
      ]);
    }
    for (const list of uf.lists) {
      const key = `${uf.uscc}|${list.kind}`;
      const other = claimed.get(key);
      if (other !== undefined) {
        const label = findKind(list.kind)?.label ?? list.kind;
        addErrors(rel, [fileIssue({ file: rel }, 'DUPLICATE_LIST', `与 ${other} 重复提供了${label}，请只保留一个`)]);
        addErrors(other, [fileIssue({ file: other }, 'DUPLICATE_LIST', `与 ${rel} 重复提供了${label}，请只保留一个`)]);
      } else claimed.set(key, rel);
    }
  }
  for (const rf of readerFiles) {
    if (rf.checked.errors.length) addErrors(rf.file.rel, rf.checked.errors);
    warnings.push(...rf.checked.warnings);
    if (!known.has(rf.uscc))
      addErrors(rf.file.rel, [
        fileIssue(
          { file: rf.file.rel },
          'UNKNOWN_UNIT',
          `执法主体 ${rf.uscc} 未登记：既不在 entities 文件中，也未在系统中登记`,
        ),
      ]);
  }
  if (entityFile) {
    if (entityFile.errors.length) addErrors(entityFile.file, entityFile.errors);
    warnings.push(...entityFile.warnings);
  }

  // ---- what to publish
  const planned: PlannedStream[] = [];
  const streams: StreamResult[] = [];
  const label = (kind: string) => findKind(kind)?.label ?? kind;
  if (entityFile && !fileErrors.has(entityFile.file)) {
    for (const e of entityFile.items)
      planned.push({
        uscc: String(e.uscc),
        kind: entityKind.id,
        items: [e],
        source: entityFile.file,
        file: entityFile.file,
      });
  }
  for (const uf of unitFiles) {
    const rejected = fileErrors.has(uf.file.rel);
    for (const list of uf.lists) {
      // The part of the file: the sheet of a workbook, the kind of a combined list (its kinds share one sheet).
      const part = uf.file.combined ? list.kind : list.sheet;
      const source = part ? `${uf.file.rel}#${part}` : uf.file.rel;
      if (rejected) {
        streams.push({
          uscc: uf.uscc,
          unitName: names.get(uf.uscc),
          kind: list.kind,
          label: label(list.kind),
          source,
          outcome: 'rejected',
          itemCount: list.items.length,
        });
      } else {
        const listNotes = versionNotes(list);
        planned.push({ uscc: uf.uscc, kind: list.kind, items: list.items, source, file: uf.file.rel, listNotes });
      }
    }
    if (rejected && uf.lists.length === 0 && uf.file.kind) {
      streams.push({
        uscc: uf.uscc,
        unitName: names.get(uf.uscc),
        kind: uf.file.kind.id,
        label: uf.file.kind.label,
        source: uf.file.rel,
        outcome: 'rejected',
        itemCount: 0,
      });
    }
  }

  // ---- publish: entities first, since a list needs its unit
  const publisher = new StreamPublisher(registry, {
    effectiveFrom,
    documentNumber,
    dryRun: options.dryRun ?? false,
    publishedBy: options.publishedBy ?? 'import',
  });
  let published = 0;
  const publishTotal = planned.length;
  const run = async (batch: PlannedStream[]) =>
    mapLimit(batch, options.concurrency ?? 4, async (s) => {
      const result = await publisher.publish(s);
      options.onProgress?.({ phase: 'publish', done: ++published, total: publishTotal, current: s.source });
      return { ...result, unitName: names.get(s.uscc), label: label(s.kind) };
    });
  streams.push(...(await run(planned.filter((s) => s.kind === entityKind.id))));
  streams.push(...(await run(planned.filter((s) => s.kind !== entityKind.id))));
  // Other features' files after the lists: their unit is registered by now.
  for (const rf of readerFiles) streams.push(await storeReaderFile(rf));
  streams.sort((a, b) => (a.uscc === b.uscc ? kindOrder(a.kind) - kindOrder(b.kind) : a.uscc < b.uscc ? -1 : 1));

  const files: FileResult[] = [
    ...(entityFile ? [entityFile] : []),
    ...unitFiles.map((uf) => fileSummary(uf.file.rel, uf.lists)),
    ...readerFiles.map((rf) => ({ file: rf.file.rel, ...rf.checked })),
    ...unrecognised,
  ].map((f) => ({
    file: f.file,
    status: fileErrors.has(f.file) ? 'rejected' : 'accepted',
    rows: f.rows,
    errors: fileErrors.get(f.file)?.length ?? 0,
    warnings: f.warnings.length,
    ...(f.encoding ? { encoding: f.encoding } : {}),
    ...('mapping' in f && f.mapping ? { mapping: f.mapping } : {}),
  }));
  // Files the scan refused (unknown names, folders not named by a credit code) are rejected too.
  for (const issue of scan.errors)
    if (!files.some((f) => f.file === issue.file))
      files.push({ file: issue.file, status: 'rejected', rows: 0, errors: 1, warnings: 0 });
  for (const list of fileErrors.values()) errors.push(...list);

  const summary = {
    published: 0,
    unchanged: 0,
    replay: 0,
    'would-publish': 0,
    rejected: 0,
    failed: 0,
    rejectedFiles: 0,
    items: 0,
  };
  for (const s of streams) {
    summary[s.outcome] += 1;
    if (s.outcome === 'published') summary.items += s.itemCount;
  }
  summary.rejectedFiles = new Set([...fileErrors.keys(), ...scan.errors.map((e) => e.file)]).size;
  return {
    folder: root,
    dryRun: options.dryRun ?? false,
    effectiveFrom,
    ...(documentNumber ? { documentNumber } : {}),
    files,
    streams,
    errors: sortIssues(dedupe(errors)),
    warnings: sortIssues(warnings),
    summary,
    durationMs: Math.round(performance.now() - started),
  };

  async function checkReaderFile(uscc: string, file: ScannedFile): Promise<CheckedUnitFile> {
    const bytes = await readBounded(file);
    if (typeof bytes !== 'string') return file.reader!.check(uscc, bytes, file.rel);
    const errors = [fileIssue({ file: file.rel }, 'PAYLOAD_TOO_LARGE', bytes)];
    return { rows: 0, itemCount: 0, errors, warnings: [], store: async () => {} };
  }

  async function storeReaderFile(rf: (typeof readerFiles)[number]): Promise<StreamResult> {
    const base = {
      uscc: rf.uscc,
      unitName: names.get(rf.uscc),
      kind: rf.reader.kind,
      label: rf.reader.label,
      source: rf.file.rel,
      itemCount: rf.checked.itemCount,
    };
    if (fileErrors.has(rf.file.rel)) return { ...base, outcome: 'rejected' };
    if (options.dryRun) return { ...base, outcome: 'would-publish' };
    try {
      await rf.checked.store();
      return { ...base, outcome: 'published' };
    } catch (e) {
      return { ...base, outcome: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
  }

  async function readAndParse(file: ScannedFile): Promise<ParsedFile> {
    const bytes = await readBounded(file);
    const kind = file.kind ?? entityKind;
    if (typeof bytes === 'string')
      return {
        file: file.rel,
        kind: kind.id,
        items: [],
        rows: 0,
        warnings: [],
        errors: [fileIssue({ file: file.rel }, 'PAYLOAD_TOO_LARGE', bytes)],
      };
    return kind.id === entityKind.id
      ? parseEntitiesFile(bytes, file.rel)
      : parseListFile(kind, bytes, file.rel, {
          kindFromName: true,
          ...(options.columnMap ? { columnMap: options.columnMap } : {}),
        });
  }
}

/** The file's bytes, or the reason it is not read at all (too large: checked before reading). */
async function readBounded(file: ScannedFile): Promise<Uint8Array | string> {
  const { size } = await stat(file.path);
  if (size > IMPORT_LIMITS.maxFileBytes)
    return `文件过大（${(size / 1024 / 1024).toFixed(1)} MB，上限 ${IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB）`;
  return new Uint8Array(await readFile(file.path));
}

/** A workbook is one file however many sheets it has. */
function fileSummary(
  file: string,
  lists: ParsedFile[],
): Pick<ParsedFile, 'file' | 'rows' | 'warnings' | 'encoding' | 'mapping'> {
  if (lists.length === 1 && !lists[0]!.sheet) return lists[0]!;
  return { file, rows: lists.reduce((n, l) => n + l.rows, 0), warnings: lists.flatMap((l) => l.warnings) };
}

function dedupe(issues: FileIssue[]): FileIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const kindOrder = (kind: string) => (kind === entityKind.id ? -1 : listKindIds.indexOf(kind));

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Publishes one stream, or tells why nothing needs publishing. */
class StreamPublisher {
  constructor(
    private readonly registry: Registry,
    private readonly options: { effectiveFrom: string; documentNumber?: string; dryRun: boolean; publishedBy: string },
  ) {}

  async publish(s: PlannedStream): Promise<Omit<StreamResult, 'label' | 'unitName'>> {
    const base = {
      uscc: s.uscc,
      kind: s.kind,
      source: s.source,
      itemCount: s.kind === entityKind.id ? 1 : s.items.length,
    };
    try {
      const hash = hashContent(s.kind === entityKind.id ? s.items[0] : s.items);
      const head = await this.registry.store.getHead(s.uscc, s.kind, true);
      if (
        head &&
        head.contentHash === hash &&
        head.timeline.at(-1)?.status === 'published' &&
        sameListNotes(await this.registry.store.latestListNotes(head), s.listNotes)
      )
        return { ...base, outcome: 'unchanged', version: head.version };
      if (head) {
        const earlier = (await this.versions(s.uscc, s.kind)).find(
          (v) =>
            v.contentHash === hash &&
            v.effectiveFrom === this.options.effectiveFrom &&
            v.status === 'published' &&
            sameListNotes(v.listNotes, s.listNotes),
        );
        if (earlier)
          return {
            ...base,
            outcome: 'replay',
            version: earlier.version,
            message: `与第${earlier.version}版内容相同且生效日期相同，已发布过，未新增版本`,
          };
      }
      if (this.options.dryRun) return { ...base, outcome: 'would-publish', version: (head?.version ?? 0) + 1 };
      const result = await this.registry.publish({
        uscc: s.uscc,
        stream: s.kind,
        status: 'published',
        items: s.items,
        effectiveFrom: this.options.effectiveFrom,
        ...(this.options.documentNumber ? { documentNumber: this.options.documentNumber } : {}),
        ...(s.listNotes ? { listNotes: s.listNotes } : {}),
        publishedBy: this.options.publishedBy,
        source: s.source,
      });
      return result.outcome === 'published'
        ? { ...base, outcome: 'published', version: result.meta.version }
        : { ...base, outcome: 'unchanged', version: result.head.version };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return { ...base, outcome: 'failed', message: e instanceof AppError ? `${message} [${e.code}]` : message };
    }
  }

  private versions(uscc: string, kind: string): Promise<VersionMeta[]> {
    return kind === entityKind.id ? this.registry.entityVersions(uscc) : this.registry.listVersions(uscc, kind);
  }
}
