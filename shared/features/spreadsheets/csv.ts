/** CSV bytes → rows of text, with csv-parse (quoted cells, embedded newlines, "" escapes). */
import { CsvError, parse } from 'csv-parse/sync';
import { decodeText, looksBinary, type DecodedText } from './decode.js';
import { fileIssue, type FileIssue, type IssueLocation } from './issues.js';
import type { Sheet } from './table.js';

export interface CsvRead {
  sheet?: Sheet;
  encoding?: DecodedText['encoding'];
  errors: FileIssue[];
}

export function readCsv(bytes: Uint8Array, at: IssueLocation): CsvRead {
  const { text, encoding } = decodeText(bytes);
  if (looksBinary(text)) {
    return { errors: [fileIssue(at, 'NOT_A_SPREADSHEET', '文件不是CSV文本（含有二进制内容），请另存为 CSV 或 .xlsx')] };
  }
  if (encoding === 'gb18030' && text.includes('\uFFFD')) {
    return {
      encoding,
      errors: [
        fileIssue(
          at,
          'BAD_ENCODING',
          '无法识别文件编码：既不是 UTF-8 也不是有效的 GB18030/GBK 文本，请以“CSV UTF-8”格式另存',
        ),
      ],
    };
  }
  let records: Array<{ record: string[]; info: { records: number } }>;
  try {
    records = parse(text, {
      // Rows with a different number of cells are reported row by row, not as a parse failure.
      relax_column_count: true,
      // A quote inside an unquoted cell (他说"是") is text, as Excel reads it.
      relax_quotes: true,
      // Empty lines still count as spreadsheet rows, so row numbers match what the user sees.
      skip_empty_lines: false,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { records: number } }>;
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      return {
        encoding,
        errors: [
          fileIssue(at, 'MALFORMED_CSV', `CSV 格式错误${line ? `（第${line}行附近）` : ''}：${csvReason(e.code)}`, {
            value: e.code,
          }),
        ],
      };
    }
    throw e;
  }
  return { encoding, errors: [], sheet: { rows: records.map((r) => ({ row: r.info.records, cells: r.record })) } };
}

function csvReason(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return '引号未闭合';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return '引号后有多余字符';
    default:
      return '无法解析';
  }
}
