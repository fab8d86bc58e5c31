/**
 * The layout of a region folder, before anything is read:
 *
 *   <region>/entities.csv | entities.xlsx        执法主体 (one row per unit)
 *   <region>/<统一社会信用代码>/<kind>.csv | .xlsx | .json   one list each (kind ids: inspection-items, no-penalty …,
 *                                                         or the Chinese list name)
 *   <region>/<统一社会信用代码>/<any>.xlsx                 a workbook, one sheet per list, named by the Chinese list names
 */
import { readdir } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { entityKind, findKind, isListKind, type RecordKind } from '../../core/kinds/index.js';
import { checkUscc } from '../../core/uscc.js';
import { fileIssue, type FileIssue } from './issues.js';
import { kindOfFileName as kindNamedBy } from './parse.js';
import { combinedKindsOfFileName } from './combined.js';
import type { UnitFileReader } from './unit-file-reader.js';

export interface ScannedFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the region folder, with forward slashes: the version's `source`. */
  rel: string;
  /** The list this file holds; undefined for a multi-list workbook or a combined list. */
  kind?: RecordKind;
  /** A combined list (免罚轻罚清单): one table split into the kinds it holds. */
  combined?: boolean;
  /** Another feature's file (a plan table), read by the reader that claims its name. */
  reader?: UnitFileReader;
}

export interface ScannedUnit {
  uscc: string;
  rel: string;
  files: ScannedFile[];
}

export interface ScannedFolder {
  entities?: ScannedFile;
  units: ScannedUnit[];
  /** Spreadsheets whose name says neither entities nor a list kind: rejected, but still checked row by row. */
  unrecognised: ScannedFile[];
  errors: FileIssue[];
  warnings: FileIssue[];
}

const DATA_EXTENSIONS = new Set(['.csv', '.xlsx', '.xlsm', '.xls', '.docx', '.json', '.txt']);
const ENTITY_STEMS = ['entities', entityKind.label, ...entityKind.sheetAliases];

export async function scanRegionFolder(root: string, readers: readonly UnitFileReader[] = []): Promise<ScannedFolder> {
  const rel = (p: string) => relative(root, p).split(sep).join('/');
  const out: ScannedFolder = { units: [], unrecognised: [], errors: [], warnings: [] };
  const entityFiles: ScannedFile[] = [];
  const entries = (await readdir(root, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));

  for (const e of entries) {
    const path = join(root, e.name);
    if (e.isDirectory()) {
      const uscc = e.name.trim().toUpperCase();
      if (!checkUscc(uscc).valid) {
        out.errors.push(
          fileIssue(
            { file: `${e.name}/` },
            'INVALID_UNIT_FOLDER',
            '单位文件夹应以其统一社会信用代码命名（18位，校验位正确），该文件夹未导入',
          ),
        );
        continue;
      }
      out.units.push({ uscc, rel: e.name, files: await scanUnit(path, rel, out, readers) });
      continue;
    }
    if (!e.isFile()) continue;
    const ext = extname(e.name).toLowerCase();
    const stem = e.name.slice(0, e.name.length - ext.length);
    if (DATA_EXTENSIONS.has(ext) && ENTITY_STEMS.some((s) => s.toLowerCase() === stem.toLowerCase())) {
      entityFiles.push({ path, rel: e.name, kind: entityKind });
    } else if (DATA_EXTENSIONS.has(ext)) {
      out.unrecognised.push({ path, rel: e.name });
    } else {
      out.warnings.push(fileIssue({ file: e.name }, 'FILE_IGNORED', '不是表格文件，已忽略'));
    }
  }
  // Two entity files (entities.csv and entities.xlsx): neither is trusted over the other.
  if (entityFiles.length === 1) out.entities = entityFiles[0];
  for (const f of entityFiles.length > 1 ? entityFiles : []) {
    const others = entityFiles
      .filter((o) => o !== f)
      .map((o) => o.rel)
      .join('、');
    out.errors.push(
      fileIssue({ file: f.rel }, 'DUPLICATE_FILE', `执法主体文件重复（另有 ${others}），请只保留一个；均未导入`),
    );
  }
  return out;
}

async function scanUnit(
  dir: string,
  rel: (p: string) => string,
  out: ScannedFolder,
  readers: readonly UnitFileReader[],
): Promise<ScannedFile[]> {
  const files: ScannedFile[] = [];
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (!e.isFile()) {
      out.warnings.push(fileIssue({ file: rel(path) }, 'FILE_IGNORED', '单位文件夹内的子文件夹不导入'));
      continue;
    }
    const ext = extname(e.name).toLowerCase();
    if (!DATA_EXTENSIONS.has(ext)) {
      out.warnings.push(fileIssue({ file: rel(path) }, 'FILE_IGNORED', '不是表格文件，已忽略'));
      continue;
    }
    const reader = readers.find((r) => r.claims(e.name));
    if (reader) {
      files.push({ path, rel: rel(path), reader });
      continue;
    }
    const kind = kindOfFileName(e.name.slice(0, e.name.length - ext.length));
    if (!kind && combinedKindsOfFileName(e.name).length > 0 && ext !== '.json')
      files.push({ path, rel: rel(path), combined: true });
    else if (kind || ext === '.xlsx' || ext === '.xlsm')
      files.push({ path, rel: rel(path), ...(kind ? { kind } : {}) });
    else out.unrecognised.push({ path, rel: rel(path) });
  }
  return files;
}

/** no-penalty.csv, No-Penalty.csv, 不予处罚事项清单.csv and 大英县文化市场不予处罚事项清单.csv all name the no-penalty list. */
function kindOfFileName(stem: string): RecordKind | undefined {
  const byId = findKind(stem.trim().toLowerCase());
  if (byId && isListKind(byId.id)) return byId;
  return kindNamedBy(stem);
}
