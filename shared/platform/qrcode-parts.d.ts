/**
 * Types of the two parts of the `qrcode` package the registry loads (./qr-code.ts): its encoder and its SVG
 * renderer. The package's entry point also loads its PNG renderer (pngjs) and terminal renderers.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  export function create(text: string, options?: QRCodeOptions): QRCode;
}

declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCode, QRCodeToStringOptions } from 'qrcode';
  export function render(qr: QRCode, options?: QRCodeToStringOptions): string;
}
