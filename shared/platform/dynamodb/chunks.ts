/** Items are stored as JSON arrays in chunks that stay well under DynamoDB's 400 KB item limit. */
export const CHUNK_BYTES = 200_000;

export interface Chunk {
  /** Index of the chunk's first item in the whole list. */
  start: number;
  /** The chunk's items as a JSON array. */
  json: string;
}

/** Splits items into chunks of at most CHUNK_BYTES (UTF-8), in order; an empty list gives one empty chunk. */
export function chunkItems(items: ReadonlyArray<Record<string, unknown>>): Chunk[] {
  const chunks: Chunk[] = [];
  let current: string[] = [];
  let bytes = 0;
  let start = 0;
  items.forEach((item, i) => {
    const json = JSON.stringify(item);
    const size = Buffer.byteLength(json);
    if (current.length > 0 && bytes + size > CHUNK_BYTES) {
      chunks.push({ start, json: `[${current.join(',')}]` });
      current = [];
      bytes = 0;
      start = i;
    }
    current.push(json);
    bytes += size + 1;
  });
  if (current.length > 0 || chunks.length === 0) chunks.push({ start, json: `[${current.join(',')}]` });
  return chunks;
}
