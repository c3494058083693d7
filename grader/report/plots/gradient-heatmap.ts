/**
 * One block of a gradient check, entry by entry. A matrix block (θ^(h), W) is a heat map of the difference
 * student − numerical on a diverging scale (red: yours is larger, blue: smaller, white: equal), with the cells
 * outside their allowance outlined: a whole grid outlined in one colour is a sign error, one row or column a
 * missed term or transpose. A vector block (θ^(ŷ), b, a derivative at several z) is a dot plot: your entry and
 * the numerical one side by side at each index, joined where they differ by more than the allowance.
 */
import { extent, max, range } from 'd3-array';
import { scaleBand, scaleDiverging, scaleLinear, scalePoint, type ScaleBand, type ScaleDiverging, type ScaleLinear, type ScalePoint } from 'd3-scale';
import type { GradientFigure } from '../../checks/figure.ts';
import {
  CAPTION_LINE,
  COLOURS,
  attributes,
  bottomAxis,
  captions,
  counted,
  dataNumber,
  escapeXml,
  everyNth,
  formatNumber,
  isFiniteNumber,
  leftAxis,
  legend,
  linearTicks,
  plotFrame,
  px,
  shorten,
  svgDocument,
  type PlotFrame,
  type Tick,
} from './svg-parts.ts';

export type GradientBlock = GradientFigure['blocks'][number];

/** One entry of a block, as drawn. */
export interface GradientEntry {
  index: number;
  row: number;
  col: number;
  /** "thetaH[1][2]", "thetaY[3]", or the block's own label ("z = 25"). */
  label: string;
  student: number;
  numerical: number;
  difference: number;
  allowed: number;
  /** |student − numerical| > allowed, or not a finite comparison: what the check counts as a failing entry. */
  outside: boolean;
}

export function gradientEntries(block: GradientBlock): GradientEntry[] {
  const count = block.cols === undefined ? block.rows : block.rows * block.cols;
  return Array.from({ length: Math.max(0, count) }, (_, index) => {
    const row = block.cols === undefined ? index : Math.floor(index / block.cols);
    const col = block.cols === undefined ? 0 : index % block.cols;
    const student = block.student[index] ?? NaN;
    const numerical = block.numerical[index] ?? NaN;
    const allowed = block.allowed[index] ?? NaN;
    const difference = student - numerical;
    const label = block.cols === undefined ? (block.labels?.[index] ?? `${block.name}[${index}]`) : `${block.name}[${row}][${col}]`;
    return { index, row, col, label, student, numerical, difference, allowed, outside: !(Math.abs(difference) <= allowed) };
  });
}

export function gradientBlockSvg(block: GradientBlock): string {
  return block.cols === undefined ? vectorSvg(block) : matrixSvg(block, block.cols);
}

// ---------------------------------------------------------------------------------------------------------
// Matrix: heat map of the differences

/** Two colours through a light grey: blue for t = 0 (yours smaller), red for t = 1 (yours larger). */
export function differenceColour(t: number): string {
  const blue = [33, 102, 172];
  const white = [247, 247, 247];
  const red = [178, 24, 43];
  const clamped = Math.min(1, Math.max(0, isFiniteNumber(t) ? t : 0.5));
  const [from, to, s] = clamped < 0.5 ? [blue, white, clamped * 2] : [white, red, clamped * 2 - 1];
  return `#${from.map((channel, i) => Math.round(channel + (to[i]! - channel) * s).toString(16).padStart(2, '0')).join('')}`;
}

export interface GradientHeatmapLayout {
  frame: PlotFrame;
  rows: ScaleBand<number>;
  cols: ScaleBand<number>;
  colour: ScaleDiverging<string>;
  /** The largest |difference| drawn: the ends of the colour scale are ±limit. */
  limit: number;
  entries: GradientEntry[];
  notes: Array<{ kind: string; text: string }>;
}

const HEATMAP_WIDTH = 420;
const HEATMAP_LEFT = 44;
/** Room above the cells for the heading and the column indices. */
const HEATMAP_TOP = 40;
const LEGEND_HEIGHT = 46;

