/**
 * Decompression-bomb check for XLSX (a zip archive), before exceljs expands it:
 * a few kilobytes of a hostile workbook can declare gigabytes of XML.
 *
 * 1. The zip central directory alone (no inflating) must declare at most
 *    `maxZipEntries` entries, `maxUncompressedBytes` in total and a sane
 *    compression ratio.
 * 2. Only then are the entries inflated once into the void, to confirm the
 *    declared sizes: yauzl aborts an entry the moment it inflates past what it
 *    declared, whereas jszip (inside exceljs) only compares sizes after fully
 *    inflating. So a lying directory costs at most the declared total.
 *
 * yauzl is loaded on the first upload, not at import: functions that only serve reads never evaluate it.
 */
import type yauzl from 'yauzl';
import { IMPORT_LIMITS } from './limits.js';
import { isWorksheetEntry, SheetRowCounter } from './sheet-row-count.js';

export type ZipVerdict =
  | { ok: true; entries: number; uncompressedBytes: number }
  | {
      ok: false;
      code: 'NOT_A_SPREADSHEET' | 'ARCHIVE_TOO_LARGE' | 'TOO_MANY_ROWS';
      message: string;
      details?: Record<string, number>;
    };

type Limits = typeof IMPORT_LIMITS;

const NOT_A_ZIP = '文件不是有效的 .xlsx 工作簿（无法读取其 zip 结构），请用 Excel 或 WPS 另存为 .xlsx';

/**
 * `sheetRowLimit`: for a workbook, the most rows with content one worksheet may hold; counted while the sheet is
 * inflated (SheetRowCounter), which stops at the first sheet over it.
 */
export async function inspectZip(
  bytes: Uint8Array,
  limits: Limits = IMPORT_LIMITS,
  sheetRowLimit?: number,
): Promise<ZipVerdict> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return { ok: false, code: 'NOT_A_SPREADSHEET', message: NOT_A_ZIP };
  }
  try {
    if (zip.entryCount > limits.maxZipEntries) {
      return tooLarge(`工作簿内含文件过多（${zip.entryCount} 个，上限 ${limits.maxZipEntries}），已拒绝`, {
        entries: zip.entryCount,
      });
    }
    let entries: yauzl.Entry[];
    try {
      entries = await readDirectory(zip);
    } catch {
      return { ok: false, code: 'NOT_A_SPREADSHEET', message: NOT_A_ZIP };
    }
    const compressed = entries.reduce((s, e) => s + e.compressedSize, 0);
    const uncompressed = entries.reduce((s, e) => s + e.uncompressedSize, 0);
    if (uncompressed > limits.maxUncompressedBytes) {
      return tooLarge(`工作簿解压后将超过 ${limits.maxUncompressedBytes / 1024 / 1024} MB，疑似压缩炸弹，已拒绝`, {
        declaredUncompressedBytes: uncompressed,
        limit: limits.maxUncompressedBytes,
      });
    }
    if (uncompressed > limits.ratioCheckAboveBytes && uncompressed > compressed * limits.maxCompressionRatio) {
      return tooLarge(`工作簿压缩比异常（超过 ${limits.maxCompressionRatio}:1），疑似压缩炸弹，已拒绝`, {
        compressedBytes: compressed,
        declaredUncompressedBytes: uncompressed,
      });
    }
    try {
      for (const entry of entries) {
        if (entry.fileName.endsWith('/')) continue;
        const counter = sheetRowLimit !== undefined && isWorksheetEntry(entry.fileName) ? new SheetRowCounter() : null;
        const within = await drain(
          zip,
          entry,
          counter ? (c) => (counter.push(c), counter.rows <= sheetRowLimit!) : null,
        );
        if (counter && (!within || counter.finish() > sheetRowLimit!))
          return {
            ok: false,
            code: 'TOO_MANY_ROWS',
            message: `工作表行数过多（超过 ${sheetRowLimit} 行，数据行上限 ${limits.maxDataRows} 行），请拆分后导入`,
            details: { rowsCountedAtLeast: counter.rows, limit: limits.maxDataRows },
          };
      }
    } catch {
      return tooLarge('工作簿内文件的实际大小与声明不符，疑似压缩炸弹或文件已损坏，已拒绝', {
        declaredUncompressedBytes: uncompressed,
      });
    }
    return { ok: true, entries: entries.length, uncompressedBytes: uncompressed };
  } finally {
    zip.close();
  }
}

function tooLarge(message: string, details: Record<string, number>): ZipVerdict {
  return { ok: false, code: 'ARCHIVE_TOO_LARGE', message, details };
}

async function open(buffer: Buffer): Promise<yauzl.ZipFile> {
  const { fromBuffer } = await import('yauzl');
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip),
    );
  });
}

/** The central directory's entries; nothing is inflated. */
function readDirectory(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/**
 * Inflates one entry, discarding the bytes; rejects as soon as it exceeds its declared size. `watch` sees each
 * chunk and may stop the entry (false): the answer is then false, and the rest is never inflated.
 */
function drain(zip: yauzl.ZipFile, entry: yauzl.Entry, watch: ((chunk: Buffer) => boolean) | null): Promise<boolean> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      stream.on('error', reject);
      stream.on('end', () => resolve(true));
      if (!watch) return void stream.resume();
      stream.on('data', (chunk: Buffer) => {
        if (watch(chunk)) return;
        stream.removeAllListeners('end');
        stream.destroy();
        resolve(false);
      });
    });
  });
}
