/** Which reader a file needs, from its content first and its name second. */
export type FileFormat = 'csv' | 'xlsx' | 'docx' | 'json' | 'xls' | 'unsupported';

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

export function detectFormat(bytes: Uint8Array, fileName: string): FileFormat {
  const ext = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  // Legacy binary Excel (OLE compound file): not readable safely; ask for .xlsx.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'xls';
  // A workbook saved under a .csv name is still a workbook.
  // A zip is a Word document when named so, else a workbook (even under a .csv name).
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return ext === 'docx' ? 'docx' : 'xlsx';
  switch (ext) {
    case 'xlsx':
    case 'xlsm':
      // Not a zip, though named so: the zip reader reports it as not a spreadsheet.
      return 'xlsx';
    case 'xls':
      return 'xls';
    case 'docx':
      return 'docx';
    case 'csv':
    case 'txt':
      return 'csv';
    case 'json':
      return 'json';
    default:
      return 'unsupported';
  }
}
