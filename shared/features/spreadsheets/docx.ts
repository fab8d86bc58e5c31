/**
 * DOCX bytes → sheets of text. Lists are often published as a table in a Word attachment of a 规范性文件. The
 * archive passes the same zip guard as a workbook; then only word/document.xml is read (fast-xml-parser), its
 * tables become sheets (gridSpan: the cell spans columns, the spanned ones empty; vMerge: a cell merged down
 * repeats the text above, as a workbook's merged cell does). A document without a table is read as a numbered
 * prose list when every numbered paragraph follows one pattern; otherwise it is refused with what was found.
 * yauzl is loaded on the first DOCX read (as in ./zip-guard.ts), so functions that never read one do not evaluate it.
 */
import { XMLParser } from 'fast-xml-parser';
import type yauzl from 'yauzl';
import { fileIssue, type FileIssue, type IssueLocation } from './issues.js';
import { IMPORT_LIMITS } from './limits.js';
import type { Sheet } from './table.js';
import { inspectZip } from './zip-guard.js';

export interface DocxRead {
  sheets: Sheet[];
  errors: FileIssue[];
}

type Node = Record<string, unknown>;

export async function readDocx(bytes: Uint8Array, at: IssueLocation): Promise<DocxRead> {
  const verdict = await inspectZip(bytes);
  if (!verdict.ok)
    return { sheets: [], errors: [fileIssue(at, verdict.code, verdict.message.replace('.xlsx 工作簿', '.docx 文档'))] };
  const xml = await readEntry(bytes, 'word/document.xml').catch(() => undefined);
  if (xml === undefined)
    return {
      sheets: [],
      errors: [fileIssue(at, 'NOT_A_SPREADSHEET', '无法读取该 .docx 文档（缺少 word/document.xml）')],
    };
  let tree: Node[];
  try {
    tree = new XMLParser({ preserveOrder: true, ignoreAttributes: false, trimValues: false }).parse(xml) as Node[];
  } catch {
    return { sheets: [], errors: [fileIssue(at, 'NOT_A_SPREADSHEET', '.docx 文档的 XML 无法解析（文件已损坏）')] };
  }
  const body = children(children(tree.find((n) => 'w:document' in n)).find((n) => 'w:body' in n));
  const tables = body.filter((n) => 'w:tbl' in n).map(readTable);
  if (tables.length > 0) {
    // The list is the largest table; a document's other tables (a signature block, a cover) are not lists.
    const largest = tables.reduce((a, b) => (b.length > a.length ? b : a));
    return { sheets: [{ name: 'Word 表格', rows: largest.map((cells, i) => ({ row: i + 1, cells })) }], errors: [] };
  }
  const paragraphs = body
    .filter((n) => 'w:p' in n)
    .map(paragraphText)
    .filter((t) => t.trim() !== '');
  return proseList(paragraphs, at);
}

function children(node: Node | undefined): Node[] {
  if (!node) return [];
  const key = Object.keys(node).find((k) => k !== ':@');
  const value = key ? node[key] : undefined;
  return Array.isArray(value) ? (value as Node[]) : [];
}

const attr = (node: Node | undefined, name: string) =>
  (node?.[':@'] as Record<string, string> | undefined)?.[`@_${name}`];

/** The text of a paragraph: its runs' w:t, tabs as spaces, breaks as newlines. */
function paragraphText(p: Node): string {
  let out = '';
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      if ('w:t' in n)
        out += children(n)
          .map((t) => String(t['#text'] ?? ''))
          .join('');
      else if ('w:tab' in n) out += ' ';
      else if ('w:br' in n) out += '\n';
      else if (!('w:pPr' in n) && !('w:rPr' in n)) walk(children(n));
    }
  };
  walk(children(p));
  return out;
}

function readTable(tbl: Node): string[][] {
  const rows: string[][] = [];
  for (const tr of children(tbl).filter((n) => 'w:tr' in n)) {
    const cells: string[] = [];
    for (const tc of children(tr).filter((n) => 'w:tc' in n)) {
      const parts = children(tc);
      const props = children(parts.find((n) => 'w:tcPr' in n));
      const span =
        Number(
          attr(
            props.find((n) => 'w:gridSpan' in n),
            'w:val',
          ) ?? 1,
        ) || 1;
      const vMerge = props.find((n) => 'w:vMerge' in n);
      const continues = vMerge !== undefined && attr(vMerge, 'w:val') !== 'restart';
      const col = cells.length;
      const text = continues
        ? (rows[rows.length - 1]?.[col] ?? '')
        : parts
            .filter((n) => 'w:p' in n)
            .map(paragraphText)
            .join('\n');
      cells.push(text);
      for (let i = 1; i < Math.min(span, IMPORT_LIMITS.maxColumns); i++) cells.push('');
    }
    rows.push(cells);
  }
  return rows;
}

/** （一）违反《X》第N条，<violation>，<conditions>的； : the regular numbered prose of a list. */
const PROSE_ITEM =
  /^\s*(?:[（(]([一二三四五六七八九十百]+)[)）]|(\d+)[、.．])\s*违反(《[^》]+》(?:第[^，,]+?[条款项])+)[，,](.+)[，,]([^，,]+?)[；;。]?\s*$/;
const NUMBERED = /^\s*(?:[（(][一二三四五六七八九十百]+[)）]|\d+[、.．])/;

function proseList(paragraphs: string[], at: IssueLocation): DocxRead {
  const numbered = paragraphs.filter((p) => NUMBERED.test(p));
  const items = numbered.map((p) => PROSE_ITEM.exec(p));
  if (numbered.length === 0 || items.some((m) => !m)) {
    const irregular = numbered.filter((_p, i) => !items[i]).slice(0, 3);
    return {
      sheets: [],
      errors: [
        fileIssue(
          at,
          'DOCX_LAYOUT_UNRECOGNISED',
          numbered.length === 0
            ? `文档中没有表格，也没有编号段落（共 ${paragraphs.length} 段文字），无法识别为清单`
            : `文档中没有表格；${numbered.length} 个编号段落中有 ${items.filter((m) => !m).length} ` +
                `个不符合“（一）违反《某法》第N条，违法行为，适用情形；”的格式，无法逐项识别`,
          irregular.length > 0 ? { value: irregular.join(' | ').slice(0, IMPORT_LIMITS.maxShownChars) } : {},
        ),
      ],
    };
  }
  const title = paragraphs.filter((p) => !NUMBERED.test(p));
  const rows = [
    ...title.map((t, i) => ({ row: i + 1, cells: [t, '', '', ''] })),
    { row: title.length + 1, cells: ['序号', '违法行为', '法律依据', '适用条件'] },
    ...items.map((m, i) => ({
      row: title.length + 2 + i,
      // The provision keeps its 违反, as published: every word of the paragraph is in the item.
      cells: [m![1] ? `（${m![1]}）` : m![2]!, m![4]!.trim(), `违反${m![3]!}`, m![5]!.trim()],
    })),
  ];
  return { sheets: [{ name: 'Word 编号段落', rows }], errors: [] };
}

async function readEntry(bytes: Uint8Array, name: string): Promise<string> {
  const { fromBuffer } = await import('yauzl');
  return new Promise((resolve, reject) => {
    fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => reject(new Error('missing')));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
