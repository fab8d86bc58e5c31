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

/** A dictionary as opencc-js ships it: `"from to|from to"` or `[from, to]` pairs; groups nest them in arrays. */
type Dictionaries = string | readonly unknown[];

/**
 * What lets a conversion skip text it cannot change. opencc-js replaces text only where a dictionary key
 * matches, and every match starts at a key's first character, so text with no such character comes out as
 * it went in (segmentation keys replace nothing, so only normalisation and conversion keys count). When no
 * key holds an ASCII character, no match (of normalisation, segmentation or conversion) spans one, so
 * converting each run of non-ASCII text alone gives the same output as converting the whole. `runsAlone` is
 * false if a key ever holds ASCII, and the whole text is then converted at once.
 */
interface ConversionReach {
  firstChars: Set<number>;
  runsAlone: boolean;
}

/** A `[from, to]` pair, not a group of two dictionary strings (those hold `from to` entries with a space). */
function isPair(d: readonly unknown[]): d is readonly [string, string] {
  return d.length === 2 && d.every((s) => typeof s === 'string' && !s.includes(' '));
}

function reachOf(configNames: readonly string[]): ConversionReach {
  const firstChars = new Set<number>();
  let runsAlone = true;
  const visit = (d: unknown, replaces: boolean): void => {
    const addKey = (key: string) => {
      if (key.length === 0) return;
      if (replaces) firstChars.add(key.codePointAt(0)!);
      if (/[\x00-\x7f]/.test(key)) runsAlone = false;
    };
    if (typeof d === 'string') for (const entry of d.split('|')) addKey(entry.split(' ')[0] ?? '');
    else if (Array.isArray(d) && isPair(d)) addKey(d[0]);
    else if (Array.isArray(d)) for (const inner of d) visit(inner, replaces);
  };
  const configs = OpenCC.Locale.configs as unknown as Record<string, Record<string, Dictionaries> | undefined>;
  for (const name of configNames) {
    const config = configs[name];
    if (!config) throw new Error(`opencc-js has no ${name} configuration`);
    // Segmentation only decides where matches may start and end; it replaces nothing.
    for (const [part, dictionaries] of Object.entries(config)) visit(dictionaries, part !== 'segmentation');
  }
  return { firstChars, runsAlone };
}

let simplifiedReach: ConversionReach | undefined;
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;

function touchesDictionary(text: string, firstChars: Set<number>): boolean {
  for (const ch of text) if (firstChars.has(ch.codePointAt(0)!)) return true;
  return false;
}

/**
 * Traditional (Hong Kong or Taiwan forms) to Simplified, character by character and phrase by phrase. Runs of
 * text no dictionary key starts in are passed over (a Simplified page is converted in a fraction of the time),
 * with the output the whole-text conversion gives (see ConversionReach).
 */
export function toSimplified(value: string): string {
  // ASCII-only text has nothing to convert; skip the dictionaries entirely.
  if (!/[^\x00-\x7f]/.test(value)) return value;
  // The Hong Kong and Taiwan configurations opencc-js picks for hk → cn and tw → cn.
  const reach = (simplifiedReach ??= reachOf(['hk2s', 'tw2s']));
  const convert = (text: string) => taiwanToSimplified(hongKongToSimplified(text));
  if (!reach.runsAlone) return convert(value);
  return value.replace(NON_ASCII_RUN, (run) => {
    const known = convertedRuns.get(run);
    if (known !== undefined) return known;
    const converted = touchesDictionary(run, reach.firstChars) ? convert(run) : run;
    rememberRun(run, converted);
    return converted;
  });
}

/**
 * Runs converted before, and what they became: a portal page's interface text and a unit's data repeat from one
 * request to the next, and converting them again cost more than rendering the page. Bounded by the characters
 * held (runs longer than a paragraph are not kept); emptied when full, so a process's memory stays small.
 */
const convertedRuns = new Map<string, string>();
const MAX_HELD_CHARS = 1_000_000;
const MAX_RUN_CHARS = 500;
let heldChars = 0;

/** A string of its own (JSON.parse allocates it), not a slice sharing the memory of a longer one. */
const copyOf = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

function rememberRun(run: string, converted: string): void {
  if (run.length > MAX_RUN_CHARS) return;
  if (heldChars + run.length > MAX_HELD_CHARS) {
    convertedRuns.clear();
    heldChars = 0;
  }
  // A run is a slice of the page it came from and would keep that whole page alive: keep copies instead.
  const key = copyOf(run);
  convertedRuns.set(key, run === converted ? key : converted);
  heldChars += run.length;
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

/**
 * matchKey remembering its recent answers: for one list at a time, whose items repeat texts (the same 适用条件 on
 * every row), so the Traditional→Simplified conversion runs once per run of a repeated text. It forgets everything
 * once it holds `size` texts, so texts that never repeat (each item's name) cost no memory beyond that.
 */
export function memoisedMatchKey(size = 256): (value: string) => string {
  const keys = new Map<string, string>();
  return (value) => {
    let key = keys.get(value);
    if (key === undefined) {
      if (keys.size >= size) keys.clear();
      keys.set(value, (key = matchKey(value)));
    }
    return key;
  };
}
