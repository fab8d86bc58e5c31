/**
 * The parts of a workbook archive, read with yauzl (the library the zip guard judged the archive with, so the reader
 * sees exactly the entries the guard inflated) and parsed as a stream of XML events with saxes: no part is ever held
 * as a DOM, and a worksheet is never held as text.
 *
 * A part that declares a DTD (`<!DOCTYPE …>`) is refused: a workbook has no use for one, and it is how an XXE or
 * entity-expansion attack starts. saxes itself never fetches external entities and rejects undefined ones.
 */
import type { Readable } from 'node:stream';
import type { SaxesTagPlain } from 'saxes';
import type yauzl from 'yauzl';

/** Refuses the workbook: the part is not readable XML, is missing, or declares a DTD. */
export class UnreadableWorkbook extends Error {}

export interface XmlHandlers {
  /** `name` is the tag's local name (a prefix such as `x:` is dropped); `attributes` are as written. */
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

export class WorkbookArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: ReadonlyMap<string, yauzl.Entry>,
  ) {}

  static async open(bytes: Uint8Array): Promise<WorkbookArchive> {
    const { fromBuffer } = await import('yauzl');
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      fromBuffer(buffer, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, z) =>
        err || !z ? reject(err ?? new Error('no zip')) : resolve(z),
      ),
    );
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        // The first entry of a name wins, as the zip guard saw it first.
        if (!entries.has(entry.fileName)) entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.once('end', () => resolve());
      zip.once('error', reject);
      zip.readEntry();
    });
    return new WorkbookArchive(zip, entries);
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  /**
   * Streams one part through the handlers. A handler may throw to stop reading (the rest is never inflated); that
   * error, like saxes' own for ill-formed XML, is passed on as thrown. A missing part is skipped when `optional`,
   * refused otherwise.
   */
  async parse(path: string, handlers: XmlHandlers, optional = false): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry) {
      if (optional) return;
      throw new UnreadableWorkbook(`missing part ${path}`);
    }
    const { SaxesParser } = await import('saxes');
    const parser = new SaxesParser();
    parser.on('doctype', () => {
      throw new UnreadableWorkbook(`${path} declares a DTD`);
    });
    if (handlers.open) {
      const open = handlers.open;
      parser.on('opentag', (tag: SaxesTagPlain) => open(localName(tag.name), tag.attributes));
    }
    if (handlers.close) {
      const close = handlers.close;
      parser.on('closetag', (tag) => close(localName(tag.name)));
    }
    if (handlers.text) {
      parser.on('text', handlers.text);
      parser.on('cdata', handlers.text);
    }
    const stream = await this.stream(entry);
    stream.setEncoding('utf8');
    try {
      for await (const chunk of stream) parser.write(chunk as string);
      parser.close();
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.zip.close();
  }

  private stream(entry: yauzl.Entry): Promise<Readable> {
    return new Promise((resolve, reject) =>
      this.zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))),
    );
  }
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
