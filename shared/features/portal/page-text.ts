/**
 * The HTML text of the pages this process answered, by response: the language middleware (./language.ts) reads a
 * page's text from here rather than back out of the response's body stream, which cost a UTF-8 encode and decode
 * of every page. Weakly held: an entry goes with its response. A response not found here (another middleware
 * replaced it) is read from its body as before.
 */
const texts = new WeakMap<Response, string>();

export function rememberPageText(res: Response, text: string): Response {
  texts.set(res, text);
  return res;
}

export async function pageText(res: Response): Promise<string> {
  return texts.get(res) ?? res.text();
}
