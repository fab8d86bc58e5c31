/** Card QR codes as SVG (the `qrcode` package): given to the processes that serve card faces. */
import type { QrRenderer } from '../features/officers/index.js';
import { qrSvgTag } from '../platform/qr-code.js';

export const renderQrSvg: QrRenderer = async (text) => qrSvgTag(text);
