/**
 * The HTML text of the pages this process answered, by response: the language middleware (./language.ts) reads a
 * page's text from here rather than back out of the response's body stream, which cost a UTF-8 encode and decode
 * of every page. Held by the response's body stream, which Hono keeps when it copies a response to merge headers
 * (so the copy is found too), and weakly: an entry goes with its body. A response whose body is not found here
 * (another middleware replaced it) is read from its body as before.
 */
const texts = new WeakMap<ReadableStream, string>();

export function rememberPageText(res: Response, text: string): Response {
  if (res.body) texts.set(res.body, text);
  return res;
}

export async function pageText(res: Response): Promise<string> {
  return (res.body && !res.bodyUsed ? texts.get(res.body) : undefined) ?? res.text();
}
