/**
 * QR codes drawn on the server as inline SVG (the `qrcode` library encodes; one path draws the dark
 * modules), so a printed or photographed page leads back to the immutable version it shows.
 */
import { encodeQr } from '../../platform/qr-code.js';

/** Pages draw the same few URLs again and again; encoding one costs more than the rest of a small page. */
const MEMO_ENTRIES = 512;
const memo = new Map<string, string>();

/** The SVG markup of a QR code for `text`, with an accessible name (remembered for the most recent pages). */
export function qrSvg(text: string, label: string): string {
  const key = `${text}\u0000${label}`;
  const known = memo.get(key);
  if (known !== undefined) {
    // Re-inserted, so the Map's order runs from least to most recently used.
    memo.delete(key);
    memo.set(key, known);
    return known;
  }
  const svg = drawQrSvg(text, label);
  memo.set(key, svg);
  if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
  return svg;
}

function drawQrSvg(text: string, label: string): string {
  const { modules } = encodeQr(text);
  const quiet = 4;
  const size = modules.size + quiet * 2;
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const escaped = label.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return (
    `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" ` +
    `aria-label="${escaped}" shape-rendering="crispEdges"><title>${escaped}</title>` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}
