/**
 * Exports are produced by async generators and served as web streams that pull
 * one piece at a time: the client's pace drives the reads (backpressure), so a
 * region export holds one Query page in memory, however large the region.
 */
const encoder = new TextEncoder();

export type Producer = AsyncIterable<string | Uint8Array>;

export function readableFrom(source: Producer): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}
