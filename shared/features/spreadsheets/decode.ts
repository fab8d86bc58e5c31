/**
 * Text of a CSV file. Chinese offices export CSV either as UTF-8 (Excel's "CSV UTF-8",
 * with a BOM; web tools, without) or in the legacy national encoding (GBK, whose
 * superset is GB18030). A file that is valid UTF-8 is read as UTF-8; any other is
 * read as GB18030, since GBK text is almost never valid UTF-8 by accident. Node's own WHATWG decoder
 * (full ICU) reads GB18030, so no encoding library is bundled into functions that only serve reads.
 */

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
let gb18030: InstanceType<typeof TextDecoder> | undefined;

export function decodeText(bytes: Uint8Array): DecodedText {
  // Excel's "Unicode text" export is UTF-16 with a BOM; accept it rather than misread it.
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryUtf8(bytes.subarray(3));
    if (text !== undefined) return { text, encoding: 'utf-8-bom' };
  }
  const text = tryUtf8(bytes);
  if (text !== undefined) return { text, encoding: 'utf-8' };
  return {
    text: (gb18030 ??= new TextDecoder('gb18030')).decode(bytes),
    encoding: 'gb18030',
  };
}

function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * True when text has characters no real list contains: NUL or C0 controls other than tab and newlines (a binary file).
 */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(sample);
}
