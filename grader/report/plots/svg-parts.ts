/**
 * The pieces every report plot shares: escaping, deterministic numbers, the SVG document, axes, legends and
 * captions. Scales, ticks and paths come from d3 (d3-scale, d3-shape); this file only turns their output into
 * SVG text, so the plots need no DOM. Coordinates are rounded to 0.1 user units (a tenth of a pixel at the
 * natural size), which keeps a 200-bar plot well under 30 KB and makes the text the same on every machine.
 */
import type { ScaleBand, ScaleLinear } from 'd3-scale';
import { escapeXml } from '../escape-markup.ts';

/** Plot area inside a document of `width` × `height` user units. */
export interface PlotFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The usual frame: room for a legend above, tick labels left and below, and `captionLines` lines of notes. */
export function plotFrame(captionLines: number, size: { width?: number; plotHeight?: number; left?: number; top?: number } = {}): PlotFrame {
  const width = size.width ?? 420;
  const left = size.left ?? 50;
  const top = size.top ?? 26;
  const bottom = top + (size.plotHeight ?? 180);
  // Tick labels (≈14) and the axis title (≈14) below the plot, then the captions.
  const height = bottom + 34 + captionLines * CAPTION_LINE;
  return { width, height, left, right: width - 12, top, bottom };
}

export const CAPTION_LINE = 14;

/** Default colours, inline so the SVG reads well without the report's stylesheet (which may override them). */
export const COLOURS = {
  axis: '#6e7781',
  text: '#1f2328',
  muted: '#57606a',
  grid: '#eaeef2',
  observed: '#8fb8de',
  expected: '#b42318',
  empirical: '#0969da',
  target: '#1f2328',
  band: '#f2c94c',
  gap: '#b42318',
  gapWithin: '#57606a',
  student: '#0969da',
  numerical: '#1f2328',
  notFinite: '#afb8c1',
  outline: '#1f2328',
};

// ---------------------------------------------------------------------------------------------------------
// Text and numbers

/** Text from data, safe in element content and in double- or single-quoted attributes. */
export { escapeXml };

/** At most `max` characters of a label shown inside the plot (the full text stays in titles and tables). */
export function shorten(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

/**
 * A number for people: `digits` significant digits, integers below 10^15 in full, plain decimals between 10^-3
 * and 10^6, exponents otherwise; the typographic minus, as d3's tick labels use. Never "NaN": a value that is
 * not a finite number is named in words.
 */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return 'not a number';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  return plainNumber(value, digits).replace(/-/g, '−');
}

/** A number for a `data-*` attribute: what `Number()` reads back, to 6 significant digits; "" when not finite. */
export function dataNumber(value: number): string {
  return Number.isFinite(value) ? plainNumber(value, 6) : '';
}

function plainNumber(value: number, digits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < 1e15) return String(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(digits)));
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
  return `${String(Number(mantissa))}e${Number(exponent)}`;
}