export function gradientHeatmapLayout(block: GradientBlock & { cols: number }): GradientHeatmapLayout {
  const entries = gradientEntries(block);
  const available = HEATMAP_WIDTH - HEATMAP_LEFT - 12;
  const cell = Math.max(3, Math.min(40, Math.floor(Math.min(available / Math.max(1, block.cols), 260 / Math.max(1, block.rows)))));
  const width = cell * block.cols;
  const height = cell * block.rows;
  const left = HEATMAP_LEFT + Math.max(0, (available - width) / 2);

  const notes: Array<{ kind: string; text: string }> = [];
  const notFinite = entries.filter((entry) => !isFiniteNumber(entry.difference));
  if (notFinite.length > 0) {
    notes.push({ kind: 'not-finite', text: `${counted(notFinite.length, 'entry', 'entries')} not a finite difference (grey): ${notFinite.slice(0, 3).map((entry) => entry.label).join(', ')}${notFinite.length > 3 ? ', …' : ''}` });
  }
  const bottom = HEATMAP_TOP + height;
  const frame: PlotFrame = { width: Math.max(HEATMAP_WIDTH, left + width + 12), height: bottom + LEGEND_HEIGHT + notes.length * CAPTION_LINE, left, right: left + width, top: HEATMAP_TOP, bottom };
  const rows = scaleBand<number>().domain(range(block.rows)).range([frame.top, frame.bottom]);
  const cols = scaleBand<number>().domain(range(block.cols)).range([frame.left, frame.right]);
  const limit = max(entries, (entry) => (isFiniteNumber(entry.difference) ? Math.abs(entry.difference) : undefined)) || max(entries, (entry) => (isFiniteNumber(entry.allowed) ? entry.allowed : undefined)) || 1;
  const colour = scaleDiverging(differenceColour).domain([-limit, 0, limit]).clamp(true);
  return { frame, rows, cols, colour, limit, entries, notes };
}

function matrixSvg(block: GradientBlock, columns: number): string {
  const layout = gradientHeatmapLayout({ ...block, cols: columns });
  const { frame, rows, cols, colour, entries } = layout;
  const size = rows.bandwidth();
  const outside = entries.filter((entry) => entry.outside).length;
  const tooltips = entries.length <= 100;

  // Each cell is inset by half a unit on every side, so an outline (at most 1.5 wide) stays off its neighbours'
  // fill and the cells can be drawn in data order. A row is a group holding its y and index.
  const cell = (entry: GradientEntry) => {
    const finite = isFiniteNumber(entry.difference);
    const rect = attributes({
      class: `cell${finite ? '' : ' not-finite'}${entry.outside ? ' out-of-tolerance' : ''}`,
      x: (cols(entry.col) ?? 0) + 0.5,
      width: Math.max(1, size - 1),
      height: Math.max(1, size - 1),
      fill: finite ? colour(entry.difference) : COLOURS.notFinite,
      ...(entry.outside ? { stroke: COLOURS.outline, 'stroke-width': size >= 8 ? '1.5' : '0.75' } : {}),
      'data-col': String(entry.col),
      'data-difference': dataNumber(entry.difference),
      'data-allowed': dataNumber(entry.allowed),
    });
    if (!tooltips) return `<rect${rect}/>`;
    const tip = `${entry.label}: yours ${formatNumber(entry.student, 4)}, numerical ${formatNumber(entry.numerical, 4)}, difference ${formatNumber(entry.difference)}, allowed ${formatNumber(entry.allowed)}`;
    return `<rect${rect}><title>${escapeXml(tip)}</title></rect>`;
  };
  const cells = range(block.rows).map(
    (row) => `<g class="row" data-row="${row}" transform="translate(0,${px((rows(row) ?? 0) + 0.5)})">${entries.filter((entry) => entry.row === row).map(cell).join('')}</g>`,
  );

  const indexSize = size >= 14 ? 10 : 8;
  const rowLabels = range(block.rows)
    .filter(everyNth(block.rows, Math.max(1, Math.floor((frame.bottom - frame.top) / 12))))
    .map((row) => `<text${attributes({ x: frame.left - 4, y: (rows(row) ?? 0) + size / 2 + 3 })}>${row}</text>`);
  const colLabels = range(columns)
    .filter(everyNth(columns, Math.max(1, Math.floor((frame.right - frame.left) / 16))))
    .map((col) => `<text${attributes({ x: (cols(col) ?? 0) + size / 2, y: frame.top - 4 })}>${col}</text>`);

  const heading = `${block.name} (${block.rows} × ${columns}): yours − numerical`;
  const title = `${block.name}, ${block.rows} by ${columns}: your entries minus the numerical gradient's, ${outside} of ${entries.length} outside their allowance`;
  return svgDocument({
    kind: 'gradient-block matrix',
    frame,
    title,
    data: { 'data-block': block.name, 'data-entries': String(entries.length), 'data-outside': String(outside), 'data-limit': dataNumber(layout.limit) },
    body: [
      `<text class="heading" x="4" y="13" font-weight="600">${escapeXml(shorten(heading, 70))}</text>`,
      `<g class="row-index" text-anchor="end" font-size="${indexSize}" fill="${COLOURS.muted}">${rowLabels.join('')}</g>`,
      `<g class="col-index" text-anchor="middle" font-size="${indexSize}" fill="${COLOURS.muted}">${colLabels.join('')}</g>`,
      `<g class="cells">`,
      ...cells,
      '</g>',
      heatmapLegend(layout, outside > 0),
      captions(frame, layout.notes),
    ],
  });
}

