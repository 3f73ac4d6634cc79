import { escapeHtml } from '../html.js';

/**
 * Charts drawn on the server as inline SVG: no script, presentation attributes only, so the
 * strict CSP (`default-src 'none'`) lets them show. Each is one image with an accessible name
 * (`role="img"`, `aria-label`); the page beside it carries the numbers as a table.
 */

/** One line of a line chart; the dash pattern tells lines apart without colour. */
export interface Series {
  readonly name: string;
  readonly color: string;
  /** An SVG `stroke-dasharray`, or undefined for a solid line. */
  readonly dash?: string;
  /** One value per label, in order. */
  readonly values: readonly number[];
}

const WIDTH = 720;
const FONT = 'system-ui, sans-serif';

/** A number as SVG coordinates need it: one decimal at most. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The smallest of 1, 2, 5 × 10^k that is at least `max` (and at least 1). */
export function niceMax(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/**
 * A line chart of daily values: the y axis from 0 to a round maximum, the first, middle and last
 * label under the x axis, a legend below.
 */
export function lineChart(options: {
  readonly label: string;
  readonly labels: readonly string[];
  readonly series: readonly Series[];
}): string {
  const { label, labels, series } = options;
  const height = 230;
  const left = 44;
  const right = 12;
  const top = 12;
  const plotHeight = 150;
  const plotWidth = WIDTH - left - right;
  const bottom = top + plotHeight;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const count = labels.length;
  const x = (i: number): number =>
    left + (count <= 1 ? plotWidth / 2 : (i * plotWidth) / (count - 1));
  const y = (value: number): number => bottom - (value / max) * plotHeight;

  const parts: string[] = [];
  // Grid lines and y labels at 0, half (when a whole number: these are counts) and the maximum.
  for (const tick of max % 2 === 0 ? [0, max / 2, max] : [0, max]) {
    parts.push(
      `<line x1="${left}" x2="${WIDTH - right}" y1="${n(y(tick))}" y2="${n(y(tick))}" stroke="currentColor" stroke-opacity="${tick === 0 ? '0.6' : '0.2'}" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${n(y(tick) + 4)}" text-anchor="end" font-size="11" fill="currentColor">${tick}</text>`,
    );
  }
  const shown = new Set([0, Math.floor((count - 1) / 2), count - 1]);
  for (const i of shown) {
    const text = labels[i];
    if (text === undefined) continue;
    const anchor = i === 0 ? 'start' : i === count - 1 ? 'end' : 'middle';
    parts.push(
      `<text x="${n(x(i))}" y="${bottom + 16}" text-anchor="${anchor}" font-size="11" fill="currentColor">${escapeHtml(text)}</text>`,
    );
  }
  for (const line of series) {
    const points = line.values.map((value, i) => `${n(x(i))},${n(y(value))}`).join(' ');
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${escapeHtml(line.color)}" stroke-width="2" stroke-linejoin="round"${line.dash === undefined ? '' : ` stroke-dasharray="${escapeHtml(line.dash)}"`}/>`,
    );
  }
  // The legend: a sample of each line and its name.
  let legendX = left;
  const legendY = bottom + 44;
  for (const line of series) {
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 28}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${escapeHtml(line.color)}" stroke-width="3"${line.dash === undefined ? '' : ` stroke-dasharray="${escapeHtml(line.dash)}"`}/>`,
      `<text x="${legendX + 34}" y="${legendY}" font-size="12" fill="currentColor">${escapeHtml(line.name)}</text>`,
    );
    legendX += 34 + line.name.length * 7 + 24;
  }
  return svg(label, height, parts);
}

/** One bar of a bar chart: a share between 0 and 1, and the text shown beside it. */
export interface Bar {
  readonly name: string;
  readonly share: number;
  readonly text: string;
}

/** Horizontal bars of shares (0 to 100 %), one per row, the name above each. */
export function shareChart(options: {
  readonly label: string;
  readonly bars: readonly Bar[];
  readonly color: string;
}): string {
  const { label, bars, color } = options;
  const row = 44;
  const left = 8;
  const plotWidth = WIDTH - left - 120;
  const parts: string[] = [];
  bars.forEach((bar, i) => {
    const top = 8 + i * row;
    const share = Math.min(1, Math.max(0, bar.share));
    parts.push(
      `<text x="${left}" y="${top + 12}" font-size="12" fill="currentColor">${escapeHtml(bar.name)}</text>`,
      `<rect x="${left}" y="${top + 18}" width="${plotWidth}" height="14" fill="none" stroke="currentColor" stroke-opacity="0.5"/>`,
      `<rect x="${left}" y="${top + 18}" width="${n(share * plotWidth)}" height="14" fill="${escapeHtml(color)}"/>`,
      `<text x="${left + plotWidth + 8}" y="${top + 30}" font-size="12" fill="currentColor">${escapeHtml(bar.text)}</text>`,
    );
  });
  return svg(label, 16 + bars.length * row, parts);
}

function svg(label: string, height: number, parts: readonly string[]): string {
  return `<svg role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px;height:auto" font-family="${FONT}" xmlns="http://www.w3.org/2000/svg">
<title>${escapeHtml(label)}</title>
${parts.join('\n')}
</svg>`;
}
