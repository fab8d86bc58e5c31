/**
 * A small XML tokenizer for the parts of a workbook: elements, attributes, text and CDATA, as events, fed in chunks.
 * It reads what a workbook's XML is (no DTD, predefined and numeric entities only) and refuses the rest: a DTD
 * (`<!DOCTYPE …>`, how an XXE or entity-expansion attack starts), an undefined entity, an unclosed or mismatched
 * element, markup cut off at the end, text outside the root element. A worksheet of 20,000 rows is some 150,000
 * elements: each costs one name and one attribute record here, not the character-by-character state of a general
 * parser, so reading a sheet leaves little garbage.
 *
 * As XML requires, line ends read as `\n`, and tabs and line ends inside an attribute value as spaces (before
 * character references are decoded, so `&#13;` stays a carriage return).
 */

/** Refuses the part: it is not the XML a workbook holds. */
export class UnreadableXml extends Error {}

export interface XmlHandlers {
  /** `name` is the tag's local name (a prefix such as `x:` is dropped); `attributes` are as written. */
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

export class XmlScanner {
  /** Text from the last markup not yet read: a tag cut by the chunk's end, or text whose end is not yet known. */
  private pending = '';
  private readonly open: string[] = [];
  private rootSeen = false;

  constructor(private readonly handlers: XmlHandlers) {}

  write(chunk: string): void {
    const data = this.pending + chunk;
    this.pending = '';
    let at = 0;
    while (at < data.length) {
      const lt = data.indexOf('<', at);
      if (lt < 0) {
        this.pending = data.slice(at);
        return;
      }
      if (lt > at) this.textBetween(data.slice(at, lt));
      const end = this.markup(data, lt);
      if (end < 0) {
        this.pending = data.slice(lt);
        return;
      }
      at = end;
    }
  }

  close(): void {
    if (this.pending.trim() !== '' || this.open.length > 0 || !this.rootSeen)
      throw new UnreadableXml('the XML ends before its root element is closed');
  }

  private textBetween(raw: string): void {
    if (this.open.length === 0) {
      if (raw.trim() !== '') throw new UnreadableXml('text outside the root element');
      return;
    }
    this.handlers.text?.(decodeText(lineEnds(raw)));
  }

  /** Reads the markup at `lt` and answers where it ends, or -1 when the data ends first. */
  private markup(data: string, lt: number): number {
    const next = data.charCodeAt(lt + 1);
    if (Number.isNaN(next)) return -1;
    if (next === QUESTION) return skipTo(data, '?>', lt + 2);
    if (next === BANG) {
      if (data.startsWith('<!--', lt)) return skipTo(data, '-->', lt + 4);
      const fragment = data.slice(lt, lt + 9);
      if (fragment.length < 9 && ('<!--'.startsWith(fragment) || '<![CDATA['.startsWith(fragment))) return -1;
      if (data.startsWith('<![CDATA[', lt)) {
        const end = data.indexOf(']]>', lt + 9);
        if (end < 0) return -1;
        if (this.open.length === 0) throw new UnreadableXml('CDATA outside the root element');
        this.handlers.text?.(lineEnds(data.slice(lt + 9, end)));
        return end + 3;
      }
      throw new UnreadableXml('the part declares a DTD or other markup a workbook never holds');
    }
    if (next === SLASH) {
      const gt = data.indexOf('>', lt + 2);
      if (gt < 0) return -1;
      const name = data.slice(lt + 2, gt).trimEnd();
      if (this.open.pop() !== name) throw new UnreadableXml(`mismatched closing tag ${name}`);
      this.handlers.close?.(localName(name));
      return gt + 1;
    }
    return this.startTag(data, lt);
  }

  private startTag(data: string, lt: number): number {
    let at = lt + 1;
    while (at < data.length && isNameChar(data.charCodeAt(at))) at++;
    if (at >= data.length) return -1;
    const name = data.slice(lt + 1, at);
    if (name === '') throw new UnreadableXml('a < that begins no element');
    const attributes: Record<string, string> = {};
    for (;;) {
      while (at < data.length && isSpace(data.charCodeAt(at))) at++;
      if (at >= data.length) return -1;
      const c = data.charCodeAt(at);
      if (c === GT || c === SLASH) break;
      const nameStart = at;
      while (at < data.length && isNameChar(data.charCodeAt(at))) at++;
      const attribute = data.slice(nameStart, at);
      while (at < data.length && isSpace(data.charCodeAt(at))) at++;
      if (at >= data.length) return -1;
      if (attribute === '' || data.charCodeAt(at) !== EQUALS)
        throw new UnreadableXml(`ill-formed attribute in ${name}`);
      at++;
      while (at < data.length && isSpace(data.charCodeAt(at))) at++;
      if (at >= data.length) return -1;
      const quote = data[at]!;
      if (quote !== '"' && quote !== "'") throw new UnreadableXml(`unquoted attribute ${attribute}`);
      const close = data.indexOf(quote, at + 1);
      if (close < 0) return -1;
      const raw = data.slice(at + 1, close);
      if (raw.includes('<')) throw new UnreadableXml(`< in attribute ${attribute}`);
      attributes[attribute] = decodeText(attributeSpaces(raw));
      at = close + 1;
    }
    const selfClosing = data.charCodeAt(at) === SLASH;
    if (selfClosing) {
      if (at + 1 >= data.length) return -1;
      if (data.charCodeAt(at + 1) !== GT) throw new UnreadableXml(`ill-formed tag ${name}`);
      at++;
    }
    if (this.open.length === 0 && this.rootSeen) throw new UnreadableXml('a second root element');
    this.rootSeen = true;
    const local = localName(name);
    this.handlers.open?.(local, attributes);
    if (selfClosing) this.handlers.close?.(local);
    else this.open.push(name);
    return at + 1;
  }
}

const QUESTION = 0x3f;
const BANG = 0x21;
const SLASH = 0x2f;
const GT = 0x3e;
const EQUALS = 0x3d;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
/** Anything but space and the characters that end a name: a name's exact form is not the reader's concern. */
const isNameChar = (c: number) => !isSpace(c) && c !== GT && c !== SLASH && c !== EQUALS && c !== 0x3c;

function skipTo(data: string, terminator: string, from: number): number {
  const end = data.indexOf(terminator, from);
  return end < 0 ? -1 : end + terminator.length;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

const lineEnds = (text: string) => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

const attributeSpaces = (text: string) => (/[\t\n\r]/.test(text) ? text.replace(/\r\n|[\t\n\r]/g, ' ') : text);

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));|&/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Predefined and numeric entities decoded; any other `&` is refused (a workbook defines no entities). */
function decodeText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, hex: string | undefined, decimal: string | undefined, named?: string) => {
    if (named) return PREDEFINED[named]!;
    const code = hex !== undefined ? Number.parseInt(hex, 16) : decimal !== undefined ? Number(decimal) : Number.NaN;
    if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      throw new UnreadableXml(`undefined entity ${whole}`);
    return String.fromCodePoint(code);
  });
}