/** Nine swatches from −limit to +limit, and the outline's meaning. */
function heatmapLegend(layout: GradientHeatmapLayout, showOutline: boolean): string {
  const { frame, colour, limit } = layout;
  const y = frame.bottom + 12;
  const x0 = 12;
  const steps = 9;
  const swatches = range(steps).map((i) => {
    const value = -limit + (2 * limit * i) / (steps - 1);
    return `<rect${attributes({ x: x0 + i * 14, y, width: 14, height: 10, fill: colour(value) })}/>`;
  });
  const labels = [
    `<text${attributes({ x: x0, y: y + 22 })}>${escapeXml(formatNumber(-limit))}</text>`,
    `<text${attributes({ x: x0 + (steps * 14) / 2, y: y + 22, 'text-anchor': 'middle' })}>0</text>`,
    `<text${attributes({ x: x0 + steps * 14, y: y + 22, 'text-anchor': 'end' })}>${escapeXml(formatNumber(limit))}</text>`,
    `<text${attributes({ x: x0 + steps * 14 + 8, y: y + 9 })}>yours − numerical</text>`,
  ];
  const outline = showOutline
    ? `<g class="legend-entry" data-for="out-of-tolerance"><rect${attributes({ x: x0 + steps * 14 + 120, y, width: 10, height: 10, fill: 'none', stroke: COLOURS.outline, 'stroke-width': '1.5' })}/><text${attributes({ x: x0 + steps * 14 + 136, y: y + 9 })}>outside its allowance</text></g>`
    : '';
  return `<g class="legend" font-size="10" fill="${COLOURS.muted}">${swatches.join('')}${labels.join('')}${outline}</g>`;
}

// ---------------------------------------------------------------------------------------------------------
// Vector: dot plot, yours against numerical

export interface GradientDotsLayout {
  frame: PlotFrame;
  x: ScalePoint<number>;
  y: ScaleLinear<number, number>;
  entries: GradientEntry[];
  notes: Array<{ kind: string; text: string }>;
}

export function gradientDotsLayout(block: GradientBlock): GradientDotsLayout {
  const entries = gradientEntries(block);
  const notes: Array<{ kind: string; text: string }> = [];
  const missing = entries.filter((entry) => !isFiniteNumber(entry.student) || !isFiniteNumber(entry.numerical));
  if (missing.length > 0) {
    notes.push({ kind: 'not-finite', text: `not drawn, not finite numbers: ${missing.slice(0, 3).map((entry) => entry.label).join(', ')}${missing.length > 3 ? `, … (${missing.length} in all)` : ''}` });
  }
  // 14 more on top than usual for the heading above the legend.
  const frame = plotFrame(notes.length, { plotHeight: 160, left: 56, top: 40 });
  const values = entries.flatMap((entry) => [entry.student, entry.numerical]).filter(isFiniteNumber);
  let [lo, hi] = extent([0, ...values]) as [number, number];
  if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
  const y = scaleLinear().domain([lo, hi]).range([frame.bottom, frame.top]).nice(5).clamp(true);
  const x = scalePoint<number>()
    .domain(entries.map((entry) => entry.index))
    .range([frame.left, frame.right])
    .padding(0.5);
  return { frame, x, y, entries, notes };
}

