/** JSON Lines: one JSON value per line, UTF-8; a chunk of items becomes one piece of the stream. */
export async function* jsonLines(chunks: AsyncIterable<ReadonlyArray<unknown>>): AsyncGenerator<string> {
  for await (const values of chunks) {
    if (values.length === 0) continue;
    let out = '';
    for (const v of values) out += `${JSON.stringify(v)}\n`;
    yield out;
  }
}
