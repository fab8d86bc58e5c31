// Only the Traditional→Simplified dictionaries (~110 KB); the reverse (~1.1 MB) lives in ./traditional.ts.
import * as OpenCC from 'opencc-js/t2cn';

/** Zero-width characters that Excel and web forms leave behind; they never carry meaning in these lists. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Normalises free text as it is stored: Unicode NFC (not NFKC, which would turn the
 * full-width punctuation of Chinese prose into ASCII), no invisible characters,
 * Unix newlines, trimmed. Otherwise stored as given.
 */
/** A lone (unpaired) UTF-16 surrogate, or a control character other than tab and line breaks. */
const ILL_FORMED = new RegExp(
  '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]|' +
    '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]',
);

/** True when text can be published as is: well-formed Unicode, no control characters but tab and line breaks. */
export function isWellFormedText(value: string): boolean {
  return !ILL_FORMED.test(value);
}

export const ILL_FORMED_MESSAGE = '含有无效字符（不成对的代理项或控制字符）';

export function normaliseText(value: string): string {
  return value.normalize('NFC').replace(INVISIBLE, '').replace(/\r\n?/g, '\n').trim();
}

/** Converters build their dictionaries when first used, never at import: cold starts stay fast. */
function lazyConverter(from: string, to: string): (text: string) => string {
  let convert: ((text: string) => string) | undefined;
  return (text) => (convert ??= OpenCC.Converter({ from, to } as Parameters<typeof OpenCC.Converter>[0]))(text);
}

const hongKongToSimplified = lazyConverter('hk', 'cn');
const taiwanToSimplified = lazyConverter('tw', 'cn');

/** Traditional (Hong Kong or Taiwan forms) to Simplified, character by character and phrase by phrase. */
export function toSimplified(value: string): string {
  // ASCII-only text has nothing to convert; skip the dictionaries entirely.
  if (!/[^\x00-\x7f]/.test(value)) return value;
  return taiwanToSimplified(hongKongToSimplified(value));
}

/** Full-width ASCII (Ａ１，) to half-width, ideographic space to space: for matching, never for storage. */
export function foldWidth(value: string): string {
  return value
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** A key for comparing headers and enumeration values: Simplified, half-width, lower case, no spaces or brackets. */
export function matchKey(value: string): string {
  return toSimplified(foldWidth(normaliseText(value)))
    .toLowerCase()
    .replace(/[\s()（）[\]【】*＊:：]/g, '');
}
