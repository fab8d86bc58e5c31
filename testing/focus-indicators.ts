/**
 * Measures, inside a page, the focus indicator of every focusable element (WCAG 2.4.7 and 1.4.11): each visible
 * link, button, form control, summary and tabindex element is focused in turn, and its computed `:focus-visible`
 * outline is compared with the colours on either side of it: on the inside, the box-shadow halo where it reaches
 * under the outline, else the background behind the element; on the outside, the halo where it reaches past the
 * outline, else that background. The background is the first opaque one among the ancestors, with translucent
 * ones composited over it. A source string, evaluated by the browser tests with `page.evaluate`.
 *
 * Run it after a key press (Tab), so Chromium treats programmatic focus as keyboard focus and `:focus-visible`
 * matches.
 */

/** One focusable element's indicator: the outline, the adjacent colours and the lower of its two contrasts. */
export interface FocusIndicator {
  element: string;
  focusVisible: boolean;
  outline: string;
  /** Outline width in CSS pixels (0 when the outline style is none). */
  width: number;
  inside: string;
  outside: string;
  contrast: number;
}

export const MEASURE_FOCUS_INDICATORS = `(() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
  };
  const background = (el) => {
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const css = (c) => 'rgb(' + c.slice(0, 3).map(Math.round).join(', ') + ')';
  const describe = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim();
    return el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') +
      (text ? ' "' + text.slice(0, 30) + '"' : '');
  };
  const focusable = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])',
  )].filter((el) => !el.disabled && el.getClientRects().length > 0);
  const results = [];
  for (const el of focusable) {
    el.focus();
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    const width = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
    const offset = parseFloat(s.outlineOffset) || 0;
    const outline = over(parse(s.outlineColor), background(el.parentElement || el));
    const behind = background(el.parentElement || el);
    const halo = /^(rgba?\\([^)]+\\))\\s+0px\\s+0px\\s+0px\\s+([\\d.]+)px$/.exec(s.boxShadow);
    const haloColour = halo ? over(parse(halo[1]), behind) : undefined;
    const spread = halo ? parseFloat(halo[2]) : 0;
    const inside = haloColour && spread > offset ? haloColour : behind;
    const outside = haloColour && spread > offset + width ? haloColour : behind;
    results.push({
      element: describe(el),
      focusVisible: el.matches(':focus-visible'),
      outline: css(outline),
      width,
      inside: css(inside),
      outside: css(outside),
      contrast: Math.round(Math.min(contrast(outline, inside), contrast(outline, outside)) * 100) / 100,
    });
  }
  document.activeElement && document.activeElement.blur();
  return results;
})()`;
