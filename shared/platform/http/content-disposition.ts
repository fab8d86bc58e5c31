/**
 * `Content-Disposition: attachment` for any file name: an ASCII fallback with everything outside
 * printable ASCII (CR, LF, quotes, backslashes, non-ASCII) replaced by `_`, plus the exact name as an
 * RFC 5987 `filename*`, so a name can never end the header or add a second parameter.
 */
export function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\;]/g, '_');
  const exact = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