function vectorSvg(block: GradientBlock): string {
  const layout = gradientDotsLayout(block);
  const { frame, x, y, entries } = layout;
  const drawn = entries.filter((entry) => isFiniteNumber(entry.student) && isFiniteNumber(entry.numerical));
  const outside = entries.filter((entry) => entry.outside).length;

  const misses = drawn
    .filter((entry) => entry.outside)
    .map((entry) => `M${px(x(entry.index) ?? 0)},${px(y(entry.numerical))}V${px(y(entry.student))}`)
    .join('');
  // The rings in the group "numerical", one per dot of "student", in the same order (kept lean: 200 entries fit
  // in about 30 KB).
  const numerical = drawn.map((entry) => `<circle${attributes({ cx: x(entry.index) ?? 0, cy: y(entry.numerical), r: 4.5, 'data-value': dataNumber(entry.numerical) })}/>`);
  const student = drawn.map(
    (entry) =>
      `<circle${attributes({ class: `student${entry.outside ? ' out-of-tolerance' : ''}`, cx: x(entry.index) ?? 0, cy: y(entry.student), r: 2.5, 'data-index': String(entry.index), 'data-value': dataNumber(entry.student) })}/>`,
  );

  const names = entries.map((entry) => (block.labels?.[entry.index] !== undefined ? shorten(entry.label, 12) : String(entry.index)));
  const widest = Math.max(1, ...names.map((name) => Array.from(name).length));
  const show = everyNth(entries.length, Math.max(1, Math.floor((frame.right - frame.left) / (widest * 5.6 + 8))));
  const xTicks: Tick[] = entries.filter(show).map((entry) => ({ at: x(entry.index) ?? 0, label: names[entry.index]! }));
  const zero = y(0);

  const heading = `${block.name}: yours against numerical`;
  const title = `${block.name}: your ${entries.length} entries against the numerical gradient's, ${outside} outside their allowance`;
  return svgDocument({
    kind: 'gradient-block vector',
    frame,
    title,
    data: { 'data-block': block.name, 'data-entries': String(entries.length), 'data-outside': String(outside) },
    body: [
      `<text class="heading" x="4" y="13" font-weight="600">${escapeXml(shorten(heading, 70))}</text>`,
      leftAxis(frame, linearTicks(y, 5), 'value'),
      `<path class="zero" d="M${px(frame.left)},${px(zero)}H${px(frame.right)}" stroke="${COLOURS.axis}" stroke-dasharray="2 2"/>`,
      misses ? `<path class="miss" d="${misses}" stroke="${COLOURS.gap}" stroke-width="1.5"/>` : '',
      `<g class="numerical" fill="#fff" stroke="${COLOURS.numerical}" stroke-width="1.5">`,
      ...numerical,
      '</g>',
      `<g class="student" fill="${COLOURS.student}">`,
      ...student,
      '</g>',
      bottomAxis(frame, xTicks, block.labels ? 'entry' : 'index'),
      legend(frame, [
        { kind: 'student', label: 'yours', swatch: `<circle cx="7" cy="5" r="2.5" fill="${COLOURS.student}"/>` },
        { kind: 'numerical', label: 'numerical', swatch: `<circle cx="7" cy="5" r="4" fill="#fff" stroke="${COLOURS.numerical}" stroke-width="1.5"/>` },
        ...(outside > 0 ? [{ kind: 'miss', label: 'outside its allowance', swatch: `<path d="M7,0v10" stroke="${COLOURS.gap}" stroke-width="1.5"/>` }] : []),
      ]),
      captions(frame, layout.notes),
    ].filter(Boolean),
  });
}
