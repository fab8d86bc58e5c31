/** Sending an export: media type, file name (RFC 5987), caching, and a streamed body. */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { contentHash } from '../../core/canonical-json.js';
import type { RecordKind } from '../../core/kinds/index.js';
import type { ListNotes } from '../../core/versions.js';
import { contentDisposition, exportFormats, mediaTypes, type ExportFormat } from './formats.js';
import { listFile, listFileName, type FileFormat } from './list-export.js';
import { readableFrom, type Producer } from './streams.js';
import { conditional } from '../../platform/http/caching.js';

/** `format` on list and version reads; json (the default) is the paged JSON response. */
export const ExportFormatQuery = z
  .enum(exportFormats, { error: `format 应为以下之一：${exportFormats.join('、')}` })
  .default('json')
  .openapi({ description: 'json (default, paged), or the whole version as csv (UTF-8 with BOM), xlsx or jsonl' });

/** OpenAPI description of a response that is JSON by default and a file with `format`. */
export const fileContent = {
  'text/csv': { schema: { type: 'string' as const, description: 'UTF-8 with BOM; Chinese column headers' } },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    schema: { type: 'string' as const, format: 'binary' },
  },
  'application/x-ndjson': { schema: { type: 'string' as const, description: 'JSON Lines' } },
};

/** ETag of a representation: the same content in another format is another representation. */
export const formatEtag = (etag: string, format: ExportFormat) => (format === 'json' ? etag : `${etag}.${format}`);

export function sendFile(c: Context, producer: Producer, format: FileFormat, fileName: string): Response {
  c.header('Content-Type', mediaTypes[format]);
  c.header('Content-Disposition', contentDisposition(fileName));
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(readableFrom(producer), 200);
}

/** One version of a list as a file, or 304 when the client has it. */
export function sendListFile(
  c: Context,
  args: {
    uscc: string;
    kind: RecordKind;
    version: number;
    contentHash: string;
    /** The version's own notes, written around the table (CSV, XLSX) and so part of the file's ETag. */
    listNotes?: ListNotes;
    items: ReadonlyArray<Record<string, unknown>>;
    format: FileFormat;
    cacheControl: string;
  },
): Response {
  const withNotes =
    args.listNotes && args.format !== 'jsonl'
      ? `${args.contentHash}-${contentHash(args.listNotes).slice(0, 16)}`
      : args.contentHash;
  const notModified = conditional(c, formatEtag(withNotes, args.format), args.cacheControl);
  if (notModified) return notModified;
  return sendFile(
    c,
    listFile(args.kind, args.format, args.items, args.listNotes),
    args.format,
    listFileName(args.uscc, args.kind, args.version, args.format),
  );
}
