/**
 * QR codes from the `qrcode` package's encoder and SVG renderer only, imported part by part: its entry point
 * would also bring its PNG renderer (pngjs) and terminal renderers into every bundle that draws a QR code.
 */
import { create } from 'qrcode/lib/core/qrcode.js';
import { render } from 'qrcode/lib/renderer/svg-tag.js';

/** The QR code of `text` (its module matrix), at error-correction level M. */
export const encodeQr = (text: string) => create(text, { errorCorrectionLevel: 'M' });

/** The QR code of `text` as the package's SVG markup, level M, no margin. */
export const qrSvgTag = (text: string) => render(encodeQr(text), { errorCorrectionLevel: 'M', margin: 0 });
