/**
 * A sampler test's histogram: the student's draws as bars, the count the target predicts in each bin on top
 * (a step line over a continuous target's bins, a short tick over each value of an integer target). A bar
 * that stands clear of its line is where the draws disagree with the target.
 */
import { max, ticks } from 'd3-array';
import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { SamplerFigure } from '../../checks/figure.ts';
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
  legend,
  linearTicks,
  plotFrame,
  px,
  snap,
  svgDocument,
  type PlotFrame,
} from './svg-parts.ts';

type Bin = SamplerFigure['bins'][number];

/** Where each bar goes; exported so tests can compare the drawing with the scales. */
export interface SamplerHistogramLayout {
  frame: PlotFrame;
  /** Count → y coordinate. */
  y: ScaleLinear<number, number>;
  /** x placement: a linear scale over a continuous target's bins, a band per value k for an integer target. */
  x: { kind: 'continuous'; scale: ScaleLinear<number, number> } | { kind: 'discrete'; scale: ScaleBand<number> };
  /** The bins drawn, with their left edge and width in user units. */
  bars: Array<{ bin: Bin; left: number; width: number }>;
  notes: Array<{ kind: string; text: string }>;
}

export function samplerHistogramLayout(figure: SamplerFigure): SamplerHistogramLayout {
  const drawable = figure.bins.filter((bin) => isFiniteNumber(bin.x0) && isFiniteNumber(bin.x1) && bin.x1 >= bin.x0);
  const notes: Array<{ kind: string; text: string }> = [];
  const { below, above } = figure.outside;
  if (below !== 0 || above !== 0) {
    const first = drawable[0]?.x0 ?? NaN;
    const last = drawable.at(-1)?.x1 ?? NaN;
    const parts = [below !== 0 ? `${formatNumber(below)} below ${formatNumber(first)}` : '', above !== 0 ? `${formatNumber(above)} above ${formatNumber(last)}` : ''];
    notes.push({ kind: 'outside', text: `draws outside the bars: ${parts.filter(Boolean).join(', ')}` });
  }
  const badEdges = figure.bins.length - drawable.length;
  const badCounts = drawable.filter((bin) => !isFiniteNumber(bin.observed)).length;
  const badExpected = drawable.filter((bin) => !isFiniteNumber(bin.expected)).length;
  if (badEdges > 0) notes.push({ kind: 'not-finite', text: `${counted(badEdges, 'bin')} not drawn: ${badEdges === 1 ? 'its edges are' : 'their edges are'} not finite numbers` });
  if (badCounts > 0) notes.push({ kind: 'not-finite', text: `${counted(badCounts, 'bar')} not drawn: the count is not a finite number` });
  if (badExpected > 0) notes.push({ kind: 'not-finite', text: `the expected count is missing at ${counted(badExpected, 'bin')}: not a finite number` });

  const frame = plotFrame(notes.length);
  const top = max(drawable.flatMap((bin) => [bin.observed, bin.expected].filter(isFiniteNumber))) ?? 0;
  const y = scaleLinear()
    .domain([0, Math.max(1, top)])
    .range([frame.bottom, frame.top])
    .nice(5)
    .clamp(true);

  if (figure.discrete) {
    const scale = scaleBand<number>()
      .domain(drawable.map((bin) => bin.x0))
      .range([frame.left, frame.right])
      .paddingInner(drawable.length > 60 ? 0.05 : 0.15)
      .paddingOuter(0.1);
    const bars = drawable.map((bin) => ({ bin, left: scale(bin.x0) ?? frame.left, width: scale.bandwidth() }));
    return { frame, y, x: { kind: 'discrete', scale }, bars, notes };
  }
  const lo = drawable[0]?.x0 ?? 0;
  const hi = drawable.at(-1)?.x1 ?? 1;
  const scale = scaleLinear()
    .domain(hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5])
    .range([frame.left, frame.right]);
  const bars = drawable.map((bin) => ({ bin, left: scale(bin.x0), width: Math.max(0, scale(bin.x1) - scale(bin.x0)) }));
  return { frame, y, x: { kind: 'continuous', scale }, bars, notes };
}

