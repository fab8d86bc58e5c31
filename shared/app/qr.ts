/**
 * Card QR codes as SVG (the `qrcode` package): given to the processes that serve card faces. The encoder is loaded
 * on the first card face drawn, not at import.
 */
import type { QrRenderer } from '../features/officers/index.js';

export const renderQrSvg: QrRenderer = async (text) => (await import('../platform/qr-code.js')).qrSvgTag(text);
