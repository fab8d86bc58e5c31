/** Card QR codes as SVG (the `qrcode` package): given to the processes that serve card faces. */
import QRCode from 'qrcode';
import type { QrRenderer } from '../features/officers/index.js';

export const renderQrSvg: QrRenderer = (text) =>
  QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
