/**
 * A class's scores on one assignment: how many students reached each score from 0 to the maximum. One bar per
 * whole score when there are at most 40 (a partial score s counts in the bar of ⌊s⌋, whose range is [k, k + 1)),
 * else about 20 bins at d3's nice thresholds; full marks always count in the last bar. The median is marked.
 */
import { bin, median, range, ticks } from 'd3-array';
import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from 'd3-scale';
import {
  COLOURS,
  attributes,
  bandTicks,
  bottomAxis,
  captions,
  counted,
  dataNumber,
  formatNumber,
  isFiniteNumber,
  leftAxis,
  linearTicks,
  plotFrame,
  snap,
  svgDocument,
  type PlotFrame,
} from './svg-parts.ts';

export interface ScoreHistogramOptions {
  /** What the picture shows, in words (the SVG's title); data, so escaped. */
  title?: string;
}

/** A bar: the scores in [x0, x1) (the last bar also holds x1 = max). */
export interface ScoreBar {
  x0: number;
  x1: number;
  count: number;
}

/** Up to this many points, one bar per whole score. */
const MAX_BARS_PER_POINT = 40;
const BINS = 20;

export interface ScoreHistogramLayout {
  frame: PlotFrame;
  bars: ScoreBar[];
  /** One bar per whole score (band scale), or bins over [0, max] (linear scale). */
  x: { kind: 'per-point'; scale: ScaleBand<number> } | { kind: 'binned'; scale: ScaleLinear<number, number> };
  y: ScaleLinear<number, number>;
  /** The median of the scores drawn, if any. */
  median: number | undefined;
  notes: Array<{ kind: string; text: string }>;
}

export function scoreHistogramLayout(scores: readonly number[], max: number): ScoreHistogramLayout {
  const top = isFiniteNumber(max) && max > 0 ? max : 1;
  const finite = scores.filter(isFiniteNumber);
  // A score outside [0, max] is the grader's fault, not the student's: drawn at the nearest end, and said.
  const clamped = finite.map((score) => Math.min(top, Math.max(0, score)));
  const notes: Array<{ kind: string; text: string }> = [];
  const outOfRange = finite.filter((score) => score < 0 || score > top).length;
  if (finite.length < scores.length) notes.push({ kind: 'not-finite', text: `${counted(scores.length - finite.length, 'score')} not drawn: not a finite number` });
  if (outOfRange > 0) notes.push({ kind: 'out-of-range', text: `${counted(outOfRange, 'score')} outside 0 to ${formatNumber(top)} drawn at the nearest end` });

  const perPoint = top <= MAX_BARS_PER_POINT;
  const last = Math.floor(top);
  // d3's bin puts a value equal to the domain's upper end in the last bin; the domain [0, last + 1) with a
  // threshold at every whole score gives bar k = [k, k + 1), and the last bar holds max itself.
  const binned = perPoint
    ? bin().domain([0, last + 1]).thresholds(range(1, last + 1))(clamped)
    : bin().domain([0, top]).thresholds(ticks(0, top, BINS).filter((t) => t > 0 && t < top))(clamped);
  const bars = binned.map((b) => ({ x0: b.x0 ?? 0, x1: perPoint ? Math.min(b.x1 ?? top, top) : (b.x1 ?? top), count: b.length }));

  const frame = plotFrame(notes.length + 1);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...bars.map((bar) => bar.count))])
    .range([frame.bottom, frame.top])
    .nice(5);
  const middle = median(clamped);
  if (perPoint) {
    const scale = scaleBand<number>()
      .domain(bars.map((bar) => bar.x0))
      .range([frame.left, frame.right])
      .paddingInner(0.15)
      .paddingOuter(0.1);
    return { frame, bars, x: { kind: 'per-point', scale }, y, median: middle, notes };
  }
  const scale = scaleLinear().domain([0, top]).range([frame.left, frame.right]);
  return { frame, bars, x: { kind: 'binned', scale }, y, median: middle, notes };
}

export function scoreHistogramSvg(scores: number[], max: number, options: ScoreHistogramOptions = {}): string {
  const layout = scoreHistogramLayout(scores, max);
  const { frame, bars, y, x } = layout;
  const placed = bars.map((bar) =>
    x.kind === 'per-point'
      ? { bar, left: x.scale(bar.x0) ?? frame.left, width: x.scale.bandwidth() }
      : { bar, left: x.scale(bar.x0), width: Math.max(0, x.scale(bar.x1) - x.scale(bar.x0)) },
  );
  const rects = placed.map(({ bar, left, width }) => {
    const top = snap(y(bar.count));
    return `<rect${attributes({ class: 'bar', x: left, y: top, width, height: snap(frame.bottom) - top, 'data-x0': dataNumber(bar.x0), 'data-x1': dataNumber(bar.x1), 'data-count': String(bar.count) })}/>`;
  });
  // Counts above the bars when there is room for them.
  const counts = placed
    .filter(({ bar, width }) => bar.count > 0 && width >= 9)
    .map(({ bar, left, width }) => `<text${attributes({ x: left + width / 2, y: y(bar.count) - 3 })}>${bar.count}</text>`);

  let medianMarker = '';
  if (layout.median !== undefined) {
    const at = medianX(layout.median, x);
    medianMarker = `<line${attributes({ class: 'median', x1: at, x2: at, y1: frame.top, y2: frame.bottom, stroke: COLOURS.expected, 'stroke-dasharray': '4 3', 'data-value': dataNumber(layout.median) })}/>`;
  }

  const xTicks =
    x.kind === 'per-point'
      ? bandTicks(x.scale, (value) => formatNumber(value), (value) => wholeTicks(bars.length).has(value))
      : linearTicks(x.scale, 10);
  const students = scores.filter(isFiniteNumber).length;
  const summary = `${counted(students, 'student')}${layout.median === undefined ? '' : `, median ${formatNumber(layout.median)}`} of ${formatNumber(max)} points`;
  const title = options.title ?? `Scores out of ${formatNumber(max)}: ${summary}`;
  return svgDocument({
    kind: `score-histogram ${x.kind}`,
    frame,
    title,
    data: { 'data-students': String(students), 'data-max': dataNumber(max), 'data-bars': String(bars.length) },
    body: [
      leftAxis(frame, linearTicks(y, 5, { integers: true }), 'students'),
      `<g class="bars" fill="${COLOURS.observed}">`,
      ...rects,
      '</g>',
      counts.length > 0 ? `<g class="counts" font-size="9" text-anchor="middle" fill="${COLOURS.muted}">${counts.join('')}</g>` : '',
      medianMarker,
      bottomAxis(frame, xTicks, `score (out of ${formatNumber(max)})`),
      captions(frame, [{ kind: 'summary', text: summary }, ...layout.notes]),
    ].filter(Boolean),
  });
}

/**
 * Where the median goes: a whole score at the centre of its bar, a fraction of a point that far towards the
 * next bar's centre (7.5, the median of 7 and 8, half-way between their bars).
 */
function medianX(value: number, x: ScoreHistogramLayout['x']): number {
  if (x.kind === 'binned') return x.scale(value);
  const whole = Math.floor(value);
  return (x.scale(whole) ?? x.scale.range()[0]) + x.scale.bandwidth() / 2 + (value - whole) * x.scale.step();
}

/** About ten whole scores to label, at d3's nice steps. */
function wholeTicks(bars: number): Set<number> {
  return new Set(ticks(0, bars - 1, Math.min(10, bars)).filter(Number.isInteger));
}
