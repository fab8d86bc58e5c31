/**
 * Server-rendered SVG charts: plain shapes with presentation attributes and classes
 * (no inline style, no script), so they pass the strict CSP and print well. Each
 * chart has a text alternative (role="img" + <title>/<desc>) and the same numbers
 * are always in a table next to it.
 */
import { fmt } from './layout.js';

export interface Series {
  label: string;
  /** Colour class k0…k5 (see portal.css). */
  cls: string;
}

export interface StackedRow {
  label: string;
  values: number[];
}

/** Horizontal stacked bars, one row per label. */
export function StackedBars(props: { title: string; series: Series[]; rows: StackedRow[]; width?: number }) {
  const width = props.width ?? 720;
  const labelW = 220;
  const rowH = 22;
  const gap = 6;
  const top = 8;
  const max = Math.max(1, ...props.rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const barW = width - labelW - 60;
  const height = top + props.rows.length * (rowH + gap) + 8;
  const desc = props.rows
    .map((r) => `${r.label}：${props.series.map((s, i) => `${s.label} ${r.values[i] ?? 0}`).join('，')}`)
    .join('；');
  return (
    <figure>
      <figcaption>{props.title}</figcaption>
      <ul class="legend">
        {props.series.map((s) => (
          <li>
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" class={s.cls} />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <svg class="chart" role="img" viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
        <title>{props.title}</title>
        <desc>{desc}</desc>
        {props.rows.map((r, i) => {
          const y = top + i * (rowH + gap);
          let x = labelW;
          const total = r.values.reduce((a, b) => a + b, 0);
          return (
            <g>
              <text x={labelW - 6} y={y + rowH / 2 + 4} text-anchor="end">
                {truncate(r.label, 16)}
              </text>
              {r.values.map((v, k) => {
                const w = (v / max) * barW;
                const rect = (
                  <rect x={x} y={y} width={Math.max(0, w)} height={rowH} class={props.series[k]?.cls ?? 'k5'}>
                    <title>{`${r.label} ${props.series[k]?.label ?? ''}: ${v}`}</title>
                  </rect>
                );
                x += w;
                return rect;
              })}
              <text x={x + 4} y={y + rowH / 2 + 4}>
                {fmt(total)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Vertical bars, one per category. */
export function Bars(props: {
  title: string;
  bars: Array<{ label: string; value: number; cls: string }>;
  width?: number;
}) {
  const width = props.width ?? 520;
  const height = 220;
  const bottom = 40;
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const slot = width / Math.max(1, props.bars.length);
  return (
    <figure>
      <figcaption>{props.title}</figcaption>
      <svg class="chart" role="img" viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
        <title>{props.title}</title>
        <desc>{props.bars.map((b) => `${b.label} ${b.value}`).join('，')}</desc>
        {props.bars.map((b, i) => {
          const h = ((height - bottom - 20) * b.value) / max;
          const x = i * slot + slot * 0.2;
          const y = height - bottom - h;
          return (
            <g>
              <rect x={x} y={y} width={slot * 0.6} height={h} class={b.cls} />
              <text x={x + slot * 0.3} y={y - 4} text-anchor="middle">
                {fmt(b.value)}
              </text>
              <text x={x + slot * 0.3} y={height - bottom + 16} text-anchor="middle">
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}