export function samplerHistogramSvg(figure: SamplerFigure): string {
  const layout = samplerHistogramLayout(figure);
  const { frame, y, bars } = layout;
  const discrete = layout.x.kind === 'discrete';

  const rects = bars
    .filter(({ bin }) => isFiniteNumber(bin.observed))
    .map(({ bin, left, width }) => {
      const top = snap(y(Math.max(0, bin.observed)));
      return `<rect${attributes({
        class: 'bar observed',
        x: left,
        y: top,
        width,
        height: snap(frame.bottom) - top,
        ...(discrete ? { 'data-value': dataNumber(bin.x0) } : { 'data-x0': dataNumber(bin.x0), 'data-x1': dataNumber(bin.x1) }),
        'data-count': dataNumber(bin.observed),
        'data-expected': dataNumber(bin.expected),
      })}/>`;
    });

  // The prediction: a level segment over each bin (joined into a step line where bins touch), or a tick over
  // each value k a little wider than its bar so it shows on top of it.
  let expected: string;
  if (discrete) {
    const overhang = Math.min(3, bars[0] ? bars[0].width * 0.25 : 0);
    expected = bars
      .filter(({ bin }) => isFiniteNumber(bin.expected))
      .map(({ bin, left, width }) => `M${px(left - overhang)},${px(y(Math.max(0, bin.expected)))}h${px(width + 2 * overhang)}`)
      .join('');
  } else {
    const points = bars.flatMap(({ bin, left, width }) => [
      [left, bin.expected],
      [left + width, bin.expected],
    ]);
    expected =
      line<number[]>()
        .defined((point) => isFiniteNumber(point[1]))
        .x((point) => point[0]!)
        .y((point) => y(Math.max(0, point[1]!)))
        .digits(1)(points) ?? '';
  }

  const xTicks =
    layout.x.kind === 'discrete'
      ? discreteTicks(layout.x.scale)
      : linearTicks(layout.x.scale, 6);
  const observedCount = bars.filter(({ bin }) => isFiniteNumber(bin.observed)).length;
  const title = `Histogram of ${formatNumber(figure.draws)} draws (${counted(observedCount, discrete ? 'value' : 'bin')}) against the counts ${figure.target} predicts`;
  return svgDocument({
    kind: `sampler-histogram ${discrete ? 'discrete' : 'continuous'}`,
    frame,
    title,
    data: { 'data-draws': dataNumber(figure.draws), 'data-bars': String(observedCount) },
    body: [
      leftAxis(frame, linearTicks(y, 5, { integers: true, format: '~s' }), 'draws'),
      `<g class="bars observed" fill="${COLOURS.observed}" stroke="#fff" stroke-width="${discrete && bars.length > 60 ? 0 : 0.5}">`,
      ...rects,
      '</g>',
      expected ? `<path class="expected" d="${expected}" fill="none" stroke="${COLOURS.expected}" stroke-width="${discrete ? 2 : 1.5}"/>` : '',
      bottomAxis(frame, xTicks, discrete ? 'value k' : 'x'),
      legend(frame, [
        { kind: 'observed', label: 'your draws', swatch: `<rect width="14" height="10" fill="${COLOURS.observed}"/>` },
        { kind: 'expected', label: 'expected count', swatch: `<path d="M0,5h14" stroke="${COLOURS.expected}" stroke-width="2"/>` },
      ]),
      captions(frame, layout.notes),
    ].filter(Boolean),
  });
}

/** About ten whole-number labels, at d3's nice steps over the values shown. */
function discreteTicks(scale: ScaleBand<number>) {
  const values = scale.domain();
  if (values.length === 0) return [];
  const wanted = new Set(ticks(values[0]!, values.at(-1)!, Math.min(10, values.length)).filter(Number.isInteger));
  return bandTicks(scale, (value) => formatNumber(value), (value) => wanted.has(value));
}