/** A coordinate on the 0.1 grid, as a number: a bar's top and height snapped alike meet the baseline exactly. */
export function snap(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A coordinate rounded to 0.1 (non-finite coordinates never reach here: callers skip or clamp them). */
export function px(value: number): string {
  return String(snap(value));
}

/**
 * `name="value"` pairs; undefined and "" values are left out, so a missing number leaves no attribute. Numbers
 * are coordinates (rounded by `px`); data numbers arrive as strings from `dataNumber`.
 */
export function attributes(pairs: Record<string, string | number | undefined>): string {
  let text = '';
  for (const [name, value] of Object.entries(pairs)) {
    if (value === undefined || value === '') continue;
    text += ` ${name}="${typeof value === 'number' ? px(value) : escapeXml(value)}"`;
  }
  return text;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** "1 bin", "3 bins". */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

// ---------------------------------------------------------------------------------------------------------
// Document

export interface SvgDocument {
  /** The plot's kind, as a class: `plot ${kind}`. */
  kind: string;
  frame: PlotFrame;
  /** Read by screen readers and shown as a tooltip: what the picture shows, in words. */
  title: string;
  body: string[];
  /** Extra `data-*` attributes on the root. */
  data?: Record<string, string | number | undefined>;
}

export function svgDocument(document: SvgDocument): string {
  const { frame } = document;
  const root = attributes({
    xmlns: 'http://www.w3.org/2000/svg',
    class: `plot ${document.kind}`,
    viewBox: `0 0 ${px(frame.width)} ${px(frame.height)}`,
    width: '100%',
    role: 'img',
    'aria-label': document.title,
    'font-family': 'system-ui, sans-serif',
    'font-size': '11',
    fill: COLOURS.text,
    ...document.data,
  });
  return [`<svg${root}>`, `<title>${escapeXml(document.title)}</title>`, ...document.body, '</svg>'].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Axes

export interface Tick {
  at: number;
  label: string;
}

/**
 * d3's ticks of a linear scale with its own tick format; `integers` keeps whole numbers only (counts, values k).
 * Zero is "0" whatever the format (an SI format shares one prefix across ticks and would write "0k").
 */
export function linearTicks(scale: ScaleLinear<number, number>, count: number, options: { integers?: boolean; format?: string } = {}): Tick[] {
  const format = scale.tickFormat(count, options.format);
  return scale
    .ticks(count)
    .filter((value) => !options.integers || Number.isInteger(value))
    .map((value) => ({ at: scale(value), label: value === 0 ? '0' : format(value) }));
}

/** Ticks at the centres of a band scale's bands, labelled with every `step`-th (or the chosen) domain value. */
export function bandTicks<Domain extends string | number>(scale: ScaleBand<Domain>, label: (value: Domain) => string, show: (value: Domain, index: number) => boolean): Tick[] {
  return scale
    .domain()
    .filter(show)
    .map((value) => ({ at: (scale(value) ?? 0) + scale.bandwidth() / 2, label: label(value) }));
}

/** Label every value when they fit, else about `target` of them at a regular step. */
export function everyNth(count: number, target: number): (value: unknown, index: number) => boolean {
  const step = Math.max(1, Math.ceil(count / target));
  return (_, index) => index % step === 0;
}

/** The x axis along the bottom of the frame: the baseline, tick marks as one path, labels, and a title. */
export function bottomAxis(frame: PlotFrame, ticks: Tick[], title: string): string {
  const y = frame.bottom;
  const marks = ticks.map((tick) => `M${px(tick.at)},${px(y)}v4`).join('');
  const labels = ticks.map((tick) => `<text${attributes({ x: tick.at, y: y + 15 })}>${escapeXml(tick.label)}</text>`).join('');
  return [
    `<g class="axis x-axis" text-anchor="middle" font-size="10" fill="${COLOURS.muted}">`,
    `<path class="domain" d="M${px(frame.left)},${px(y)}H${px(frame.right)}${marks}" stroke="${COLOURS.axis}" fill="none"/>`,
    labels,
    `<text class="axis-title"${attributes({ x: (frame.left + frame.right) / 2, y: y + 29 })}>${escapeXml(title)}</text>`,
    '</g>',
  ].join('');
}

/** The y axis along the left of the frame, with faint grid lines across the plot at each tick. */
export function leftAxis(frame: PlotFrame, ticks: Tick[], title: string): string {
  const x = frame.left;
  const marks = ticks.map((tick) => `M${px(x - 4)},${px(tick.at)}h4`).join('');
  const grid = ticks.map((tick) => `M${px(x)},${px(tick.at)}H${px(frame.right)}`).join('');
  const labels = ticks.map((tick) => `<text${attributes({ x: x - 6, y: tick.at + 3.5 })}>${escapeXml(tick.label)}</text>`).join('');
  return [
    grid ? `<path class="grid" d="${grid}" stroke="${COLOURS.grid}" fill="none"/>` : '',
    `<g class="axis y-axis" text-anchor="end" font-size="10" fill="${COLOURS.muted}">`,
    `<path class="domain" d="M${px(x)},${px(frame.top)}V${px(frame.bottom)}${marks}" stroke="${COLOURS.axis}" fill="none"/>`,
    labels,
    `<text class="axis-title" text-anchor="start"${attributes({ x: 4, y: frame.top - 12 })}>${escapeXml(title)}</text>`,
    '</g>',
  ].join('');
}

// ---------------------------------------------------------------------------------------------------------
// Legend and captions

export interface LegendEntry {
  /** The class of the part it explains, e.g. "observed", as `data-for` (a class would be found with the part). */
  kind: string;
  label: string;
  /** The swatch: SVG markup drawn in a 14 × 10 box whose top left corner is (0, 0). */
  swatch: string;
}

/** One line of legend entries, right-aligned above the plot. Entry widths are estimated (no DOM to measure). */
export function legend(frame: PlotFrame, entries: LegendEntry[]): string {
  const widths = entries.map((entry) => 20 + Array.from(entry.label).length * 5.6 + 12);
  let x = frame.right - widths.reduce((sum, width) => sum + width, 0);
  const items = entries.map((entry, i) => {
    const item = `<g class="legend-entry" data-for="${escapeXml(entry.kind)}" transform="translate(${px(x)},${px(frame.top - 20)})">${entry.swatch}<text x="18" y="9">${escapeXml(entry.label)}</text></g>`;
    x += widths[i]!;
    return item;
  });
  return `<g class="legend" font-size="10">${items.join('')}</g>`;
}

/**
 * Notes at the foot of the picture (one `<text>` per line), e.g. draws outside the bins or points not drawn;
 * the frame's height holds them (its last `lines.length` lines).
 */
export function captions(frame: PlotFrame, lines: Array<{ kind: string; text: string; data?: Record<string, string | number | undefined> }>): string {
  if (lines.length === 0) return '';
  const base = frame.height - lines.length * CAPTION_LINE + CAPTION_LINE - 4;
  const texts = lines.map((line, i) => `<text class="caption ${escapeXml(line.kind)}"${attributes({ x: frame.left, y: base + i * CAPTION_LINE, ...line.data })}>${escapeXml(line.text)}</text>`);
  return `<g class="captions" font-size="10" fill="${COLOURS.muted}">${texts.join('')}</g>`;
}
